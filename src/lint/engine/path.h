/* path.h - private to engine/path_*.c: the analysis context of one function and the engine's internal steps. */
#ifndef PQL_PATH_H
#define PQL_PATH_H

#include <stdint.h>

#include "engine/flow_rule.h"

#define MAX_POPS 100000     /* (block, state) visits per function */
#define MAX_PER_BLOCK 48    /* distinct states per block before widening (x2: flags too, x8: give up) */

typedef flow_vst vst;
enum { S_NONE = FLOW_S_NONE, S_OWNED = FLOW_S_OWNED, S_NULL = FLOW_S_NULL,
       S_RELEASED = FLOW_S_RELEASED, S_ESCAPED = FLOW_S_ESCAPED, S_MOVED = FLOW_S_MOVED };

/* A node of the path tree: the steps of a finding follow parents back. */
typedef struct pnode {
  int parent;
  unsigned line, col;
  int what; /* 0 acquired (var), 1 true branch, 2 false branch, 3 case, 4 loop entered, 5 loop left */
  int var;
} pnode;

/* A pending (block, state) of the walk. */
typedef struct item {
  int block;
  int path;
  vst* v;
} item;

struct flow_cx {
  const flow_unit* u;
  const flow_fn* f;
  const flow_summaries* s;
  const model_set* m;
  const lint_rules_on* on;
  finding_list* out;
  flow_sum* sum;
  pnode* pn;
  int npn, cappn;
  item* stack;
  int nstack, capstack;
  uint64_t** seen;  /* per block: hashes */
  int* nseen;
  char** keys;      /* reported (rule, line, col, var) */
  int nkeys, capkeys;
  flow_callinfo** cis; /* per block, per event: the call's classification (cached) */
  uint8_t* loopvar;    /* per var: tested by a loop condition (widened last) */
  uint8_t* rel;        /* per var: 1 if it can matter (handle, borrowed pointer, tested) */
  uint8_t* localfield; /* per var: a handle field of a local struct value that never escapes
                          (h.conn of `Handle h;`): it dies with the struct, so it can leak */
  uint8_t* mrel;       /* per var: 1 + the FK_* a call of this function releases it as, or 0;
                          bit 0x80: counted as undecided */
  unsigned* mrel_line; /* per var: the line of that release */
  uint8_t* owning;     /* per var: 0 not asked yet, 1 no run-wide evidence that its (record,
                          field) owns a handle, 2 + FK_* it owns (engine/path_owner.c) */
  uint8_t* palias;     /* per var: 1 + the parameter a local pointer is a typed view of
                          (T *db = data; at the entry, never written again), else 0 */
  int teardown;        /* the function frees something or releases a handle (path_owner.c) */
  uint8_t* tdroot;     /* per var: 1 when the function tears down the struct var points to: it
                          frees var or a member of it, releases a handle place under var, or
                          releases a handle it did not acquire (a parameter's, a global's) */
  unsigned undecided;   /* places left silent because ownership cannot be decided: HELD_LOST
                          candidates without evidence, handles passed to a callee that did not
                          parse or released under a flag that is not a constant (counted) */
  int* lgroup;         /* per var: its owner group (copies joined) for path_lost.c, or -1 */
  int nlgroups;
  uint8_t* lreach;     /* nlgroups x nb: 1 if something may still release the group from block b */
  int* lowners;        /* the vars with a group */
  int nlowners;
  unsigned rule_off;   /* while a rule's handler runs: its offset in flow_vst.rs */
  int* tryh;           /* per block: the handler block of the innermost try block holding it
                          (PG_TRY), or -1; NULL when the function has no try block */
  int assume_var;      /* summary variant: this parameter's var starts as a known flag, or -1 */
  int assume_nz;       /* ... non-zero (1) or zero (0) */
  int fill;            /* 1 + the out-parameter the event just applied stored a new handle into
                          (*out = c, *out = PQconnectdb(..)): the *out place that follows is filled */
  int fill_kind;       /* ... the FK_* of that handle (FK_NONE: a guess, a borrow) */
  int err;
  int reached_exit;
  int reached_nonlocal; /* a path left by a nonlocal exit no try caught */
  int catch_to;        /* set by path_nonlocal: 1 + the handler block the ended path goes on at */
  int left_nonlocal;   /* set by path_nonlocal: the ended path left the function (summary facts) */
  int gave_up;
  int undec_calls[32]; /* the rc = helper(h) calls already counted there (block << 16 | event),
                          and the field places path_transient.c counted (-1 - var) */
  int nundec_calls;
};
typedef flow_cx actx;

/* ---- path_emit.c: events to the rules ---- */
/* Fills the common fields of an event (kind, block, e, v, x, var, path,
 * the location of e when given). */
flow_event flow_ev_make(flow_event_kind k, int block, const flow_ev* e, vst* v, int var, int path);
/* Hands ev to every rule subscribed to its kind, in registry order, until
 * one claims it. */
void flow_emit(actx* a, const flow_event* ev);
/* Bytes of rule state the registry needs; > FLOW_RULE_STATE is a build error caught at run time. */
unsigned flow_rules_state_size(void);

/* ---- path_state.c: the handle model's small steps ---- */
/* Counts one undecided place (a->undecided) unless key was counted already in this function
 * (a->undec_calls; keys: block << 16 | event of an rc = helper(h) call, -1 - var of a field
 * place). At most 32 keys are remembered; past that every call counts. */
void undecided_once(actx* a, int key);
uint64_t state_hash(const vst* v, int n, const uint8_t* rel);
/* A copy of v (nvars wide), NULL on ENOMEM (a->err set). */
vst* state_dup(actx* a, const vst* v);
void reset_var(vst* x);
/* x now holds NULL (kind kept); a release of the caller's handle made
 * before (prel) is kept, so `PQfinish(*conn); *conn = NULL;` summarises as
 * "releases *conn and leaves it NULL". */
void set_null(vst* x);
void wrote(actx* a, vst* v, int var);
int is_leakable(const vst* x);
/* A new path node under parent; on ENOMEM returns parent (a->err set). */
int new_pnode(actx* a, int parent, unsigned line, unsigned col, int what, int var);
void forget_fields(actx* a, vst* v, int b);
void mark_dangling(actx* a, vst* v, int h, unsigned line);
void escape_owner(vst* v, vst* x);
/* var loses its owned handle at (line, col..): ownership goes back to a
 * copy that still holds it, else FLOW_EV_LOST (how: FLOW_LOST_*). */
void lose(actx* a, vst* v, int var, int path, unsigned line, unsigned col, unsigned eline,
          unsigned ecol, int how);
/* The same for a call e that frees the memory var lies in (FLOW_LOST_OWNER_FREED at e, the
 * event carrying e so a message can name what it freed). */
void lose_freed(actx* a, vst* v, int var, int path, const flow_ev* e);
/* lose() at an end of scope (line, col) or the function's exit (at_exit: no copy takes the
 * handle back): at v[var].lost_line when set (the goto/break/return where it was lost; the
 * event's exit_line is then (line, col)); how: FLOW_LOST_EXIT or FLOW_LOST_TRANSIENT. */
void lose_at_end(actx* a, vst* v, int var, int path, unsigned line, unsigned col, int at_exit, int how);
/* FLOW_EV_USE_RELEASED for place var used by event e (x = &v[var]). */
void use_released(actx* a, int block, const flow_ev* e, vst* v, int var, int path);

/* ---- path_try.c: non-local exits ---- */
/* Finds the try blocks (a branch on a `try` model call == 0) and fills
 * a->tryh; 0 or PQL_ENOMEM. */
int path_try_prepare(actx* a);
/* Call e at block bi leaves by a nonlocal exit: inside a try block the
 * state goes on at its handler (a->catch_to, the walk queues it); outside,
 * every owned handle is lost (FLOW_LOST_NONLOCAL, a->left_nonlocal). Always
 * returns 1 (the path ends here). */
int path_nonlocal(actx* a, int bi, const flow_ev* e, vst* v, int path);
/* ---- path_lost.c: where a handle is lost ---- */
/* Computes per owner group the blocks from which a release (or a hand-over)
 * of it is still reachable. Returns 0 or PQL_ENOMEM (too large a function:
 * 0, nothing computed, losses stay at the exits). */
int path_lost_prepare(actx* a);
/* At the entry of block b: an owned handle that nothing can release from
 * here on, entered straight from a block that could (or its acquire),
 * remembers this block's goto/break/continue/return (lost_line). */
void path_lost_enter(actx* a, int b, vst* v, int path);
/* Frees what path_lost_prepare made. */
void path_lost_free(actx* a);

/* ---- path_call.c, path_events.c, path_cond.c, path_prepare.c ---- */
/* A release of place var (resource kind rk) by call e of block bi:
 * FLOW_EV_RELEASE, then the state change (see FLOW_REL_*). */
void path_release(actx* a, int bi, const flow_ev* e, vst* v, int var, int rk, int path);
/* Applies a call event; returns 1 if the path ends here (noreturn). */
int path_call(actx* a, int bi, const flow_ev* e, const flow_callinfo* ci, vst* v, int* path);
/* Applies the events of block bi to v; returns 1 if the path ended (noreturn). */
int path_events(actx* a, int bi, vst* v, int* path);
/* Decides which branches of B are feasible and refines the state for each:
 * vt/vf get the states (NULL if infeasible). Takes v. */
void path_split(actx* a, const flow_block* B, vst* v, vst** vt, vst** vf);
/* x OP k for the operators of flow_cond ('=', '!', '<', 'l' <=, '>', 'g' >=):
 * 1 true, 0 false, -1 unknown operator. */
int path_eval_op(int op, long long x, long long k);
/* The zero-trip state of a `for` loop: see path_cond.c. */
void path_zero_trip(actx* a, const flow_block* B, vst* v);
/* Classifies every call once (a->cis) and marks the places that can
 * matter (a->rel, a->loopvar, a->localfield). Returns 0 or PQL_ENOMEM. */
int path_prepare(actx* a);

/* ---- path_member.c: members of parameters released by a callee ---- */
/* The parameter whose member place var is (w->conn of parameter w), with
 * path set to the access path after the parameter's name; else -1. */
int member_param(const flow_fn* f, int var, const char** path);
/* 1 when place var lies in the memory call argument ar names: a field of variable ar->var
 * itself or, for a member argument (free(m->priv)), a place whose path goes through that
 * member ("m->priv->pg_res", "m->priv.res"); else 0. */
int place_under(const flow_fn* f, const flow_arg* ar, int var);
/* Entry state: the members of parameters hold the caller's values. */
void member_entry(const flow_fn* f, vst* v0);
/* At a return: which members of parameters are released there (a->sum). */
void member_exit(actx* a, const vst* v);
/* After the walk: released on every return is a release for callers, on some
 * a take-over (not applied); entries released nowhere are dropped. */
void member_finish(flow_sum* s);
/* Applies the callee's member releases of call e to the caller's places
 * (before the call forgets the arguments' fields); their states after the
 * release go to kept/keep (FLOW_SUM_MEMBERS wide), to be put back after
 * the forgetting. Returns how many. */
int member_call(actx* a, int bi, const flow_ev* e, vst* v, int path, int* kept, vst* keep);
/* Before the walk: which places this function releases (a->mrel). 0 or PQL_ENOMEM. */
int member_prepare(actx* a);
/* Place var is dropped by e (overwritten, its owner freed: how): when it is a
 * member of a parameter still holding its entry value, known non-NULL on this
 * path, and released by this function elsewhere, FLOW_EV_HELD_LOST. */
void member_dropped(actx* a, int bi, const flow_ev* e, vst* v, int var, int path, int how);

/* ---- path_owner.c: run-wide ownership of (record, field) places ---- */
/* Into a->sum: the (record, field) places this function stores new handles
 * into (by a model or a callee's summary, directly or through a local that
 * got one) and releases through (directly or through a local copy). */
void owner_summary(actx* a);
/* path_ownev.c: the evidence that place var's (record, field) owns a
 * handle: 1 + the kind some function of the run stores there new and some
 * releases through it (the first such summaries into *acq / *rel when not
 * NULL); or 1 + the kind stored there new when nothing releases it and the
 * record is defined in this file, whose code never hands the field's value
 * elsewhere (*rel NULL: its handles can only be lost); -1 when it is stored
 * new and released nowhere but that closed world does not hold (undecided);
 * or, when nothing stores a new one there, 1 + the kind released through it
 * when some function stores there a parameter it never writes (*acq that
 * constructor, *by_param 1); else 0. */
int owner_owning(const actx* a, int var, const flow_sum_slot** acq, const flow_sum_slot** rel,
                 int* by_param);
/* ---- path_transient.c: fields that never outlive a call ---- */
/* At an exit (a->sum set): marks in a->sum's ownership table each (record, field) this
 * function stored a new handle into that still holds it here (flow_sum_own.held). */
void transient_exit(actx* a, const vst* v);
/* At exit block B in pass 2: field var, owned here by a handle this function stored, is lost
 * when the run's evidence says its (record, field) never outlives a call (transient_of): then
 * FLOW_EV_LOST with how FLOW_LOST_TRANSIENT, and 1 is returned; 0 otherwise (some evidence but
 * not enough: counted undecided). */
int transient_lost(actx* a, const flow_block* B, vst* v, int var, int path);

/* Before the walk: a->owning, a->teardown, a->palias. 0 or PQL_ENOMEM. */
int owner_prepare(actx* a);
/* 1 when place var is a handle field of a local that is a typed view of a
 * parameter (a->palias): it holds the caller's value like p->f would. */
int owner_alias_field(const actx* a, int var);
/* After event e of block bi wrote its var: when e is such a view's
 * assignment, its fields hold their entry values (orig). */
void owner_alias_entry(const actx* a, int bi, const flow_ev* e, vst* v);
/* member_dropped's case without a release of var in this function: when
 * var's (record, field) owns a handle by the run's evidence and var may
 * still hold its entry value here (tested non-NULL, or not known NULL in a
 * teardown or when its owner is freed), FLOW_EV_HELD_LOST with other = 0;
 * returns 1 then, else 0 (the caller counts it undecided). */
int owner_dropped(actx* a, int bi, const flow_ev* e, vst* v, int var, int path, int how);

/* ---- path_frees.c: calls that free an argument's memory ---- */
/* Bit k: call e frees the memory its argument k points to (the models' frees_memory, or a
 * callee whose summary says frees_mem); 0 for other events. */
unsigned frees_call(const actx* a, const flow_ev* e);
/* Into a->sum->frees_mem: the pointer parameters this function frees on every path. */
void frees_summary(actx* a);
/* ---- path_keeps.c ---- */
/* Before the walk: a->sum->keeps, the struct-pointer parameters whose handle places the
 * function leaves as they were (callers keep what they know of them across the call). */
void keeps_summary(actx* a);

/* ---- path_global.c: file-scope and static handle variables ---- */
/* Entry state: they hold the caller's values. */
void global_entry(const flow_fn* f, vst* v0);
/* 1 when place i's handle is kept past the return: i is such a variable, or
 * one of them holds a copy of i's handle (conn = c). */
int global_keeps(const actx* a, const vst* v, int i);
/* Call e (classified ci) may change them (by its summary's globals; an
 * unknown function of the run or an indirect call: all; an outside one: the
 * extern ones): they hold what the global holds, as on entry (an owned
 * handle is the global's again). Not for libpq calls. */
void global_call(actx* a, const flow_ev* e, const flow_callinfo* ci, vst* v);
/* Into a->sum: the globals this function and its callees may change. */
void global_summary(actx* a);
/* e assigns place e->var2 (state w before the move) to a global: a
 * parameter kept there is taken over (summary). */
void global_assigned(actx* a, const flow_ev* e, const vst* w);

/* ---- path_outparam.c: out-parameters filled on some returns only ---- */
/* *p = ... (FE_OTHERSET of place var): fill (a->fill before the event) says it got a new handle. */
void outparam_otherset(actx* a, vst* v, int var, int fill);
/* member_dropped's case of a member of a parameter not known non-NULL: overwritten by call e's
 * new handle while it may hold its entry value, in a function whose summary releases that
 * entry value on other returns (a reconnect that forgot PQfinish): FLOW_EV_HELD_LOST with
 * how FLOW_LOST_REPLACED, other the line of this function's release. */
void outparam_replaced(actx* a, int bi, const flow_ev* e, vst* v, int var, int path);
/* *p = NULL (place var) replaced the caller's value, which was not known NULL. */
void outparam_nulled(actx* a, vst* v, int var);
/* Call e to a callee that sets *p to NULL without releasing the caller's handle (out_nulls):
 * the handle in the caller's place (&c) is lost there, and c is NULL after it; the places go
 * to kept/keep from index nk (as member_call's). Returns the new count. */
int outparam_drops(actx* a, const flow_ev* e, vst* v, int path, int* kept, vst* keep, int nk);
/* At an exit (B, returning ret_var or -1): which *p places hold a new handle, by return value. */
void outparam_exit(actx* a, const flow_block* B, const vst* v, int ret_var);
/* After the walk: the return values that fill *p, when they tell (outret), into s. */
void outparam_finish(flow_sum* s);
/* The caller's place an out-parameter argument fills: c of &c, the field place of &st->conn;
 * -1 when it names none. */
int outparam_place(const flow_arg* ar);
/* The classification of the call that made out-parameter acquire x (pending), or NULL. */
const flow_callinfo* outparam_call(const actx* a, const vst* x);

/* ---- path_globev.c: static handle globals as a closed world ---- */
/* Into a->sum: the handle globals this function stores new handles into, releases, copies out. */
void globev_summary(actx* a);
/* member_dropped's case of a global without a release in this function: when the file's
 * functions store new handles into this static global and none releases it or copies it
 * out, and it may still hold one here (tested non-NULL, or reset to NULL in a teardown),
 * FLOW_EV_HELD_LOST with other = 0; returns 1 then, else 0. An extern global: 0, counted. */
int globev_dropped(actx* a, int bi, const flow_ev* e, vst* v, int var, int path, int how);
/* path_globown.c: the closed-world evidence of static global name in unit u: 1 + the kind the
 * file's functions store new handles of into it when none releases it or copies it out and
 * every function of the file was summarised in full (the first storing summary and line into
 * *acq, *line when not NULL), else 0. */
int globev_evidence(const flow_summaries* s, const flow_unit* u, const char* name,
                    const flow_sum_slot** acq, unsigned* line);

#endif

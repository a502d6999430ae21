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
  int* lgroup;         /* per var: its owner group (copies joined) for path_lost.c, or -1 */
  int nlgroups;
  uint8_t* lreach;     /* nlgroups x nb: 1 if something may still release the group from block b */
  int* lowners;        /* the vars with a group */
  int nlowners;
  unsigned rule_off;   /* while a rule's handler runs: its offset in flow_vst.rs */
  int err;
  int reached_exit;
  int gave_up;
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
uint64_t state_hash(const vst* v, int n, const uint8_t* rel);
/* A copy of v (nvars wide), NULL on ENOMEM (a->err set). */
vst* state_dup(actx* a, const vst* v);
void reset_var(vst* x);
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
/* lose() at an end of scope (line, col) or the function's exit (at_exit: no copy takes the
 * handle back): at v[var].lost_line when set (the goto/break/return where it was lost; the
 * event's exit_line is then (line, col)). */
void lose_at_end(actx* a, vst* v, int var, int path, unsigned line, unsigned col, int at_exit);
/* FLOW_EV_USE_RELEASED for place var used by event e (x = &v[var]). */
void use_released(actx* a, int block, const flow_ev* e, vst* v, int var, int path);

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
/* Applies a call event; returns 1 if the path ends here (noreturn). */
int path_call(actx* a, int bi, const flow_ev* e, const flow_callinfo* ci, vst* v, int* path);
/* Applies the events of block bi to v; returns 1 if the path ended (noreturn). */
int path_events(actx* a, int bi, vst* v, int* path);
/* Decides which branches of B are feasible and refines the state for each:
 * vt/vf get the states (NULL if infeasible). Takes v. */
void path_split(actx* a, const flow_block* B, vst* v, vst** vt, vst** vf);
/* The zero-trip state of a `for` loop: see path_cond.c. */
void path_zero_trip(actx* a, const flow_block* B, vst* v);
/* Classifies every call once (a->cis) and marks the places that can
 * matter (a->rel, a->loopvar, a->localfield). Returns 0 or PQL_ENOMEM. */
int path_prepare(actx* a);

#endif

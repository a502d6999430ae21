/* flow_rule.h - the path engine's interface to path rules: the events a rule subscribes to, the state it reads, how it reports. */
#ifndef PQL_FLOW_RULE_H
#define PQL_FLOW_RULE_H

#include <stdint.h>

#include "ir/flow_ir.h"

/* How the path engine and the path rules divide the work (the clang static
 * analyzer's ExprEngine and its checkers):
 *
 * - The engine (engine/path_*.c) walks each function's CFG with one state
 *   per path, splits the state at branches it can decide, joins identical
 *   states, bounds the walk (give-ups), and keeps the handle model: what
 *   each place holds (owned, released, moved, escaped, borrowed from,
 *   dangling) and how calls, assignments and scopes change it. It knows no
 *   rule id and writes no message.
 * - A rule (rules_flow/<family>.c) is one `flow_rule` in the table of
 *   rules_flow/registry.c. It subscribes to the events below, reads the
 *   state the engine hands it, keeps its own facts in its private bytes of
 *   that state (flow_rule_state), and reports with flow_report. Adding a
 *   rule: one file, its line in the registry, its entry in
 *   rules/catalog.json; no engine file changes.
 *
 * A *place* is what a state describes: a local variable or parameter (an
 * index into flow_fn.vars); a handle field of a local or parameter (h.conn,
 * s->res) is a place of its own whose flow_var.field_of names the base; a
 * file-scope or static handle variable is a place with flow_var.global set
 * (it holds the caller's value on entry and after calls that may change it,
 * and keeps its handle past the return). */

/* Handle states of a place (flow_vst.st). */
enum { FLOW_S_NONE = 0, FLOW_S_OWNED, FLOW_S_NULL, FLOW_S_RELEASED, FLOW_S_ESCAPED, FLOW_S_MOVED };

/* Bytes of rule-private state per place, shared out in registry order. */
#define FLOW_RULE_STATE 12

/* The state of one place on one path. The engine owns every field but rs;
 * a rule reads them and writes only its own bytes of rs. */
typedef struct flow_vst {
  uint8_t st;       /* FLOW_S_* */
  uint8_t kind;     /* FK_* of the handle held (owned, released) */
  uint8_t nul;      /* 1 known NULL, 2 known non-NULL (or non-zero) */
  uint8_t summ;     /* acquired through a user function's summary (a wrapper: assume it checked) */
  uint8_t fk;       /* integer fact: 1 == val, 2 != val */
  uint8_t pending;  /* acquired through an out-parameter, the status not yet tested */
  uint8_t orig;     /* a parameter still holding the caller's value */
  uint8_t dangling; /* a pointer borrowed from a handle that was released */
  uint8_t prel, pkind; /* the caller's handle released here (summary fact) and its kind */
  uint8_t statok;   /* a connection whose PQstatus was tested == CONNECTION_OK on this path */
  uint8_t okonly;   /* from a helper that returns NULL or an OK connection (summary) */
  uint8_t cmpr;     /* relation to var cmpv-1 known on this path: bits 1 <, 2 ==, 4 > */
  int16_t cmpv;     /* 1 + the other variable of that relation, or 0 */
  uint8_t fromp;    /* 1 + the parameter whose original value this holds, or 0 */
  int16_t eqv;      /* 1 + a variable this handle may be (a helper returning its argument
                       or a new handle): not ours where equal to it, or 0 */
  int16_t borrow_of, link, alias; /* borrowed from / status of the out-param acquire of / moved to */
  int16_t crel;     /* 1 + a variable holding a helper's return value: the helper released this
                       handle iff that value == crelv (a test of it decides; undecided until then) */
  long long crelv;
  int16_t crelb, crele; /* the helper's call event (block, index): its other returns (path_walk.c) */
  uint8_t crela;        /* ... and the argument */
  uint8_t filled;       /* a *param place: 1 a new handle was stored into it on this path, 2 the
                           caller's value (not known NULL) was replaced by NULL without a release
                           (the function's out-parameter summary, engine/path_outparam.c) */
  int16_t outb, oute;   /* an out-parameter acquire (pending): its call event (block, index),
                           whose summary says which return values filled it */
  uint8_t rs[FLOW_RULE_STATE];    /* rule-private bytes (flow_rule_state) */
  long long val;
  unsigned acq_line, acq_col, rel_line;
  int path; /* path node at the acquire (not part of the state's identity) */
  /* where an owned handle was lost on this path: the first goto, break,
   * continue or return after which nothing can release it any more (0: not
   * yet, or no such statement; not part of the state's identity) */
  unsigned lost_line, lost_col;
  int lost_path; /* the path node there */
  uint8_t lost_armed; /* the previous block could still release it: a jump from it is the loss */
} flow_vst;

/* The engine's analysis of one function; opaque to rules. */
typedef struct flow_cx flow_cx;

/* Events, in the order the engine meets them on a path. */
typedef enum flow_event_kind {
  FLOW_EV_FUNCTION = 0, /* once per analysed function in pass 2, no path (ev.v NULL): path-less scans */
  FLOW_EV_CALL,         /* a call, before the engine applies it (ev.e, ev.ci) */
  FLOW_EV_ARG,          /* a tracked argument ev.arg of the call, place ev.var, role ev.role of kind
                           ev.role_kind, before the role is applied (a release also gets RELEASE) */
  FLOW_EV_MEMBER_ARG,   /* a field of the tracked place ev.var passed by value (l.conn) */
  FLOW_EV_RELEASE,      /* the call releases place ev.var (ev.how: FLOW_REL_*), before it is applied;
                           ev.other: the owner the release goes to (a copy's owner), or the lease
                           the handle is borrowed from (FLOW_REL_BORROWED) */
  FLOW_EV_USE_RELEASED, /* place ev.var is used after its handle was released (ev.how 1: it points
                           into a handle released since: ev.x->borrow_of) */
  FLOW_EV_LOST,         /* place ev.var loses the handle it owns (ev.how: FLOW_LOST_*), at ev.line..;
                           at an exit or end of scope, ev.line is the goto/break/continue/return that
                           left the last blocks that could still release it (ev.x->lost_line), else
                           the exit or closing brace itself */
  FLOW_EV_DISCARDED,    /* a handle acquired by ev.e is never stored: its value is dropped
                           (ev.how 0), passed straight to call ev.outer that only reads it (1), or
                           only compared with NULL in a condition (2: if (run(...) == NULL)) */
  FLOW_EV_ASSIGN,       /* place ev.var = place ev.other (after the engine moved ownership) */
  FLOW_EV_STORE,        /* place ev.var is stored into a field, a global, an out-parameter, or returned */
  FLOW_EV_TEST,         /* a branch on ev.b was decided; ev.v is the state of the branch taken */
  FLOW_EV_EXIT,         /* a path reaches the function's exit ev.b (ev.var: the returned place or -1),
                           after the engine reported the handles lost there */
  FLOW_EV_HELD_LOST,    /* place ev.var (a member of a parameter: w->conn) still holds the value it had
                           on entry, known non-NULL on this path, and this function, which releases
                           that place on other paths (it owns it), drops it here without releasing it
                           (ev.how: FLOW_LOST_OVERWRITE or FLOW_LOST_OWNER_FREED); ev.role_kind: the
                           FK_* of the handle (from those releases), ev.other: the line of one of them;
                           ev.other 0: the run's evidence instead (flow_cx_owner, flow_cx_global);
                           how FLOW_LOST_REPLACED: not known NULL, overwritten by a new handle */
  FLOW_EV_N
} flow_event_kind;

/* How a place loses its handle (FLOW_EV_LOST). */
enum { FLOW_LOST_EXIT = 0, FLOW_LOST_OVERWRITE = 1, FLOW_LOST_OWNER_FREED = 2,
       FLOW_LOST_NONLOCAL = 3, /* a nonlocal exit (ereport(ERROR), longjmp) no try block catches */
       FLOW_LOST_REPLACED = 4, /* HELD_LOST: not known NULL, overwritten by a new handle, in a function
                                  that releases the place's entry value on other returns
                                  (engine/path_outparam.c) */
       FLOW_LOST_TRANSIENT = 5 /* LOST at a return: a field this function stored a new handle into,
                                  where every other function that does so releases it before it
                                  returns (flow_cx_transient) */ };

/* What a release does (FLOW_EV_RELEASE). */
enum {
  FLOW_REL_NORMAL = 0, /* ev.other's handle is released unless it is NULL or already released */
  FLOW_REL_POOLED,     /* an owned pooled connection released by a connection release (PQfinish):
                          it is gone */
  FLOW_REL_BORROWED    /* a connection borrowed from lease ev.other released by a connection
                          release: the lease is not changed */
};

typedef struct flow_event {
  flow_event_kind kind;
  int block;               /* the block of ev.e, or of the exit/branch; -1 for FUNCTION */
  const flow_ev* e;        /* the IR event (CALL, ARG, MEMBER_ARG, RELEASE, USE_*, DISCARDED, ASSIGN,
                              STORE; LOST but at exits); else NULL */
  const flow_ev* outer;    /* DISCARDED (how 1): the reading call */
  const flow_callinfo* ci; /* CALL, ARG, MEMBER_ARG, DISCARDED: the call's classification */
  const flow_callinfo* outer_ci; /* DISCARDED (how 1): the reading call's classification */
  const flow_block* b;     /* TEST, EXIT: the block */
  int var;                 /* the place, or -1 */
  int other;               /* ASSIGN: the source place; RELEASE: see FLOW_EV_RELEASE; else -1 */
  int arg;                 /* ARG, MEMBER_ARG: the argument index */
  int role, role_kind;     /* ARG, MEMBER_ARG, RELEASE: FR_* of the argument and its FK_* */
  int how;                 /* LOST, RELEASE, USE_RELEASED, DISCARDED: see above */
  flow_vst* v;             /* the path's state (every place), NULL for FUNCTION */
  flow_vst* x;             /* &v[var] when var >= 0 */
  int path;                /* the path node here (for the steps of a finding) */
  unsigned line, col, eline, ecol; /* where */
  unsigned exit_line, exit_col;    /* LOST moved to the goto/break/return where the handle was lost
                                      (ev.x->lost_line): the exit or end of scope the path reaches;
                                      else 0 */
} flow_event;

/* Returned by a handler: FLOW_CONTINUE lets the rules after it in the
 * registry see the event; FLOW_CLAIMED stops it there (one finding per
 * event where rules overlap, e.g. finish-pooled before use-after-release). */
enum { FLOW_CONTINUE = 0, FLOW_CLAIMED = 1 };

typedef struct flow_rule {
  const char* family;  /* "leaks", "use-after-release", ... (the file's name) */
  unsigned events;     /* bit mask of 1u << FLOW_EV_* it subscribes to */
  unsigned nstate;     /* bytes of rule-private state per place it needs (<= FLOW_RULE_STATE in all) */
  /* Called for each subscribed event. May write ev->x's rule bytes and
   * report; must not change other state fields. Returns FLOW_CONTINUE or
   * FLOW_CLAIMED. Errors (no memory) are kept in cx by flow_report. */
  int (*on)(flow_cx* cx, const flow_event* ev);
} flow_rule;

/* ---- what a rule may ask the engine (engine/path_cx.c) -------------------- */

const flow_fn* flow_cx_fn(const flow_cx* cx);
const flow_unit* flow_cx_unit(const flow_cx* cx);
const model_set* flow_cx_models(const flow_cx* cx);
/* The classification of call event evi of block b (cached). */
const flow_callinfo* flow_cx_callinfo(const flow_cx* cx, int b, int evi);
/* 1 if place var can hold anything the engine tracks (else its state is
 * always empty and events skip it). */
int flow_cx_tracked(const flow_cx* cx, int var);
/* Run-wide evidence that a (record, field) place owns a handle
 * (engine/path_owner.c): a function that stores a new one there, one that
 * releases through it. Strings belong to the engine's tables. */
typedef struct flow_owner_evidence {
  const char* owner;  /* the record ("struct host") */
  const char* field;  /* the field's path in it ("db") */
  const char* acq_fn; /* a function that stores a new handle there, at acq_line */
  unsigned acq_line;
  int acq_param;      /* 1: acq_fn stores there a handle its caller hands it (a parameter) */
  const char* rel_fn; /* a function that releases through it, at rel_line; NULL when none
                         does and the field's record, defined in its file, never lets the
                         value out (its handles can only be lost there) */
  unsigned rel_line;
} flow_owner_evidence;
/* What a call e that frees memory freed with place var in it, for messages: the member
 * argument's path ("m->priv" of free(m->priv)), else (also when e is NULL) the name of
 * var's base variable. The string belongs to the IR. */
const char* flow_freed_name(const flow_fn* f, const flow_ev* e, int var);
/* Fills *out for place var; returns 1 + the handle kind owned, or 0 (no
 * such evidence: *out zeroed). */
int flow_cx_owner(const flow_cx* cx, int var, flow_owner_evidence* out);
/* The closed-world evidence that a static handle global owns its handle
 * (engine/path_globev.c): its file's functions store new handles into it and
 * none releases it or copies it out. Strings belong to the engine's tables. */
typedef struct flow_global_evidence {
  const char* name;   /* the global */
  const char* acq_fn; /* a function that stores a new handle into it, at acq_line */
  unsigned acq_line;
} flow_global_evidence;
/* Fills *out for place var; returns 1 + the handle kind, or 0 (*out zeroed). */
int flow_cx_global(const flow_cx* cx, int var, flow_global_evidence* out);
/* The evidence that a (record, field) never outlives a call (engine/path_transev.c): the
 * other functions of the run that store a new handle of the kind there, of which nclean
 * release it before every return (one of them: fn) and nheld do not. */
typedef struct flow_transient_evidence {
  const char* owner;
  const char* field;
  int nclean, nheld;
  const char* fn; /* a function that stores one there and releases it before returning */
} flow_transient_evidence;
/* Fills *out for field var and handle kind; returns 1 when the evidence says the field never
 * outlives a call (nclean >= 2, nclean >= 2 * nheld, and no function of the run releases
 * through it without storing there or stores there a value that is not a new handle), else
 * 0 (*out still filled with what was found). */
int flow_cx_transient(const flow_cx* cx, int var, int kind, flow_transient_evidence* out);
/* The calling rule's private bytes of place var in state v (nstate of
 * them), valid only inside its handler. */
uint8_t* flow_rule_state(flow_cx* cx, flow_vst* v, int var);

/* Adds a finding of rule `rule` at (line, col .. eline, ecol) with message
 * msg, unless the rule is disabled or the same (rule, line, col, var) was
 * reported in this function already (with x: the same acquire stands for
 * var, so two copies of one handle are one finding). With x (the state of place var) the
 * finding gets the acquire as related location and the path's branch steps
 * from path node `path` back to the acquire; last_step, if not NULL, ends
 * the steps. No memory: the engine's run fails with PQL_ENOMEM. */
void flow_report(flow_cx* cx, const char* rule, unsigned line, unsigned col, unsigned eline,
                 unsigned ecol, int var, const flow_vst* x, int path, const char* msg,
                 const char* last_step);

/* flow_report for FLOW_EV_LOST: with ev.exit_line the steps are the
 * acquire, the branches up to the place where the handle was lost, that
 * place (lost_step), the branches after it and the exit (end_step), so the
 * code flow shows the whole path; else as flow_report with lost_step last. */
void flow_report_lost(flow_cx* cx, const char* rule, const flow_event* ev, const char* msg,
                      const char* lost_step, const char* end_step);

/* ---- the registry (rules_flow/registry.c) -------------------------------- */

/* The path rules in dispatch order, NULL-terminated. */
extern const flow_rule* const flow_rules[];

#endif

/* flow_ir.h - private: the lowered IR of the flow analysis (functions, blocks, events), shared by flow_*.c. */
#ifndef PQL_FLOW_IR_H
#define PQL_FLOW_IR_H

#include <stddef.h>
#include "ir/flow.h"

/* Event kinds, in evaluation order inside a block. */
typedef enum flow_ev_kind {
  FE_CALL,      /* a call: callee, args, where the return value goes */
  FE_ASSIGN,    /* var = var2 (local copy: ownership moves) */
  FE_NULLSET,   /* var = NULL */
  FE_CONST,     /* var = val (integer constant, flag tracking) */
  FE_OTHERSET,  /* var = something untracked */
  FE_ESCAPE,    /* var stored in a field/global/array/out-param, returned, address taken */
  FE_USE,       /* var dereferenced (*p, p[i], p->f) */
  FE_SCOPE_END  /* vars (vars/nvars) go out of scope here */
} flow_ev_kind;

/* Where a call's return value goes. */
enum { FD_NONE = 0, FD_VAR, FD_ESCAPE, FD_RETURN };

typedef struct flow_arg {
  int var;     /* local variable index, or -1 */
  int addr;    /* 1: &var */
  int member;  /* 1: var.field / var->field (l.conn) */
  int voidp;   /* the callee's parameter is a void pointer (callback data, containers) */
  int inner;   /* the argument is a call: 1 + index of its CALL event in the same block, else 0 */
  int subobj;  /* member: &b->f or the b->f value of a field holding no handle: the
                  callee cannot reach b's other fields (they are not forgotten) */
  int fvar1;   /* &b->f of a handle field: 1 + the field's place (an out-parameter acquire fills
                  it: open_db(&st->conn)), else 0 */
  int fmtarg;  /* converted by a literal printf format of the same call: printed, never kept */
  int isconst; /* the argument is an integer constant (a literal, a macro, true/false): cval */
  long long cval;
  char* mpath; /* member whose value holds or points to a handle: its access path spelled as
                  place names are ("m->priv" of free(m->priv)), to find the places under it */
} flow_arg;

typedef struct flow_ev {
  flow_ev_kind kind;
  unsigned line, col, eline, ecol;
  int var;          /* CALL: dest var (FD_VAR); ASSIGN/.. : the assigned var; ESCAPE/USE: the var */
  int var2;         /* ASSIGN: source var; ESCAPE: out-parameter index when stored through *param, else -1 */
  long long val;    /* CONST: the value; ASSIGN 1: c = l.conn; OTHERSET 1: a declaration without
                       initializer (`T *v;`, no write of the program) */
  int dest;         /* CALL: FD_* */
  char* callee;     /* CALL: direct callee name or NULL (indirect) */
  char* macro;      /* CALL: an indirect call written as a macro use (kamailio's pkg_free(p) is
                       _pkg_root.xfree(.., p)): the macro's name, else NULL */
  int decl_noreturn;/* CALL: noreturn by the callee's declaration */
  int ret_type;     /* CALL: FK_CONN/FK_RESULT if it returns a PGconn * / PGresult *, else FK_NONE */
  int ret_plain;    /* CALL: returns a pointer to a complete struct holding no handle (cannot
                       keep a result it was given) */
  flow_arg* args;
  int nargs;
  int* vars;        /* SCOPE_END */
  int nvars;
  int loop;         /* innermost loop id or -1 */
} flow_ev;

/* Branch conditions. */
enum {
  FC_OPAQUE = 0,
  FC_VAR,     /* var OP val (NULL test when val 0 and var a pointer) */
  FC_CALL,    /* result of the call event `evi` of this block OP val */
  FC_VAR2     /* var OP var2, two non-pointer locals (i < n) */
};

typedef struct flow_cond {
  int kind;
  int var;
  int evi;
  int op;          /* one of '=' (==), '!' (!=), '<', 'l' (<=), '>', 'g' (>=) */
  long long val;
  int var2;        /* FC_VAR2 */
} flow_cond;

/* Terminators. */
enum { FT_GOTO = 0, FT_BRANCH, FT_SWITCH, FT_RETURN, FT_END };

typedef struct flow_block {
  flow_ev* ev;
  int nev, cap;
  int term;
  int* succ;        /* GOTO: 1, BRANCH: 2 (true, false), SWITCH: n */
  int nsucc;
  flow_cond cond;
  int ret_var;      /* RETURN: the returned local var, or -1 */
  int ret_other;    /* RETURN: returns some other non-NULL value (a field, an expression) */
  int ret_const;    /* RETURN: returns the integer constant ret_val (return -1;) */
  long long ret_val;
  unsigned line, col; /* RETURN/END: location; BRANCH: the decision; GOTO with jump: the statement */
  int jump;         /* GOTO: 1 if it is a goto, break or continue statement (at line, col) */
  int loopcond;     /* BRANCH of a loop condition */
  int negated;      /* BRANCH: succ[0] is where the condition as written is false (!x) */
  int for_loop;     /* BRANCH of a `for` condition: 1 + the loop id, else 0 */
} flow_block;

typedef struct flow_var {
  char* name;
  unsigned line;
  int param;        /* parameter index, or -1 */
  int ptr;          /* pointer type */
  int ptrptr;       /* pointer to pointer (out-parameter) */
  int htype;        /* its type names a handle (PGconn *, PGresult *): 1; a pool lease: 2 */
  int field_of;     /* a handle field base->name of the local var field_of (overwrites and
                       double releases only; never a leak at exit), else -1 */
  int global;       /* a handle-typed variable that outlives the call: 1 static (file-scope or
                       local), 2 extern / file-scope with external linkage; else 0 */
  int cleanup;      /* __attribute__((cleanup(fn))), or a C++ RAII owner (raii) */
  char* cleanup_fn;
  int raii;         /* C++: a std::unique_ptr/shared_ptr whose deleter releases the handle
                       (cleanup is set too: released at scope end, never lost) */
  char* owner;      /* a field place (field_of >= 0): the canonical name of the record that
                       holds the field, the pointee of the path's last `->` (through typedefs:
                       "struct host"), or of the root for a struct value; else NULL */
  char* owner_field;/* ... and the field's path inside that record ("db", "conn.pg") */
  int owner_local;  /* ... and that record is defined in this file, not in a header: no other
                       file of any run can name the field (path_ownev.c's closed world) */
} flow_var;

typedef struct flow_fn {
  char* name;
  int is_static;
  unsigned line;
  flow_var* vars;
  int nvars;
  flow_block* b;
  int nb;
  int nparams;
  int broken;       /* a parse error lies inside: not analysed (no findings, no summary) */
  int in_header;    /* defined in an included (non-system) header: summaries only, no findings */
  const char* unmodelled; /* C++: why the function is analysed incompletely (a static string:
                             "template", "try/catch with a raw handle", ...), or NULL */
  unsigned unmodelled_line;
  char** fuses;     /* handle fields of records defined in this file (flow_var.owner_local)
                       that it names other than as a libpq call's argument, a test or an
                       assignment's target, whatever the root: "e<record>\t<field>" handed
                       elsewhere (copied, returned, passed on), "r..." released by PQfinish or
                       PQclear (ir/lower_fuses.c) */
  int nfuses;
  int* loop_parent; /* per loop id: enclosing loop or -1 */
  int nloops;
} flow_fn;

struct flow_unit {
  char* path;
  flow_fn* fns;
  int nfns;
  int in_pool_module; /* the file is (part of) the pool module (set by the driver after lowering) */
};

/* ---- classification of calls (flow_model.c) ----------------------------- */

/* Resource kinds tracked by the analysis: the handles a path can leak come
 * before FK_POOL (FK_LEAKABLE); a pool itself is only created/destroyed. */
enum { FK_NONE = -1, FK_CONN = 0, FK_RESULT, FK_POOLED, FK_MEM, FK_CANCEL, FK_CONNINFO, FK_POOL, FK_N };
#define FK_LEAKABLE(k) ((k) >= 0 && (k) < FK_POOL)

/* Roles of a call's argument. */
enum {
  FR_USE = 0,   /* any other call with the handle */
  FR_RELEASE,   /* frees it */
  FR_DISCARD,   /* pooled: return and close */
  FR_CHECK,     /* PQstatus / PQresultStatus */
  FR_ROWREAD,   /* PQgetvalue, PQntuples...: needs a checked result */
  FR_INFO,      /* PQerrorMessage, PQsocket...: harmless on a bad handle */
  FR_ESCAPE,    /* takes ownership */
  FR_ACQ_OUT    /* &var receives a new handle */
};

typedef struct flow_callinfo {
  int ret_kind;      /* FK_* acquired through the return value, or FK_NONE */
  int ret_borrow;    /* index of the argument the returned pointer is borrowed from, or -1 */
  int ret_summary;   /* 1: acquired through a summary (wrapper: assume checked) */
  int ret_guess;     /* 1: ret_kind only guessed from the type and name of a function outside the run */
  int ret_okonly;    /* the returned connection is NULL or had PQstatus == CONNECTION_OK */
  int ret_or_arg;    /* 1 + the argument the call may return instead of a new handle, or 0 */
  int connect;       /* a connect call (connect-in-loop) */
  int noreturn;
  int libpq;         /* a libpq function (PQ*, lo_*) */
  int out_kind;      /* FK_* acquired through out-parameter out_arg */
  int out_arg;
  int pool_create_arg;  /* pool created through &arg (or -2: by return value), else -1 */
  int pool_destroy_arg; /* pool destroyed, else -1 */
  int role[16];      /* per argument FR_*; role_kind: the resource kind the role is about */
  int role_kind[16];
  int nonlocal;      /* leaves the function by a longjmp (ereport(ERROR), PG_RE_THROW, siglongjmp):
                        handles held are lost unless a try handler of the function catches it */
  int nonlocal_param;/* 1 + the argument whose value decides a nonlocal exit (ereport(elevel)
                        with elevel not a constant), for the summary of the caller; else 0 */
  long long nonlocal_min, nonlocal_max; /* ... it exits when that argument is in [min, max] */
  unsigned relret;   /* bit i: releases argument i exactly when it returns relret_val[i] (summary) */
  long long relret_val[16];
  long long relret_lo[16], relret_hi[16]; /* ... and returns values in [lo, hi] when it does not */
  unsigned undecided;/* bit i: ownership of argument i cannot be decided (the callee's body did
                        not parse, or it releases under a flag that is not a constant): silent */
  int outret;        /* 1: the summary says which returns fill out_arg (path_outparam.c): those
                        in [of_lo, of_hi]; the others are in [on_lo, on_hi], or none (outret_all) */
  int outret_all;
  long long of_lo, of_hi, on_lo, on_hi;
  int try_call;      /* a try model call (sigsetjmp of PG_TRY) */
  unsigned exit_if_nz;     /* bit p: argument p is a variable; never returns if it is not 0 there */
  unsigned nonlocal_if_nz; /* bit p: ... leaves by a nonlocal exit if it is not 0 there */
} flow_callinfo;

/* A member of a parameter that a function releases (worker_stop(w)
 * finishes w->conn): engine/path_member.c. */
#define FLOW_SUM_MEMBERS 8
typedef struct flow_sum_member {
  int arg;        /* the parameter index */
  int kind;       /* FK_* of the handle released */
  int role;       /* FR_RELEASE: released on every return; FR_ESCAPE: on some only */
  int some, nots; /* while analysing: returns reached with it released / still held */
  int nulled;     /* released and then set to NULL on every such return (close_connection(&c)
                     leaves c NULL); while analysing: 1 set, 2 a release return without it */
  char path[56];  /* the access path after the parameter's name ("->conn", "->pg.res") */
} flow_sum_member;

/* Ownership evidence of one (record, field) a function gives (engine/path_owner.c): it
 * stores a freshly acquired handle into the field, or releases the handle through it. */
#define FLOW_SUM_OWN 6
typedef struct flow_sum_own {
  char owner[64];     /* flow_var.owner */
  char field[32];     /* flow_var.owner_field */
  unsigned char acq;  /* bit k: stores a new handle of kind FK_k there (1 << FK_CONN, ...) */
  unsigned char rel;  /* bit k: releases a handle of kind FK_k through it */
  unsigned char esc;  /* 1: stores there a value that is not a new handle (a parameter, a
                         borrowed or untracked value): the field may hold what it does not own */
  unsigned char held; /* bit k: some return of this function leaves a new handle of kind FK_k it
                         stored there still held (the field outlives the call) */
  unsigned char pst;  /* 1: stores there a handle-typed parameter it never writes (a constructor
                         taking over the caller's handle: `m->res = res`), at pst_line */
  unsigned acq_line, rel_line, pst_line; /* the first such store / release / parameter store */
} flow_sum_own;

/* Closed-world evidence about one handle global a function names (engine/path_globev.c). */
#define FLOW_SUM_GLOB 6
typedef struct flow_sum_glob {
  char name[48];
  unsigned char acq;  /* bit k: stores a new handle of kind FK_k into it */
  unsigned char rel;  /* bit k: releases a handle of kind FK_k through it (or a callee does) */
  unsigned char out;  /* 1: copies it out or hands it to a call that may keep it */
  unsigned acq_line, rel_line;
} flow_sum_glob;

/* The facts of a user function's summary (its name and identity: flow_sum_slot). */
typedef struct flow_sum {
  int ret_kind;      /* returns an acquired handle of this kind, or FK_NONE */
  int noreturn;
  int nargs;
  int arg_role[16];  /* FR_USE, FR_RELEASE or FR_ESCAPE (released/taken over on some path) */
  int arg_kind[16];
  int out_kind[16];  /* *param receives an acquired handle */
  /* while analysing: exits reached with the argument released / not */
  int rel_some[16], rel_not[16];
  int out_mixed[16], ret_mixed; /* also hands out values it does not own */
  int ret_notok;     /* while analysing: returns a connection not known to be OK */
  int ret_okonly;    /* returns NULL or a connection whose PQstatus was CONNECTION_OK */
  int ret_argp;      /* while analysing: bit mask of the parameters returned as they came */
  int ret_or_arg;    /* 1 + the one parameter it returns when it does not return a new handle */
  flow_sum_member mem[FLOW_SUM_MEMBERS]; /* members of parameters it releases */
  int nmem;
  /* handle globals it (or a callee) may change: assigns, releases, takes the address of
   * (engine/path_global.c); gw_all: any (an indirect call, more than fit) */
  char gw[8][48];
  int ngw, gw_all;
  /* conditions on scalar parameters (issue 9): facts with parameter p assumed non-zero / zero */
  unsigned noreturn_nz; /* bit p: never returns when argument p is a non-zero constant */
  unsigned nonlocal_nz; /* bit p: ... leaves by a nonlocal exit then */
  unsigned rel_nz[16];  /* [p] bit k: releases argument k on every exit when argument p != 0 */
  unsigned rel_z[16];   /* [p] bit k: ... when argument p == 0 */
  int nonlocal;         /* every path leaves by a nonlocal exit (a wrapper of ereport(ERROR)) */
  int nonlocal_param;   /* 1 + p: leaves by a nonlocal exit when argument p is in [min, max] */
  long long nonlocal_min, nonlocal_max;
  int broken;           /* the definition had a parse error inside: its facts are unknown */
  unsigned relret;      /* bit p: releases argument p exactly on the returns of relret_val[p] */
  long long relret_val[16];  /* (the other returns are in [ur_lo[p], ur_hi[p]]) */
  /* while analysing: the constants returned where argument p is released (rr_*) / not (ur_*):
     state 0 none seen, 1 known, 2 a value that is not one constant */
  int rr_state[16], ur_state[16];
  long long rr_val[16], ur_lo[16], ur_hi[16];
  /* (record, field) places it stores new handles into or releases through: run-wide
   * ownership evidence (engine/path_owner.c); own_all: more than fit (the rest not seen) */
  flow_sum_own own[FLOW_SUM_OWN];
  int nown, own_all;
  /* out-parameters filled on some returns only (issue 9 item 2, engine/path_outparam.c): bit p:
   * *param p holds a new handle on the returns in [of_lo[p], of_hi[p]] and on no other; the
   * returns that leave it without one are in [on_lo[p], on_hi[p]] (disjoint), or there are none
   * (outret_all bit p: every return fills it). While analysing, of_st/on_st: 0 no such return
   * seen, 1 the range holds them, 2 one that is not a known constant (no fact). */
  unsigned outret, outret_all;
  int of_lo[16], of_hi[16], on_lo[16], on_hi[16];
  unsigned char of_st[16], on_st[16];
  unsigned out_nulls;   /* bit p: sets *p to NULL without releasing the caller's handle on every
                           return where it was not known NULL, and on some (callers: lost) */
  unsigned char nd_st[16]; /* while analysing: bit 0 such a return seen, bit 1 another kind */
  unsigned ent_rel;     /* bit p: releases the caller's handle *p on some path (a reconnect that
                           finishes it and stores a new one: no release at the return) */
  unsigned out_undec;   /* bit p: stores a new handle into *p on some path and, on some path, a
                           handle that also escaped elsewhere (callers: undecided, counted) */
  /* handle globals this function stores new handles into, releases, or copies out (a local,
   * a return, a field, &g, a call that may keep it): the closed-world evidence of static
   * globals (engine/path_globev.c); gl_all: more than fit (the rest not seen) */
  flow_sum_glob gl[FLOW_SUM_GLOB];
  int ngl, gl_all;
  unsigned frees_mem;   /* bit p: passes parameter p to free() (or to a function that frees its
                           argument) on every path where it is not NULL (engine/path_frees.c) */
  unsigned keeps;       /* bit p: leaves every handle place under parameter p (a struct pointer)
                           as it was: writes, releases, hands on none (engine/path_keeps.c) */
} flow_sum;

/* One definition of the table: its identity and its facts. The facts are
 * interned (flow_sumtab.c): every slot whose summary says the same points
 * to one copy, so a run's summaries cost a slot per function plus one
 * flow_sum per distinct summary, not a flow_sum per function. */
typedef struct flow_sum_slot {
  char* name;
  const flow_sum* sum;         /* the facts (shared; set through flow_sums_set only) */
  const struct flow_fn* owner; /* the definition summarised */
  const struct flow_unit* unit;/* the unit that lowered it */
  int is_static, hdr;          /* static; defined in an included header */
  size_t seq;                  /* order of creation (ties of the sorted index) */
} flow_sum_slot;

typedef struct flow_sum_pool flow_sum_pool;

struct flow_summaries {
  flow_sum_slot* v;
  size_t n, cap;
  flow_sum_pool* pool;         /* the interned facts of v[] */
};

/* An empty table (NULL on ENOMEM); free with flow_summaries_free. */
flow_summaries* flow_summaries_new(void);
/* A new slot at the end of s: zeroed, its facts NULL until flow_sums_set.
 * NULL on ENOMEM (s unchanged). */
flow_sum_slot* flow_sums_add(flow_summaries* s);
/* Sets the facts of slot k to a copy of *facts (interned: a summary equal
 * byte for byte after flow_sum_canon to one in the table is shared), and
 * drops slot k's old facts. Returns 0 or PQL_ENOMEM (slot k unchanged). */
int flow_sums_set(flow_summaries* s, size_t k, const flow_sum* facts);
/* The number of distinct facts the slots of s point to (PQL_TIMING). */
size_t flow_sums_distinct(const flow_summaries* s);
/* Clears what a summary holds only while its function is analysed (exit
 * counts, constants seen, entries past nmem/ngw/nown, bytes after a
 * string's end): what callers read is unchanged. */
void flow_sum_canon(flow_sum* s);

/* The summary a call to `name` from unit u uses: u's own definition; else
 * the one non-static definition of another file of the run (several that
 * disagree: NULL, the callee is unknown); else an included header's
 * definition. NULL if none. */
const flow_sum* flow_sum_find(const flow_summaries* s, const char* name, const flow_unit* u);
/* 1 when a and b are the same summary (every field compared). */
int flow_sum_equal(const flow_sum* a, const flow_sum* b);
void flow_classify(const model_set* m, const flow_summaries* s, const flow_unit* u,
                   const flow_ev* e, flow_callinfo* ci);
const char* flow_kind_leak_rule(const model_set* m, int kind);

#endif

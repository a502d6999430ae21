/* lower_ctx.h - the lowering's internal context (one function being lowered) and the functions the lower_*.c files share; not for use outside ir/. */
#ifndef PQL_IR_LOWER_CTX_H
#define PQL_IR_LOWER_CTX_H

#include <stdint.h>

#include "parse/ast.h"
#include "ir/flow_ir.h"
#include "ir/flow_macro.h"

/* lower_memo.c: what the lowering asks about a declaration, answered once per
 * translation unit (open addressing on clang_hashCursor, clang_equalCursors). */
typedef struct lower_memo_slot {
  CXCursor decl;
  unsigned hash;
  int noreturn;
  int used;
} lower_memo_slot;
typedef struct lower_memo {
  lower_memo_slot* v;
  unsigned n, cap; /* cap: 0 or a power of two */
} lower_memo;

/* 1 if function declaration d is noreturn (its type's spelling says noreturn,
 * or its extent has a _Noreturn, noreturn or __noreturn__ token); with m NULL
 * computed without keeping it. Never fails (ENOMEM: not kept). */
int lower_memo_noreturn(lower_memo* m, CXCursor d);
void lower_memo_free(lower_memo* m);

typedef struct jmp_entry {
  int brk, cont, depth; /* break/continue targets, scope depth at entry */
} jmp_entry;

typedef struct scope {
  int* vars;
  int n, cap;
} scope;

typedef struct label {
  char* name;
  int block;
} label;

/* The state of lowering one function: the flow_fn being built, the current
 * block (-1 after return/break/goto), the stacks of scopes, jump targets and
 * switches, labels, and err (PQL_ENOMEM after an allocation failed: every
 * lower_* function then returns early and the caller frees the flow_fn). */
typedef struct lctx {
  CXTranslationUnit tu;
  const model_set* models;
  flow_fn* f;
  int cur;
  CXCursor* decls;
  int capdecls;
  jmp_entry jmp[128];
  int njmp;
  scope scopes[256];
  int nscopes;
  label* labels;
  int nlabels, caplabels;
  int curloop;
  int sw[64];
  int swdef[64];
  int nsw;
  int err;
  int depth;
  int neg;  /* lower_cond: the test as written is negated (!x) */
  const flow_macro_uses* mx; /* the main file's macro uses (operators inside them) */
  lower_memo* memo;          /* per translation unit (may be NULL) */
  /* C++ (lower_cxx.c) */
  CXCursor fncur;   /* the function lowered (its locals have it as semantic parent), or null
                       for a lambda body */
  CXCursor outer;   /* a lambda body: the function it was written in (its locals are not ours) */
  int ntry;         /* open try blocks */
  CXCursor* lambdas;/* lambda expressions met, lowered later as functions of their own */
  int nlambdas, caplambdas;
  uint64_t* flagw;  /* lower_flag.c: hashes of the member names written so far */
  int nflagw, capflagw;
  /* The recursion hooks, set to lower_expr/lower_cond/lower_stmt by
   * flow_lower.c: the lowerers below the dispatchers (lower_call.c,
   * lower_assign.c, lower_cond.c, lower_expr.c) recurse through them, so
   * the files' calls form layers, not a circle (ctest layout.no-call-circles). */
  void (*expr)(struct lctx* x, CXCursor c);
  void (*cond)(struct lctx* x, CXCursor c, int t, int fl);
  void (*stmt)(struct lctx* x, CXCursor c);
  int (*cxx_expr)(struct lctx* x, CXCursor c); /* lower_cxx_expr (C++ throw, lambda,
                                                  owner.reset()): 1 when it lowered c */
} lctx;

/* lower_block.c: blocks, edges, events, scopes, loops, jump targets, labels.
 * Allocation failures set x->err; lower_new_block then returns 0 (or -1 when
 * the function has no block), lower_emit NULL. */
int lower_new_block(lctx* x);
void lower_set_succ(lctx* x, int b, int term, int s0, int s1);
void lower_goto(lctx* x, int target);
void lower_ensure_cur(lctx* x);
flow_ev* lower_emit(lctx* x, flow_ev_kind k, CXCursor at);
void lower_emit_var(lctx* x, flow_ev_kind k, CXCursor at, int var);
void lower_scope_add(lctx* x, int var);
void lower_scope_end(lctx* x, int depth, CXCursor at, int at_end);
int lower_new_loop(lctx* x);
void lower_push_jmp(lctx* x, int brk, int cont);
int lower_label_block(lctx* x, const char* name);

/* lower_var.c: the variable table (indexes into x->f->vars, -1 when none). */
int lower_handle_type(lctx* x, CXType t);
/* The record and field path of member expression m (as flow_var.owner, owner_field,
 * owner_local), whatever its root (a variable, an array slot, a cast, a call): both NULL
 * when the record has no name. Returns 0, or -1 when out of memory. */
int lower_member_owner(CXCursor m, char** owner, char** field, int* local);
/* Records in x->f->fuses each handle field of a record defined in this file that body
 * names other than as a libpq call's argument, a test or an assignment's target
 * (lower_fuses.c); x->err on ENOMEM. */
void lower_fuses(lctx* x, CXCursor body);
/* lower_fmt.c: the index of call's first argument that a literal printf format (an earlier
 * argument) converts, when the format converts exactly the arguments after it; -1 when the
 * call has no such format (then no argument is known to be only printed). */
int lower_fmt_first(CXCursor call);
int lower_var_of_decl(lctx* x, CXCursor d);
int lower_var_of_expr(lctx* x, CXCursor e);
int lower_field_var(lctx* x, CXCursor m);
/* The access path of member expression m spelled as lower_field_var names places
 * ("m->priv"), malloc'd (the caller frees); NULL when m is no member chain of at most 4
 * members rooted at a variable (or on ENOMEM: x->err set). */
char* lower_member_path(lctx* x, CXCursor m);
/* The pseudo variable for `*p`, p a pointer-to-handle-pointer parameter
 * (PGconn **conn: the caller's handle, a place; named "*p", field_of p),
 * added on first sight when add, or -1. lower_field_var also answers it. */
int lower_deref_var(lctx* x, CXCursor m, int add);
int lower_type_has_handle(lctx* x, CXType t);
/* A new place of the variable table: name (copied), root variable b, first
 * seen at u; htype 1 a handle field (a pointer), 0 a scalar flag. Returns its
 * index, or -1 with x->err set when out of memory. */
int lower_place_new(lctx* x, const char* name, CXCursor u, int b, int htype);

/* lower_flag.c: scalar members tested as flags (issue: two tests of o->flag
 * with no write between them correlate like two tests of a local).
 * lower_flag_var: the place of member chain m of integer/enum/bool type
 * rooted at a local or parameter (o->analyze, s.opt.verbose), added on first
 * sight, or -1 (no such chain, or a write to it was lowered before its first
 * test: a loop may run that write between two tests).
 * lower_flag_written: m (a member chain) is written at `at`: the flag places
 * named m or inside it get FE_CONST val (konst, the place m itself) or
 * FE_OTHERSET; the name is remembered for lower_flag_var. */
int lower_flag_var(lctx* x, CXCursor m);
void lower_flag_written(lctx* x, CXCursor m, CXCursor at, int konst, long long val);

/* lower_var.c: 1 for the cursor kinds whose bodies are lowered (functions,
 * C++ methods, constructors, destructors, conversions, function templates). */
int lower_cxx_fn_like(enum CXCursorKind k);

/* lower_cxx_call.c: C++ facts for calls and assignments (below lower_call/lower_assign).
 * lower_cxx_callee: "Class::method" of a call to a method or constructor, malloc'd, or NULL.
 * lower_cxx_fn_name: a definition's name as calls spell it (Class::method), malloc'd.
 * lower_cxx_hands_out: 1 if call is a method that hands out a pointer it keeps owning (a
 *   method of a system header's class such as unique_ptr::get, get(), operator->, a
 *   conversion): what it returns is no new handle.
 * lower_cxx_ref_param: 1 if variable v is a C++ reference parameter (PGresult *&r).
 * lower_cxx_ref_args: after a call, a handle variable bound to a non-const PGresult *&
 *   parameter was reset (or replaced) through it: NULLSET (not followed further).
 * lower_cxx_owner_call: the RAII owner variable a member call is made on (owner.get()),
 *   with the method's name in *method (malloc'd, may be NULL), or -1.
 * lower_cxx_arg: owner.get() as a call argument names the owner (1: *arg set).
 * lower_cxx_unmodelled: notes why the function is analysed incompletely (first reason kept). */
char* lower_cxx_callee(CXCursor call);
char* lower_cxx_fn_name(CXCursor fn);
int lower_cxx_hands_out(CXCursor call);
int lower_cxx_ref_param(lctx* x, int v);
void lower_cxx_ref_args(lctx* x, CXCursor call, const flow_arg* args, int n);
int lower_cxx_owner_call(lctx* x, CXCursor call, char** method);
int lower_cxx_arg(lctx* x, CXCursor call, flow_arg* arg);
void lower_cxx_unmodelled(lctx* x, CXCursor at, const char* why);

/* lower_cxx.c: C++ constructs, above lower_call/lower_assign/lower_expr (reached from
 * lower_stmt, flow_lower and the cxx_expr hook).
 * lower_cxx_decl: a std::unique_ptr/shared_ptr local owning a handle (1: lowered).
 * lower_cxx_member_call: owner.release()/reset()/swap() (1: lowered).
 * lower_cxx_expr: throw, lambda, owner member calls (1: lowered); lower_cxx_try: try/catch.
 * lower_cxx_escape_refs: every handle variable named inside c escapes (a lambda, a member
 *   initialiser). */
int lower_cxx_decl(lctx* x, CXCursor d);
int lower_cxx_member_call(lctx* x, CXCursor call);
int lower_cxx_expr(lctx* x, CXCursor c);
void lower_cxx_try(lctx* x, CXCursor c);
void lower_cxx_escape_refs(lctx* x, CXCursor c);

/* lower_op.c: operators as written. */
int lower_op_is(lctx* x, CXCursor c, const char* op);
int lower_bin_operator(lctx* x, CXCursor c, char* buf, size_t len);

/* The lowering proper: each appends events and blocks at x->cur. */
void lower_call(lctx* x, CXCursor c, int dest, int dvar, int outp);
int lower_is_null_const(CXCursor e, long long* v);
void lower_assign(lctx* x, CXCursor lhs, CXCursor rhs, CXCursor at);
void lower_children(lctx* x, CXCursor c);
void lower_expr(lctx* x, CXCursor c);
void lower_cond(lctx* x, CXCursor c, int t, int fl);
void lower_stmt(lctx* x, CXCursor c);
/* lower_assert.c: statement c, if an assertion macro of the models states
 * `v OP K`, gets a branch whose failing side ends the path. */
void lower_assert(lctx* x, CXCursor c);

#endif

/* lower_assign.c - lowers an assignment or initialisation to ASSIGN/NULLSET/CONST/ESCAPE/OTHERSET events. */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/lower_ctx.h"

/* The parameter index p if e is `*p` for an out-parameter p, else -1. */
static int outparam_of(lctx* x, CXCursor lhs) {
  CXCursor u = ast_unwrap(lhs);
  if (clang_getCursorKind(u) != CXCursor_UnaryOperator || !lower_op_is(x, u, "*")) return -1;
  int v = lower_var_of_expr(x, ast_child(u, 0));
  if (v < 0) return -1;
  return x->f->vars[v].param;
}

/* An ASSIGN event at `at`: v = w (member: a borrow from w, not a move). */
static void emit_assign(lctx* x, CXCursor at, int v, int w, int member) {
  flow_ev* e = lower_emit(x, FE_ASSIGN, at);
  if (e) {
    e->var = v;
    e->var2 = w;
    if (member) e->val = 1; /* member: borrow, not a move */
  }
}

/* lhs = r where lhs is no tracked variable (a global, *out, p->x, a[i]):
 * a call's or a variable's value escapes (to out-parameter outp when lhs is
 * *out); uses inside lhs are lowered. */
static void assign_untracked(lctx* x, CXCursor lhs, CXCursor r, CXCursor at) {
  int outp = outparam_of(x, lhs);
  if (clang_getCursorKind(r) == CXCursor_CallExpr) {
    lower_call(x, r, FD_ESCAPE, -1, outp);
  } else {
    int w = lower_var_of_expr(x, r);
    if (w >= 0) {
      flow_ev* e = lower_emit(x, FE_ESCAPE, at);
      if (e) {
        e->var = w;
        e->var2 = outp;
      }
    } else {
      x->expr(x, r);
      long long k0;
      if (outp >= 0 && !lower_is_null_const(r, &k0)) { /* *out = something not owned here */
        flow_ev* e = lower_emit(x, FE_ESCAPE, at);
        if (e) e->var2 = outp;
      }
    }
  }
  /* uses in the target (p->x = .. on a freed p, a[i()] = ..) */
  CXCursor l = ast_unwrap(lhs);
  if (clang_getCursorKind(l) == CXCursor_MemberRefExpr ||
      clang_getCursorKind(l) == CXCursor_ArraySubscriptExpr)
    x->expr(x, l);
}

/* v = r for a tracked variable v: a call's result, another variable (ASSIGN),
 * a constant (NULLSET/CONST), a chained a = b = .., a field, a member of a
 * variable (a borrow), or anything else (OTHERSET after lowering r). */
static void assign_tracked(lctx* x, int v, CXCursor r, CXCursor at) {
  enum CXCursorKind rk = clang_getCursorKind(r);
  long long k;
  if (rk == CXCursor_CallExpr) {
    lower_call(x, r, FD_VAR, v, -1);
  } else if (rk == CXCursor_DeclRefExpr && lower_var_of_expr(x, r) >= 0) {
    emit_assign(x, at, v, lower_var_of_expr(x, r), 0);
  } else if (lower_is_null_const(r, &k)) {
    if (k == 0 && lower_cxx_ref_param(x, v)) return; /* r = nullptr after PQclear(r): the
                                                          caller's pointer, released stays */
    flow_ev* e = lower_emit(x, x->f->vars[v].ptr && k == 0 ? FE_NULLSET : FE_CONST, at);
    if (e) {
      e->var = v;
      e->val = k;
    }
  } else if (rk == CXCursor_BinaryOperator && lower_op_is(x, r, "=")) {
    x->expr(x, r);
    int w = lower_var_of_expr(x, ast_child(r, 0));
    if (w >= 0 && w != v)
      emit_assign(x, at, v, w, 0);
    else
      lower_emit_var(x, FE_OTHERSET, at, v);
  } else if (rk == CXCursor_MemberRefExpr && lower_field_var(x, r) >= 0 && lower_field_var(x, r) != v) {
    emit_assign(x, at, v, lower_field_var(x, r), 0);
  } else if (rk == CXCursor_MemberRefExpr && lower_var_of_expr(x, ast_child(r, 0)) >= 0) {
    /* c = l.conn: a pointer borrowed from l */
    emit_assign(x, at, v, lower_var_of_expr(x, ast_child(r, 0)), 1);
  } else {
    x->expr(x, r);
    lower_emit_var(x, FE_OTHERSET, at, v);
  }
}

/* Lowers lhs = rhs (events at `at`); lhs may be a VarDecl (an initialiser).
 * A ?: on the right is split into one assignment per branch. */
void lower_assign(lctx* x, CXCursor lhs, CXCursor rhs, CXCursor at) {
  int v = lower_var_of_expr(x, lhs);
  int outp = v < 0 ? outparam_of(x, lhs) : -1;
  if (v < 0 && outp < 0) v = lower_field_var(x, lhs);
  CXCursor r = ast_unwrap(rhs);
  if (clang_getCursorKind(r) == CXCursor_ConditionalOperator && ast_nchildren(r) == 3) {
    int t = lower_new_block(x), fl = lower_new_block(x), j = lower_new_block(x);
    x->cond(x, ast_child(r, 0), t, fl);
    x->cur = t;
    lower_assign(x, lhs, ast_child(r, 1), at);
    lower_goto(x, j);
    x->cur = fl;
    lower_assign(x, lhs, ast_child(r, 2), at);
    lower_goto(x, j);
    x->cur = j;
    return;
  }
  long long k0;
  int dv = outp >= 0 ? lower_deref_var(x, lhs, 1) : -1; /* the place *out: which returns fill it */
  if (v < 0) {
    assign_untracked(x, lhs, r, at);
    long long kv;
    int konst = lower_is_null_const(r, &kv);
    if (outp < 0) lower_flag_written(x, lhs, at, konst, konst ? kv : 0); /* o->flag = 0 */
  } else {
    assign_tracked(x, v, r, at);
  }
  if (dv >= 0) /* *out = ..: the place *out holds another value, or NULL (after a release the
                  release is kept: engine set_null) */
    lower_emit_var(x, lower_is_null_const(r, &k0) ? FE_NULLSET : FE_OTHERSET, at, dv);
}

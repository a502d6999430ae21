/* lower_cond.c - lowers a controlling expression to BRANCH terminators with the tested subject (variable, call, constant). */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/lower_ctx.h"

/* ---- conditions --------------------------------------------------------- */

/* The flow_cond op of a comparison operator (0 for others); mirror: for k OP s. */
static int op_code(const char* op, int mirror) {
  if (!strcmp(op, "==")) return '=';
  if (!strcmp(op, "!=")) return '!';
  if (!strcmp(op, "<")) return mirror ? '>' : '<';
  if (!strcmp(op, "<=")) return mirror ? 'g' : 'l';
  if (!strcmp(op, ">")) return mirror ? '<' : '>';
  if (!strcmp(op, ">=")) return mirror ? 'l' : 'g';
  return 0;
}

/* Ends x->cur with an FT_BRANCH on cond to t/fl, located at `at`. */
static void branch(lctx* x, CXCursor at, flow_cond cond, int t, int fl) {
  lower_ensure_cur(x);
  int b = x->cur;
  lower_set_succ(x, b, FT_BRANCH, t, fl);
  x->f->b[b].cond = cond;
  ast_loc l;
  ast_loc_of(at, &l);
  x->f->b[b].line = l.line;
  x->f->b[b].col = l.col;
  x->f->b[b].negated = x->neg;
  x->cur = -1;
}

/* A test of `s OP k`: s is a variable, an assignment or a call. */
static void subject_cond(lctx* x, CXCursor s, CXCursor at, int op, long long k, int t, int fl) {
  flow_cond cd = {FC_OPAQUE, -1, -1, op, k, -1};
  CXCursor u = ast_unwrap(s);
  enum CXCursorKind uk = clang_getCursorKind(u);
  int v = lower_var_of_expr(x, u);
  if (v < 0) v = lower_field_var(x, u);
  if (v < 0) v = lower_flag_var(x, u);
  if (v >= 0) {
    cd.kind = FC_VAR;
    cd.var = v;
  } else if (uk == CXCursor_BinaryOperator && lower_op_is(x, u, "=")) {
    x->expr(x, u);
    v = lower_var_of_expr(x, ast_child(u, 0));
    if (v < 0) v = lower_field_var(x, ast_child(u, 0));
    if (v >= 0) {
      cd.kind = FC_VAR;
      cd.var = v;
    }
  } else if (uk == CXCursor_CallExpr) {
    lower_call(x, u, FD_ESCAPE, -1, -1);
    lower_ensure_cur(x);
    cd.kind = FC_CALL;
    cd.evi = x->f->b[x->cur].nev - 1;
  } else {
    x->expr(x, u);
  }
  branch(x, at, cd, t, fl);
}

/* A comparison a OP b (op_code oc): against a constant, a test of the other
 * side (subject_cond); between two variables of which neither is a pointer
 * (or == / !=) an FC_VAR2 test (i < n); otherwise an opaque test. */
static void cond_compare(lctx* x, CXCursor u, const char* op, int oc, int t, int fl) {
  long long kv;
  CXCursor l = ast_child(u, 0), r = ast_child(u, 1);
  if (lower_is_null_const(r, &kv)) {
    subject_cond(x, l, u, oc, kv, t, fl);
    return;
  }
  if (lower_is_null_const(l, &kv)) {
    subject_cond(x, r, u, op_code(op, 1), kv, t, fl);
    return;
  }
  int lv = lower_var_of_expr(x, l), rv = lower_var_of_expr(x, r);
  if (lv < 0 && (oc == '=' || oc == '!')) lv = lower_field_var(x, l); /* st->res == dbh->last */
  if (rv < 0 && (oc == '=' || oc == '!')) rv = lower_field_var(x, r);
  if (lv >= 0 && rv >= 0 && lv != rv &&
      ((!x->f->vars[lv].ptr && !x->f->vars[rv].ptr) || oc == '=' || oc == '!')) {
    branch(x, u, (flow_cond){FC_VAR2, lv, -1, oc, 0, rv}, t, fl); /* i < n */
    return;
  }
  x->expr(x, u);
  branch(x, u, (flow_cond){FC_OPAQUE, -1, -1, 0, 0, -1}, t, fl);
}

/* A binary operator as a test: && / || (short-circuit blocks), the comma
 * operator, a comparison, an assignment (its value tested). Returns 0 when
 * lowered, -1 for another operator (the caller lowers it as a value). */
static int cond_binary(lctx* x, CXCursor u, const char* op, int t, int fl) {
  if (!strcmp(op, "&&") || !strcmp(op, "||")) {
    int m = lower_new_block(x);
    if (op[0] == '&')
      lower_cond(x, ast_child(u, 0), m, fl);
    else
      lower_cond(x, ast_child(u, 0), t, m);
    x->cur = m;
    lower_cond(x, ast_child(u, 1), t, fl);
    return 0;
  }
  if (!strcmp(op, ",")) {
    x->expr(x, ast_child(u, 0));
    lower_cond(x, ast_child(u, 1), t, fl);
    return 0;
  }
  int oc = op_code(op, 0);
  if (oc) {
    cond_compare(x, u, op, oc, t, fl);
    return 0;
  }
  if (!strcmp(op, "=")) {
    subject_cond(x, u, u, '!', 0, t, fl);
    return 0;
  }
  return -1;
}

/* Lowers c as a test: ends x->cur with a branch to t (true) or fl (false),
 * or a jump when c is a constant; !c swaps the targets (x->neg records it). */
void lower_cond(lctx* x, CXCursor c, int t, int fl) {
  CXCursor u = ast_unwrap(c);
  enum CXCursorKind k = clang_getCursorKind(u);
  long long kv;
  char op[8];
  if (x->err) return;
  if (k != CXCursor_DeclRefExpr && ast_int_value(u, &kv)) {
    lower_goto(x, kv ? t : fl);
    return;
  }
  if (k == CXCursor_UnaryOperator && lower_op_is(x, u, "!")) {
    x->neg = !x->neg;
    lower_cond(x, ast_child(u, 0), fl, t);
    x->neg = !x->neg;
    return;
  }
  if (k == CXCursor_BinaryOperator && lower_bin_operator(x, u, op, sizeof op) == 0 &&
      cond_binary(x, u, op, t, fl) == 0)
    return;
  if (k == CXCursor_DeclRefExpr || k == CXCursor_CallExpr ||
      (k == CXCursor_MemberRefExpr && (lower_field_var(x, u) >= 0 || lower_flag_var(x, u) >= 0)) ||
      (k == CXCursor_UnaryOperator && lower_deref_var(x, u, 1) >= 0)) {
    subject_cond(x, u, u, '!', 0, t, fl);
    return;
  }
  x->expr(x, u);
  branch(x, u, (flow_cond){FC_OPAQUE, -1, -1, 0, 0, -1}, t, fl);
}

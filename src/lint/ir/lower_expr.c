/* lower_expr.c - lowers an expression (not a condition) to flow IR events: calls, assignments, uses, escapes. */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/lower_ctx.h"

/* Lowers each child of c as an expression. */
void lower_children(lctx* x, CXCursor c) {
  ast_cursors ch = {0};
  ast_children(c, &ch);
  for (size_t i = 0; i < ch.n; i++) lower_expr(x, ch.v[i]);
  ast_cursors_free(&ch);
}

/* a = b (an assignment), a && b / a || b (short-circuit: a condition whose
 * both outcomes join), or any other operator (its operands). */
static void expr_binary(lctx* x, CXCursor c) {
  char op[8];
  if (lower_bin_operator(x, c, op, sizeof op) < 0) op[0] = 0;
  if (!strcmp(op, "=")) {
    lower_assign(x, ast_child(c, 0), ast_child(c, 1), c);
  } else if (!strcmp(op, "&&") || !strcmp(op, "||")) {
    int j = lower_new_block(x);
    lower_cond(x, c, j, j);
    x->cur = j;
  } else {
    lower_children(x, c);
  }
}

/* &v escapes v, *v uses v, ++v/--v overwrites it; other operands are lowered. */
static void expr_unary(lctx* x, CXCursor c) {
  char op[8];
  int post = 0;
  flow_op_of(x->tu, x->mx, c, op, sizeof op, &post);
  int v = lower_var_of_expr(x, ast_child(c, 0));
  if (v >= 0 && !strcmp(op, "&"))
    lower_emit_var(x, FE_ESCAPE, c, v);
  else if (v >= 0 && !strcmp(op, "*"))
    lower_emit_var(x, FE_USE, c, v);
  else if (v >= 0 && (!strcmp(op, "++") || !strcmp(op, "--")))
    lower_emit_var(x, FE_OTHERSET, c, v);
  else {
    lower_children(x, c);
    if (!strcmp(op, "&") || !strcmp(op, "++") || !strcmp(op, "--")) /* &o->flag, o->n++ */
      lower_flag_written(x, ast_child(c, 0), c, 0, 0);
  }
}

/* c ? a : b: a branch on c, a and b in their own blocks, joining after. */
static void expr_conditional(lctx* x, CXCursor c) {
  if (ast_nchildren(c) != 3) {
    lower_children(x, c);
    return;
  }
  int t = lower_new_block(x), fl = lower_new_block(x), j = lower_new_block(x);
  lower_cond(x, ast_child(c, 0), t, fl);
  x->cur = t;
  lower_expr(x, ast_child(c, 1));
  lower_goto(x, j);
  x->cur = fl;
  lower_expr(x, ast_child(c, 2));
  lower_goto(x, j);
  x->cur = j;
}

/* v[i] uses v; p->m / s.m uses a pointer p (a struct s is not dereferenced). */
static void expr_access(lctx* x, CXCursor c, enum CXCursorKind k) {
  int v = lower_var_of_expr(x, ast_child(c, 0));
  if (k == CXCursor_ArraySubscriptExpr) {
    if (v >= 0)
      lower_emit_var(x, FE_USE, c, v);
    else
      lower_expr(x, ast_child(c, 0));
    lower_expr(x, ast_child(c, 1));
  } else if (v >= 0) {
    if (x->f->vars[v].ptr) lower_emit_var(x, FE_USE, c, v);
  } else {
    lower_children(x, c);
  }
}

/* The value of designated initialiser c (`.f = v`, `[i] = v`, libclang's
 * unexposed DesignatedInitExpr: designator references, then the value), else c. */
static CXCursor init_value(CXCursor c) {
  if (clang_getCursorKind(c) != CXCursor_UnexposedExpr) return c;
  ast_cursors ch = {0};
  ast_children(c, &ch);
  CXCursor r = c;
  if (ch.n >= 2 && clang_isReference(clang_getCursorKind(ch.v[0])) &&
      clang_isExpression(clang_getCursorKind(ch.v[ch.n - 1])))
    r = ch.v[ch.n - 1];
  ast_cursors_free(&ch);
  return r;
}

/* { a, b } and { .f = a }: each variable put into the initialised object escapes. */
static void expr_init_list(lctx* x, CXCursor c) {
  ast_cursors ch = {0};
  ast_children(c, &ch);
  for (size_t i = 0; i < ch.n; i++) {
    ch.v[i] = init_value(ch.v[i]);
    int v = lower_var_of_expr(x, ch.v[i]);
    if (v >= 0)
      lower_emit_var(x, FE_ESCAPE, ch.v[i], v);
    else
      lower_expr(x, ch.v[i]);
  }
  ast_cursors_free(&ch);
}

/* Lowers expression c (its value unused or used by no test) at x->cur;
 * gives up silently below 400 levels of nesting. */
void lower_expr(lctx* x, CXCursor c) {
  if (x->err || ++x->depth > 400) {
    x->depth--;
    return;
  }
  enum CXCursorKind k = clang_getCursorKind(c);
  if ((k == CXCursor_CallExpr || k == CXCursor_CXXThrowExpr || k == CXCursor_LambdaExpr) &&
      x->cxx_expr && x->cxx_expr(x, c)) {
    x->depth--;
    return;
  }
  switch (k) {
  case CXCursor_CallExpr: lower_call(x, c, FD_NONE, -1, -1); break;
  case CXCursor_BinaryOperator: expr_binary(x, c); break;
  case CXCursor_CompoundAssignOperator:
    lower_expr(x, ast_child(c, 1));
    lower_emit_var(x, FE_OTHERSET, c, lower_var_of_expr(x, ast_child(c, 0)));
    lower_flag_written(x, ast_child(c, 0), c, 0, 0); /* o->n += k */
    break;
  case CXCursor_UnaryOperator: expr_unary(x, c); break;
  case CXCursor_ConditionalOperator: expr_conditional(x, c); break;
  case CXCursor_ArraySubscriptExpr:
  case CXCursor_MemberRefExpr: expr_access(x, c, k); break;
  case CXCursor_StmtExpr: lower_children(x, c); break; /* the compound statement */
  case CXCursor_CompoundStmt: x->stmt(x, c); break;
  case CXCursor_InitListExpr: expr_init_list(x, c); break;
  case CXCursor_DeclRefExpr:
  case CXCursor_IntegerLiteral:
  case CXCursor_StringLiteral:
  case CXCursor_CharacterLiteral:
  case CXCursor_FloatingLiteral:
  case CXCursor_UnaryExpr: /* sizeof */
    break;
  default:
    lower_children(x, c);
    break;
  }
  x->depth--;
}

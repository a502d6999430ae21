/* lower_expr.c - lowers an expression (not a condition) to flow IR events: calls, assignments, uses, escapes. */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/lower_ctx.h"

/* ---- expressions -------------------------------------------------------- */

void lower_children(lctx* x, CXCursor c) {
  ast_cursors ch = {0};
  ast_children(c, &ch);
  for (size_t i = 0; i < ch.n; i++) lower_expr(x, ch.v[i]);
  ast_cursors_free(&ch);
}

void lower_expr(lctx* x, CXCursor c) {
  if (x->err || ++x->depth > 400) {
    x->depth--;
    return;
  }
  enum CXCursorKind k = clang_getCursorKind(c);
  char op[8];
  switch (k) {
  case CXCursor_CallExpr:
    lower_call(x, c, FD_NONE, -1, -1);
    break;
  case CXCursor_BinaryOperator:
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
    break;
  case CXCursor_CompoundAssignOperator:
    lower_expr(x, ast_child(c, 1));
    lower_emit_var(x, FE_OTHERSET, c, lower_var_of_expr(x, ast_child(c, 0)));
    break;
  case CXCursor_UnaryOperator: {
    int post = 0;
    flow_op_of(x->tu, x->mx, c, op, sizeof op, &post);
    int v = lower_var_of_expr(x, ast_child(c, 0));
    if (v >= 0 && !strcmp(op, "&"))
      lower_emit_var(x, FE_ESCAPE, c, v);
    else if (v >= 0 && !strcmp(op, "*"))
      lower_emit_var(x, FE_USE, c, v);
    else if (v >= 0 && (!strcmp(op, "++") || !strcmp(op, "--")))
      lower_emit_var(x, FE_OTHERSET, c, v);
    else
      lower_children(x, c);
    break;
  }
  case CXCursor_ConditionalOperator:
    if (ast_nchildren(c) == 3) {
      int t = lower_new_block(x), fl = lower_new_block(x), j = lower_new_block(x);
      lower_cond(x, ast_child(c, 0), t, fl);
      x->cur = t;
      lower_expr(x, ast_child(c, 1));
      lower_goto(x, j);
      x->cur = fl;
      lower_expr(x, ast_child(c, 2));
      lower_goto(x, j);
      x->cur = j;
    } else {
      lower_children(x, c);
    }
    break;
  case CXCursor_ArraySubscriptExpr: {
    int v = lower_var_of_expr(x, ast_child(c, 0));
    if (v >= 0)
      lower_emit_var(x, FE_USE, c, v);
    else
      lower_expr(x, ast_child(c, 0));
    lower_expr(x, ast_child(c, 1));
    break;
  }
  case CXCursor_MemberRefExpr: {
    int v = lower_var_of_expr(x, ast_child(c, 0));
    if (v >= 0) {
      if (x->f->vars[v].ptr) lower_emit_var(x, FE_USE, c, v);
    } else {
      lower_children(x, c);
    }
    break;
  }
  case CXCursor_StmtExpr:
    lower_children(x, c); /* the compound statement */
    break;
  case CXCursor_CompoundStmt:
    x->stmt(x, c);
    break;
  case CXCursor_InitListExpr: {
    ast_cursors ch = {0};
    ast_children(c, &ch);
    for (size_t i = 0; i < ch.n; i++) {
      int v = lower_var_of_expr(x, ch.v[i]);
      if (v >= 0)
        lower_emit_var(x, FE_ESCAPE, ch.v[i], v);
      else
        lower_expr(x, ch.v[i]);
    }
    ast_cursors_free(&ch);
    break;
  }
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

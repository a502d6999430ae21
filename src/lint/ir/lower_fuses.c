/* lower_fuses.c - every naming of a handle field of a record defined in this file, whatever its root (a variable, an array slot, a call), classified by what the code does with it: released by libpq, handed elsewhere, or only used, tested and assigned (flow_fn.fuses; the closed world of engine/path_ownev.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/lower_ctx.h"

/* What the expression around a field naming does with its value. */
enum { FU_OTHER = 0, /* anything else: copied out, returned, handed to a non-libpq call */
       FU_OK,        /* a libpq call's argument, a printf format's argument, a test, the target of `= NULL`/`= call()`/`= var` */
       FU_REL };     /* the argument of PQfinish / PQclear */

/* Adds "<how><record>\t<field>" to f->fuses unless it is there (x->err on ENOMEM). */
static void fuse_add(lctx* x, char how, const char* owner, const char* field) {
  flow_fn* f = x->f;
  size_t n = strlen(owner) + strlen(field) + 3;
  char* s = malloc(n);
  if (!s) {
    x->err = PQL_ENOMEM;
    return;
  }
  snprintf(s, n, "%c%s\t%s", how, owner, field);
  for (int i = 0; i < f->nfuses; i++)
    if (!strcmp(f->fuses[i], s)) {
      free(s);
      return;
    }
  char** nv = realloc(f->fuses, (size_t)(f->nfuses + 1) * sizeof *nv);
  if (!nv) {
    free(s);
    x->err = PQL_ENOMEM;
    return;
  }
  f->fuses = nv;
  f->fuses[f->nfuses++] = s;
}

/* A handle-typed member expression m met in context ctx: recorded when its
 * record is defined in this file. */
static void fuse_member(lctx* x, CXCursor m, int ctx) {
  CXType t = clang_getCanonicalType(clang_getCursorType(m));
  if (t.kind != CXType_Pointer || lower_handle_type(x, clang_getCursorType(m)) != 1) return;
  char *owner, *field;
  int local;
  if (lower_member_owner(m, &owner, &field, &local) < 0) {
    x->err = PQL_ENOMEM;
    return;
  }
  if (owner && local && ctx != FU_OK) fuse_add(x, ctx == FU_REL ? 'r' : 'e', owner, field);
  free(owner);
  free(field);
}

/* 1 when c (unwrapped) is a value a field may be set to without handing a
 * handle elsewhere: NULL/0, a call, a plain variable. */
static int plain_source(CXCursor c) {
  CXCursor u = ast_unwrap(c);
  enum CXCursorKind k = clang_getCursorKind(u);
  return k == CXCursor_IntegerLiteral || k == CXCursor_GNUNullExpr ||
         k == CXCursor_CXXNullPtrLiteralExpr || k == CXCursor_CallExpr || k == CXCursor_DeclRefExpr;
}

static void fuse_walk(lctx* x, CXCursor c, int ctx, int depth);

/* The children of c, each in the context c gives it. */
static void fuse_children(lctx* x, CXCursor c, int ctx, int depth) {
  ast_cursors ch = {0};
  if (ast_children(c, &ch) < 0) {
    x->err = PQL_ENOMEM;
    return;
  }
  enum CXCursorKind k = clang_getCursorKind(c);
  char* callee = k == CXCursor_CallExpr ? ast_callee_name(c) : NULL;
  int libpq = callee && (!strncmp(callee, "PQ", 2) || !strncmp(callee, "lo_", 3));
  int rel = callee && (!strcmp(callee, "PQfinish") || !strcmp(callee, "PQclear"));
  int fmt = k == CXCursor_CallExpr && !libpq ? lower_fmt_first(c) : -1; /* printed only */
  for (size_t i = 0; i < ch.n && !x->err; i++) {
    int cc = FU_OTHER;
    switch (k) {
      case CXCursor_ParenExpr:
      case CXCursor_UnexposedExpr:
      case CXCursor_CStyleCastExpr:
        cc = ctx; /* transparent */
        break;
      case CXCursor_CallExpr:
        cc = i == 0 ? FU_OTHER : rel ? FU_REL : libpq ? FU_OK
                                 : fmt >= 0 && (int)i - 1 >= fmt ? FU_OK : FU_OTHER;
        break;
      case CXCursor_ConditionalOperator:
        cc = i == 0 ? FU_OK : ctx; /* the test; the branches are its value */
        break;
      case CXCursor_UnaryOperator:
        cc = lower_op_is(x, c, "!") ? FU_OK : FU_OTHER;
        break;
      case CXCursor_BinaryOperator:
        if (lower_op_is(x, c, "==") || lower_op_is(x, c, "!=") || lower_op_is(x, c, "&&") ||
            lower_op_is(x, c, "||"))
          cc = FU_OK;
        else if (lower_op_is(x, c, "=") && i == 0)
          cc = ch.n == 2 && plain_source(ch.v[1]) ? FU_OK : FU_OTHER;
        else if (lower_op_is(x, c, ","))
          cc = i == 0 ? FU_OK : ctx;
        break;
      default:
        /* a statement's own expression (a test, or a value dropped); a return's value,
           a declaration's initializer and every other expression take it elsewhere */
        cc = clang_isStatement(k) && k != CXCursor_ReturnStmt && k != CXCursor_DeclStmt ? FU_OK
                                                                                         : FU_OTHER;
        break;
    }
    fuse_walk(x, ch.v[i], cc, depth + 1);
  }
  free(callee);
  ast_cursors_free(&ch);
}

static void fuse_walk(lctx* x, CXCursor c, int ctx, int depth) {
  if (x->err || depth > 400) return;
  if (clang_getCursorKind(c) == CXCursor_MemberRefExpr) fuse_member(x, c, ctx);
  fuse_children(x, c, ctx, depth);
}

void lower_fuses(lctx* x, CXCursor body) {
  if (!clang_Cursor_isNull(body)) fuse_walk(x, body, FU_OK, 0);
}

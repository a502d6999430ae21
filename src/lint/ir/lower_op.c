/* lower_op.c - the operator of a unary/binary expression as written, also when an operand comes from a macro. */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/lower_ctx.h"

/* 1 if c is a unary/binary operator spelled op (see flow_op_of). */
int lower_op_is(lctx* x, CXCursor c, const char* op) {
  char buf[8];
  return flow_op_of(x->tu, x->mx, c, buf, sizeof buf, NULL) == 0 && !strcmp(buf, op);
}

/* The operator of a binary operator: ast_operator, or (when the left
 * operand comes from a macro) the last depth-0 punctuation token between
 * the expansion of the left operand's start and the right operand. */
int lower_bin_operator(lctx* x, CXCursor c, char* buf, size_t len) {
  if (flow_op_of(x->tu, x->mx, c, buf, len, NULL) == 0) return 0;
  CXCursor l = ast_child(c, 0), r = ast_child(c, 1);
  CXFile f1, f2;
  unsigned o1, o2;
  clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(l)), &f1, NULL, NULL, &o1);
  clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(r)), &f2, NULL, NULL, &o2);
  if (!f1 || !clang_File_isEqual(f1, f2) || o2 <= o1) return -1;
  CXSourceRange rg = clang_getRange(clang_getLocationForOffset(x->tu, f1, o1),
                                    clang_getLocationForOffset(x->tu, f1, o2));
  CXToken* toks = NULL;
  unsigned n = 0;
  int depth = 0, found = -1;
  clang_tokenize(x->tu, rg, &toks, &n);
  for (unsigned i = 0; i < n; i++) {
    unsigned off;
    clang_getExpansionLocation(clang_getTokenLocation(x->tu, toks[i]), NULL, NULL, NULL, &off);
    if (off >= o2) break;
    CXString sp = clang_getTokenSpelling(x->tu, toks[i]);
    const char* t = clang_getCString(sp);
    if (!strcmp(t, "(") || !strcmp(t, "[")) depth++;
    else if (!strcmp(t, ")") || !strcmp(t, "]")) depth--;
    else if (depth == 0 && clang_getTokenKind(toks[i]) == CXToken_Punctuation && strlen(t) < len) {
      strcpy(buf, t);
      found = 0;
    }
    clang_disposeString(sp);
  }
  if (toks) clang_disposeTokens(x->tu, toks, n);
  return found;
}

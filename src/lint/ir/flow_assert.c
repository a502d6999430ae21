/* flow_assert.c - assertion macros (the models' "assert" list: assert, Assert, g_assert*, ASSERT*): the fact a statement `Assert(res == NULL);` states, read from the macro use's tokens, so the path goes on only where it holds (even when the macro expands to nothing). */
#include <stdlib.h>
#include <string.h>

#include "ir/flow_assert.h"
#include "parse/ast.h"

/* The macro use of mx that covers file offset off, or NULL. */
static const flow_macro_use* use_at(const flow_macro_uses* mx, unsigned off) {
  const flow_macro_use* best = NULL;
  for (size_t i = 0; mx && i < mx->n; i++)
    if (mx->v[i].start <= off && off < mx->v[i].end) best = &mx->v[i];
  return best;
}

/* 1 if token t is NULL, 0, or an integer literal; its value in *v. */
static int const_token(CXTranslationUnit tu, CXToken t, long long* v) {
  CXString s = clang_getTokenSpelling(tu, t);
  const char* p = clang_getCString(s);
  int ok = 0;
  if (p && (!strcmp(p, "NULL") || !strcmp(p, "nullptr"))) {
    *v = 0;
    ok = 1;
  } else if (p && clang_getTokenKind(t) == CXToken_Literal && *p >= '0' && *p <= '9') {
    char* end;
    *v = strtoll(p, &end, 0);
    ok = end != p && (*end == 0 || strchr("uUlL", *end));
  }
  clang_disposeString(s);
  return ok;
}

static int tok_is(CXTranslationUnit tu, CXToken t, const char* w) {
  CXString s = clang_getTokenSpelling(tu, t);
  int r = clang_getCString(s) && !strcmp(clang_getCString(s), w);
  clang_disposeString(s);
  return r;
}

int flow_assert_fact(CXTranslationUnit tu, const flow_macro_uses* mx, const model_set* m, CXCursor stmt,
                     char* var, size_t len, int* op, long long* val) {
  if (!m || !m->asserts.n || !mx || !mx->n) return 0;
  ast_loc l;
  ast_loc_of(stmt, &l);
  const flow_macro_use* u = use_at(mx, l.offset);
  if (!u || u->start != l.offset) return 0; /* the statement is the whole assertion */
  CXString nm = clang_getCursorSpelling(u->c);
  int named = clang_getCString(nm) && model_calls_match(&m->asserts, clang_getCString(nm)) >= 0;
  clang_disposeString(nm);
  if (!named) return 0;
  CXToken* t = NULL;
  unsigned n = 0;
  clang_tokenize(tu, clang_getCursorExtent(u->c), &t, &n);
  /* NAME ( arg ) with arg one of: x, !x, x == K, K == x, x != K, K != x */
  int ok = 0;
  if (n >= 4 && tok_is(tu, t[1], "(") && tok_is(tu, t[n - 1], ")")) {
    CXToken* a = t + 2;
    unsigned k = n - 3;
    int vi = -1;
    long long c = 0;
    if (k == 1 && clang_getTokenKind(a[0]) == CXToken_Identifier) {
      vi = 0, *op = '!', c = 0;
    } else if (k == 2 && tok_is(tu, a[0], "!") && clang_getTokenKind(a[1]) == CXToken_Identifier) {
      vi = 1, *op = '=', c = 0;
    } else if (k == 3 && (tok_is(tu, a[1], "==") || tok_is(tu, a[1], "!="))) {
      *op = tok_is(tu, a[1], "==") ? '=' : '!';
      if (clang_getTokenKind(a[0]) == CXToken_Identifier && const_token(tu, a[2], &c)) vi = 0;
      else if (clang_getTokenKind(a[2]) == CXToken_Identifier && const_token(tu, a[0], &c)) vi = 2;
    }
    if (vi >= 0) {
      CXString s = clang_getTokenSpelling(tu, a[vi]);
      const char* p = clang_getCString(s);
      if (p && strlen(p) < len && strcmp(p, "NULL")) {
        strcpy(var, p);
        *val = c;
        ok = 1;
      }
      clang_disposeString(s);
    }
  }
  if (t) clang_disposeTokens(tu, t, n);
  return ok;
}

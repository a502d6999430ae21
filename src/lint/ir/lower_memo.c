/* lower_memo.c - per translation unit answers of the lowering that depend only on a declaration cursor (is the callee noreturn), computed once per declaration. */
#include <stdlib.h>
#include <string.h>

#include "ir/lower_ctx.h"
#include "parse/tokens.h"

/* 1 if the tokens of c's extent hold _Noreturn, noreturn or __noreturn__
 * (the identifiers and keywords among them: no other token kind can spell
 * one); one pass where three ast_has_token calls made three. A declaration
 * outside the main file is tokenized alone: its header is read for nothing
 * else, and lexing all of it (stdio.h, libpq-fe.h) cost more than the
 * prototype (the tokens are the same either way, tokens.h). */
static int extent_says_noreturn(CXCursor c) {
  CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
  tok_slice ts;
  if (ast_in_main_file(c)) tok_range(tu, clang_getCursorExtent(c), &ts);
  else tok_range_uncached(tu, clang_getCursorExtent(c), &ts);
  int found = 0;
  for (unsigned i = 0; i < ts.n && !found; i++) {
    CXTokenKind k = clang_getTokenKind(ts.v[i]);
    if (k != CXToken_Identifier && k != CXToken_Keyword) continue;
    CXString s = clang_getTokenSpelling(tu, ts.v[i]);
    const char* p = clang_getCString(s);
    found = p && (!strcmp(p, "_Noreturn") || !strcmp(p, "noreturn") || !strcmp(p, "__noreturn__"));
    clang_disposeString(s);
  }
  tok_range_done(&ts);
  return found;
}

/* 1 if function declaration d is noreturn: its type says so
 * (__attribute__((noreturn))) or a token of its extent does. */
static int decl_is_noreturn(CXCursor d) {
  char* ts = ast_str(clang_getTypeSpelling(clang_getCursorType(d)));
  int nr = ts && strstr(ts, "noreturn") != NULL;
  free(ts);
  return nr || extent_says_noreturn(d);
}

int lower_memo_noreturn(lower_memo* m, CXCursor d) {
  if (!m) return decl_is_noreturn(d);
  unsigned h = clang_hashCursor(d);
  if (m->cap) {
    for (unsigned i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
      if (!m->v[i].used) break;
      if (m->v[i].hash == h && clang_equalCursors(m->v[i].decl, d)) return m->v[i].noreturn;
    }
  }
  int nr = decl_is_noreturn(d);
  if (2 * (m->n + 1) > m->cap) { /* grow (ENOMEM: the answer is still right, just not kept) */
    unsigned nc = m->cap ? 2 * m->cap : 64;
    lower_memo_slot* nv = calloc(nc, sizeof *nv);
    if (!nv) return nr;
    for (unsigned j = 0; j < m->cap; j++) {
      if (!m->v[j].used) continue;
      unsigned i = m->v[j].hash & (nc - 1);
      while (nv[i].used) i = (i + 1) & (nc - 1);
      nv[i] = m->v[j];
    }
    free(m->v);
    m->v = nv;
    m->cap = nc;
  }
  unsigned i = h & (m->cap - 1);
  while (m->v[i].used) i = (i + 1) & (m->cap - 1);
  m->v[i] = (lower_memo_slot){d, h, nr, 1};
  m->n++;
  return nr;
}

void lower_memo_free(lower_memo* m) {
  free(m->v);
  memset(m, 0, sizeof *m);
}

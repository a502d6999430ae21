/* tokens.c - tokens of a range as a slice of the file's tokens, lexed once per file and thread (clang_tokenize of a big macro-expanded extent is what made lowering slow). */
#include "parse/tokens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One file's tokens, lexed from its first byte to its last. */
typedef struct tok_file {
  CXFile file;
  CXToken* v;
  unsigned* off; /* spelling offset of v[i] */
  unsigned* end; /* offset just past v[i] */
  unsigned n;
  int failed;    /* could not be lexed: every range of it falls back */
} tok_file;

typedef struct tok_cache {
  CXTranslationUnit tu;
  tok_file* f;
  size_t n, cap;
} tok_cache;

static _Thread_local tok_cache cache;

static unsigned spell_off(CXSourceLocation l, CXFile* file) {
  unsigned o = 0;
  clang_getSpellingLocation(l, file, NULL, NULL, &o);
  return o;
}

void tok_forget(CXTranslationUnit tu) {
  if (cache.tu != tu) return;
  for (size_t i = 0; i < cache.n; i++) {
    if (cache.f[i].v) clang_disposeTokens(tu, cache.f[i].v, cache.f[i].n);
    free(cache.f[i].off);
    free(cache.f[i].end);
  }
  free(cache.f);
  memset(&cache, 0, sizeof cache);
}

/* Lexes all of file into t (clang_tokenize over [0, size)). */
static void lex_file(CXTranslationUnit tu, CXFile file, tok_file* t) {
  memset(t, 0, sizeof *t);
  t->file = file;
  size_t size = 0;
  if (!clang_getFileContents(tu, file, &size)) {
    t->failed = 1;
    return;
  }
  CXSourceRange all = clang_getRange(clang_getLocationForOffset(tu, file, 0),
                                     clang_getLocationForOffset(tu, file, (unsigned)size));
  clang_tokenize(tu, all, &t->v, &t->n);
  t->off = malloc((t->n ? t->n : 1) * sizeof *t->off);
  t->end = malloc((t->n ? t->n : 1) * sizeof *t->end);
  if (!t->off || !t->end) {
    if (t->v) clang_disposeTokens(tu, t->v, t->n);
    free(t->off);
    free(t->end);
    memset(t, 0, sizeof *t);
    t->file = file;
    t->failed = 1;
    return;
  }
  for (unsigned i = 0; i < t->n; i++) {
    t->off[i] = spell_off(clang_getTokenLocation(tu, t->v[i]), NULL);
    /* int_data[2] is the token's length in the buffer (CIndex.cpp getTokens) */
    t->end[i] = t->off[i] + t->v[i].int_data[2];
  }
}

/* This thread's tokens of file (lexed on first use); NULL on ENOMEM. */
static tok_file* file_tokens(CXTranslationUnit tu, CXFile file) {
  if (cache.tu != tu) {
    tok_forget(cache.tu);
    cache.tu = tu;
  }
  for (size_t i = 0; i < cache.n; i++)
    if (clang_File_isEqual(cache.f[i].file, file)) return &cache.f[i];
  if (cache.n == cache.cap) {
    size_t nc = cache.cap ? cache.cap * 2 : 8;
    tok_file* nf = realloc(cache.f, nc * sizeof *nf);
    if (!nf) return NULL;
    cache.f = nf;
    cache.cap = nc;
  }
  lex_file(tu, file, &cache.f[cache.n]);
  return &cache.f[cache.n++];
}

static unsigned lower_bound(const unsigned* off, unsigned n, unsigned o) {
  unsigned lo = 0, hi = n;
  while (lo < hi) {
    unsigned mid = lo + (hi - lo) / 2;
    if (off[mid] < o) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

unsigned tok_lower_bound(const tok_slice* s, unsigned off) {
  return lower_bound(s->off, s->n, off);
}

/* The fallback: clang_tokenize itself, with offsets. */
static void tokenize_owned(CXTranslationUnit tu, CXSourceRange r, tok_slice* out) {
  clang_tokenize(tu, r, &out->owned, &out->nowned);
  out->owned_off = out->nowned ? malloc(out->nowned * sizeof *out->owned_off) : NULL;
  if (out->nowned && !out->owned_off) {
    clang_disposeTokens(tu, out->owned, out->nowned);
    out->owned = NULL;
    out->nowned = 0;
  }
  for (unsigned i = 0; i < out->nowned; i++)
    out->owned_off[i] = spell_off(clang_getTokenLocation(tu, out->owned[i]), NULL);
  out->v = out->owned;
  out->off = out->owned_off;
  out->n = out->nowned;
}

/* PQL_TOKCHECK=1: every cached slice is compared with clang_tokenize (the
 * test fixtures.token-cache); a difference aborts. */
static void check_slice(CXTranslationUnit tu, CXSourceRange r, const tok_slice* s) {
  static int on = -1; /* 2: PQL_TOKCHECK=selftest, the check sees a slice one token short */
  if (on < 0) {
    const char* e = getenv("PQL_TOKCHECK");
    on = !e ? 0 : !strcmp(e, "selftest") ? 2 : 1;
  }
  if (!on) return;
  CXToken* t = NULL;
  unsigned n = 0;
  clang_tokenize(tu, r, &t, &n);
  int same = n == s->n - (on == 2 && s->n > 1);
  /* kind, length, identifier and place; the raw location may name another
   * inclusion of the same header (stddef.h), which is the same text */
  for (unsigned i = 0; same && i < n; i++) {
    CXFile f1 = NULL, f2 = NULL;
    unsigned o1 = spell_off(clang_getTokenLocation(tu, t[i]), &f1);
    unsigned o2 = spell_off(clang_getTokenLocation(tu, s->v[i]), &f2);
    same = t[i].int_data[0] == s->v[i].int_data[0] && t[i].int_data[2] == s->v[i].int_data[2] &&
           t[i].ptr_data == s->v[i].ptr_data && o1 == o2 && clang_File_isEqual(f1, f2);
  }
  if (t) clang_disposeTokens(tu, t, n);
  if (!same) {
    CXFile f = NULL;
    unsigned ob = spell_off(clang_getRangeStart(r), &f), oe = spell_off(clang_getRangeEnd(r), NULL);
    CXString fn = clang_getFileName(f);
    fprintf(stderr, "pqlint: internal error: token cache differs from clang_tokenize (%u vs %u tokens) in %s at %u..%u\n",
            s->n, n, clang_getCString(fn), ob, oe);
    clang_disposeString(fn);
    abort();
  }
}

/* Where clang_tokenize starts lexing at l: the file and offset of the first
 * token it gives for the empty range [l, l]. clang_getSpellingLocation
 * gives the expansion point of a macro body's location (libclang 14), but
 * clang_tokenize lexes from its true spelling, in the #define: this asks the
 * lexer itself. Returns 0, or -1 when there is no token there. */
static int lexed_at(CXTranslationUnit tu, CXSourceLocation l, CXFile* f, unsigned* off) {
  CXToken* t = NULL;
  unsigned n = 0;
  clang_tokenize(tu, clang_getRange(l, l), &t, &n);
  if (!n) return -1;
  *off = spell_off(clang_getTokenLocation(tu, t[0]), f);
  clang_disposeTokens(tu, t, n);
  return *f ? 0 : -1;
}

void tok_range_uncached(CXTranslationUnit tu, CXSourceRange r, tok_slice* out) {
  memset(out, 0, sizeof *out);
  out->tu = tu;
  tokenize_owned(tu, r, out);
}

void tok_range(CXTranslationUnit tu, CXSourceRange r, tok_slice* out) {
  memset(out, 0, sizeof *out);
  out->tu = tu;
  CXFile fb = NULL, fe = NULL, fe2 = NULL;
  unsigned ob = 0, te = 0;
  CXSourceLocation end = clang_getRangeEnd(r);
  unsigned oe = spell_off(end, &fe2);
  tok_file* t = NULL;
  if (!lexed_at(tu, clang_getRangeStart(r), &fb, &ob) && !lexed_at(tu, end, &fe, &te) &&
      clang_File_isEqual(fb, fe) && fe2 && clang_File_isEqual(fe, fe2))
    t = file_tokens(tu, fb);
  unsigned i0 = t && !t->failed ? lower_bound(t->off, t->n, ob) : 0;
  unsigned j = t && !t->failed ? lower_bound(t->off, t->n, oe) : 0;
  /* the cache serves the range when it starts at one of its tokens and the
   * end's offset is exact: the lexer, started at the end, finds the token
   * that follows it in the cache, and the end is not inside a token */
  if (!t || t->failed || i0 >= t->n || t->off[i0] != ob || j >= t->n || t->off[j] != te ||
      (j > 0 && t->end[j - 1] > oe)) {
    tokenize_owned(tu, r, out); /* let libclang decide */
    return;
  }
  /* clang_tokenize lexes from the start and stops after the first token
   * that reaches the range's end */
  unsigned k = i0;
  while (k < t->n) {
    if (t->end[k++] >= oe) break;
  }
  out->v = t->v + i0;
  out->off = t->off + i0;
  out->n = k - i0;
  check_slice(tu, r, out);
}

void tok_range_done(tok_slice* s) {
  if (s->owned) clang_disposeTokens(s->tu, s->owned, s->nowned);
  free(s->owned_off);
  memset(s, 0, sizeof *s);
}

/* tokens.h - the tokens of a source range without re-lexing: each file of a translation unit is lexed once per thread and ranges are served as slices of it. */
#ifndef PQL_TOKENS_H
#define PQL_TOKENS_H

#include <clang-c/Index.h>

/* The tokens of one range: v[0..n) in file order, off[i] the spelling
 * offset of v[i]. Valid until tok_range_done (and until the TU is forgotten). */
typedef struct tok_slice {
  CXToken* v;
  const unsigned* off;
  unsigned n;
  /* private: a fallback clang_tokenize result owned by the slice */
  CXTranslationUnit tu;
  CXToken* owned;
  unsigned* owned_off;
  unsigned nowned;
} tok_slice;

/* The tokens clang_tokenize(tu, r) gives, in the same order and with the
 * same kinds and spellings: from the cache of r's file when r starts at a
 * token of it, else from clang_tokenize itself. Never fails (on ENOMEM the
 * slice comes from clang_tokenize, or is empty when that gives nothing).
 * Release with tok_range_done. One thread's cache holds one TU. */
void tok_range(CXTranslationUnit tu, CXSourceRange r, tok_slice* out);
void tok_range_done(tok_slice* s);

/* The same slice from clang_tokenize of r alone, leaving the cache alone: for
 * a short range of a file nothing else reads the tokens of (a prototype in a
 * header), where lexing the whole file would cost more than the range. */
void tok_range_uncached(CXTranslationUnit tu, CXSourceRange r, tok_slice* out);

/* Index of the first token of s at spelling offset >= off (s->n if none). */
unsigned tok_lower_bound(const tok_slice* s, unsigned off);

/* Drops this thread's cache if it belongs to tu; call before disposing tu
 * (a new TU may get the old one's address). */
void tok_forget(CXTranslationUnit tu);

#endif

/* suggest.h - "did you mean ...?": the closest of a few candidate names to a mistyped one. */
#ifndef PQL_SUGGEST_H
#define PQL_SUGGEST_H

#include <stddef.h>

/* Levenshtein distance of a and b, capped at 9 (names are short). */
int pql_edit_distance(const char* a, const char* b);

/* The candidate closest to name: at most 2 edits away (the first of the
 * closest), else the only candidate that starts with name when name has
 * more than 3 characters; NULL if none. cands[0..n) are not copied. */
const char* pql_suggest(const char* name, const char* const* cands, size_t n);

#endif

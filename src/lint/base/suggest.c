/* suggest.c - the closest candidate to a mistyped name (options, rule ids), by edit distance. */
#include "base/suggest.h"

#include <string.h>

int pql_edit_distance(const char* a, const char* b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 40 || lb > 40) return 9;
  int d[41][41];
  for (size_t i = 0; i <= la; i++) d[i][0] = (int)i;
  for (size_t j = 0; j <= lb; j++) d[0][j] = (int)j;
  for (size_t i = 1; i <= la; i++)
    for (size_t j = 1; j <= lb; j++) {
      int sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
      int del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
      d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
    }
  return d[la][lb] > 9 ? 9 : d[la][lb];
}

const char* pql_suggest(const char* name, const char* const* cands, size_t n) {
  const char* best = NULL;
  int bd = 3;
  for (size_t i = 0; i < n; i++) {
    int d = pql_edit_distance(name, cands[i]);
    if (d < bd) bd = d, best = cands[i];
  }
  if (best) return best;
  size_t len = strlen(name);
  for (size_t i = 0; len > 3 && i < n; i++) {
    if (strncmp(cands[i], name, len)) continue;
    if (best) return NULL; /* ambiguous prefix */
    best = cands[i];
  }
  return best;
}

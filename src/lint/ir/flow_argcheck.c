/* flow_argcheck.c - the models' call patterns against the calls of a lowered unit: a pattern whose `arg` does not exist on a call it matches is a model error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/flow.h"
#include "ir/flow_ir.h"

/* One distinct callee of the unit with its fewest arguments and where. */
typedef struct ac_callee {
  const char* name;
  int nargs;
  unsigned line;
} ac_callee;

static unsigned long ac_hash(const char* s) {
  unsigned long h = 5381;
  while (*s) h = h * 33 + (unsigned char)*s++;
  return h;
}

int flow_unit_check_args(const flow_unit* u, const model_set* m, char* errbuf, size_t errlen) {
  if (!u || !m) return 0;
  size_t ncalls = 0;
  for (int f = 0; f < u->nfns; f++)
    for (int b = 0; b < u->fns[f].nb; b++) ncalls += (size_t)u->fns[f].b[b].nev;
  size_t cap = 16;
  while (cap < 2 * ncalls) cap *= 2;
  ac_callee* tab = calloc(cap, sizeof *tab); /* open addressing on the name */
  if (!tab) return PQL_ENOMEM;
  for (int f = 0; f < u->nfns; f++)
    for (int b = 0; b < u->fns[f].nb; b++)
      for (int i = 0; i < u->fns[f].b[b].nev; i++) {
        const flow_ev* e = &u->fns[f].b[b].ev[i];
        if (e->kind != FE_CALL || !e->callee) continue;
        size_t k = ac_hash(e->callee) & (cap - 1);
        while (tab[k].name && strcmp(tab[k].name, e->callee)) k = (k + 1) & (cap - 1);
        if (!tab[k].name || e->nargs < tab[k].nargs) tab[k] = (ac_callee){e->callee, e->nargs, e->line};
      }
  int rc = 0;
  for (size_t k = 0; k < cap && !rc; k++) {
    if (!tab[k].name) continue;
    char where[600];
    snprintf(where, sizeof where, "%s:%u", u->path ? u->path : "?", tab[k].line);
    rc = model_check_call(m, tab[k].name, tab[k].nargs, where, errbuf, errlen);
  }
  free(tab);
  return rc;
}

/* path_globown.c - the closed-world evidence that a static handle global owns its handle, looked up in the summaries' tables (asked by the engine and by rules; emits nothing). */
#include <string.h>

#include "engine/path.h"

int globev_evidence(const flow_summaries* s, const flow_unit* u, const char* name,
                    const flow_sum_slot** acq, unsigned* line) {
  unsigned char acqb = 0;
  if (!s) return 0;
  for (size_t i = 0; i < s->n; i++) {
    const flow_sum_slot* su = &s->v[i];
    if (su->unit != u) continue;
    if (!su->sum || su->sum->broken || su->sum->gl_all || su->hdr)
      return 0; /* the file's facts are incomplete */
    for (int j = 0; j < su->sum->ngl; j++) {
      const flow_sum_glob* g = &su->sum->gl[j];
      if (strcmp(g->name, name)) continue;
      if (g->rel || g->out) return 0;
      if (g->acq && !acqb && acq) *acq = su, *line = g->acq_line;
      acqb |= g->acq;
    }
  }
  for (int k = FK_CONN; k <= FK_RESULT; k++)
    if (acqb & (1u << k)) return 1 + k;
  return 0;
}

int flow_cx_global(const flow_cx* a, int var, flow_global_evidence* out) {
  memset(out, 0, sizeof *out);
  if (var < 0 || var >= a->f->nvars || a->f->vars[var].global != 1) return 0;
  const flow_sum_slot* acq = NULL;
  unsigned line = 0;
  int k = globev_evidence(a->s, a->u, a->f->vars[var].name, &acq, &line);
  if (!k || !acq) return 0;
  out->name = a->f->vars[var].name;
  out->acq_fn = acq->name;
  out->acq_line = line;
  return k;
}

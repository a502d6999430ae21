/* path_ownev.c - the run-wide ownership evidence of a (record, field) place, looked up in the summaries' tables (asked by the engine and by rules; emits nothing). */
#include <string.h>

#include "engine/path.h"

int owner_owning(const actx* a, int var, const flow_sum_slot** acq, const flow_sum_slot** rel) {
  const flow_var* fv = &a->f->vars[var];
  if (!fv->owner || !fv->owner_field || !a->s) return 0;
  const flow_sum_slot* by_acq[FK_RESULT + 1] = {NULL, NULL};
  const flow_sum_slot* by_rel[FK_RESULT + 1] = {NULL, NULL};
  for (size_t i = 0; i < a->s->n; i++) {
    const flow_sum_slot* su = &a->s->v[i];
    for (int j = 0; su->sum && j < su->sum->nown; j++) {
      const flow_sum_own* o = &su->sum->own[j];
      if (strcmp(o->field, fv->owner_field) || strcmp(o->owner, fv->owner)) continue;
      for (int k = FK_CONN; k <= FK_RESULT; k++) {
        if ((o->acq & (1u << k)) && !by_acq[k]) by_acq[k] = su;
        if ((o->rel & (1u << k)) && !by_rel[k]) by_rel[k] = su;
      }
    }
  }
  for (int k = FK_CONN; k <= FK_RESULT; k++)
    if (by_acq[k] && by_rel[k]) {
      if (acq) *acq = by_acq[k];
      if (rel) *rel = by_rel[k];
      return 1 + k;
    }
  return 0;
}

int flow_cx_owner(const flow_cx* a, int var, flow_owner_evidence* out) {
  memset(out, 0, sizeof *out);
  if (var < 0 || var >= a->f->nvars) return 0;
  const flow_sum_slot *acq = NULL, *rel = NULL;
  int k = owner_owning(a, var, &acq, &rel);
  if (!k) return 0;
  const flow_var* fv = &a->f->vars[var];
  out->owner = fv->owner;
  out->field = fv->owner_field;
  out->acq_fn = acq->name;
  out->rel_fn = rel->name;
  for (int j = 0; j < acq->sum->nown; j++)
    if (!strcmp(acq->sum->own[j].owner, fv->owner) && !strcmp(acq->sum->own[j].field, fv->owner_field))
      out->acq_line = acq->sum->own[j].acq_line;
  for (int j = 0; j < rel->sum->nown; j++)
    if (!strcmp(rel->sum->own[j].owner, fv->owner) && !strcmp(rel->sum->own[j].field, fv->owner_field))
      out->rel_line = rel->sum->own[j].rel_line;
  return k;
}

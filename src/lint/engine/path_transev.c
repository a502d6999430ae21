/* path_transev.c - the evidence that a (record, field) never outlives a call, looked up in the summaries' ownership tables (asked by the engine and by rules; emits nothing). */
#include <string.h>

#include "engine/path.h"

int flow_cx_transient(const flow_cx* a, int var, int kind, flow_transient_evidence* out) {
  memset(out, 0, sizeof *out);
  const flow_var* fv = &a->f->vars[var];
  if (!fv->owner || !fv->owner_field || !a->s || kind < FK_CONN || kind > FK_RESULT) return 0;
  out->owner = fv->owner;
  out->field = fv->owner_field;
  unsigned char bit = (unsigned char)(1u << kind);
  int other_use = 0; /* a release without a store, or a store of a value that is not new */
  for (size_t i = 0; i < a->s->n; i++) {
    const flow_sum_slot* su = &a->s->v[i];
    if (!su->sum || su->owner == a->f) continue;
    for (int j = 0; j < su->sum->nown; j++) {
      const flow_sum_own* o = &su->sum->own[j];
      if (strcmp(o->field, fv->owner_field) || strcmp(o->owner, fv->owner)) continue;
      if (o->esc || o->pst || (o->rel && !(o->acq & bit))) other_use = 1;
      if (!(o->acq & bit)) continue;
      if (o->held & bit) {
        out->nheld++;
      } else if (o->rel & bit) {
        if (!out->fn) out->fn = su->name;
        out->nclean++;
      }
    }
  }
  return !other_use && out->nclean >= 2 && out->nclean >= 2 * out->nheld;
}

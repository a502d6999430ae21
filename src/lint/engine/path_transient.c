/* path_transient.c - fields that never outlive a call: a (record, field) whose other storers all release the new handle before they return, so a storer that returns with it held leaks it (proftpd conn->result). */
#include <string.h>

#include "engine/path.h"

/* The ownership entry of a->sum about field var, or NULL (not recorded: no evidence). */
static flow_sum_own* own_entry(actx* a, const flow_var* fv) {
  for (int j = 0; j < a->sum->nown; j++)
    if (!strcmp(a->sum->own[j].owner, fv->owner) && !strcmp(a->sum->own[j].field, fv->owner_field))
      return &a->sum->own[j];
  return NULL;
}

void transient_exit(actx* a, const vst* v) {
  if (!a->sum) return;
  for (int i = 0; i < a->f->nvars; i++) {
    const flow_var* fv = &a->f->vars[i];
    if (fv->field_of < 0 || !fv->owner || !fv->owner_field || (a->localfield && a->localfield[i]))
      continue;
    if (v[i].st != S_OWNED || v[i].orig || (v[i].kind != FK_CONN && v[i].kind != FK_RESULT)) continue;
    flow_sum_own* o = own_entry(a, fv);
    unsigned char bit = (unsigned char)(1u << v[i].kind);
    if (o && (o->acq & bit)) o->held |= bit;
  }
}

int transient_lost(actx* a, const flow_block* B, vst* v, int var, int path) {
  flow_transient_evidence t;
  if (v[var].orig || !flow_cx_transient(a, var, v[var].kind, &t)) {
    if (t.nclean > 0) undecided_once(a, -1 - var); /* other storers release it, not enough */
    return 0;
  }
  lose_at_end(a, v, var, path, B->line, B->col, 1, FLOW_LOST_TRANSIENT);
  return 1;
}

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

/* Counts place var undecided once per function, on whichever path reaches an exit first
 * (keys below 0 in a->undec_calls, beside note_undecided_call's call keys). */
static void undecided_once(actx* a, int var) {
  int key = -1 - var;
  for (int i = 0; i < a->nundec_calls; i++)
    if (a->undec_calls[i] == key) return;
  if (a->nundec_calls < 32) a->undec_calls[a->nundec_calls++] = key;
  a->undecided++;
}

int transient_lost(actx* a, const flow_block* B, vst* v, int var, int path) {
  flow_transient_evidence t;
  if (v[var].orig || !flow_cx_transient(a, var, v[var].kind, &t)) {
    if (t.nclean > 0) undecided_once(a, var); /* other storers release it, but not enough */
    return 0;
  }
  lose_at_end(a, v, var, path, B->line, B->col, 1, FLOW_LOST_TRANSIENT);
  return 1;
}

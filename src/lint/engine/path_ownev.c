/* path_ownev.c - the run-wide ownership evidence of a (record, field) place, looked up in the summaries' tables (asked by the engine and by rules; emits nothing). */
#include <string.h>

#include "engine/path.h"

/* 1 when fuses entry s ("e<record>\t<field>") is about (owner, field). */
static int fuse_is(const char* s, const char* owner, const char* field) {
  size_t n = strlen(owner);
  return s[0] && !strncmp(s + 1, owner, n) && s[1 + n] == '\t' && !strcmp(s + 2 + n, field);
}

/* The closed world of a record defined in a.u's file (flow_var.owner_local): no other file
 * can name its fields, so this file's functions are every place that can. Returns 1 when
 * each of them is summarised and parsed whole, none names (owner, field) other than as a
 * libpq call's argument, a test or an assignment's target (flow_fn.fuses), and no summary
 * of the run stores a value there that is not a new handle or releases through it. */
static int closed_world(const actx* a, const char* owner, const char* field) {
  int nfn = 0, nsum = 0;
  for (int i = 0; i < a->u->nfns; i++) {
    const flow_fn* g = &a->u->fns[i];
    if (g->broken) return 0;
    if (!g->in_header && g->name) nfn++;
    for (int j = 0; j < g->nfuses; j++)
      if (fuse_is(g->fuses[j], owner, field)) return 0;
  }
  for (size_t i = 0; i < a->s->n; i++) {
    const flow_sum_slot* su = &a->s->v[i];
    if (!su->sum) continue;
    if (su->unit == a->u && !su->hdr) {
      nsum++;
      if (su->sum->own_all || su->sum->broken) return 0;
    }
    for (int j = 0; j < su->sum->nown; j++) {
      const flow_sum_own* o = &su->sum->own[j];
      if (!strcmp(o->field, field) && !strcmp(o->owner, owner) && (o->rel || o->esc)) return 0;
    }
  }
  return nsum == nfn;
}

int owner_owning(const actx* a, int var, const flow_sum_slot** acq, const flow_sum_slot** rel,
                 int* by_param) {
  const flow_var* fv = &a->f->vars[var];
  if (by_param) *by_param = 0;
  if (!fv->owner || !fv->owner_field || !a->s) return 0;
  const flow_sum_slot* by_acq[FK_RESULT + 1] = {NULL, NULL};
  const flow_sum_slot* by_rel[FK_RESULT + 1] = {NULL, NULL};
  const flow_sum_slot* by_pst = NULL;
  for (size_t i = 0; i < a->s->n; i++) {
    const flow_sum_slot* su = &a->s->v[i];
    for (int j = 0; su->sum && j < su->sum->nown; j++) {
      const flow_sum_own* o = &su->sum->own[j];
      if (strcmp(o->field, fv->owner_field) || strcmp(o->owner, fv->owner)) continue;
      if (o->pst && !by_pst) by_pst = su;
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
  /* a constructor stores the handle its caller hands it (`m->res = res`, the caller gives it
   * up: the summary's take-over) and code of the run releases through the field: owning. The
   * kind is the one released there (a parameter's type says handle, not which). */
  for (int k = FK_CONN; k <= FK_RESULT; k++)
    if (by_pst && by_rel[k] && !by_rel[k == FK_CONN ? FK_RESULT : FK_CONN] && !by_acq[FK_CONN] &&
        !by_acq[FK_RESULT]) {
      if (acq) *acq = by_pst;
      if (rel) *rel = by_rel[k];
      if (by_param) *by_param = 1;
      return 1 + k;
    }
  /* stored new and released nowhere: owning when no code can take the handle elsewhere */
  for (int k = FK_CONN; k <= FK_RESULT; k++)
    if (by_acq[k] && !by_rel[FK_CONN] && !by_rel[FK_RESULT]) {
      if (!fv->owner_local || !a->u || by_acq[k]->unit != a->u ||
          !closed_world(a, fv->owner, fv->owner_field))
        return -1;
      if (acq) *acq = by_acq[k];
      if (rel) *rel = NULL;
      return 1 + k;
    }
  return 0;
}

int flow_cx_owner(const flow_cx* a, int var, flow_owner_evidence* out) {
  memset(out, 0, sizeof *out);
  if (var < 0 || var >= a->f->nvars) return 0;
  const flow_sum_slot *acq = NULL, *rel = NULL;
  int by_param = 0;
  int k = owner_owning(a, var, &acq, &rel, &by_param);
  if (k <= 0) return 0;
  const flow_var* fv = &a->f->vars[var];
  out->owner = fv->owner;
  out->field = fv->owner_field;
  out->acq_fn = acq->name;
  out->acq_param = by_param;
  out->rel_fn = rel ? rel->name : NULL;
  for (int j = 0; j < acq->sum->nown; j++)
    if (!strcmp(acq->sum->own[j].owner, fv->owner) && !strcmp(acq->sum->own[j].field, fv->owner_field))
      out->acq_line = by_param ? acq->sum->own[j].pst_line : acq->sum->own[j].acq_line;
  for (int j = 0; rel && j < rel->sum->nown; j++)
    if (!strcmp(rel->sum->own[j].owner, fv->owner) && !strcmp(rel->sum->own[j].field, fv->owner_field))
      out->rel_line = rel->sum->own[j].rel_line;
  return k;
}

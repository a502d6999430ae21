/* path_global.c - file-scope and static handle variables as places: they hold the caller's value on entry, keep their handle past the return, and are no longer known after a call that may change them. */
#include <stdio.h>
#include <string.h>

#include "engine/path.h"

void global_entry(const flow_fn* f, vst* v0) {
  for (int i = 0; i < f->nvars; i++)
    if (f->vars[i].global) v0[i].orig = 1;
}

int global_keeps(const actx* a, const vst* v, int i) {
  if (a->f->vars[i].global) return 1;
  for (int g = 0; g < a->f->nvars; g++)
    if (a->f->vars[g].global && v[g].st == S_MOVED && v[g].alias == i &&
        v[g].acq_line == v[i].acq_line && v[g].acq_col == v[i].acq_col)
      return 1;
  return 0;
}

/* 1 when the summary of callee (NULL: unknown) may change global name. */
static int gw_may(const flow_sum* s, const char* name);

void global_call(actx* a, const flow_ev* e, const flow_callinfo* ci, vst* v) {
  if (ci->libpq || ci->noreturn) return;
  /* a function of the run, or one called through a pointer, may change any
   * of them; an outside function only those with external linkage */
  const flow_sum* cs = e->callee ? flow_sum_find(a->s, e->callee, a->u) : NULL;
  int inside = !e->callee || cs != NULL;
  for (int i = 0; i < a->f->nvars; i++) {
    int g = a->f->vars[i].global;
    if (!g || (!inside && g != 2)) continue;
    if (cs && !gw_may(cs, a->f->vars[i].name)) continue; /* its summary says it leaves it alone */
    reset_var(&v[i]); /* as on entry: whatever the global holds (one state, not one per call) */
    v[i].orig = 1;
  }
}

void global_assigned(actx* a, const flow_ev* e, const vst* w) {
  if (!a->sum || e->var < 0 || e->var2 < 0 || !a->f->vars[e->var].global) return;
  const flow_var* fv = &a->f->vars[e->var2];
  if (fv->param >= 0 && fv->param < 16 && w->orig && a->sum->arg_role[fv->param] == FR_USE)
    a->sum->arg_role[fv->param] = FR_ESCAPE; /* keeps the caller's handle in a global */
}

/* Adds global name to s's set (sorted, so equal sets compare equal); past
 * the room: any. */
static void gw_add(flow_sum* s, const char* name) {
  if (s->gw_all) return;
  if (strlen(name) >= sizeof s->gw[0]) {
    s->gw_all = 1;
    return;
  }
  int i = 0;
  while (i < s->ngw && strcmp(s->gw[i], name) < 0) i++;
  if (i < s->ngw && !strcmp(s->gw[i], name)) return;
  if (s->ngw == (int)(sizeof s->gw / sizeof s->gw[0])) {
    s->gw_all = 1;
    return;
  }
  memmove(s->gw[i + 1], s->gw[i], (size_t)(s->ngw - i) * sizeof s->gw[0]);
  snprintf(s->gw[i], sizeof s->gw[0], "%s", name);
  s->ngw++;
}

static int gw_may(const flow_sum* s, const char* name) {
  if (!s || s->gw_all) return 1;
  for (int i = 0; i < s->ngw; i++)
    if (!strcmp(s->gw[i], name)) return 1;
  return 0;
}

void global_summary(actx* a) {
  const flow_fn* f = a->f;
  flow_sum* s = a->sum;
  if (!s) return;
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->kind != FE_USE && e->kind != FE_SCOPE_END && e->var >= 0 && f->vars[e->var].global &&
          (e->kind != FE_CALL || e->dest == FD_VAR))
        gw_add(s, f->vars[e->var].name);
      if (e->kind != FE_CALL) continue;
      const flow_callinfo* ci = a->cis[b] ? &a->cis[b][i] : NULL;
      for (int k = 0; k < e->nargs; k++) {
        int v = e->args[k].var;
        if (v < 0 || !f->vars[v].global) continue;
        int role = ci && k < 16 ? ci->role[k] : FR_USE;
        if (e->args[k].addr || role == FR_RELEASE || role == FR_ESCAPE || role == FR_DISCARD)
          gw_add(s, f->vars[v].name);
      }
      if (ci && (ci->libpq || ci->noreturn)) continue; /* a noreturn callee's changes are never seen */
      if (!e->callee) {
        s->gw_all = 1;
        continue;
      }
      const flow_sum* cs = flow_sum_find(a->s, e->callee, a->u);
      if (!cs || cs == s) continue; /* outside the run: only extern globals, at the call */
      if (cs->gw_all) s->gw_all = 1;
      for (int g = 0; g < cs->ngw; g++) gw_add(s, cs->gw[g]);
    }
}

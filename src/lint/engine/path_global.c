/* path_global.c - file-scope and static handle variables as places: they hold the caller's value on entry, keep their handle past the return, and are no longer known after a call that may change them. */
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

void global_call(actx* a, const flow_ev* e, const flow_callinfo* ci, vst* v) {
  if (ci->libpq || ci->noreturn) return;
  /* a function of the run, or one called through a pointer, may change any
   * of them; an outside function only those with external linkage */
  int inside = !e->callee || flow_sum_find(a->s, e->callee, a->u) != NULL;
  for (int i = 0; i < a->f->nvars; i++) {
    int g = a->f->vars[i].global;
    if (!g || (!inside && g != 2)) continue;
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

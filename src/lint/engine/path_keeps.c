/* path_keeps.c - the summary fact "leaves the handles under parameter p as they were" (flow_sum.keeps), so a caller that passes its owner to such a helper keeps what it knows of the owner's fields. */
#include "engine/path.h"

/* 1 when var is parameter p itself or a typed view of it (a->palias). */
static int is_root(const actx* a, int var, int p) {
  const flow_var* fv = &a->f->vars[var];
  if (fv->field_of >= 0) return 0;
  return (fv->param == p && fv->ptr && !fv->ptrptr) || (a->palias && a->palias[var] == 1 + p);
}

/* 1 when var is a place whose base is a root of p (p->conn, view->priv->res). */
static int under_root(const actx* a, int var, int p) {
  int b = a->f->vars[var].field_of;
  return b >= 0 && is_root(a, b, p);
}

/* 1 when argument k of call e (classified ci) can neither release, keep nor overwrite the
 * handle place it names: a libpq read (PQntuples(m->res)) or a printed value. (A function of
 * the run that takes the handle itself is not trusted: its summary's FR_USE does not say it
 * keeps no copy.) */
static int place_arg_reads(const flow_ev* e, const flow_callinfo* ci, int k) {
  if (e->args[k].fmtarg) return 1;
  if (e->args[k].addr) return 0;
  int r = k < 16 ? ci->role[k] : FR_USE;
  if (ci->libpq) return r == FR_USE || r == FR_CHECK || r == FR_ROWREAD || r == FR_INFO;
  return 0;
}

/* 1 when argument k of call e, a root of p (or a member of one: p->sub), is handed to a
 * function that leaves the handles under it as they were (its summary's keeps bit k). */
static int root_arg_kept(const actx* a, const flow_ev* e, int k) {
  const flow_arg* ar = &e->args[k];
  if (ar->addr || k >= 16) return 0;
  if (ar->subobj || ar->fmtarg) return 1; /* q->sql: reaches no handle of q */
  const flow_sum* s = e->callee ? flow_sum_find(a->s, e->callee, a->u) : NULL;
  return s && s != a->sum && (s->keeps & (1u << k));
}

/* 1 when f leaves every handle place under parameter p as it was on every path: no event
 * writes, releases or hands on such a place other than to a libpq read, and p (and its
 * views) is copied nowhere else and passed only to functions that keep it too. */
static int keeps_param(const actx* a, int p) {
  const flow_fn* f = a->f;
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->var >= 0 && e->kind != FE_USE && e->kind != FE_SCOPE_END &&
          !(e->kind == FE_CALL && e->dest != FD_VAR) && !(e->kind == FE_OTHERSET && e->val == 1)) {
        if (under_root(a, e->var, p)) return 0; /* m->res = .., m->res = NULL, stored elsewhere */
        if (is_root(a, e->var, p) && !(e->kind == FE_ASSIGN && a->palias && a->palias[e->var] == 1 + p))
          return 0; /* p = other: later places are another object's */
      }
      if (e->kind == FE_ESCAPE && e->var >= 0 && (is_root(a, e->var, p) || under_root(a, e->var, p)))
        return 0;
      if (e->kind == FE_ASSIGN && e->var2 >= 0 && is_root(a, e->var2, p) &&
          !(a->palias && e->var >= 0 && a->palias[e->var] == 1 + p))
        return 0; /* q = p: q's writes are not seen here */
      if (e->kind == FE_ASSIGN && e->var2 >= 0 && under_root(a, e->var2, p))
        return 0; /* c = p->conn: released or kept through the copy */
      if (e->kind != FE_CALL) continue;
      const flow_callinfo* ci = a->cis[b] ? &a->cis[b][i] : NULL;
      for (int k = 0; k < e->nargs; k++) {
        int v = e->args[k].var;
        if (v < 0) continue;
        if (under_root(a, v, p) && (!ci || !place_arg_reads(e, ci, k))) return 0;
        if (is_root(a, v, p) && !root_arg_kept(a, e, k)) return 0;
      }
    }
  return 1;
}

void keeps_summary(actx* a) {
  if (!a->sum || !a->cis || a->f->unmodelled) return;
  for (int i = 0; i < a->f->nvars; i++) {
    const flow_var* fv = &a->f->vars[i];
    int p = fv->param;
    if (p >= 0 && p < 16 && fv->ptr && !fv->ptrptr && !fv->htype && fv->field_of < 0 &&
        keeps_param(a, p))
      a->sum->keeps |= 1u << p;
  }
}

/* path_release.c - how a release changes the handle model: FLOW_EV_RELEASE, then the owner (or the copy's owner) released, the caller's handle noted for summaries, borrowed pointers dangling. */
#include <string.h>

#include "engine/path.h"

void path_release(actx* a, int bi, const flow_ev* e, vst* v, int var, int rk, int path) {
  vst* x = &v[var];
  const flow_var* fv = &a->f->vars[var];
  flow_event ev = flow_ev_make(FLOW_EV_RELEASE, bi, e, v, var, path);
  ev.role = FR_RELEASE;
  ev.role_kind = rk;
  if (rk == FK_CONN && x->kind == FK_POOLED && x->st == S_OWNED) {
    /* a pool whose acquire returns a bare PGconn * (a --model pool) */
    ev.how = FLOW_REL_POOLED;
    ev.other = var;
    flow_emit(a, &ev);
    x->st = S_RELEASED;
    x->rel_line = e->line;
    return;
  }
  if (x->borrow_of >= 0 && rk == FK_CONN &&
      (v[x->borrow_of].kind == FK_POOLED || a->f->vars[x->borrow_of].htype == 2)) {
    ev.how = FLOW_REL_BORROWED;
    ev.other = x->borrow_of;
    flow_emit(a, &ev);
    return;
  }
  int owner = x->st == S_MOVED && x->alias >= 0 && v[x->alias].st == S_OWNED &&
                      v[x->alias].acq_line == x->acq_line
                  ? x->alias
                  : var;
  ev.how = FLOW_REL_NORMAL;
  ev.other = owner;
  flow_emit(a, &ev);
  if (owner != var) { /* a copy: the release goes to its owner */
    x->st = S_RELEASED;
    x->rel_line = e->line;
    x = &v[owner];
  }
  int from_param = (fv->param >= 0 || member_param(a->f, var, NULL) >= 0) && x->orig && rk != FK_NONE;
  if (x->st == S_NULL || x->st == S_RELEASED) return; /* PQclear(NULL); released again */
  if (x->st != S_OWNED) x->kind = (uint8_t)(rk < 0 ? 0 : rk);
  x->st = S_RELEASED;
  x->rel_line = e->line;
  x->orig = 0;
  if (from_param) {
    x->prel = 1; /* the caller's handle: a summary fact if a return is reached */
    x->pkind = (uint8_t)rk;
    const char* mp;
    int p = member_param(a->f, owner, &mp);
    if (a->sum && p >= 0 && !strcmp(mp, "*")) a->sum->ent_rel |= 1u << p; /* PQfinish(*conn) */
  }
  mark_dangling(a, v, owner, e->line);
}

/* path_events.c - how the non-call events of a block (assignments, NULL and constant stores, escapes, dereferences, ends of scope) change the handle model. */
#include "engine/path.h"

/* Emits an ASSIGN or STORE event of place var (source other) after the change. */
static void emit_place(actx* a, flow_event_kind k, int bi, const flow_ev* e, vst* v, int var,
                       int other, int path) {
  flow_event ev = flow_ev_make(k, bi, e, v, var, path);
  ev.other = other;
  flow_emit(a, &ev);
}

/* s->res = r: r is stored into the struct (as an escape). */
static void ev_store_field(actx* a, int bi, const flow_ev* e, vst* v, int path) {
  vst* x = &v[e->var];
  if (is_leakable(x)) lose(a, v, e->var, path, e->line, e->col, e->eline, e->ecol, FLOW_LOST_OVERWRITE);
  else member_dropped(a, bi, e, v, e->var, path, FLOW_LOST_OVERWRITE);
  reset_var(x);
  if (e->var2 < 0 || !a->rel[e->var2]) return;
  vst* w = &v[e->var2];
  const flow_var* fv = &a->f->vars[e->var2];
  if (a->sum && fv->param >= 0 && fv->param < 16 && w->orig && a->sum->arg_role[fv->param] == FR_USE)
    a->sum->arg_role[fv->param] = FR_ESCAPE;
  if (w->st == S_OWNED || w->st == S_MOVED) w->st = S_ESCAPED;
}

/* var = var2 (tracked var): ownership moves to var, var2 keeps a copy. */
static void ev_assign(actx* a, const flow_ev* e, vst* v, int path) {
  vst* x = &v[e->var];
  vst* w = &v[e->var2];
  if (e->val == 1) { /* c = l.conn */
    if (is_leakable(x)) lose(a, v, e->var, path, e->line, e->col, e->eline, e->ecol, FLOW_LOST_OVERWRITE);
    reset_var(x);
    if (w->kind == FK_POOLED || a->f->vars[e->var2].htype == 2) x->borrow_of = (int16_t)e->var2;
    return;
  }
  if (e->var == e->var2) return;
  global_assigned(a, e, w);
  if (is_leakable(x) && !(w->st == S_MOVED && w->alias == e->var))
    lose(a, v, e->var, path, e->line, e->col, e->eline, e->ecol, FLOW_LOST_OVERWRITE);
  *x = *w;
  x->orig = 0;
  x->alias = -1;
  if (w->st == S_OWNED) {
    w->st = S_MOVED;
    w->alias = (int16_t)e->var;
  }
}

/* var = NULL. */
static void ev_nullset(actx* a, int bi, const flow_ev* e, vst* v, int path) {
  vst* x = &v[e->var];
  if (a->rel[e->var] < 3) { /* a borrowed pointer: only forget what it pointed into */
    reset_var(x);
    return;
  }
  int drop = x->st == S_NONE && x->orig && x->nul != 1; /* the caller's value, maybe non-NULL */
  if (is_leakable(x)) lose(a, v, e->var, path, e->line, e->col, e->eline, e->ecol, FLOW_LOST_OVERWRITE);
  else member_dropped(a, bi, e, v, e->var, path, FLOW_LOST_OVERWRITE);
  set_null(x);
  if (drop) outparam_nulled(a, v, e->var);
}

/* var escapes (stored through a pointer, returned, address taken); x is
 * its state if tracked, else NULL. */
static void ev_escape(actx* a, const flow_ev* e, vst* v, vst* x) {
  a->fill = 0;
  if (e->var2 >= 0 && e->var2 < 16 && x && x->st == S_OWNED) {
    a->fill = e->var2 + 1; /* *out = c: the *out place that follows gets c's new handle */
    a->fill_kind = x->kind;
  }
  if (a->sum && e->var2 >= 0 && e->var2 < 16) {
    if (x && x->st == S_OWNED)
      a->sum->out_kind[e->var2] = x->kind;
    else if (!x || x->st != S_NULL)
      a->sum->out_mixed[e->var2] = 1;
    if (x && x->st == S_ESCAPED && FK_LEAKABLE(x->kind)) /* kept elsewhere too: undecided */
      a->sum->out_undec |= 1u << e->var2;
  }
  if (!x) return;
  if (a->sum) {
    const flow_var* fv = &a->f->vars[e->var];
    if (fv->param >= 0 && fv->param < 16 && x->orig && a->sum->arg_role[fv->param] == FR_USE)
      a->sum->arg_role[fv->param] = FR_ESCAPE;
  }
  escape_owner(v, x);
  if (x->st == S_OWNED || x->st == S_MOVED) x->st = S_ESCAPED;
}

/* The places e->vars go out of scope: an owned handle is lost, and so is
 * one in a handle field of a local struct that dies with it. */
static void ev_scope_end(actx* a, const flow_ev* e, vst* v, int path) {
  for (int j = 0; j < e->nvars; j++) {
    int vi = e->vars[j];
    if (!a->rel[vi]) continue;
    vst* y = &v[vi];
    if (a->f->vars[vi].cleanup) {
      reset_var(y);
      continue;
    }
    if (is_leakable(y)) lose_at_end(a, v, vi, path, e->line, e->col, 0, FLOW_LOST_EXIT);
    reset_var(y);
    for (int fj = 0; fj < a->f->nvars; fj++) /* h.conn dies with h */
      if (a->localfield[fj] && a->f->vars[fj].field_of == vi && a->rel[fj]) {
        if (is_leakable(&v[fj])) lose_at_end(a, v, fj, path, e->line, e->col, 0, FLOW_LOST_EXIT);
        reset_var(&v[fj]);
      }
  }
}

/* Applies one non-call event e (event i of block bi). */
static void path_event(actx* a, int bi, const flow_ev* e, vst* v, int path) {
  vst* x = e->var >= 0 && a->rel[e->var] ? &v[e->var] : NULL;
  int fill = a->fill; /* set by the event before (*out = ..), for this one only (path_events) */
  if (e->var >= 0 && e->kind != FE_USE && e->kind != FE_SCOPE_END) {
    forget_fields(a, v, e->var);
    wrote(a, v, e->var);
    owner_alias_entry(a, bi, e, v); /* T *db = data: db->conn holds the caller's value */
  }
  if (e->kind == FE_ASSIGN && x && a->f->vars[e->var].field_of >= 0) {
    ev_store_field(a, bi, e, v, path);
    emit_place(a, FLOW_EV_STORE, bi, e, v, e->var, e->var2, path);
    return;
  }
  switch (e->kind) {
  case FE_ASSIGN:
    if (!x || e->var2 < 0 || !a->rel[e->var2]) break;
    ev_assign(a, e, v, path);
    emit_place(a, FLOW_EV_ASSIGN, bi, e, v, e->var, e->var2, path);
    break;
  case FE_NULLSET:
    if (x) ev_nullset(a, bi, e, v, path);
    break;
  case FE_CONST:
    if (!x) break;
    reset_var(x);
    x->fk = 1;
    x->val = e->val;
    break;
  case FE_OTHERSET:
    if (!x) break;
    if (is_leakable(x)) lose(a, v, e->var, path, e->line, e->col, e->eline, e->ecol, FLOW_LOST_OVERWRITE);
    else member_dropped(a, bi, e, v, e->var, path, FLOW_LOST_OVERWRITE);
    reset_var(x);
    outparam_otherset(a, v, e->var, fill);
    break;
  case FE_ESCAPE:
    ev_escape(a, e, v, x);
    if (x) emit_place(a, FLOW_EV_STORE, bi, e, v, e->var, -1, path);
    break;
  case FE_USE:
    if (x && (x->dangling || x->st == S_RELEASED)) {
      use_released(a, bi, e, v, e->var, path);
      x->dangling = 0;
    }
    break;
  case FE_SCOPE_END:
    ev_scope_end(a, e, v, path);
    break;
  default:
    break;
  }
}

int path_events(actx* a, int bi, vst* v, int* path) {
  const flow_block* B = &a->f->b[bi];
  for (int i = 0; i < B->nev; i++) {
    const flow_ev* e = &B->ev[i];
    if (e->kind == FE_CALL) {
      if (path_call(a, bi, e, &a->cis[bi][i], v, path)) return 1;
    } else {
      path_event(a, bi, e, v, *path);
      if (e->kind != FE_ESCAPE) a->fill = 0;
    }
  }
  return 0;
}

/* path_call.c - how a call changes the handle model: owners freed, acquires dropped, each argument's role, the return value, out-parameter acquires. */
#include <string.h>

#include "engine/path.h"

/* 1 when some call of the function frees a member argument that place var lies under
 * (free(m->priv) for m->priv->res): that memory has its own teardown, so a later free(m) on
 * a path without it is one where m->priv held nothing (if (m->priv) { ... free(m->priv); }). */
static int freed_by_member(const actx* a, int var) {
  for (int b = 0; b < a->f->nb; b++)
    for (int i = 0; i < a->f->b[b].nev; i++) {
      const flow_ev* g = &a->f->b[b].ev[i];
      if (g->kind != FE_CALL) continue;
      for (int k = 0; k < g->nargs && k < 16; k++)
        if (g->args[k].member && place_under(a->f, &g->args[k], var) &&
            (frees_call(a, g) & (1u << k)))
          return 1;
    }
  return 0;
}

/* free(s) (or g_free, a wrapper that frees its argument: frees_call): a
 * handle field that got an acquire in this function and is still held (not
 * released, NULLed, copied out, or handed on with s) is lost with the
 * struct; one held on entry is member_dropped's. A member argument (free(s->priv)) frees
 * the places under it. */
static void call_free_owner(actx* a, int bi, const flow_ev* e, vst* v, int path) {
  unsigned m = frees_call(a, e);
  for (int k = 0; m && k < e->nargs && k < 16; k++) {
    const flow_arg* ar = &e->args[k];
    if (!(m & (1u << k)) || ar->var < 0 || ar->addr || (ar->member && !ar->mpath)) continue;
    for (int fj = 0; fj < a->f->nvars; fj++) {
      if (!place_under(a->f, ar, fj) || !a->rel[fj]) continue;
      if (!ar->member && freed_by_member(a, fj)) continue; /* its own free(m->priv) lost it */
      if (is_leakable(&v[fj])) {
        lose_freed(a, v, fj, path, e);
        reset_var(&v[fj]);
      } else {
        member_dropped(a, bi, e, v, fj, path, FLOW_LOST_OWNER_FREED);
        if (ar->member) reset_var(&v[fj]); /* m->priv is gone: what m->priv->res held too */
      }
    }
  }
}

/* An acquire written as the argument of a call that only reads it
 * (PQresultStatus(PQexec(...)), PQntuples(PQexec(...))): FLOW_EV_DISCARDED. */
static void call_inner_acquires(actx* a, int bi, const flow_ev* e, const flow_callinfo* ci,
                                vst* v, int path) {
  for (int i = 0; i < e->nargs && i < 16; i++) {
    int ii = e->args[i].inner - 1;
    if (ii < 0 || ii >= a->f->b[bi].nev) continue;
    const flow_ev* ie = &a->f->b[bi].ev[ii];
    const flow_callinfo* ic = &a->cis[bi][ii];
    if (ie->kind != FE_CALL || (ic->ret_kind != FK_RESULT && ic->ret_kind != FK_CONN)) continue;
    int r = ci->role[i];
    int reads = r == FR_CHECK || r == FR_ROWREAD || r == FR_INFO || ci->ret_borrow == i ||
                (r == FR_USE && ci->libpq);
    if (!reads) continue;
    flow_event ev = flow_ev_make(FLOW_EV_DISCARDED, bi, ie, v, -1, path);
    ev.ci = ic;
    ev.outer = e;
    ev.outer_ci = ci;
    ev.how = 1;
    flow_emit(a, &ev);
  }
}

/* A parameter handed on to a callee that keeps it: a summary fact. */
static void param_escapes(actx* a, int var, const vst* x) {
  const flow_var* fv = &a->f->vars[var];
  if (a->sum && fv->param >= 0 && fv->param < 16 && x->orig && a->sum->arg_role[fv->param] == FR_USE)
    a->sum->arg_role[fv->param] = FR_ESCAPE;
}

/* &var given to a function that may fill, free or keep it. */
static void call_addr_use(actx* a, vst* v, int var) {
  vst* x = &v[var];
  wrote(a, v, var);
  if (x->st == S_RELEASED && !x->dangling) { /* PQgetCopyData(c, &buf, 0) after PQfreemem(buf): */
    reset_var(x);                            /* a new value, not a use of the old one */
    return;
  }
  x->cmpv = 0;
  x->cmpr = 0;
  if (x->st == S_OWNED) x->st = S_ESCAPED;
  if (!a->f->vars[var].ptr) {
    x->fk = 0;
    x->link = -1;
  }
}

/* Argument i of call e (a tracked place): events and its role's state change. */
static void call_arg(actx* a, int bi, const flow_ev* e, const flow_callinfo* ci, vst* v, int i,
                     int path) {
  const flow_arg* ar = &e->args[i];
  int role = i < 16 ? ci->role[i] : FR_USE;
  int rk = i < 16 ? ci->role_kind[i] : FK_NONE;
  vst* x = &v[ar->var];
  flow_event ev = flow_ev_make(FLOW_EV_ARG, bi, e, v, ar->var, path);
  ev.ci = ci;
  ev.arg = i;
  ev.role_kind = rk;
  if (ar->member && !ar->addr) { /* l.conn: the connection borrowed from lease l */
    ev.kind = FLOW_EV_MEMBER_ARG;
    ev.role = role;
    flow_emit(a, &ev);
    return;
  }
  if (ar->addr && ar->member) return;
  if (i == ci->out_arg && ar->addr) return; /* the out-parameter acquire: call_outparam */
  if (ar->addr && role == FR_USE) {
    call_addr_use(a, v, ar->var);
    return;
  }
  if (role == FR_ESCAPE && rk == FK_RESULT && x->kind != FK_RESULT)
    role = FR_USE; /* a constructor keeps results, not connections */
  if (role == FR_ESCAPE && (ci->relret & (1u << i)) && x->st == S_OWNED && a->rel[e->var])
    role = FR_INFO; /* released or not by the return value: path_call marks it (crel) */
  if (x->dangling && role != FR_RELEASE) {
    use_released(a, bi, e, v, ar->var, path);
    x->dangling = 0;
    return;
  }
  ev.role = role;
  flow_emit(a, &ev);
  if (role == FR_RELEASE || role == FR_DISCARD) {
    path_release(a, bi, e, v, ar->var, rk, path);
    return;
  }
  if (role != FR_ESCAPE && role != FR_CHECK && role != FR_INFO && role != FR_ROWREAD)
    x->okonly = 0; /* a plain use talks to the server and may turn the connection bad: a
                      later PQstatus != CONNECTION_OK no longer means NULL */
  if (x->st == S_RELEASED) use_released(a, bi, e, v, ar->var, path);
  if (role == FR_ESCAPE) {
    escape_owner(v, x);
    if (x->st == S_OWNED) x->st = S_ESCAPED;
    param_escapes(a, ar->var, x);
  }
}

/* The place d receives a new handle acquired by e (kind, from a summary):
 * owned from here, with a path node for its steps. */
static void acquire(actx* a, const flow_ev* e, vst* x, int d, int kind, int summ, int* path) {
  x->st = S_OWNED;
  x->kind = (uint8_t)kind;
  x->summ = (uint8_t)summ;
  x->acq_line = e->line;
  x->acq_col = e->col;
  x->lost_armed = 1; /* acquired here: a jump out of this block loses it */
  *path = new_pnode(a, *path, e->line, e->col, 0, d);
  x->path = *path;
}

/* The return value goes to tracked place d = e->var. Returns 1 when the
 * call is done (a helper that gave back its argument: no out-parameter). */
static int call_result_var(actx* a, int bi, const flow_ev* e, const flow_callinfo* ci, vst* v,
                           int* path) {
  int d = e->var;
  int in_args = 0;
  for (int i = 0; i < e->nargs; i++)
    if (e->args[i].var == d) in_args = 1;
  if (is_leakable(&v[d]) && !in_args)
    lose(a, v, d, *path, e->line, e->col, e->eline, e->ecol, FLOW_LOST_OVERWRITE);
  else if (!in_args)
    member_dropped(a, bi, e, v, d, *path, FLOW_LOST_OVERWRITE);
  vst* x = &v[d];
  reset_var(x);
  if (ci->ret_kind != FK_NONE && ci->ret_kind != FK_POOL) {
    int u = -1;
    if (ci->ret_or_arg) {
      /* the helper returns its argument or a new handle: ours only where
       * it differs from that argument (a test d != arg decides) */
      int k = ci->ret_or_arg - 1;
      u = k < e->nargs && !e->args[k].addr && !e->args[k].member ? e->args[k].var : -1;
      if (u < 0 || u == d) return 1;
    }
    acquire(a, e, x, d, ci->ret_kind, ci->ret_summary, path);
    x->okonly = (uint8_t)(ci->ret_kind == FK_CONN && ci->ret_okonly);
    if (u >= 0) x->eqv = (int16_t)(u + 1);
  } else if (ci->ret_borrow >= 0 && ci->ret_borrow < e->nargs && e->args[ci->ret_borrow].var >= 0) {
    x->borrow_of = (int16_t)e->args[ci->ret_borrow].var;
  } else if (ci->out_kind != FK_NONE && ci->out_arg >= 0 && ci->out_arg < e->nargs &&
             outparam_place(&e->args[ci->out_arg]) >= 0) {
    x->link = (int16_t)outparam_place(&e->args[ci->out_arg]);
  }
  return 0;
}

/* 1 if the straight-line code from block b (following plain gotos, a few
 * blocks) calls a noreturn function: the side of a NULL test that ends the
 * program (if (PQgetResult(c) != NULL) pg_fatal(...)) leaks nothing. */
static int side_dies(actx* a, int b) {
  for (int hops = 0; hops < 8 && b >= 0 && b < a->f->nb; hops++) {
    const flow_block* B = &a->f->b[b];
    for (int i = 0; i < B->nev; i++)
      if (B->ev[i].kind == FE_CALL && a->cis[b] && a->cis[b][i].noreturn) return 1;
    if (B->term != FT_GOTO || B->nsucc != 1) return 0;
    b = B->succ[0];
  }
  return 0;
}

/* Where the return value goes when it is not a tracked place. */
static void call_result_other(actx* a, int bi, const flow_ev* e, const flow_callinfo* ci, vst* v,
                              int path) {
  if (ci->ret_kind == FK_NONE || ci->ret_kind == FK_POOL) return;
  const flow_block* B = &a->f->b[bi];
  const flow_cond* c = &B->cond;
  int null_test = e->dest == FD_ESCAPE && B->term == FT_BRANCH && c->kind == FC_CALL && c->evi >= 0 &&
                  c->evi < B->nev && &B->ev[c->evi] == e && c->val == 0 && (c->op == '=' || c->op == '!') &&
                  !ci->ret_guess && !ci->ret_or_arg;
  if (null_test && side_dies(a, B->succ[c->op == '!' ? 0 : 1])) return; /* non-NULL: the program ends */
  if (e->dest == FD_NONE || null_test) {
    /* dropped, or only compared with NULL (if (run(...) == NULL)): never stored */
    flow_event ev = flow_ev_make(FLOW_EV_DISCARDED, bi, e, v, -1, path);
    ev.ci = ci;
    ev.how = null_test ? 2 : 0;
    flow_emit(a, &ev);
  } else if (e->dest == FD_RETURN && a->sum) {
    a->sum->ret_kind = ci->ret_kind;
    if (!ci->ret_okonly) a->sum->ret_notok = 1;
  } else if (e->dest == FD_ESCAPE && e->var2 >= 0 && e->var2 < 16) {
    a->fill = e->var2 + 1; /* *out = PQconnectdb(..): the *out place that follows is filled */
    a->fill_kind = ci->ret_guess || ci->ret_borrow >= 0 || ci->ret_or_arg ? FK_NONE : ci->ret_kind;
    if (a->sum) a->sum->out_kind[e->var2] = ci->ret_kind;
  }
}

/* An acquire through an out-parameter (&var) by call e of block bi. */
static void call_outparam(actx* a, int bi, const flow_ev* e, const flow_callinfo* ci, vst* v, int* path) {
  if (ci->out_kind == FK_NONE || ci->out_kind == FK_POOL || ci->out_arg < 0 || ci->out_arg >= e->nargs)
    return;
  int d = outparam_place(&e->args[ci->out_arg]);
  if (d < 0) return;
  if (is_leakable(&v[d]) && !ci->ret_summary) /* a helper filling *out may free the old value */
    lose(a, v, d, *path, e->line, e->col, e->eline, e->ecol, FLOW_LOST_OVERWRITE);
  vst* x = &v[d];
  reset_var(x);
  acquire(a, e, x, d, ci->out_kind, ci->ret_summary, path);
  x->pending = !ci->outret_all; /* filled on every return: no test of the status undoes it */
  x->outb = (int16_t)bi;
  x->oute = (int16_t)(e - a->f->b[bi].ev);
}

/* rc = helper(h) where the helper releases h exactly when it returns K:
 * h stays owned but undecided (crel) until a test of rc tells (path_cond). */
static void call_release_by_return(actx* a, int bi, const flow_ev* e, const flow_callinfo* ci, vst* v) {
  if (!ci->relret || e->dest != FD_VAR || e->var < 0 || !a->rel[e->var]) return;
  for (int i = 0; i < e->nargs && i < 16; i++) {
    int hv = e->args[i].var;
    if (!(ci->relret & (1u << i)) || hv < 0 || hv == e->var || e->args[i].addr || e->args[i].member)
      continue;
    if (v[hv].st != S_OWNED) continue;
    v[hv].crel = (int16_t)(e->var + 1);
    v[hv].crelv = ci->relret_val[i];
    v[hv].crelb = (int16_t)bi;
    v[hv].crele = (int16_t)(e - a->f->b[bi].ev);
    v[hv].crela = (uint8_t)i;
    v[hv].rel_line = e->line;
  }
}

int path_call(actx* a, int bi, const flow_ev* e, const flow_callinfo* cip, vst* v, int* path) {
  flow_callinfo ci = *cip; /* a copy: a flag on the path may turn it into an exit */
  a->fill = 0;
  flow_event ev = flow_ev_make(FLOW_EV_CALL, bi, e, v, -1, *path);
  ev.ci = &ci;
  flow_emit(a, &ev);
  call_free_owner(a, bi, e, v, *path);
  call_inner_acquires(a, bi, e, &ci, v, *path);
  int kept[FLOW_SUM_MEMBERS];
  vst keep[FLOW_SUM_MEMBERS];
  int nk = member_call(a, bi, e, v, *path, kept, keep);
  nk = outparam_drops(a, e, v, *path, kept, keep, nk);
  global_call(a, e, &ci, v);
  const flow_sum* cs = e->callee ? flow_sum_find(a->s, e->callee, a->u) : NULL;
  for (int i = 0; i < e->nargs; i++)
    if (e->args[i].var >= 0 && !(ci.libpq && e->args[i].member) && !e->args[i].subobj &&
        !(cs && cs != a->sum && i < 16 && !e->args[i].addr && (cs->keeps & (1u << i))))
      forget_fields(a, v, e->args[i].var); /* (a helper that keeps them: still known) */
  for (int i = 0; i < nk; i++) v[kept[i]] = keep[i]; /* released by the callee: not forgotten */
  for (int i = 0; i < e->nargs; i++) {
    if (e->args[i].var < 0 || !a->rel[e->args[i].var]) continue;
    int done = 0; /* &c to a callee that releases *p: released, not an address handed out */
    for (int k = 0; k < nk && e->args[i].addr; k++) done |= kept[k] == e->args[i].var;
    if (!done) call_arg(a, bi, e, &ci, v, i, *path);
  }
  if (ci.nonlocal_param && a->sum) { /* ereport(elevel, ...) with our parameter as elevel */
    int k = ci.nonlocal_param - 1, pv = k < e->nargs ? e->args[k].var : -1;
    if (pv >= 0 && a->f->vars[pv].param >= 0 && a->f->vars[pv].param < 16 && v[pv].orig) {
      a->sum->nonlocal_param = a->f->vars[pv].param + 1;
      a->sum->nonlocal_min = ci.nonlocal_min;
      a->sum->nonlocal_max = ci.nonlocal_max;
    }
  }
  for (int p = 0; p < e->nargs && p < 16 && !ci.noreturn && !ci.nonlocal; p++) {
    if (!((ci.exit_if_nz | ci.nonlocal_if_nz) & (1u << p))) continue;
    const vst* f = &v[e->args[p].var]; /* bool fatal = true; helper(conn, fatal) */
    int nz = (f->fk == 1 && f->val != 0) || (f->fk == 2 && f->val == 0);
    if (nz && (ci.nonlocal_if_nz & (1u << p))) ci.nonlocal = 1;
    else if (nz) ci.noreturn = 1;
  }
  if (ci.nonlocal) return path_nonlocal(a, bi, e, v, *path);
  if (ci.noreturn) return 1;
  if (e->dest == FD_VAR && e->var >= 0) { /* st = next_state() */
    forget_fields(a, v, e->var);
    wrote(a, v, e->var);
  }
  if (e->dest == FD_VAR && e->var >= 0 && a->rel[e->var]) {
    if (call_result_var(a, bi, e, &ci, v, path)) return 0;
  } else
    call_result_other(a, bi, e, &ci, v, *path);
  call_outparam(a, bi, e, &ci, v, path);
  call_release_by_return(a, bi, e, &ci, v);
  return 0;
}

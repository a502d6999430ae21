/* path_outparam.c - out-parameters filled on some returns only: which return values leave a new handle in *param (summary), and how a caller's test of that return value decides whether its place got one. */
#include <limits.h>
#include <string.h>

#include "engine/path.h"

/* 1 when var is the place *p of parameter p (path "*"), with *p set. */
static int deref_param(const flow_fn* f, int var, int* p) {
  const char* path;
  int q = member_param(f, var, &path);
  if (q < 0 || path[0] != '*' || path[1]) return 0;
  *p = q;
  return 1;
}

void outparam_otherset(actx* a, vst* v, int var, int fill) {
  int p;
  if (fill && deref_param(a->f, var, &p) && p == fill - 1) v[var].filled = 1;
}

void outparam_nulled(actx* a, vst* v, int var) {
  int p;
  if (deref_param(a->f, var, &p)) v[var].filled = 2;
}

/* Adds return value rc (known: rc_known) to the range of state *st. */
static void range_add(unsigned char* st, int* lo, int* hi, int rc_known, long long rc) {
  if (*st == 2) return;
  if (!rc_known || rc < INT_MIN || rc > INT_MAX) {
    *st = 2;
    return;
  }
  if (!*st) {
    *st = 1;
    *lo = *hi = (int)rc;
    return;
  }
  if (rc < *lo) *lo = (int)rc;
  if (rc > *hi) *hi = (int)rc;
}

void outparam_exit(actx* a, const flow_block* B, const vst* v, int ret_var) {
  flow_sum* s = a->sum;
  int rc_known = 0;
  long long rc = 0;
  if (B->term == FT_RETURN && B->ret_const) rc_known = 1, rc = B->ret_val;
  else if (B->term == FT_RETURN && ret_var >= 0 && !a->f->vars[ret_var].ptr && v[ret_var].fk == 1)
    rc_known = 1, rc = v[ret_var].val;
  /* a return with a value (a constant, a variable, an expression, a call's result) */
  int valued = B->term == FT_RETURN &&
               (B->ret_const || ret_var >= 0 || B->ret_other ||
                (B->nev > 0 && B->ev[B->nev - 1].kind == FE_CALL && B->ev[B->nev - 1].dest == FD_RETURN));
  for (int i = 0; i < a->f->nvars; i++) {
    int p;
    if (!a->rel[i] || !deref_param(a->f, i, &p)) continue;
    const vst* x = &v[i];
    if (!valued) s->nd_st[p] |= 0x80; /* a return without a value: callers test nothing */
    if (x->filled == 2 && x->st == S_NULL) s->nd_st[p] |= 1; /* *p = NULL over the caller's */
    else if (!(x->orig && x->nul == 1)) s->nd_st[p] |= 2;     /* (the caller's known NULL: both) */
    if (x->filled == 1 && x->st == S_NONE && x->nul != 1) /* (filled with NULL: a failed PQexec) */
      range_add(&s->of_st[p], &s->of_lo[p], &s->of_hi[p], rc_known, rc);
    else if (x->orig || x->st == S_NULL || x->st == S_RELEASED || x->nul == 1)
      range_add(&s->on_st[p], &s->on_lo[p], &s->on_hi[p], rc_known, rc);
    else /* written with something else, or handed on: no fact */
      s->of_st[p] = s->on_st[p] = 2;
  }
}

void outparam_finish(flow_sum* s) {
  for (int p = 0; p < 16; p++) {
    int ok = s->out_kind[p] != FK_NONE && s->of_st[p] == 1 && s->on_st[p] != 2 &&
             (s->on_st[p] == 0 || s->on_hi[p] < s->of_lo[p] || s->on_lo[p] > s->of_hi[p]);
    if (ok) {
      s->outret |= 1u << p;
      if (!s->on_st[p]) s->outret_all |= 1u << p;
    } else if (s->out_kind[p] != FK_NONE && s->of_st[p] == 2 && !(s->nd_st[p] & 0x80) &&
               (s->on_st[p] == 2 || (s->on_st[p] == 1 && s->on_lo[p] <= 0 && s->on_hi[p] >= 0))) {
      /* filled on returns of values not known here (return ntuples;), left without a new
       * handle on returns of unknown values too (return handle_error(..);) or on returns that
       * include 0: the callers' "0 is success" reading would be a guess the code does not
       * support, so no acquire for them (undecided, counted at each call) */
      s->out_kind[p] = FK_NONE;
      s->out_undec |= 1u << p;
      s->of_lo[p] = s->of_hi[p] = s->on_lo[p] = s->on_hi[p] = 0;
    } else {
      s->of_lo[p] = s->of_hi[p] = s->on_lo[p] = s->on_hi[p] = 0; /* no fact: nothing to compare */
    }
    s->of_st[p] = s->on_st[p] = 0;
    if ((s->nd_st[p] & 0x7f) == 1) s->out_nulls |= 1u << p;
    s->nd_st[p] = 0;
  }
}

void outparam_replaced(actx* a, int bi, const flow_ev* e, vst* v, int var, int path) {
  const char* mpath;
  int p = member_param(a->f, var, &mpath);
  if (p < 0 || v[var].nul == 1) return;
  int k = (a->mrel[var] & 0x7f) - 1, nk = FK_NONE; /* the new handle's kind */
  if (e->kind == FE_OTHERSET && a->fill == p + 1) { /* *conn = PQconnectdb(..) */
    nk = a->fill_kind;
  } else if (e->kind == FE_CALL && a->cis && a->cis[bi]) { /* w->conn = PQconnectdb(..) */
    const flow_callinfo* ci = &a->cis[bi][e - a->f->b[bi].ev];
    if (!ci->ret_guess && ci->ret_borrow < 0 && !ci->ret_or_arg) nk = ci->ret_kind;
  }
  if (nk != k || (k != FK_CONN && k != FK_RESULT)) return;
  /* the function's summary: it releases the caller's handle in this place on some returns */
  const flow_sum* own = a->f->name ? flow_sum_find(a->s, a->f->name, a->u) : NULL;
  int released = own && !strcmp(mpath, "*") && (own->ent_rel & (1u << p));
  for (int i = 0; own && i < own->nmem && !released; i++)
    released = own->mem[i].arg == p && !strcmp(own->mem[i].path, mpath) && own->mem[i].kind == k;
  if (!released) return;
  flow_event ev = flow_ev_make(FLOW_EV_HELD_LOST, bi, e, v, var, path);
  ev.how = FLOW_LOST_REPLACED;
  ev.role_kind = k;
  ev.other = (int)a->mrel_line[var];
  flow_emit(a, &ev);
}

int outparam_drops(actx* a, const flow_ev* e, vst* v, int path, int* kept, vst* keep, int nk) {
  const flow_sum* su = e->callee ? flow_sum_find(a->s, e->callee, a->u) : NULL;
  if (!su || !su->out_nulls) return nk;
  for (int k = 0; k < e->nargs && k < 16 && nk < FLOW_SUM_MEMBERS; k++) {
    const flow_arg* ar = &e->args[k];
    if (!(su->out_nulls & (1u << k)) || !ar->addr || ar->member || ar->var < 0 || !a->rel[ar->var] ||
        a->f->vars[ar->var].field_of >= 0)
      continue;
    int in = 0; /* released by the callee already (member_call) */
    for (int j = 0; j < nk; j++) in |= kept[j] == ar->var;
    if (in) continue;
    if (is_leakable(&v[ar->var]))
      lose(a, v, ar->var, path, e->line, e->col, e->eline, e->ecol, FLOW_LOST_OVERWRITE);
    set_null(&v[ar->var]);
    kept[nk] = ar->var;
    keep[nk++] = v[ar->var];
  }
  return nk;
}

int outparam_place(const flow_arg* ar) {
  if (ar->var < 0 || !ar->addr) return -1;
  if (!ar->member) return ar->var;
  return ar->fvar1 - 1;
}

const flow_callinfo* outparam_call(const actx* a, const vst* x) {
  if (x->outb < 0 || x->outb >= a->f->nb || !a->cis || !a->cis[x->outb] || x->oute < 0 ||
      x->oute >= a->f->b[x->outb].nev)
    return NULL;
  return &a->cis[x->outb][x->oute];
}

/* path_cond.c - branch conditions: which branches a state admits and what each branch learns (acquire status codes, PQstatus, NULL tests, flags, pairs i < n), and the zero-trip state of `for` loops. */
#include <stdlib.h>
#include <string.h>

#include "engine/path.h"

/* x OP k: 1 true, 0 false, -1 unknown operator (path.h). */
int path_eval_op(int op, long long x, long long k) {
  switch (op) {
  case '=': return x == k;
  case '!': return x != k;
  case '<': return x < k;
  case 'l': return x <= k;
  case '>': return x > k;
  case 'g': return x >= k;
  }
  return -1;
}

/* The place whose pending out-parameter acquire the condition tests the
 * status of (rc = acquire(&h); if (rc == 0)), or -1. */
static int cond_link(actx* a, const flow_block* B, const vst* v) {
  const flow_cond* c = &B->cond;
  if (c->kind == FC_VAR) return v[c->var].link >= 0 ? v[c->var].link : -1;
  if (c->kind == FC_CALL && c->evi >= 0 && c->evi < B->nev) {
    const flow_ev* e = &B->ev[c->evi];
    const flow_callinfo* ci = &a->cis[B - a->f->b][c->evi];
    if (ci->out_kind != FK_NONE && ci->out_arg >= 0 && ci->out_arg < e->nargs)
      return outparam_place(&e->args[ci->out_arg]);
  }
  return -1;
}

/* Which sides of condition c (on the return value of call ci) admit a return that filled the
 * out-parameter (s_in) and one that did not (f_in); 1 when ci's summary says
 * (path_outparam.c), else 0. */
static int outparam_sides(const flow_callinfo* ci, const flow_cond* c, int s_in[2], int f_in[2]) {
  if (!ci || !ci->outret) return 0;
  /* the values of each set, at most 64 of each (a wider range: both sides may hold one) */
  long long ranges[2][2] = {{ci->of_lo, ci->of_hi}, {ci->on_lo, ci->on_hi}};
  for (int set = 0; set < 2; set++) {
    if (set == 1 && ci->outret_all) continue;
    int* in = set == 0 ? s_in : f_in;
    long long lo = ranges[set][0], hi = ranges[set][1];
    if (hi - lo >= 64) {
      in[0] = in[1] = 1;
      continue;
    }
    for (long long r = lo; r <= hi; r++) {
      int t = path_eval_op(c->op, r, c->val);
      if (t < 0) return 0;
      in[t ? 0 : 1] = 1;
    }
  }
  return 1;
}

/* The acquire returns 0 on success, a negative code on failure: a branch
 * that admits only success acquired, only failure did not. Returns 1 when
 * it decided (*vt, *vf set; both NULL on ENOMEM), 0 to try the next rule. */
static int split_acquire_status(actx* a, const flow_block* B, vst* v, int link, vst** vt, vst** vf) {
  const flow_cond* c = &B->cond;
  int var = c->kind == FC_VAR ? c->var : -1;
  long long k = c->val;
  long long fails[3] = {-1, k < 0 ? k : -2, k < 0 ? k - 1 : -3};
  int s_in[2] = {0, 0}, f_in[2] = {0, 0};
  const flow_callinfo* oc = c->kind == FC_CALL ? &a->cis[B - a->f->b][c->evi] : outparam_call(a, &v[link]);
  long long sval = 0; /* the status a success branch knows */
  if (outparam_sides(oc, c, s_in, f_in)) { /* the summary says which returns filled it */
    if (oc->of_lo != oc->of_hi) var = -1;
    sval = oc->of_lo;
  } else { /* 0 on success, a negative code on failure */
    int r0 = path_eval_op(c->op, 0, k);
    if (r0 < 0) return 0;
    s_in[r0 ? 0 : 1] = 1;
    for (int i = 0; i < 3; i++) {
      int r = path_eval_op(c->op, fails[i], k);
      if (r < 0) return 0;
      f_in[r ? 0 : 1] = 1;
    }
  }
  if (s_in[0] == f_in[0] && s_in[1] == f_in[1]) return 0;
  vst* other = state_dup(a, v);
  if (!other) {
    free(v);
    return 1;
  }
  vst* br[2] = {v, other};
  for (int b = 0; b < 2; b++) {
    /* the status variable keeps what the branch knows (0 or not 0), for
     * later tests of it once the acquire is resolved */
    int flag = var >= 0 && a->rel[var] && !a->f->vars[var].ptr;
    if (s_in[b] && !f_in[b]) {
      br[b][link].pending = 0;
      if (flag) br[b][var].fk = 1, br[b][var].val = sval;
    } else if (f_in[b] && !s_in[b]) {
      reset_var(&br[b][link]);
      if (flag) br[b][var].fk = 2, br[b][var].val = sval;
    }
  }
  *vt = br[0];
  *vf = br[1];
  return 1;
}

/* PQstatus(x) == / != CONNECTION_OK: the OK branch knows x is OK; the
 * other one knows that x from a helper returning NULL or an OK connection
 * is NULL. Returns 1 when it decided (as split_acquire_status). */
static int split_pqstatus(actx* a, const flow_block* B, vst* v, vst** vt, vst** vf) {
  const flow_cond* c = &B->cond;
  if (c->kind != FC_CALL || c->evi < 0 || c->evi >= B->nev || c->val != 0 || (c->op != '=' && c->op != '!'))
    return 0;
  const flow_ev* e = &B->ev[c->evi];
  int x = e->nargs >= 1 && !e->args[0].addr && !e->args[0].member ? e->args[0].var : -1;
  if (x < 0 || !a->rel[x] || !e->callee || strcmp(e->callee, "PQstatus")) return 0;
  vst* other = state_dup(a, v);
  if (!other) {
    free(v);
    return 1;
  }
  vst* okb = c->op == '=' ? v : other;
  vst* badb = c->op == '=' ? other : v;
  okb[x].statok = 1;
  if (okb[x].st == S_OWNED) okb[x].nul = 2;
  if (badb[x].st == S_OWNED && badb[x].okonly) {
    uint8_t k = badb[x].kind;
    reset_var(&badb[x]);
    badb[x].st = S_NULL;
    badb[x].kind = k;
    badb[x].nul = 1;
  }
  *vt = v;
  *vf = other;
  return 1;
}

/* d == arg after d = helper(arg) that returns arg or a new handle: the
 * helper gave the argument back (not ours); d != arg: a new handle, ours. */
static void split_gave_back(actx* a, const flow_cond* c, vst* v, int dv, vst** vt, vst** vf) {
  vst* other = state_dup(a, v);
  if (!other) {
    free(v);
    return;
  }
  vst* eq = c->op == '=' ? v : other;
  vst* ne = c->op == '=' ? other : v;
  reset_var(&eq[dv]);
  ne[dv].eqv = 0;
  *vt = v;
  *vf = other;
}

/* var OP var2 of two tracked places (FC_VAR2). */
static void split_pair(actx* a, const flow_cond* c, vst* v, vst** vt, vst** vf) {
  int p = c->var, w = c->var2;
  int dv = v[p].eqv == w + 1 ? p : v[w].eqv == p + 1 ? w : -1;
  if (dv >= 0 && (c->op == '=' || c->op == '!')) {
    split_gave_back(a, c, v, dv, vt, vf);
    return;
  }
  if ((c->op == '=' || c->op == '!') && a->f->vars[p].htype == 1 && a->f->vars[w].htype == 1 &&
      (v[p].orig || v[w].orig)) {
    /* two places that may hold the same handle on entry (st->res == dbh->last_result): on
     * the equal side a release through either name releases both, which the state cannot
     * say, so what they hold on entry is undecided there (silent), as for a borrow */
    vst* other = state_dup(a, v);
    if (!other) {
      free(v);
      return;
    }
    vst* eq = c->op == '=' ? v : other;
    eq[p].orig = eq[w].orig = 0;
    *vt = v;
    *vf = other;
    return;
  }
  /* i < n: what earlier tests of the pair decided on this path */
  static const uint8_t bits[128] = {['<'] = 1, ['l'] = 3, ['='] = 2, ['g'] = 6, ['>'] = 4, ['!'] = 5};
  uint8_t q = c->op > 0 && c->op < 128 ? bits[c->op] : 0;
  if (!q) {
    *vt = v;
    *vf = state_dup(a, v);
    return;
  }
  uint8_t known = 7;
  if (v[p].cmpv == w + 1) known &= v[p].cmpr;
  if (v[w].cmpv == p + 1) /* w R var: mirror it */
    known &= (uint8_t)((v[w].cmpr & 2) | (v[w].cmpr & 1 ? 4 : 0) | (v[w].cmpr & 4 ? 1 : 0));
  if (!known) known = 7; /* contradicting facts: decide nothing */
  uint8_t kt = known & q, kf = known & (uint8_t)~q & 7;
  vst* other = kt && kf ? state_dup(a, v) : NULL;
  if (kt && kf && !other) {
    free(v);
    return;
  }
  vst* tv = kt ? v : NULL;
  vst* fv = kt ? other : v;
  if (tv) tv[p].cmpv = (int16_t)(w + 1), tv[p].cmpr = kt;
  if (fv && kf) fv[p].cmpv = (int16_t)(w + 1), fv[p].cmpr = kf;
  *vt = tv;
  *vf = kf ? fv : NULL;
}

/* p == NULL / p != NULL of a pointer that can own a handle. */
static void split_null(actx* a, const flow_cond* c, vst* v, int var, vst** vt, vst** vf) {
  vst* x = &v[var];
  int isnull = -1; /* -1 unknown */
  if (x->st == S_NULL || x->nul == 1) isnull = 1;
  else if (x->st == S_RELEASED || x->nul == 2) isnull = 0;
  int want_null_true = c->op == '=';
  if (isnull >= 0) {
    if ((isnull == 1) == want_null_true) *vt = v;
    else *vf = v;
    return;
  }
  vst* n = state_dup(a, v);
  if (!n) {
    free(v);
    return;
  }
  /* v: non-null, n: null */
  v[var].nul = 2;
  n[var].nul = 1;
  if (n[var].st == S_OWNED || n[var].st == S_MOVED || n[var].st == S_ESCAPED) n[var].st = S_NULL;
  *vt = want_null_true ? n : v;
  *vf = want_null_true ? v : n;
}

/* var OP val of a non-pointer (a flag, a status): decided by what the path
 * knows, else both branches learn it. */
static void split_flag(actx* a, const flow_cond* c, vst* v, int var, vst** vt, vst** vf) {
  vst* x = &v[var];
  if (x->fk == 1) {
    int r = path_eval_op(c->op, x->val, c->val);
    if (r == 1) *vt = v;
    else if (r == 0) *vf = v;
    else {
      *vt = v;
      *vf = state_dup(a, v);
    }
    return;
  }
  int eqne = c->op == '=' || c->op == '!';
  if ((x->fk == 2 && x->val == c->val && eqne) || (x->nul == 2 && c->val == 0 && eqne)) {
    /* known != val (or known non-zero, learnt before another x != k) */
    if (c->op == '!') *vt = v;
    else *vf = v;
    return;
  }
  vst* n = state_dup(a, v);
  if (!n) {
    free(v);
    return;
  }
  if (eqne) {
    vst* eq = c->op == '=' ? v : n;
    vst* ne = c->op == '=' ? n : v;
    eq[var].fk = 1;
    eq[var].val = c->val;
    eq[var].nul = c->val != 0 ? 2 : 0; /* a non-pointer: nul 2 = known non-zero */
    ne[var].fk = 2;
    ne[var].val = c->val;
    if (c->val == 0) ne[var].nul = 2;
  }
  *vt = v;
  *vf = n;
}

void path_split(actx* a, const flow_block* B, vst* v, vst** vt, vst** vf) {
  const flow_cond* c = &B->cond;
  *vt = *vf = NULL;
  int var = c->kind == FC_VAR ? c->var : -1;
  int link = cond_link(a, B, v);
  if (link >= 0 && v[link].st == S_OWNED && v[link].pending &&
      split_acquire_status(a, B, v, link, vt, vf))
    return;
  if (split_pqstatus(a, B, v, vt, vf)) return;
  if (c->kind == FC_VAR2 && c->var >= 0 && c->var2 >= 0 && a->rel[c->var] && a->rel[c->var2]) {
    split_pair(a, c, v, vt, vf);
    return;
  }
  if (var < 0 || !a->rel[var] || (a->f->vars[var].ptr && a->rel[var] < 3)) {
    /* untracked, or a pointer that never owns a handle */
    *vt = v;
    *vf = state_dup(a, v);
    return;
  }
  if (a->f->vars[var].ptr && c->val == 0 && (c->op == '=' || c->op == '!'))
    split_null(a, c, v, var, vt, vf);
  else
    split_flag(a, c, v, var, vt, vf);
}

/* Leaving a `for` loop whose body assigns a handle variable that was
 * released before the loop: that state is the zero-iteration path (the
 * release happened outside the loop), which the code means never to take
 * (for (i = 0; i < retries; i++) conn = connect...). The variable's value
 * is unknown there rather than released: no use-after-release or
 * double-release claim on it. */
void path_zero_trip(actx* a, const flow_block* B, vst* v) {
  if (!v) return;
  const flow_fn* f = a->f;
  int L = B->for_loop - 1;
  for (int i = 0; i < f->nvars; i++) {
    if (v[i].st != S_RELEASED || !a->rel[i]) continue;
    int assigned = 0, released_inside = 0;
    for (int b = 0; b < f->nb && !released_inside; b++)
      for (int j = 0; j < f->b[b].nev; j++) {
        const flow_ev* e = &f->b[b].ev[j];
        int inside = 0;
        for (int l = e->loop; l >= 0; l = f->loop_parent[l])
          if (l == L) inside = 1;
        if (!inside) continue;
        if (e->var == i && ((e->kind == FE_CALL && e->dest == FD_VAR) || e->kind == FE_ASSIGN))
          assigned = 1;
        if (e->kind == FE_CALL && e->line == v[i].rel_line)
          for (int k = 0; k < e->nargs; k++)
            if (e->args[k].var == i) released_inside = 1;
      }
    if (assigned && !released_inside) reset_var(&v[i]);
  }
}

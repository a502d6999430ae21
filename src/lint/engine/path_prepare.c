/* path_prepare.c - before the walk: classify every call once and mark the places that can matter (handles, borrowed pointers, correlated flags, fields of local structs, copies of these). */
#include <stdlib.h>

#include "base/error.h"
#include "engine/path.h"

/* rel levels: 3 an owner (or a handle-typed place), 2 a borrowed pointer,
 * an acquire status or a handle argument, 1 a tested flag, 0 untracked. */

/* Call event e (classified into ci): its destination and arguments. */
static void mark_call(actx* a, const flow_ev* e, const flow_callinfo* ci) {
  const flow_fn* f = a->f;
  if (e->dest == FD_VAR && e->var >= 0 && ci->ret_kind != FK_NONE)
    a->rel[e->var] = 3; /* an owner */
  else if (e->dest == FD_VAR && e->var >= 0 && ci->relret && a->rel[e->var] < 2)
    a->rel[e->var] = 2; /* rc = helper(h): its test decides h's release */
  else if (e->dest == FD_VAR && e->var >= 0 && (ci->ret_borrow >= 0 || ci->out_kind != FK_NONE) &&
           a->rel[e->var] < 2)
    a->rel[e->var] = 2; /* a borrowed pointer, an acquire status */
  const flow_sum* su = e->callee && !ci->libpq ? flow_sum_find(a->s, e->callee, a->u) : NULL;
  for (int k = 0; su && su->out_undec && k < e->nargs && k < 16; k++)
    if ((su->out_undec & (1u << k)) && e->args[k].addr && e->args[k].var >= 0)
      a->undecided++; /* the callee keeps what it hands out elsewhere too: counted, not decided */
  for (int k = 0; k < e->nargs; k++) {
    int v = e->args[k].var;
    if (v < 0) continue;
    if (k < 16 && ((ci->exit_if_nz | ci->nonlocal_if_nz) & (1u << k)) && !a->rel[v])
      a->rel[v] = 1; /* a flag: its value on the path decides whether the call returns */
    int role = k < 16 ? ci->role[k] : FR_USE;
    int handle_role = role == FR_RELEASE || role == FR_DISCARD || role == FR_CHECK ||
                      (role != FR_USE && f->vars[v].htype);
    if (k < 16 && (ci->undecided & (1u << k)) && f->vars[v].htype && f->vars[v].param < 0 &&
        !e->args[k].addr)
      a->undecided++; /* silent: counted for --summary and the JSON report */
    if ((k == ci->out_arg && e->args[k].addr) || f->vars[v].htype)
      a->rel[v] = 3;
    else if ((handle_role || e->args[k].member) && a->rel[v] < 2)
      a->rel[v] = 2;
  }
}

/* Classifies every call (a->cis) and marks handles and borrowed pointers.
 * Returns 0 or PQL_ENOMEM. */
static int classify_calls(actx* a) {
  const flow_fn* f = a->f;
  for (int v = 0; v < f->nvars; v++)
    if (f->vars[v].htype) a->rel[v] = 3;
  for (int b = 0; b < f->nb; b++) {
    const flow_block* B = &f->b[b];
    if (B->term == FT_RETURN && B->ret_var >= 0 && f->vars[B->ret_var].ptr && !a->rel[B->ret_var])
      a->rel[B->ret_var] = 1;
    if (!B->nev) continue;
    a->cis[b] = calloc((size_t)B->nev, sizeof **a->cis);
    if (!a->cis[b]) return PQL_ENOMEM;
    for (int i = 0; i < B->nev; i++) {
      const flow_ev* e = &B->ev[i];
      if (e->kind == FE_ESCAPE && e->var >= 0 && f->vars[e->var].param >= 0 && f->vars[e->var].htype)
        a->rel[e->var] = 3;
      if (e->kind != FE_CALL) continue;
      flow_classify(a->m, a->s, a->u, e, &a->cis[b][i]);
      mark_call(a, e, &a->cis[b][i]);
    }
  }
  return 0;
}

/* Number of tests of the pair (x1, x2) in any order in f. */
static int pair_tests(const flow_fn* f, int x1, int x2) {
  int same = 0;
  for (int b2 = 0; b2 < f->nb && same < 2; b2++) {
    const flow_cond* c2 = &f->b[b2].cond;
    if (f->b[b2].term == FT_BRANCH && c2->kind == FC_VAR2 &&
        ((c2->var == x1 && c2->var2 == x2) || (c2->var == x2 && c2->var2 == x1)))
      same++;
  }
  return same;
}

/* A tested variable matters if a second test or a constant store can
 * correlate with the test (flags); tested once, it cannot. Returns 0 or
 * PQL_ENOMEM. */
static int mark_tested(actx* a) {
  const flow_fn* f = a->f;
  int* tests = calloc((size_t)(f->nvars ? f->nvars : 1), sizeof *tests);
  uint8_t* consts = calloc((size_t)(f->nvars ? f->nvars : 1), 1);
  if (!tests || !consts) {
    free(tests);
    free(consts);
    return PQL_ENOMEM;
  }
  for (int b = 0; b < f->nb; b++) {
    const flow_block* B = &f->b[b];
    if (B->term == FT_BRANCH && B->cond.kind == FC_VAR && B->cond.var >= 0) {
      tests[B->cond.var]++;
      if (B->loopcond) a->loopvar[B->cond.var] = 1;
    }
    /* a relation (i < n) matters only if the same pair is tested again
     * (after the loop); one test per loop counter would only multiply the
     * states */
    if (B->term == FT_BRANCH && B->cond.kind == FC_VAR2 && B->cond.var >= 0 && B->cond.var2 >= 0 &&
        pair_tests(f, B->cond.var, B->cond.var2) >= 2) {
      tests[B->cond.var] += 2;
      tests[B->cond.var2] += 2;
      if (B->loopcond) a->loopvar[B->cond.var] = a->loopvar[B->cond.var2] = 1;
    }
    for (int i = 0; i < B->nev; i++)
      if ((B->ev[i].kind == FE_CONST || B->ev[i].kind == FE_NULLSET) && B->ev[i].var >= 0)
        consts[B->ev[i].var] = 1;
  }
  for (int v = 0; v < f->nvars; v++)
    if (!a->rel[v] && (tests[v] >= 2 || (tests[v] && consts[v]))) a->rel[v] = 1;
  free(tests);
  free(consts);
  return 0;
}

/* Handle fields of local struct values that never escape (no &h, no copy,
 * not passed, not returned): they die with the struct. Returns 0 or
 * PQL_ENOMEM. */
static int mark_localfields(actx* a) {
  const flow_fn* f = a->f;
  a->localfield = calloc((size_t)(f->nvars ? f->nvars : 1), 1);
  uint8_t* esc = calloc((size_t)(f->nvars ? f->nvars : 1), 1);
  if (!a->localfield || !esc) {
    free(esc);
    return PQL_ENOMEM;
  }
  for (int b = 0; b < f->nb; b++) {
    const flow_block* B = &f->b[b];
    if (B->term == FT_RETURN && B->ret_var >= 0) esc[B->ret_var] = 1;
    for (int i = 0; i < B->nev; i++) {
      const flow_ev* e = &B->ev[i];
      if (e->kind == FE_ESCAPE && e->var >= 0) esc[e->var] = 1;
      if (e->kind == FE_ASSIGN && e->var2 >= 0) esc[e->var2] = 1;
      if (e->kind == FE_CALL)
        for (int k = 0; k < e->nargs; k++)
          if (e->args[k].var >= 0 && !e->args[k].subobj) esc[e->args[k].var] = 1;
    }
  }
  for (int v = 0; v < f->nvars; v++) {
    int base = f->vars[v].field_of;
    if (base >= 0 && !f->vars[base].ptr && f->vars[base].param < 0 && !esc[base] &&
        f->vars[base].field_of < 0)
      a->localfield[v] = 1;
  }
  free(esc);
  return 0;
}

/* Copies (a = b) of places that matter matter as much (three rounds). */
static void spread_copies(actx* a) {
  const flow_fn* f = a->f;
  for (int round = 0; round < 3; round++)
    for (int b = 0; b < f->nb; b++)
      for (int i = 0; i < f->b[b].nev; i++) {
        const flow_ev* e = &f->b[b].ev[i];
        if (e->kind == FE_ASSIGN && e->var >= 0 && e->var2 >= 0 && (a->rel[e->var] || a->rel[e->var2])) {
          uint8_t r = a->rel[e->var] > a->rel[e->var2] ? a->rel[e->var] : a->rel[e->var2];
          a->rel[e->var] = a->rel[e->var2] = r;
        }
      }
}

int path_prepare(actx* a) {
  const flow_fn* f = a->f;
  a->cis = calloc((size_t)f->nb, sizeof *a->cis);
  a->rel = calloc((size_t)(f->nvars ? f->nvars : 1), 1);
  a->loopvar = calloc((size_t)(f->nvars ? f->nvars : 1), 1);
  if (!a->cis || !a->rel || !a->loopvar) return PQL_ENOMEM;
  if (classify_calls(a) < 0 || mark_tested(a) < 0 || mark_localfields(a) < 0) return PQL_ENOMEM;
  for (int v = 0; v < f->nvars; v++) /* tested pointers that never own: NULL facts are useless */
    if (a->rel[v] == 1 && f->vars[v].ptr) a->rel[v] = 0;
  if (a->assume_var >= 0 && !a->rel[a->assume_var]) a->rel[a->assume_var] = 1;
  spread_copies(a);
  return path_lost_prepare(a);
}

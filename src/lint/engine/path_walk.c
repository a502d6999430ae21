/* path_walk.c - the path engine: per function, a bounded forward walk over the CFG with one state per path (split at branches, joined when identical, widened, given up past the budget); exits feed the summaries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/deadline.h"
#include "base/error.h"
#include "engine/flow_engine.h"
#include "engine/path.h"

/* Widens v before it joins block `block` that has n states already: forget
 * relations and NULL facts of untracked places, then flag facts. */
static void widen(actx* a, vst* v, int n) {
  for (int i = 0; i < a->f->nvars; i++) {
    if ((n >= 2 * MAX_PER_BLOCK && !a->loopvar[i]) || n >= 4 * MAX_PER_BLOCK) {
      v[i].fk = 0;
      v[i].val = 0;
    }
    v[i].cmpv = 0; /* relations between variables (i < n) go first */
    v[i].cmpr = 0;
    if (v[i].st == S_NONE) v[i].nul = 0;
    if (a->f->vars[i].global && n >= 2 * MAX_PER_BLOCK) { /* then globals: as on entry */
      reset_var(&v[i]);
      v[i].orig = 1;
    }
  }
}

/* 1 if block b has seen a state of hash h. */
static int seen_state(const actx* a, int block, uint64_t h) {
  for (int i = 0; i < a->nseen[block]; i++)
    if (a->seen[block][i] == h) return 1;
  return 0;
}

/* Pushes (block, state) unless an identical state was seen there; takes v.
 * Past the budget of states per block or of memory, gives up (a->gave_up). */
static void push(actx* a, int block, int path, vst* v) {
  if (!v) return;
  uint64_t h = block >= 0 && block < a->f->nb ? state_hash(v, a->f->nvars, a->rel) : 0;
  if (block < 0 || block >= a->f->nb || seen_state(a, block, h)) {
    free(v);
    return;
  }
  int n = a->nseen[block];
  if (n >= MAX_PER_BLOCK) {
    widen(a, v, n);
    h = state_hash(v, a->f->nvars, a->rel);
    int known = seen_state(a, block, h);
    if (!known && n >= 8 * MAX_PER_BLOCK) a->gave_up = 1;
    if (known || n >= 8 * MAX_PER_BLOCK) {
      free(v);
      return;
    }
  }
  if ((n & (n - 1)) == 0) {
    uint64_t* ns = realloc(a->seen[block], (size_t)(n ? n * 2 : 4) * sizeof *ns);
    if (!ns) {
      a->err = PQL_ENOMEM;
      free(v);
      return;
    }
    a->seen[block] = ns;
  }
  a->seen[block][a->nseen[block]++] = h;
  /* bound the memory of pending states (each is nvars wide) to ~256 MB */
  if ((size_t)a->nstack * (size_t)(a->f->nvars ? a->f->nvars : 1) * sizeof(vst) > ((size_t)256 << 20)) {
    a->gave_up = 1;
    free(v);
    return;
  }
  if (a->nstack == a->capstack) {
    int nc = a->capstack ? a->capstack * 2 : 64;
    item* ni = realloc(a->stack, (size_t)nc * sizeof *ni);
    if (!ni) {
      a->err = PQL_ENOMEM;
      free(v);
      return;
    }
    a->stack = ni;
    a->capstack = nc;
  }
  a->stack[a->nstack++] = (item){block, path, v};
}

/* A handle still undecided at an exit (rc = helper(h) and no test of rc
 * told whether h was released): silent, counted once per call. */
static void note_undecided_call(actx* a, const vst* x) {
  undecided_once(a, x->crelb << 16 | (x->crele & 0xffff));
}

/* The handles still owned at exit block B (returning ret_var or -1) are lost. */
static void exit_losses(actx* a, const flow_block* B, vst* v, int path, int ret_var) {
  for (int i = 0; i < a->f->nvars; i++) {
    if (i == ret_var) continue;
    if (a->f->vars[i].cleanup) continue;
    if (a->f->vars[i].field_of >= 0 && !a->localfield[i]) {
      if (a->out && a->rel[i] && is_leakable(&v[i])) transient_lost(a, B, v, i, path);
      continue; /* the owner's: lost here only when the field never outlives a call */
    }
    if (a->rel[i] && global_keeps(a, v, i)) continue;
    if (v[i].st == S_MOVED && v[i].alias == ret_var) continue;
    if (ret_var >= 0 && v[ret_var].st == S_MOVED && v[ret_var].alias == i &&
        v[ret_var].acq_line == v[i].acq_line && v[ret_var].acq_col == v[i].acq_col)
      continue; /* returns a copy that still holds i's handle */
    if (v[i].st == S_OWNED && v[i].crel) note_undecided_call(a, &v[i]);
    if (!is_leakable(&v[i])) continue;
    lose_at_end(a, v, i, path, B->line, B->col, 1, FLOW_LOST_EXIT);
  }
}

/* What this exit says about the function: what it returns, which
 * parameters it released. */
static void exit_summary(actx* a, const flow_block* B, vst* v, int ret_var) {
  flow_sum* s = a->sum;
  int rv = ret_var;
  if (rv >= 0 && v[rv].st == S_MOVED && v[rv].alias >= 0 && v[v[rv].alias].st == S_OWNED &&
      v[v[rv].alias].acq_line == v[rv].acq_line && v[v[rv].alias].acq_col == v[rv].acq_col)
    rv = v[rv].alias; /* returns a copy of the owner's handle */
  if (rv >= 0 && a->f->vars[rv].global) { /* returns what a global keeps: not the caller's */
    s->ret_mixed = 1;
    rv = -1;
  }
  int ret_ptr = ret_var >= 0 && v[ret_var].st != S_NULL && v[ret_var].nul != 1 && a->f->vars[ret_var].ptr;
  if (rv >= 0 && v[rv].st == S_OWNED && FK_LEAKABLE(v[rv].kind)) {
    s->ret_kind = v[rv].kind;
    if (!v[rv].statok && !v[rv].okonly) s->ret_notok = 1;
  } else if (B->term == FT_RETURN && !B->ret_other && ret_ptr && v[ret_var].fromp) {
    s->ret_argp |= 1 << (v[ret_var].fromp - 1); /* returns a parameter as it came */
  } else if (B->term == FT_RETURN && (B->ret_other || ret_ptr)) {
    s->ret_mixed = 1;
  }
  /* the constant this exit returns, if one (return -1; return rc; with rc known) */
  int rc_known = 0;
  long long rc = 0;
  if (B->term == FT_RETURN && B->ret_const) rc_known = 1, rc = B->ret_val;
  else if (B->term == FT_RETURN && ret_var >= 0 && !a->f->vars[ret_var].ptr && v[ret_var].fk == 1)
    rc_known = 1, rc = v[ret_var].val;
  for (int i = 0; i < a->f->nvars; i++) {
    int p = a->f->vars[i].param;
    if (p < 0 || p >= 16) continue;
    if (v[i].prel && v[i].st == S_RELEASED) {
      s->rel_some[p] = 1;
      s->arg_kind[p] = v[i].pkind;
      if (!rc_known || (s->rr_state[p] == 1 && s->rr_val[p] != rc)) s->rr_state[p] = 2;
      else if (!s->rr_state[p]) s->rr_state[p] = 1, s->rr_val[p] = rc;
    } else if (v[i].st != S_NULL && v[i].nul != 1) {
      s->rel_not[p] = 1;
      if (!rc_known) s->ur_state[p] = 2;
      else if (!s->ur_state[p]) s->ur_state[p] = 1, s->ur_lo[p] = s->ur_hi[p] = rc;
      else if (s->ur_state[p] == 1) {
        if (rc < s->ur_lo[p]) s->ur_lo[p] = rc;
        if (rc > s->ur_hi[p]) s->ur_hi[p] = rc;
      }
    }
  }
  member_exit(a, v);
  transient_exit(a, v);
}

/* A path reaches exit block B. */
static void at_exit(actx* a, const flow_block* B, vst* v, int path) {
  int ret_var = B->term == FT_RETURN ? B->ret_var : -1;
  a->reached_exit = 1;
  exit_losses(a, B, v, path, ret_var);
  flow_event ev = flow_ev_make(FLOW_EV_EXIT, (int)(B - a->f->b), NULL, v, ret_var, path);
  ev.b = B;
  flow_emit(a, &ev);
  if (a->sum) {
    exit_summary(a, B, v, ret_var);
    outparam_exit(a, B, v, ret_var);
  }
}

/* After branch B, on its side `side` (0 where the condition as stored
 * holds): a handle that a helper released exactly when it returned crelv
 * (crel = 1 + the variable d holding that return) is released where the
 * test admits only crelv, still owned where it excludes crelv. The
 * helper's other returns are in [lo, hi] (its summary). */
static void resolve_crel(actx* a, const flow_block* B, int side, vst* v) {
  if (!v || B->cond.kind != FC_VAR) return;
  for (int i = 0; i < a->f->nvars; i++) {
    if (!v[i].crel || v[i].crel - 1 != B->cond.var) continue;
    const flow_callinfo* ci = &a->cis[v[i].crelb][v[i].crele];
    long long lo = ci->relret_lo[v[i].crela], hi = ci->relret_hi[v[i].crela];
    int want = side == 0; /* the condition's value on this side */
    int rel_here = path_eval_op(B->cond.op, v[i].crelv, B->cond.val) == want;
    int other_here = 0; /* some other return of the helper takes this side too */
    for (long long r = lo; r <= hi && r - lo < 64 && !other_here; r++)
      other_here = r != v[i].crelv && path_eval_op(B->cond.op, r, B->cond.val) == want;
    if (hi - lo >= 64) other_here = 1;
    if (!rel_here) {
      v[i].crel = 0; /* the helper kept it: ours again */
    } else if (!other_here) {
      v[i].crel = 0;
      v[i].st = S_RELEASED; /* rel_line: the helper's call */
      mark_dangling(a, v, i, v[i].rel_line);
    }
  }
}

/* A branch: split the state, tell the rules, push each feasible side. */
static void walk_branch(actx* a, const flow_block* B, vst* v, int path) {
  vst *vt, *vf;
  path_split(a, B, v, &vt, &vf);
  resolve_crel(a, B, 0, vt);
  resolve_crel(a, B, 1, vf);
  if (B->for_loop) path_zero_trip(a, B, B->negated ? vt : vf);
  int both = vt && vf;
  int wt = B->loopcond ? (B->negated ? 5 : 4) : B->negated ? 2 : 1;
  int wf = B->loopcond ? (B->negated ? 4 : 5) : B->negated ? 1 : 2;
  vst* side[2] = {vt, vf};
  int what[2] = {wt, wf};
  for (int s = 0; s < 2; s++) {
    if (!side[s]) continue;
    int p = both ? new_pnode(a, path, B->line, B->col, what[s], -1) : path;
    flow_event ev = flow_ev_make(FLOW_EV_TEST, (int)(B - a->f->b), NULL, side[s], -1, p);
    ev.b = B;
    ev.how = s; /* 0 the true side, 1 the false side */
    flow_emit(a, &ev);
    push(a, B->succ[s], p, side[s]);
  }
}

/* Takes one pending (block, state) and follows it through the block. */
static void walk_item(actx* a, item it) {
  const flow_block* B = &a->f->b[it.block];
  vst* v = it.v;
  int path = it.path;
  path_lost_enter(a, it.block, v, path);
  if (path_events(a, it.block, v, &path)) {
    if (a->catch_to) { /* a nonlocal exit inside a try block: on at its handler */
      int h = a->catch_to - 1;
      a->catch_to = 0;
      push(a, h, path, v);
      return;
    }
    if (a->left_nonlocal && a->sum) { /* the caller's handles released on this path, or not */
      static const flow_block none = {.term = FT_END, .ret_var = -1};
      exit_summary(a, &none, v, -1);
    }
    a->left_nonlocal = 0;
    free(v);
    return;
  }
  switch (B->term) {
  case FT_GOTO:
    if (B->nsucc) push(a, B->succ[0], path, v);
    else free(v);
    break;
  case FT_SWITCH:
    for (int i = 0; i < B->nsucc; i++) push(a, B->succ[i], path, i + 1 < B->nsucc ? state_dup(a, v) : v);
    if (!B->nsucc) free(v);
    break;
  case FT_BRANCH:
    walk_branch(a, B, v, path);
    break;
  case FT_RETURN:
  case FT_END:
    at_exit(a, B, v, path);
    free(v);
    break;
  default:
    free(v);
  }
}

static void cleanup(actx* a) {
  for (int i = 0; i < a->f->nb; i++) {
    if (a->seen) free(a->seen[i]);
    if (a->cis) free(a->cis[i]);
  }
  free(a->cis);
  path_lost_free(a);
  free(a->rel);
  free(a->localfield);
  free(a->mrel);
  free(a->mrel_line);
  free(a->owning);
  free(a->palias);
  free(a->tdroot);
  free(a->tryh);
  free(a->loopvar);
  free(a->seen);
  free(a->nseen);
  free(a->stack);
  free(a->pn);
  for (int i = 0; i < a->nkeys; i++) free(a->keys[i]);
  free(a->keys);
}

/* After the walk: released on every return is a release for callers, on
 * some a take-over; a new handle or one parameter as it came is "ours
 * where it differs from that argument". */
static void finish_summary(flow_sum* sum) {
  for (int p = 0; p < 16; p++) {
    if (sum->rel_some[p]) sum->arg_role[p] = sum->rel_not[p] ? FR_ESCAPE : FR_RELEASE;
    /* released on the returns of one constant, kept on returns of others: a release there only */
    if (sum->arg_role[p] == FR_ESCAPE && sum->rr_state[p] == 1 && sum->ur_state[p] == 1 &&
        (sum->rr_val[p] < sum->ur_lo[p] || sum->rr_val[p] > sum->ur_hi[p])) {
      sum->relret |= 1u << p;
      sum->relret_val[p] = sum->rr_val[p];
    }
    if (sum->out_mixed[p]) sum->out_kind[p] = FK_NONE;
  }
  if (sum->ret_mixed) sum->ret_kind = FK_NONE;
  if (sum->ret_argp && sum->ret_kind != FK_NONE && !(sum->ret_argp & (sum->ret_argp - 1)))
    sum->ret_or_arg = __builtin_ctz((unsigned)sum->ret_argp) + 1;
  else if (sum->ret_argp)
    sum->ret_kind = FK_NONE;
  sum->ret_okonly = sum->ret_kind == FK_CONN && !sum->ret_notok;
  member_finish(sum);
  outparam_finish(sum);
}

/* The state at the function's entry: nothing known, parameters hold the
 * caller's values. NULL on ENOMEM. */
static vst* entry_state(const actx* a) {
  const flow_fn* f = a->f;
  vst* v0 = calloc((size_t)(f->nvars ? f->nvars : 1), sizeof *v0);
  if (!v0) return NULL;
  for (int i = 0; i < f->nvars; i++) {
    reset_var(&v0[i]);
    if (f->vars[i].param >= 0) v0[i].orig = 1;
    if (f->vars[i].param >= 0 && f->vars[i].param < 16) v0[i].fromp = (uint8_t)(f->vars[i].param + 1);
  }
  member_entry(f, v0);
  global_entry(f, v0);
  if (a->assume_var >= 0) { /* a summary variant: the flag parameter is 0 / not 0 */
    v0[a->assume_var].fk = a->assume_nz ? 2 : 1;
    v0[a->assume_var].val = 0;
    v0[a->assume_var].nul = a->assume_nz ? 2 : 1;
  }
  return v0;
}

/* Says why the walk of f gave up (PQL_FLOW_WHY=1) and warns that it did. */
static void warn_gave_up(const actx* a, int pops) {
  const flow_fn* f = a->f;
  if (getenv("PQL_FLOW_WHY")) {
    fprintf(stderr, "%s: pops %d; tracked:", f->name, pops);
    for (int i = 0; i < f->nvars; i++)
      if (a->rel[i]) fprintf(stderr, " %s(%d%s)", f->vars[i].name, a->rel[i], a->loopvar[i] ? ",loop" : "");
    fprintf(stderr, "\n");
  }
  pql_warnf("%s: %s(): path analysis stopped after too many paths; findings there may be incomplete",
            a->u->path, f->name ? f->name : "?");
}

int flow_analyze_ex(const flow_unit* u, const flow_fn* f, const flow_summaries* s,
                    const model_set* m, const lint_rules_on* on, finding_list* out, flow_sum* sum,
                    int assume_param, int assume_nz, size_t* undecided) {
  if (!f->nb || f->broken) return 0;
  if (flow_rules_state_size() > FLOW_RULE_STATE) return PQL_EINVAL;
  actx a;
  memset(&a, 0, sizeof a);
  a.u = u, a.f = f, a.s = s, a.m = m, a.on = on, a.out = out, a.sum = sum;
  a.assume_var = -1;
  for (int i = 0; assume_param >= 0 && i < f->nvars; i++)
    if (f->vars[i].param == assume_param) a.assume_var = i;
  a.assume_nz = assume_nz;
  a.seen = calloc((size_t)f->nb, sizeof *a.seen);
  a.nseen = calloc((size_t)f->nb, sizeof *a.nseen);
  vst* v0 = NULL;
  int prc = a.seen && a.nseen ? path_prepare(&a) : PQL_ENOMEM;
  if (!prc) prc = path_try_prepare(&a);
  if (!prc && member_prepare(&a) < 0) prc = PQL_ENOMEM;
  if (!prc && owner_prepare(&a) < 0) prc = PQL_ENOMEM;
  if (!prc) v0 = entry_state(&a);
  if (!a.seen || !a.nseen || !v0 || prc < 0) {
    free(v0);
    cleanup(&a);
    return PQL_ENOMEM;
  }
  global_summary(&a);
  globev_summary(&a);
  owner_summary(&a);
  frees_summary(&a);
  keeps_summary(&a);
  push(&a, 0, -1, v0);
  int pops = 0;
  while (a.nstack && !a.err) {
    if (++pops > MAX_POPS) {
      a.gave_up = 1;
      break;
    }
    if (deadline_passed()) { /* --file-timeout: the caller drops the file's findings */
      a.err = PQL_ETIMEDOUT;
      break;
    }
    walk_item(&a, a.stack[--a.nstack]);
  }
  while (a.nstack) free(a.stack[--a.nstack].v);
  if (sum && !a.gave_up && !a.err && !a.reached_exit) {
    if (a.reached_nonlocal) sum->nonlocal = 1; /* a wrapper of ereport(ERROR): the caller's
                                                  handles are lost there, not kept by an exit() */
    else sum->noreturn = 1;
  }
  if (sum) finish_summary(sum);
  if (a.gave_up && out) warn_gave_up(&a, pops);
  int rc = a.err ? a.err : a.gave_up;
  if (undecided) *undecided += a.undecided;
  cleanup(&a);
  return rc;
}

int flow_analyze(const flow_unit* u, const flow_fn* f, const flow_summaries* s,
                 const model_set* m, const lint_rules_on* on, finding_list* out, flow_sum* sum,
                 size_t* undecided) {
  return flow_analyze_ex(u, f, s, m, on, out, sum, -1, 0, undecided);
}

int flow_scan(const flow_unit* u, const flow_fn* f, const flow_summaries* s, const model_set* m,
              const lint_rules_on* on, finding_list* out) {
  actx a;
  memset(&a, 0, sizeof a);
  a.u = u, a.f = f, a.s = s, a.m = m, a.on = on, a.out = out;
  a.cis = calloc((size_t)(f->nb ? f->nb : 1), sizeof *a.cis);
  int rc = a.cis ? 0 : PQL_ENOMEM;
  for (int b = 0; b < f->nb && !rc; b++) {
    if (!f->b[b].nev) continue;
    a.cis[b] = calloc((size_t)f->b[b].nev, sizeof **a.cis);
    if (!a.cis[b]) rc = PQL_ENOMEM;
    for (int i = 0; a.cis[b] && i < f->b[b].nev; i++)
      if (f->b[b].ev[i].kind == FE_CALL) flow_classify(m, s, u, &f->b[b].ev[i], &a.cis[b][i]);
  }
  if (!rc) {
    flow_event ev = flow_ev_make(FLOW_EV_FUNCTION, -1, NULL, NULL, -1, -1);
    flow_emit(&a, &ev);
    rc = a.err;
  }
  for (int b = 0; a.cis && b < f->nb; b++) free(a.cis[b]);
  free(a.cis);
  for (int i = 0; i < a.nkeys; i++) free(a.keys[i]);
  free(a.keys);
  return rc;
}

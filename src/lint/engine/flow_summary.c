/* flow_summary.c - function summaries over all units (flow_summaries_build): each definition through the path engine until nothing changes. */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "engine/flow_engine.h"

#define ROUNDS 8

/* Resets s to "nothing known" for function f. */
static void sum_init(flow_sum* s, const flow_fn* f) {
  memset(s, 0, sizeof *s);
  s->ret_kind = FK_NONE;
  s->nargs = f->nparams < 16 ? f->nparams : 16;
  for (int i = 0; i < 16; i++) {
    s->arg_role[i] = FR_USE;
    s->arg_kind[i] = FK_NONE;
    s->out_kind[i] = FK_NONE;
  }
}

/* The parameters of f worth a summary variant: scalar ones tested by a
 * branch (`if (flag)`), in a function that takes a handle (a helper that
 * exits or releases under a flag: disconnect_database(conn, true)). */
static unsigned flag_params(const flow_fn* f) {
  unsigned flags = 0;
  int handle_param = 0;
  for (int i = 0; i < f->nvars; i++)
    if (f->vars[i].param >= 0 && f->vars[i].htype) handle_param = 1;
  if (!handle_param) return 0;
  for (int b = 0; b < f->nb; b++) {
    const flow_block* B = &f->b[b];
    if (B->term != FT_BRANCH || B->cond.kind != FC_VAR || B->cond.var < 0) continue;
    const flow_var* fv = &f->vars[B->cond.var];
    if (fv->param >= 0 && fv->param < 16 && !fv->ptr) flags |= 1u << fv->param;
  }
  return flags;
}

/* The conditional facts of f (sum holds its plain summary): for each flag
 * parameter, the analysis again with it non-zero and, when some argument
 * is released on some paths only, with it zero. Returns 0 or PQL_ENOMEM. */
static int sum_conditions(const flow_unit* u, const flow_fn* f, const flow_summaries* s,
                          const model_set* m, flow_sum* sum) {
  unsigned flags = flag_params(f);
  int some = 0;
  for (int k = 0; k < sum->nargs; k++) some |= sum->arg_role[k] == FR_ESCAPE;
  for (int p = 0; p < 16 && flags && !sum->noreturn && !sum->nonlocal; p++) {
    if (!(flags & (1u << p))) continue;
    flow_sum var[2];
    unsigned relm[2] = {0, 0};
    for (int nz = 1; nz >= 0; nz--) {
      if (!nz && !some) break;
      sum_init(&var[nz], f);
      int rc = flow_analyze_ex(u, f, s, m, NULL, NULL, &var[nz], p, nz, NULL);
      if (rc < 0) return rc;
      if (rc == 1) return 0; /* gave up: no condition is known */
      for (int k = 0; k < var[nz].nargs; k++)
        if (var[nz].arg_role[k] == FR_RELEASE) relm[nz] |= 1u << k;
    }
    if (var[1].noreturn) sum->noreturn_nz |= 1u << p;
    if (var[1].nonlocal) sum->nonlocal_nz |= 1u << p;
    if (some && relm[0] != relm[1]) {
      sum->rel_nz[p] = relm[1];
      sum->rel_z[p] = relm[0];
      for (int k = 0; k < sum->nargs; k++)
        if (sum->arg_kind[k] == FK_NONE) sum->arg_kind[k] = var[(relm[1] >> k) & 1].arg_kind[k];
    }
  }
  return 0;
}

static int cmp_slot(const void* x, const void* y) {
  const flow_sum_slot *a = x, *b = y;
  int c = strcmp(a->name, b->name);
  if (c) return c;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* 1 if a header definition of this name already has a slot (one per name). */
static int have_header_slot(const flow_summaries* s, const char* name) {
  for (size_t i = 0; i < s->n; i++)
    if (s->v[i].hdr && !strcmp(s->v[i].name, name)) return 1;
  return 0;
}

/* Which slots a slot's function reads (the slots of its callees' names),
 * and when each was last analysed and last changed (steps of one counter). */
typedef struct sum_deps {
  size_t** rng;      /* per slot: pairs [lo, hi) of slot indexes, nrng[k] pairs */
  size_t* nrng;
  unsigned long* analysed;
  unsigned long* changed;
  unsigned long step;
  size_t n;
} sum_deps;

static void deps_free(sum_deps* d) {
  for (size_t k = 0; d->rng && k < d->n; k++) free(d->rng[k]);
  free(d->rng);
  free(d->nrng);
  free(d->analysed);
  free(d->changed);
  memset(d, 0, sizeof *d);
}

/* [lo, hi) of the slots named name in the sorted table. */
static void name_range(const flow_summaries* s, const char* name, size_t* lo, size_t* hi) {
  size_t a = 0, b = s->n;
  while (a < b) {
    size_t mid = a + (b - a) / 2;
    if (strcmp(s->v[mid].name, name) < 0) a = mid + 1;
    else b = mid;
  }
  *lo = a;
  while (a < s->n && !strcmp(s->v[a].name, name)) a++;
  *hi = a;
}

/* Fills d for every slot of s (slot_of: per unit and function, its slot or
 * -1). Returns 0 or PQL_ENOMEM (d is freed by deps_free either way). */
static int deps_build(const flow_summaries* s, flow_unit* const* units, size_t n, int* const* slot_of,
                      sum_deps* d) {
  d->n = s->n;
  d->rng = calloc(s->n ? s->n : 1, sizeof *d->rng);
  d->nrng = calloc(s->n ? s->n : 1, sizeof *d->nrng);
  d->analysed = calloc(s->n ? s->n : 1, sizeof *d->analysed);
  d->changed = calloc(s->n ? s->n : 1, sizeof *d->changed);
  if (!d->rng || !d->nrng || !d->analysed || !d->changed) return PQL_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    if (!units[i]) continue;
    for (int j = 0; j < units[i]->nfns; j++) {
      int k = slot_of[i][j];
      if (k < 0) continue;
      const flow_fn* f = &units[i]->fns[j];
      size_t cap = 0;
      for (int b = 0; b < f->nb; b++)
        for (int e = 0; e < f->b[b].nev; e++) {
          const flow_ev* ev = &f->b[b].ev[e];
          if (ev->kind != FE_CALL || !ev->callee) continue;
          size_t lo, hi;
          name_range(s, ev->callee, &lo, &hi);
          if (lo == hi) continue;
          int dup = 0;
          for (size_t r = 0; r < d->nrng[k] && !dup; r++) dup = d->rng[k][2 * r] == lo;
          if (dup) continue;
          if (d->nrng[k] == cap) {
            cap = cap ? cap * 2 : 4;
            size_t* nv = realloc(d->rng[k], cap * 2 * sizeof *nv);
            if (!nv) return PQL_ENOMEM;
            d->rng[k] = nv;
          }
          d->rng[k][2 * d->nrng[k]] = lo;
          d->rng[k][2 * d->nrng[k] + 1] = hi;
          d->nrng[k]++;
        }
    }
  }
  return 0;
}

/* 1 if a slot that slot k's function reads changed after k was analysed. */
static int deps_dirty(const sum_deps* d, size_t k) {
  for (size_t r = 0; r < d->nrng[k]; r++)
    for (size_t x = d->rng[k][2 * r]; x < d->rng[k][2 * r + 1]; x++)
      if (d->changed[x] > d->analysed[k]) return 1;
  return 0;
}

flow_summaries* flow_summaries_build(flow_unit* const* units, size_t n, const model_set* m) {
  return flow_summaries_build_paged(units, n, m, NULL);
}

flow_summaries* flow_summaries_build_paged(flow_unit* const* units, size_t n, const model_set* m,
                                           const flow_pager* pg) {
  sum_deps dp = {0};
  size_t* seq_at = NULL; /* per slot, by creation order (seq): its unit index and function index */
  flow_summaries* s = flow_summaries_new();
  int** slot_of = calloc(n ? n : 1, sizeof *slot_of);
  if (!s || !slot_of) {
    flow_summaries_free(s);
    free(slot_of);
    return NULL;
  }
  /* a slot per definition in a file of the run (flow_sum_find picks the
   * caller's own, or the only one), and one per name for the functions of
   * included headers (the same code in every unit that includes it) */
  for (size_t i = 0; i < n; i++) {
    if (!units[i]) continue;
    for (int j = 0; j < units[i]->nfns; j++) {
      const flow_fn* f = &units[i]->fns[j];
      if (!f->name || (f->in_header && have_header_slot(s, f->name))) continue;
      if (s->n % 64 == 0) {
        size_t* nv = realloc(seq_at, (s->n + 64) * 2 * sizeof *nv);
        if (!nv) goto oom;
        seq_at = nv;
      }
      flow_sum_slot* su = flow_sums_add(s);
      if (!su) goto oom;
      su->owner = f;
      su->unit = units[i];
      su->is_static = f->is_static;
      su->hdr = f->in_header;
      su->seq = s->n - 1;
      flow_sum init;
      sum_init(&init, f);
      if (!(su->name = strdup(f->name)) || flow_sums_set(s, s->n - 1, &init)) goto oom;
      seq_at[2 * su->seq] = i;
      seq_at[2 * su->seq + 1] = (size_t)j;
    }
  }
  if (s->n) qsort(s->v, s->n, sizeof *s->v, cmp_slot);
  /* definitions are analysed in file order (callees usually come first) */
  for (size_t i = 0; i < n; i++) {
    if (!units[i] || !units[i]->nfns) continue;
    slot_of[i] = malloc((size_t)units[i]->nfns * sizeof **slot_of);
    if (!slot_of[i]) goto oom;
    for (int j = 0; j < units[i]->nfns; j++) slot_of[i][j] = -1;
  }
  /* by creation order (seq), not by owner pointers: a paged unit's functions move */
  for (size_t k = 0; k < s->n; k++) slot_of[seq_at[2 * s->v[k].seq]][seq_at[2 * s->v[k].seq + 1]] = (int)k;
  /* iterate: callers see the summaries computed so far. A function is
   * analysed again only when a summary of a name it calls changed since its
   * last analysis: flow_analyze reads the table only by callee name, so the
   * skipped analysis would give what the slot holds already. */
  if (deps_build(s, units, n, slot_of, &dp)) goto oom;
  for (int round = 0; round < ROUNDS; round++) {
    int changed = 0;
    for (size_t i = 0; i < n; i++) {
      if (!units[i]) continue;
      int todo = 0; /* a paged unit is loaded only when one of its functions is analysed */
      for (int j = 0; j < units[i]->nfns && !todo; j++)
        todo = slot_of[i][j] >= 0 && (round == 0 || deps_dirty(&dp, slot_of[i][j]));
      if (!todo) continue;
      if (pg && pg->load(pg->ctx, i, units[i])) goto oom;
      for (int j = 0; j < units[i]->nfns; j++) {
        int k = slot_of[i][j];
        if (k < 0 || (round > 0 && !deps_dirty(&dp, k))) continue;
        const flow_fn* f = &units[i]->fns[j];
        flow_sum_slot* slot = &s->v[k];
        flow_sum next;
        sum_init(&next, f);
        dp.analysed[k] = ++dp.step;
        int rc = flow_analyze(units[i], f, s, m, NULL, NULL, &next, NULL);
        if (rc < 0 || (rc == 0 && sum_conditions(units[i], f, s, m, &next) < 0)) {
          if (pg) pg->done(pg->ctx, i, units[i]);
          goto oom;
        }
        if (rc == 1) next.noreturn = next.nonlocal = 0;
        next.broken = f->broken;
        int src = 0;
        if (!flow_sum_equal(&next, slot->sum)) {
          src = flow_sums_set(s, (size_t)k, &next);
          dp.changed[k] = dp.analysed[k];
          changed = 1;
        } else {
          flow_sum kept = *slot->sum;
          owner_keep(&kept, &next); /* read in pass 2 only: no new round for it */
          if (memcmp(kept.own, slot->sum->own, sizeof kept.own) || kept.nown != slot->sum->nown ||
              kept.own_all != slot->sum->own_all)
            src = flow_sums_set(s, (size_t)k, &kept);
        }
        if (src) {
          if (pg) pg->done(pg->ctx, i, units[i]);
          goto oom;
        }
      }
      if (pg) pg->done(pg->ctx, i, units[i]);
    }
    if (!changed) break;
  }
  deps_free(&dp);
  for (size_t i = 0; i < n; i++) free(slot_of[i]);
  free(slot_of);
  free(seq_at);
  return s;
oom:
  free(seq_at);
  deps_free(&dp);
  for (size_t i = 0; i < n; i++) free(slot_of[i]);
  free(slot_of);
  flow_summaries_free(s);
  return NULL;
}

/* flow_sumtab.c - the table of summaries by name: its slots and their interned facts, which summary a call uses, comparing two, freeing the table. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/flow_ir.h"

/* One interned summary: how many slots point to it, its hash, its facts. */
typedef struct pool_ent {
  size_t refs;
  uint64_t hash;
  flow_sum facts;
} pool_ent;

/* The distinct facts of a table: open addressing (linear probing) over
 * entries, cap a power of two, at most half full. */
struct flow_sum_pool {
  pool_ent** tab;
  size_t cap, n;
};

static pool_ent* ent_of(const flow_sum* f) {
  return (pool_ent*)(void*)((char*)(uintptr_t)f - offsetof(pool_ent, facts));
}

/* Zeroes the bytes of a string field after its terminating NUL. */
static void zero_tail(char* s, size_t size) {
  size_t n = strnlen(s, size);
  if (n < size) memset(s + n, 0, size - n);
}

void flow_sum_canon(flow_sum* s) {
  memset(s->rel_some, 0, sizeof s->rel_some);
  memset(s->rel_not, 0, sizeof s->rel_not);
  memset(s->out_mixed, 0, sizeof s->out_mixed);
  s->ret_mixed = s->ret_notok = s->ret_argp = 0;
  memset(s->rr_state, 0, sizeof s->rr_state);
  memset(s->ur_state, 0, sizeof s->ur_state);
  memset(s->rr_val, 0, sizeof s->rr_val);
  memset(s->of_st, 0, sizeof s->of_st); /* path_outparam.c's working states */
  memset(s->on_st, 0, sizeof s->on_st);
  memset(s->nd_st, 0, sizeof s->nd_st);
  for (int i = 0; i < FLOW_SUM_GLOB; i++) {
    if (i >= s->ngl) memset(&s->gl[i], 0, sizeof s->gl[i]);
    else zero_tail(s->gl[i].name, sizeof s->gl[i].name);
  }
  for (int i = 0; i < FLOW_SUM_MEMBERS; i++) {
    if (i >= s->nmem) memset(&s->mem[i], 0, sizeof s->mem[i]);
    else zero_tail(s->mem[i].path, sizeof s->mem[i].path);
  }
  for (int i = 0; i < (int)(sizeof s->gw / sizeof s->gw[0]); i++) {
    if (i >= s->ngw) memset(s->gw[i], 0, sizeof s->gw[i]);
    else zero_tail(s->gw[i], sizeof s->gw[i]);
  }
  for (int i = 0; i < FLOW_SUM_OWN; i++) {
    if (i >= s->nown) {
      memset(&s->own[i], 0, sizeof s->own[i]);
    } else {
      zero_tail(s->own[i].owner, sizeof s->own[i].owner);
      zero_tail(s->own[i].field, sizeof s->own[i].field);
    }
  }
}

/* A hash of the bytes of f (words at a time: it runs once per analysed function). */
static uint64_t facts_hash(const flow_sum* f) {
  const unsigned char* p = (const unsigned char*)f;
  uint64_t h = 0x9e3779b97f4a7c15u;
  size_t i = 0;
  for (; i + 8 <= sizeof *f; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdu;
    h ^= h >> 32;
  }
  for (; i < sizeof *f; i++) h = (h ^ p[i]) * 0x100000001b3u;
  return h ^ (h >> 29);
}

/* Doubles the pool's table. 0 or PQL_ENOMEM. */
static int pool_grow(flow_sum_pool* p) {
  size_t nc = p->cap ? p->cap * 2 : 64;
  pool_ent** nt = calloc(nc, sizeof *nt);
  if (!nt) return PQL_ENOMEM;
  for (size_t i = 0; i < p->cap; i++) {
    pool_ent* e = p->tab[i];
    if (!e) continue;
    size_t j = e->hash & (nc - 1);
    while (nt[j]) j = (j + 1) & (nc - 1);
    nt[j] = e;
  }
  free(p->tab);
  p->tab = nt;
  p->cap = nc;
  return 0;
}

/* The entry holding facts equal to *f (canonical), with one more
 * reference; added when missing. NULL on ENOMEM. */
static pool_ent* pool_get(flow_sum_pool* p, const flow_sum* f) {
  if (2 * (p->n + 1) > p->cap && pool_grow(p)) return NULL;
  uint64_t h = facts_hash(f);
  size_t j = h & (p->cap - 1);
  for (; p->tab[j]; j = (j + 1) & (p->cap - 1)) {
    pool_ent* e = p->tab[j];
    if (e->hash == h && !memcmp(&e->facts, f, sizeof *f)) {
      e->refs++;
      return e;
    }
  }
  pool_ent* e = malloc(sizeof *e);
  if (!e) return NULL;
  e->refs = 1;
  e->hash = h;
  memcpy(&e->facts, f, sizeof *f);
  p->tab[j] = e;
  p->n++;
  return e;
}

/* Drops one reference to e; the last one frees it (backward-shift deletion). */
static void pool_put(flow_sum_pool* p, pool_ent* e) {
  if (--e->refs) return;
  size_t mask = p->cap - 1, j = e->hash & mask;
  while (p->tab[j] != e) j = (j + 1) & mask;
  free(e);
  p->n--;
  for (size_t k = (j + 1) & mask; p->tab[k]; k = (k + 1) & mask) {
    size_t home = p->tab[k]->hash & mask;
    /* the entry at k may move to the hole at j when its home is not in (j, k] */
    if ((k > j && (home <= j || home > k)) || (k < j && home <= j && home > k)) {
      p->tab[j] = p->tab[k];
      j = k;
    }
  }
  p->tab[j] = NULL;
}

flow_summaries* flow_summaries_new(void) {
  flow_summaries* s = calloc(1, sizeof *s);
  if (s && !(s->pool = calloc(1, sizeof *s->pool))) {
    free(s);
    return NULL;
  }
  return s;
}

flow_sum_slot* flow_sums_add(flow_summaries* s) {
  if (s->n == s->cap) {
    size_t nc = s->cap ? s->cap * 2 : 32;
    flow_sum_slot* nv = realloc(s->v, nc * sizeof *nv);
    if (!nv) return NULL;
    s->v = nv;
    s->cap = nc;
  }
  flow_sum_slot* x = &s->v[s->n++];
  memset(x, 0, sizeof *x);
  return x;
}

size_t flow_sums_distinct(const flow_summaries* s) { return s && s->pool ? s->pool->n : 0; }

int flow_sums_set(flow_summaries* s, size_t k, const flow_sum* facts) {
  flow_sum c = *facts;
  flow_sum_canon(&c);
  pool_ent* e = pool_get(s->pool, &c);
  if (!e) return PQL_ENOMEM;
  if (s->v[k].sum) pool_put(s->pool, ent_of(s->v[k].sum));
  s->v[k].sum = &e->facts;
  return 0;
}

/* 1 when a and b release the same members of parameters (same order, roles, kinds). */
static int flow_sum_members_equal(const flow_sum* a, const flow_sum* b) {
  if (a->nmem != b->nmem) return 0;
  for (int i = 0; i < a->nmem; i++) {
    const flow_sum_member *x = &a->mem[i], *y = &b->mem[i];
    if (x->arg != y->arg || x->kind != y->kind || x->role != y->role || x->nulled != y->nulled ||
        strcmp(x->path, y->path))
      return 0;
  }
  return 1;
}

/* 1 when a and b may change the same globals. */
static int flow_sum_globals_equal(const flow_sum* a, const flow_sum* b) {
  if (a->gw_all != b->gw_all || a->ngw != b->ngw) return 0;
  for (int i = 0; i < a->ngw; i++)
    if (strcmp(a->gw[i], b->gw[i])) return 0;
  return 1;
}

/* 1 when a and b say the same about out-parameters filled on some returns and about the
 * globals they store into, release and copy out (engine/path_outparam.c, path_globev.c). */
static int flow_sum_outglob_equal(const flow_sum* a, const flow_sum* b) {
  if (a->outret != b->outret || a->outret_all != b->outret_all || a->out_undec != b->out_undec ||
      a->out_nulls != b->out_nulls || a->ent_rel != b->ent_rel ||
      memcmp(a->of_lo, b->of_lo, sizeof a->of_lo) || memcmp(a->of_hi, b->of_hi, sizeof a->of_hi) ||
      memcmp(a->on_lo, b->on_lo, sizeof a->on_lo) || memcmp(a->on_hi, b->on_hi, sizeof a->on_hi) ||
      a->ngl != b->ngl || a->gl_all != b->gl_all)
    return 0;
  for (int i = 0; i < a->ngl; i++) {
    const flow_sum_glob *x = &a->gl[i], *y = &b->gl[i];
    if (strcmp(x->name, y->name) || x->acq != y->acq || x->rel != y->rel || x->out != y->out)
      return 0;
  }
  return 1;
}

/* 1 when two summaries say the same thing about a function (the fixed point and the clash test use it). */
int flow_sum_equal(const flow_sum* a, const flow_sum* b) {
  if (a == b) return 1; /* interned: one copy */
  return flow_sum_outglob_equal(a, b) && a->ret_kind == b->ret_kind && a->noreturn == b->noreturn &&
         a->ret_okonly == b->ret_okonly && a->ret_or_arg == b->ret_or_arg &&
         !memcmp(a->arg_role, b->arg_role, sizeof a->arg_role) &&
         !memcmp(a->arg_kind, b->arg_kind, sizeof a->arg_kind) &&
         !memcmp(a->out_kind, b->out_kind, sizeof a->out_kind) && flow_sum_members_equal(a, b) &&
         flow_sum_globals_equal(a, b) &&
         a->noreturn_nz == b->noreturn_nz && a->nonlocal_nz == b->nonlocal_nz &&
         !memcmp(a->rel_nz, b->rel_nz, sizeof a->rel_nz) &&
         !memcmp(a->rel_z, b->rel_z, sizeof a->rel_z) && a->nonlocal == b->nonlocal &&
         a->nonlocal_param == b->nonlocal_param && a->nonlocal_min == b->nonlocal_min &&
         a->nonlocal_max == b->nonlocal_max &&
         a->broken == b->broken && a->relret == b->relret && a->frees_mem == b->frees_mem &&
         a->keeps == b->keeps &&
         !memcmp(a->relret_val, b->relret_val, sizeof a->relret_val) &&
         !memcmp(a->ur_lo, b->ur_lo, sizeof a->ur_lo) && !memcmp(a->ur_hi, b->ur_hi, sizeof a->ur_hi);
}

const flow_sum* flow_sum_find(const flow_summaries* s, const char* name, const flow_unit* u) {
  if (!s || !name || !s->n) return NULL;
  /* s->v is sorted by name: the first slot of this name */
  size_t lo = 0, hi = s->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(s->v[mid].name, name) < 0) lo = mid + 1;
    else hi = mid;
  }
  const flow_sum *own = NULL, *other = NULL, *hdr = NULL;
  int clash = 0;
  for (size_t i = lo; i < s->n && !strcmp(s->v[i].name, name); i++) {
    const flow_sum_slot* x = &s->v[i];
    if (!x->sum) continue;
    if (x->hdr) {
      if (!hdr) hdr = x->sum;
    } else if (x->unit == u) {
      if (!own) own = x->sum;
    } else if (!x->is_static) {
      if (other && !flow_sum_equal(other, x->sum)) clash = 1;
      if (!other) other = x->sum;
    }
  }
  if (own) return own;
  if (other) return clash ? NULL : other;
  return hdr;
}

void flow_summaries_free(flow_summaries* s) {
  if (!s) return;
  for (size_t i = 0; i < s->n; i++) free(s->v[i].name);
  for (size_t i = 0; s->pool && i < s->pool->cap; i++) free(s->pool->tab[i]);
  if (s->pool) free(s->pool->tab);
  free(s->pool);
  free(s->v);
  free(s);
}


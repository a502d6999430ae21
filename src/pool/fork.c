/* fork.c - fork safety: one pthread_atfork registration over a global pool list; the child resets
   each pool lazily, abandoning inherited connections without sending Terminate to the parent's session. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "pool_internal.h"

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pqpool *g_pools;
uint64_t pool_g_fork_gen; /* bumped in every child; read with __atomic (pool_fork_check inline) */
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static void reinit_sync(pqpool *p) {
  pthread_condattr_t ca;
  pthread_mutex_init(&p->mu, NULL);
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&p->drain_cv, &ca);
  pthread_cond_init(&p->hk_cv, &ca);
  pthread_condattr_destroy(&ca);
}

/* prepare: no pool may be mid-update while the address space is copied. */
static void at_prepare(void) {
  pthread_mutex_lock(&g_mu);
  for (pqpool *p = g_pools; p; p = p->list_next) pthread_mutex_lock(&p->mu);
}

static void at_parent(void) {
  for (pqpool *p = g_pools; p; p = p->list_next) pthread_mutex_unlock(&p->mu);
  pthread_mutex_unlock(&g_mu);
}

/* child: only the forking thread exists. Re-create the locks, forget waiters and connects of
   threads that are gone, and bump the generation; connections are abandoned on first use. */
static void at_child(void) {
  pthread_mutex_init(&g_mu, NULL);
  for (pqpool *p = g_pools; p; p = p->list_next) {
    reinit_sync(p);
    p->wq_head = p->wq_tail = NULL;
    p->waiting = 0;
    p->hk_running = 0;
  }
  __atomic_add_fetch(&pool_g_fork_gen, 1, __ATOMIC_SEQ_CST);
}

static void register_once(void) { pthread_atfork(at_prepare, at_parent, at_child); }

void pool_fork_register(pqpool *p) {
  pthread_once(&g_once, register_once);
  pthread_mutex_lock(&g_mu);
  p->fork_gen = __atomic_load_n(&pool_g_fork_gen, __ATOMIC_SEQ_CST);
  p->list_prev = NULL;
  p->list_next = g_pools;
  if (g_pools) g_pools->list_prev = p;
  g_pools = p;
  pthread_mutex_unlock(&g_mu);
}

void pool_fork_unregister(pqpool *p) {
  pthread_mutex_lock(&g_mu);
  if (p->list_prev)
    p->list_prev->list_next = p->list_next;
  else if (g_pools == p)
    g_pools = p->list_next;
  if (p->list_next) p->list_next->list_prev = p->list_prev;
  p->list_next = p->list_prev = NULL;
  pthread_mutex_unlock(&g_mu);
}

/* In a child, empties the pool: every inherited connection is abandoned (dup2 /dev/null, PQfinish),
   every slot freed (inherited leases become stale), the housekeeping thread restarted.
   Returns 0, or PQPOOL_EFORKED in strict fork mode. Called by pool_fork_check (pool_internal.h)
   when the global generation g differs from the pool's. */
int pool_fork_reset(pqpool *p, uint64_t g) {
  pthread_mutex_lock(&p->mu);
  if (p->fork_gen == g) {
    pthread_mutex_unlock(&p->mu);
    return p->forked ? PQPOOL_EFORKED : 0;
  }
  PGconn **v = calloc((size_t)p->nslots, sizeof *v);
  int n = 0, leased = 0;
  p->idle_top = p->free_list = NULL;
  for (int i = p->nslots - 1; i >= 0; i--) {
    pool_entry *e = &p->slots[i];
    if (e->state == SLOT_LEASED) leased++;
    if (e->conn) {
      if (v) v[n++] = e->conn;
      p->st.closed[PQPOOL_CLOSE_FORKED]++;
    }
    memset(e, 0, sizeof *e);
    e->state = SLOT_FREE;
    e->next = p->free_list;
    p->free_list = e;
  }
  p->total = p->idle = p->in_use = p->connecting = 0;
  p->next_gen += 1000003; /* leases from before the fork can never match again */
  (void)leased;
  /* Only this thread survives, and it takes its own reference after this check: what remains is
     the user's reference (unless closed). Leases, waiters and the thread stayed in the parent. */
  p->refs = p->closed ? 0 : 1;
  p->effective_max = p->cfg.max_size;
  p->db_down = 0, p->fail_streak = 0, p->backoff_ms = 0, p->probe_backoff_ms = 0;
  p->probe_single = 1, p->share_cap = INT_MAX, p->look_due = 0, p->last_full_us = 0, p->look_at_us = 0, p->limit_seen_us = 0;
  pool_budget_forked_locked(p);
  p->rng ^= (uint32_t)g * 2654435761u;
  if (p->cfg.fork_mode == PQPOOL_FORK_STRICT) p->forked = 1;
  int restart = !p->forked && !p->closed && p->cfg.housekeeping_interval_ms > 0;
  __atomic_store_n(&p->fork_gen, g, __ATOMIC_RELEASE);
  pthread_mutex_unlock(&p->mu);
  for (int i = 0; i < n; i++) pool_conn_abandon(v[i]);
  free(v);
  if (restart && p->hk_start) p->hk_start(p);
  return p->forked ? PQPOOL_EFORKED : 0;
}

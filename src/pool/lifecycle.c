/* lifecycle.c - evict-all (failover), drain with a timeout, and a close that never blocks. */
#include <stdlib.h>
#include "pool_internal.h"

/* Closes the given BUSY entries outside the lock, then frees their slots. */
static void close_entries(pqpool *p, pool_entry **v, int n, int reason) {
  for (int i = 0; i < n; i++) pool_conn_close(p, v[i]->conn, reason);
  pthread_mutex_lock(&p->mu);
  for (int i = 0; i < n; i++) pool_slot_free_locked(p, v[i], reason);
  pthread_mutex_unlock(&p->mu);
}

/* Idle connections are closed now; leased ones carry an older epoch and close on release.
   Returns how many were closed now, or a negative code. */
int pqpool_evict_all(pqpool *p) {
  if (!p) return PQPOOL_EINVAL;
  if (pool_fork_check(p) < 0) return PQPOOL_EFORKED;
  pool_entry **v = malloc(sizeof *v * (size_t)p->nslots);
  if (!v) return PQPOOL_ENOMEM;
  pthread_mutex_lock(&p->mu);
  p->evict_epoch++;
  int n = pool_collect_idle_locked(p, v, p->nslots);
  pthread_mutex_unlock(&p->mu);
  close_entries(p, v, n, PQPOOL_CLOSE_EVICTED);
  free(v);
  pool_log(p, PQPOOL_LOG_INFO, "evict_all: %d idle connections closed, leased ones close on release", n);
  return n;
}

/* Common start of drain and close: reject acquires, fail waiters, close idle connections. */
static int begin_drain(pqpool *p, int closing) {
  pool_entry **v = malloc(sizeof *v * (size_t)p->nslots);
  pthread_mutex_lock(&p->mu);
  p->draining = 1;
  if (closing) {
    p->closed = 1;
    p->hk_stop = 1;
    pthread_cond_broadcast(&p->hk_cv);
  }
  pool_fail_waiters_locked(p, closing ? PQPOOL_ECLOSED : PQPOOL_EDRAINING);
  int n = v ? pool_collect_idle_locked(p, v, p->nslots) : 0;
  pthread_mutex_unlock(&p->mu);
  close_entries(p, v, n, PQPOOL_CLOSE_DISCARDED);
  free(v);
  return n;
}

/* See pqpool.h: waits up to timeout_ms (-1 = forever) for leases and connects in flight. */
int pqpool_drain(pqpool *p, int timeout_ms) {
  if (!p) return PQPOOL_EINVAL;
  if (pool_fork_check(p) < 0) return PQPOOL_EFORKED;
  pthread_mutex_lock(&p->mu);
  if (p->closed) {
    pthread_mutex_unlock(&p->mu);
    return PQPOOL_ECLOSED;
  }
  p->refs++;
  pthread_mutex_unlock(&p->mu);
  begin_drain(p, 0);
  int64_t deadline = timeout_ms < 0 ? INT64_MAX : pool_now_us() + (int64_t)timeout_ms * 1000;
  pthread_mutex_lock(&p->mu);
  while (p->in_use + p->connecting > 0) {
    if (deadline == INT64_MAX) {
      pthread_cond_wait(&p->drain_cv, &p->mu);
      continue;
    }
    if (pool_now_us() >= deadline) break;
    struct timespec ts = {.tv_sec = deadline / 1000000, .tv_nsec = (long)(deadline % 1000000) * 1000};
    pthread_cond_timedwait(&p->drain_cv, &p->mu, &ts);
  }
  int left = p->in_use + p->connecting;
  int last = pool_unref_locked(p);
  pthread_mutex_unlock(&p->mu);
  if (last) pool_free(p);
  return left;
}

/* See pqpool.h. Outstanding leases keep the memory alive; each closes its connection on release. */
void pqpool_close(pqpool *p) {
  if (!p) return;
  pool_fork_check(p);
  pthread_mutex_lock(&p->mu);
  int already = p->closed;
  pthread_mutex_unlock(&p->mu);
  if (already) return;
  begin_drain(p, 1);
  pthread_mutex_lock(&p->mu);
  int left = p->in_use + p->connecting;
  pthread_mutex_unlock(&p->mu);
  if (left > 0) /* still our reference: p is alive while we log */
    pool_log(p, PQPOOL_LOG_INFO, "closed with %d leases outstanding; they close on release", left);
  pthread_mutex_lock(&p->mu);
  int last = pool_unref_locked(p);
  pthread_mutex_unlock(&p->mu);
  if (last) pool_free(p);
}

/* The pool's own allocations, freed (the contract is in pool_internal.h). */
void pool_free_storage(pqpool *p) {
  free(p->slots);
  free(p->ndefs);
  free(p->s_conninfo);
  free(p->s_name);
  free(p->s_reset);
  free(p->s_init);
  free(p->s_budget);
  free(p);
}

/* Frees the pool struct after the last reference; no connection may remain. */
void pool_free(pqpool *p) {
  pool_fork_unregister(p);
  pool_budget_close(p);
  for (int i = 0; i < p->nslots; i++)
    if (p->slots[i].conn) pool_conn_close(p, p->slots[i].conn, PQPOOL_CLOSE_DISCARDED);
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->drain_cv);
  pthread_cond_destroy(&p->hk_cv);
  pool_free_storage(p);
}

/* control.c - runtime control of a running pool: resize (pqpool_set_max_size), pause and resume. */
#include <stdlib.h>
#include "pool_internal.h"

/* See pqpool.h. Idle connections above the new size are closed outside the lock (the coldest
   first); min_idle is lowered to the new size if it was above it. */
int pqpool_set_max_size(pqpool *p, int max_size) {
  if (!p) return PQPOOL_EINVAL;
  if (pool_fork_check(p) < 0) return PQPOOL_EFORKED;
  if (max_size < 1 || max_size > p->nslots) return PQPOOL_EINVAL;
  pool_entry **v = malloc(sizeof *v * (size_t)p->nslots);
  if (!v) return PQPOOL_ENOMEM;
  pthread_mutex_lock(&p->mu);
  if (p->closed || p->draining) {
    int code = p->closed ? PQPOOL_ECLOSED : PQPOOL_EDRAINING;
    pthread_mutex_unlock(&p->mu);
    free(v);
    return code;
  }
  int old = p->cfg.max_size, n = 0;
  p->cfg.max_size = max_size;
  if (p->cfg.min_idle > max_size) p->cfg.min_idle = max_size;
  /* not capped by a full server: follow the new size; capped: keep the cap, probing may go up to it */
  if (p->effective_max >= old || p->effective_max > max_size) p->effective_max = max_size;
  while (p->total - n > max_size && p->idle_top) {
    pool_entry *e = p->idle_top;
    while (e->next) e = e->next; /* the bottom of the stack: idle the longest */
    pool_unlink_idle_locked(p, e);
    v[n++] = e;
  }
  pool_kick_head_locked(p); /* room to grow: the head waiter connects (and the next, in turn) */
  pthread_mutex_unlock(&p->mu);
  for (int i = 0; i < n; i++) pool_conn_close(p, v[i]->conn, PQPOOL_CLOSE_DISCARDED);
  pthread_mutex_lock(&p->mu);
  for (int i = 0; i < n; i++) pool_slot_free_locked(p, v[i], PQPOOL_CLOSE_DISCARDED);
  pthread_mutex_unlock(&p->mu);
  free(v);
  if (old != max_size)
    pool_log(p, PQPOOL_LOG_INFO, "max_size %d -> %d; %d idle connections closed now", old, max_size, n);
  return n;
}

int pqpool_pause(pqpool *p) {
  if (!p) return PQPOOL_EINVAL;
  if (pool_fork_check(p) < 0) return PQPOOL_EFORKED;
  pthread_mutex_lock(&p->mu);
  int code = p->closed ? PQPOOL_ECLOSED : 0;
  if (!code) p->paused = 1;
  pthread_mutex_unlock(&p->mu);
  return code;
}

/* See pqpool.h. Only the head waiter is woken: it takes an idle connection through the normal
   path (liveness test or ping: it may have idled through a long pause) or connects, and leaving the
   queue wakes the next one, so waiters are served oldest first. */
int pqpool_resume(pqpool *p) {
  if (!p) return PQPOOL_EINVAL;
  if (pool_fork_check(p) < 0) return PQPOOL_EFORKED;
  pthread_mutex_lock(&p->mu);
  int was = p->paused;
  p->paused = 0;
  if (was) pool_kick_head_locked(p);
  pthread_mutex_unlock(&p->mu);
  if (was) pool_log(p, PQPOOL_LOG_INFO, "resumed");
  return 0;
}

/* release.c - pqpool_release / pqpool_discard: generation check (stale, double), transaction
   clean-up (ROLLBACK or discard), reset, lifetime and eviction, hand-off to the head waiter. */
#include <string.h>
#include "pool_internal.h"

/* Decides, outside the lock, whether the returned connection can be reused. Returns -1 to keep or a
   close reason; *rolled_back = 1 if a ROLLBACK cleaned an open transaction. */
static int inspect(pqpool *p, pool_entry *e, int discard, int evicted, int64_t now, int *rolled_back) {
  PGconn *c = e->conn;
  *rolled_back = 0;
  if (PQstatus(c) != CONNECTION_OK) return PQPOOL_CLOSE_BROKEN; /* discarded or not: it broke */
  if (discard) return PQPOOL_CLOSE_DISCARDED;
  if (PQpipelineStatus(c) != PQ_PIPELINE_OFF) return PQPOOL_CLOSE_BROKEN;
  int64_t dl = now + (int64_t)p->cfg.check_timeout_ms * 1000;
  switch (PQtransactionStatus(c)) {
  case PQTRANS_IDLE: break;
  case PQTRANS_INTRANS:
  case PQTRANS_INERROR:
    if (p->cfg.on_release_in_tx == PQPOOL_DISCARD) return PQPOOL_CLOSE_RELEASED_IN_TX;
    if (pool_conn_exec(p, c, "ROLLBACK", dl) < 0 || PQtransactionStatus(c) != PQTRANS_IDLE)
      return PQPOOL_CLOSE_BROKEN;
    *rolled_back = 1;
    break;
  default: return PQPOOL_CLOSE_BROKEN; /* ACTIVE (busy, COPY) or UNKNOWN */
  }
  if (p->cfg.reset_sql && pool_conn_exec(p, c, p->cfg.reset_sql, dl) < 0) return PQPOOL_CLOSE_BROKEN;
  if (p->cfg.on_release && p->cfg.on_release(c, p->cfg.hook_arg) != 0) return PQPOOL_CLOSE_DISCARDED;
  if (now >= e->expires_us) return PQPOOL_CLOSE_MAX_LIFETIME;
  if (evicted) return PQPOOL_CLOSE_EVICTED;
  return -1;
}

/* Can the leased entry go back as it is, decided under the lock without I/O? Only field reads of
   the connection (it is the caller's until this release): OK, no pipeline, idle transaction; no
   reset_sql or on_release hook to run, not expired, not evicted, no leak follow-up to log, the pool
   open and not shrunk below its current size or above its share (no budget change to look at, no
   server look due). Anything else takes the full path (inspect() outside the lock). */
static int reusable_now_locked(const pqpool *p, const pool_entry *e, int64_t now) {
  PGconn *c = e->conn;
  return !p->closed && !p->draining && p->total <= p->cfg.max_size && !p->look_due &&
         (!p->bud || (p->total <= p->share_cap && !pool_budget_changed(p))) && !p->cfg.reset_sql && !p->cfg.on_release && !e->leak_reported &&
         e->evict_epoch == p->evict_epoch && now < e->expires_us && PQstatus(c) == CONNECTION_OK &&
         PQpipelineStatus(c) == PQ_PIPELINE_OFF && PQtransactionStatus(c) == PQTRANS_IDLE;
}

/* Ends the lease in the counters (in use, hold time); returns the hold time in us. Lock held. */
static uint64_t account_hold_locked(pqpool *p, pool_entry *e, int64_t now) {
  uint64_t held = now > e->leased_at_us ? (uint64_t)(now - e->leased_at_us) : 0;
  p->in_use--;
  p->st.hold_us_total += held;
  if (held > p->st.hold_us_max) p->st.hold_us_max = held;
  return held;
}

static int stale(pqpool *p, pqpool_lease *l) {
  pthread_mutex_lock(&p->mu);
  p->st.stale_releases++;
  pthread_mutex_unlock(&p->mu);
  pool_log(p, PQPOOL_LOG_WARN, "stale or double release ignored (lease generation %llu)",
           (unsigned long long)l->gen);
  return PQPOOL_ESTALE;
}

static int do_release(pqpool *p, pqpool_lease *l, int discard) {
  if (!p || !l) return PQPOOL_EINVAL;
  pool_fork_check(p); /* in a child, reset bumps every lease: inherited leases become stale */
  pool_entry *e = l->entry;
  if (!e || !pool_entry_valid(p, e)) return stale(p, l);
  pthread_mutex_lock(&p->mu);
  if (e->state != SLOT_LEASED || e->gen != l->gen || l->conn != e->conn) {
    pthread_mutex_unlock(&p->mu);
    return stale(p, l);
  }
  int64_t now = pool_coarse_us(); /* the lease was stamped with the coarse clock too */
  if (!discard && reusable_now_locked(p, e, now)) { /* the common case: one critical section */
    account_hold_locked(p, e, now);
    e->idle_since_us = now;
    pool_put_idle_locked(p, e);
    pool_note_affinity(p, e);
    int last = pool_unref_locked(p); /* never the last: the pool is open, the user holds a reference */
    pthread_mutex_unlock(&p->mu);
    memset(l, 0, sizeof *l);
    if (last) pool_free(p);
    return 0;
  }
  uint64_t held = account_hold_locked(p, e, now);
  e->state = SLOT_BUSY;
  int leaked = e->leak_reported;
  if (leaked) p->st.leaks_outstanding--;
  int evicted = e->evict_epoch != p->evict_epoch;
  const char *file = e->file, *func = e->func;
  int line = e->line;
  pthread_mutex_unlock(&p->mu);
  memset(l, 0, sizeof *l);

  int rolled_back;
  int reason = inspect(p, e, discard, evicted, pool_now_us(), &rolled_back);
  if (reason < 0) { /* a clean connection: it may carry the housekeeping look at pg_stat_activity */
    pthread_mutex_lock(&p->mu);
    int look = p->look_due;
    p->look_due = 0;
    pthread_mutex_unlock(&p->mu);
    if (look && pool_share_look(p, e->conn) < 0) reason = PQPOOL_CLOSE_BROKEN;
  }
  if (rolled_back)
    pool_log(p, PQPOOL_LOG_WARN, "connection released inside a transaction, rolled back (acquired at %s:%d in %s)",
             file, line, func);
  else if (reason == PQPOOL_CLOSE_RELEASED_IN_TX)
    pool_log(p, PQPOOL_LOG_WARN, "connection released inside a transaction, discarded (acquired at %s:%d in %s)",
             file, line, func);
  if (leaked)
    pool_log(p, PQPOOL_LOG_INFO, "previously reported leak (acquired at %s:%d in %s) returned after %llu ms",
             file, line, func, (unsigned long long)(held / 1000));

  pthread_mutex_lock(&p->mu);
  if (rolled_back) p->st.released_in_tx_rolled_back++;
  if (pool_budget_changed(p)) pool_budget_refresh_locked(p);
  if (reason < 0 && (p->closed || p->draining || p->total > p->cfg.max_size)) reason = PQPOOL_CLOSE_DISCARDED;
  if (reason < 0 && p->bud && p->total > p->share_cap) /* above its budget share: the token goes to another pool */
    reason = PQPOOL_CLOSE_DISCARDED;
  if (reason < 0) {
    e->idle_since_us = rolled_back ? pool_coarse_us() : now;
    pool_put_idle_locked(p, e);
    pool_note_affinity(p, e);
  } else {
    pthread_mutex_unlock(&p->mu);
    pool_conn_close(p, e->conn, reason);
    pthread_mutex_lock(&p->mu);
    pool_slot_free_locked(p, e, reason);
  }
  if (p->draining) pthread_cond_broadcast(&p->drain_cv);
  int last = pool_unref_locked(p);
  pthread_mutex_unlock(&p->mu);
  if (last) pool_free(p);
  return 0;
}

int pqpool_release(pqpool *p, pqpool_lease *l) { return do_release(p, l, 0); }

int pqpool_discard(pqpool *p, pqpool_lease *l) { return do_release(p, l, 1); }

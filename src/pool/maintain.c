/* maintain.c - housekeeping: idle timeout down to min_idle, one expired idle connection per pass,
   keepalive pings, min_idle refill, leak reports, the budget and server-share steps; the optional
   housekeeping thread. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pool_internal.h"

typedef struct leak_note {
  const char *file, *func;
  int line;
  long tid;
  int64_t held_us;
} leak_note;

/* Under the lock: picks idle entries to close (reason in why[]) and to ping. Returns counts. */
static void select_idle_locked(pqpool *p, int64_t now, pool_entry **cl, int *why, int *ncl, pool_entry **pg,
                               int *npg) {
  int expired_done = 0;
  pool_entry *e = p->idle_top;
  while (e) {
    pool_entry *next = e->next;
    int reason = -1;
    if (p->cfg.idle_timeout_ms > 0 && now - e->idle_since_us >= (int64_t)p->cfg.idle_timeout_ms * 1000 &&
        p->total - *ncl > p->cfg.min_idle)
      reason = PQPOOL_CLOSE_IDLE_TIMEOUT;
    else if (!expired_done && now >= e->expires_us)
      reason = PQPOOL_CLOSE_MAX_LIFETIME, expired_done = 1; /* one per pass: no reconnect storm */
    if (reason >= 0) {
      pool_unlink_idle_locked(p, e);
      cl[*ncl] = e;
      why[(*ncl)++] = reason;
    } else if (p->cfg.keepalive_interval_ms > 0 &&
               now - e->last_check_us >= (int64_t)p->cfg.keepalive_interval_ms * 1000) {
      pool_unlink_idle_locked(p, e);
      pg[(*npg)++] = e;
    }
    e = next;
  }
}

/* One housekeeping pass. Returns 0, or PQPOOL_ECLOSED / EFORKED / ENOMEM. */
int pqpool_maintain(pqpool *p) {
  if (!p) return PQPOOL_EINVAL;
  if (pool_fork_check(p) < 0) return PQPOOL_EFORKED;
  int n = p->nslots;
  pool_entry **cl = calloc((size_t)n * 2, sizeof *cl);
  int *why = calloc((size_t)n, sizeof *why);
  leak_note *leaks = calloc((size_t)n, sizeof *leaks);
  if (!cl || !why || !leaks) {
    free(cl), free(why), free(leaks);
    return PQPOOL_ENOMEM;
  }
  pool_entry **pg = cl + n;
  int ncl = 0, npg = 0, nleak = 0, refill = 0;
  pool_entry *re = NULL;
  int64_t now = pool_now_us();
  pthread_mutex_lock(&p->mu);
  if (p->closed || p->draining) {
    pthread_mutex_unlock(&p->mu);
    free(cl), free(why), free(leaks);
    return p->closed ? PQPOOL_ECLOSED : PQPOOL_EDRAINING;
  }
  p->refs++;
  if (p->cfg.leak_threshold_ms > 0) {
    for (int i = 0; i < n; i++) {
      pool_entry *e = &p->slots[i];
      int64_t held = now - e->leased_at_us;
      if (e->state != SLOT_LEASED || e->leak_reported || held < (int64_t)p->cfg.leak_threshold_ms * 1000)
        continue;
      e->leak_reported = 1;
      p->st.leaks_suspected++;
      p->st.leaks_outstanding++;
      leaks[nleak++] = (leak_note){e->file, e->func, e->line, e->tid, held};
    }
  }
  select_idle_locked(p, now, cl, why, &ncl, pg, &npg);
  if (p->bud) pool_budget_refresh_locked(p); /* publishes this period's demand, learns the allowance */
  pool_share_pass_locked(p, now);
  p->peak_use = p->in_use + p->waiting;
  if (p->bud && p->total > p->share_cap) { /* above the budget allowance: idle ones go now */
    while (p->total - ncl > p->share_cap && p->idle_top) {
      pool_entry *e = pool_pop_idle_locked(p);
      cl[ncl] = e;
      why[ncl++] = PQPOOL_CLOSE_DISCARDED;
    }
  }
  if (p->cfg.min_idle > 0 && p->idle + p->connecting < p->cfg.min_idle && !p->wq_head &&
      pool_can_connect_locked(p, now)) {
    re = pool_slot_take_locked(p);
    p->connecting++;
    refill = 1;
  }
  pool_entry *look = NULL; /* the look at pg_stat_activity, on an idle connection if one is free */
  if (p->look_due && !p->wq_head && (look = pool_take_idle_locked(p))) p->look_due = 0;
  pthread_mutex_unlock(&p->mu);

  for (int i = 0; i < nleak; i++)
    pool_log(p, PQPOOL_LOG_WARN,
             "connection leak suspected: held for %lld ms by thread %ld, acquired at %s:%d in %s",
             (long long)(leaks[i].held_us / 1000), leaks[i].tid, leaks[i].file ? leaks[i].file : "?",
             leaks[i].line, leaks[i].func ? leaks[i].func : "?");
  for (int i = 0; i < ncl; i++) pool_conn_close(p, cl[i]->conn, why[i]);
  int ok[n > 0 ? n : 1];
  for (int i = 0; i < npg; i++)
    ok[i] = pool_conn_alive(p, pg[i]->conn) &&
            pool_conn_exec(p, pg[i]->conn, "", pool_now_us() + (int64_t)p->cfg.check_timeout_ms * 1000) == 0;
  int look_ok = look ? pool_share_look(p, look->conn) == 0 : 1;
  PGconn *rc_conn = NULL;
  char msg[PQPOOL_ERRMSG_SIZE];
  int kind = CONN_OK;
  int64_t t0 = pool_now_us();
  if (refill) rc_conn = pool_conn_open(p, re, t0 + (int64_t)p->cfg.connect_timeout_ms * 1000, 0, &kind, msg, sizeof msg);
  int64_t t1 = pool_now_us();

  pthread_mutex_lock(&p->mu);
  for (int i = 0; i < ncl; i++) pool_slot_free_locked(p, cl[i], why[i]);
  if (look && look_ok && !p->closed && !p->draining) {
    pool_put_idle_locked(p, look);
    look = NULL;
  }
  for (int i = 0; i < npg; i++) {
    p->st.checks++;
    if (ok[i]) {
      pg[i]->last_check_us = t1;
      if (p->closed || p->draining) {
        ok[i] = 0; /* closed below */
        continue;
      }
      pool_put_idle_locked(p, pg[i]);
    } else {
      p->st.check_failures++;
    }
  }
  int recovered = 0;
  if (refill) {
    if (rc_conn) pool_init_entry_locked(p, re, rc_conn, t1);
    pool_connect_done_locked(p, kind, msg, t0, &recovered);
    if (rc_conn && !p->closed && !p->draining)
      pool_put_idle_locked(p, re);
    else if (!rc_conn)
      pool_slot_free_locked(p, re, -1);
    else
      re->state = SLOT_BUSY, refill = 2; /* opened while closing: close below */
  }
  pthread_mutex_unlock(&p->mu);
  for (int i = 0; i < npg; i++)
    if (!ok[i]) {
      pool_conn_close(p, pg[i]->conn, PQPOOL_CLOSE_CHECK_FAILED);
      pthread_mutex_lock(&p->mu);
      pool_slot_free_locked(p, pg[i], PQPOOL_CLOSE_CHECK_FAILED);
      pthread_mutex_unlock(&p->mu);
    }
  if (look) { /* broke during the look, or the pool is closing */
    pool_conn_close(p, look->conn, look_ok ? PQPOOL_CLOSE_DISCARDED : PQPOOL_CLOSE_BROKEN);
    pthread_mutex_lock(&p->mu);
    pool_slot_free_locked(p, look, look_ok ? PQPOOL_CLOSE_DISCARDED : PQPOOL_CLOSE_BROKEN);
    pthread_mutex_unlock(&p->mu);
  }
  if (refill == 2) {
    pool_conn_close(p, re->conn, PQPOOL_CLOSE_DISCARDED);
    pthread_mutex_lock(&p->mu);
    pool_slot_free_locked(p, re, PQPOOL_CLOSE_DISCARDED);
    pthread_mutex_unlock(&p->mu);
  }
  if (recovered) pool_log(p, PQPOOL_LOG_INFO, "database reachable again; connect succeeded");
  pthread_mutex_lock(&p->mu);
  int last = pool_unref_locked(p);
  pthread_mutex_unlock(&p->mu);
  free(cl), free(why), free(leaks);
  if (last) pool_free(p);
  return 0;
}

/* Housekeeping thread: one pqpool_maintain() per interval until close; holds a pool reference. */
static void *hk_main(void *arg) {
  pqpool *p = arg;
  pthread_mutex_lock(&p->mu);
  while (!p->hk_stop) {
    int64_t wake = pool_now_us() + (int64_t)p->cfg.housekeeping_interval_ms * 1000;
    struct timespec ts = {.tv_sec = wake / 1000000, .tv_nsec = (long)(wake % 1000000) * 1000};
    pthread_cond_timedwait(&p->hk_cv, &p->mu, &ts);
    if (p->hk_stop) break;
    pthread_mutex_unlock(&p->mu);
    pqpool_maintain(p);
    pthread_mutex_lock(&p->mu);
  }
  p->hk_running = 0;
  int last = pool_unref_locked(p);
  pthread_mutex_unlock(&p->mu);
  if (last) pool_free(p);
  return NULL;
}

/* Starts the detached housekeeping thread (lock not held). Returns 0 or -1. */
int pool_start_housekeeping(pqpool *p) {
  pthread_attr_t a;
  pthread_t t;
  pthread_attr_init(&a);
  pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
  pthread_mutex_lock(&p->mu);
  p->refs++;
  p->hk_running = 1;
  p->hk_stop = 0;
  pthread_mutex_unlock(&p->mu);
  int r = pthread_create(&t, &a, hk_main, p);
  pthread_attr_destroy(&a);
  if (r != 0) {
    pthread_mutex_lock(&p->mu);
    p->refs--;
    p->hk_running = 0;
    pthread_mutex_unlock(&p->mu);
    return -1;
  }
  return 0;
}

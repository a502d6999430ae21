/* acquire.c - pqpool_acquire: LIFO idle reuse with health checks, ms-bounded connects, strict FIFO
   waiting with direct hand-off, and errors that say why. No network I/O under the pool lock. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include "pool_internal.h"

typedef struct site {
  const char *file, *func;
  int line;
} site;

static POOL_TLS long cached_tid;

/* Health check of a popped idle entry, outside the lock. Returns -1 if usable, else a close reason.
   *pinged = 1 if a round-trip check ran. */
static int check_idle(pqpool *p, pool_entry *e, int64_t now, int *pinged) {
  *pinged = 0;
  if (now >= e->expires_us) return PQPOOL_CLOSE_MAX_LIFETIME;
  int alive = pool_coarse_us() - e->idle_since_us >= POOL_ALIVE_SKIP_US ? pool_conn_alive(p, e->conn) : 1;
  if (!alive) return PQPOOL_CLOSE_BROKEN;
  if (alive == 2 || now - e->idle_since_us >= (int64_t)p->cfg.check_after_idle_ms * 1000) {
    *pinged = 1;
    if (pool_conn_exec(p, e->conn, "", now + (int64_t)p->cfg.check_timeout_ms * 1000) < 0)
      return PQPOOL_CLOSE_CHECK_FAILED;
    e->last_check_us = now;
  }
  if (p->cfg.on_acquire && p->cfg.on_acquire(e->conn, p->cfg.hook_arg) != 0) return PQPOOL_CLOSE_DISCARDED;
  return -1;
}

/* Records the acquire site and wait statistics for a successful acquire. fast = served from the
   idle stack on the first try: the wait is counted as 0 and the precise clock is not read. The lease
   is stamped with the coarse clock, as release reads it (hold time = coarse - coarse, never < 0). */
static void finish_locked(pqpool *p, pool_entry *e, const site *s, int64_t start, int waited, int fast,
                          pqpool_lease *out) {
  int64_t now = fast ? start : pool_now_us();
  uint64_t w = (uint64_t)(now - start);
  if (!cached_tid) cached_tid = gettid();
  e->file = s->file;
  e->line = s->line;
  e->func = s->func;
  e->tid = cached_tid;
  e->leased_at_us = pool_coarse_us();
  p->st.acquires++;
  if (waited) p->st.acquires_waited++;
  p->st.acquire_wait_us_total += w;
  if (w > p->st.acquire_wait_us_max) p->st.acquire_wait_us_max = w;
  int b = w <= 10 ? 0 : w <= 100 ? 1 : w <= 1000 ? 2 : w <= 10000 ? 3 : w <= 100000 ? 4 : 5;
  p->st.acquire_wait_hist_us[b]++;
  out->conn = e->conn;
  out->entry = e;
  out->gen = e->gen;
}

/* Builds the error of an acquire that could not be served by its deadline (lock held). The cause is
   named with its numbers: paused; database unreachable (for how long, rounds, next attempt); server
   full (what the pool holds); the pool's share of a host budget or of a full server; exhausted. */
static int timeout_error_locked(pqpool *p, int tmo, pqpool_error *err) {
  const char *n = p->cfg.name;
  int64_t now = pool_now_us();
  if (p->paused)
    return pool_err(err, PQPOOL_ETIMEOUT, NULL, "%s: acquire timed out after %d ms: pool paused; %d/%d in use, %d waiting",
                    n, tmo, p->in_use, p->total, p->waiting);
  if (p->db_down)
    return pool_err(err, PQPOOL_ECONNECT, p->last_err,
                    "%s: acquire timed out after %d ms: database unreachable for %lld ms (%d failed rounds of "
                    "connects, next attempt in %lld ms); last error: %s", n, tmo,
                    (long long)((now - p->down_since_us) / 1000), p->fail_streak,
                    (long long)(p->next_connect_us > now ? (p->next_connect_us - now) / 1000 : 0), p->last_err);
  if (p->effective_max < p->cfg.max_size && p->total >= p->effective_max && p->last_full_us)
    return pool_err(err, PQPOOL_ESERVERFULL, p->last_err,
                    "%s: acquire timed out after %d ms: server full (too many clients); the pool holds %d "
                    "connections (%d in use, max_size %d), %d waiting; last refusal: %s", n, tmo, p->total,
                    p->in_use, p->cfg.max_size, p->waiting, p->last_err);
  if (p->share_cap < p->cfg.max_size && p->total + p->connecting >= p->share_cap)
    return pool_err(err, PQPOOL_ETIMEOUT, NULL,
                    "%s: acquire timed out after %d ms: the pool holds its share, %d connections (%s), %d in use, "
                    "%d waiting", n, tmo, p->total, p->bud ? "host budget" : "even share of a full server",
                    p->in_use, p->waiting);
  return pool_err(err, PQPOOL_ETIMEOUT, NULL,
                  "%s: acquire timed out after %d ms: pool exhausted, %d/%d in use, %d waiting, %d connecting",
                  n, tmo, p->in_use, p->cfg.max_size, p->waiting, p->connecting);
}

/* Connects into reserved slot e (lock NOT held on entry or exit). Returns 0 with the entry leased,
   or the CONN_* kind with msg filled and the slot released. */
static int connect_slot(pqpool *p, pool_entry *e, int64_t deadline, int verify, char *msg, size_t len,
                        int *recovered) {
  int64_t t0 = pool_now_us();
  int64_t dl = t0 + (int64_t)p->cfg.connect_timeout_ms * 1000;
  if (deadline > t0 && deadline < dl) dl = deadline;
  int kind, cut = dl == deadline && dl < t0 + (int64_t)p->cfg.connect_timeout_ms * 1000;
  PGconn *c = pool_conn_open(p, e, dl, verify, &kind, msg, len);
  if (!c && kind == CONN_TIMEOUT && cut) kind = CONN_CUT;
  pthread_mutex_lock(&p->mu);
  if (c) {
    pool_init_entry_locked(p, e, c, pool_now_us());
    pool_connect_done_locked(p, CONN_OK, NULL, t0, recovered);
    pool_lease_locked(p, e);
  } else {
    pool_connect_done_locked(p, kind, msg, t0, recovered);
    pool_slot_free_locked(p, e, -1);
  }
  pthread_mutex_unlock(&p->mu);
  return c ? 0 : kind;
}

/* Closes an entry taken out of the pool (state BUSY or LEASED by us) and frees its slot. */
static void drop_entry(pqpool *p, pool_entry *e, int reason, int was_leased) {
  pool_conn_close(p, e->conn, reason);
  pthread_mutex_lock(&p->mu);
  if (was_leased) {
    p->in_use--;
    p->refs--; /* never the last: the acquire call holds one */
  }
  pool_slot_free_locked(p, e, reason);
  pthread_mutex_unlock(&p->mu);
}

/* The uncontended path, in one critical section and without the precise clock: nobody waits, an
   idle connection is there, it was released within the liveness-test bypass window (and within
   check_after_idle_ms), its lifetime has not ended and there is no on_acquire hook. Returns 1 with
   the lease in *out, or 0 (nothing changed) for the full path. Lock held. */
static int try_fast_locked(pqpool *p, const site *s, pqpool_lease *out) {
  if (p->wq_head || !p->idle_top || p->closed || p->draining || p->paused || p->cfg.on_acquire) return 0;
  pool_entry *e = pool_peek_idle_locked(p);
  int64_t now = pool_coarse_us(), idle = now - e->idle_since_us;
  if (now >= e->expires_us || idle >= POOL_ALIVE_SKIP_US || idle >= (int64_t)p->cfg.check_after_idle_ms * 1000)
    return 0;
  pool_unlink_idle_locked(p, e);
  pool_lease_locked(p, e); /* takes the lease's pool reference */
  if (!cached_tid) cached_tid = gettid();
  e->file = s->file;
  e->line = s->line;
  e->func = s->func;
  e->tid = cached_tid;
  e->leased_at_us = now;
  p->st.acquires++;
  p->st.acquire_wait_hist_us[0]++; /* waited 0 */
  out->conn = e->conn;
  out->entry = e;
  out->gen = e->gen;
  return 1;
}

static int do_acquire(pqpool *p, int timeout_ms, pqpool_lease *out, pqpool_error *err, const site *s) {
  pthread_mutex_lock(&p->mu);
  if (try_fast_locked(p, s, out)) {
    pthread_mutex_unlock(&p->mu);
    return 0;
  }
  int tmo = timeout_ms < 0 ? p->cfg.acquire_timeout_ms : timeout_ms;
  int64_t start = pool_now_us();
  int64_t deadline = tmo < 0 ? INT64_MAX : start + (int64_t)tmo * 1000;
  pool_waiter w;
  int queued = 0, waited = 0, rc = 0, cv_ready = 0, rounds = 0;
  int was_first = 0; /* we left the head (or found no queue) to try a connection: keep that place */
  pool_entry *got = NULL;
  char msg[PQPOOL_ERRMSG_SIZE];

  p->refs++;
  for (;;) {
    if (queued && w.handed) { /* a releaser gave us its connection (hand-off already leased it) */
      got = w.handed;
      queued = 0;
      break;
    }
    if (queued && w.code) {
      rc = pool_err(err, w.code, NULL, "%s: %s", p->cfg.name,
                    w.code == PQPOOL_ECLOSED ? "pool closed while waiting" : "pool draining while waiting");
      queued = 0;
      break;
    }
    if (p->closed) {
      rc = pool_err(err, PQPOOL_ECLOSED, NULL, "%s: pool is closed", p->cfg.name);
      break;
    }
    if (p->draining) {
      rc = pool_err(err, PQPOOL_EDRAINING, NULL, "%s: pool is draining", p->cfg.name);
      break;
    }
    int my_turn = !p->paused && (queued ? p->wq_head == &w : p->wq_head == NULL);
    int64_t now = rounds++ ? pool_now_us() : start;
    if (my_turn && p->idle_top) {
      pool_entry *e = pool_take_idle_locked(p);
      was_first = 1;
      if (queued) pool_wq_remove_locked(p, &w), queued = 0;
      pool_lease_locked(p, e);
      pthread_mutex_unlock(&p->mu);
      int pinged, reason = check_idle(p, e, now, &pinged);
      if (reason < 0) {
        pthread_mutex_lock(&p->mu);
        if (pinged) p->st.checks++;
        got = e;
        break;
      }
      pthread_mutex_lock(&p->mu);
      if (pinged) p->st.checks++, p->st.check_failures++;
      pthread_mutex_unlock(&p->mu);
      drop_entry(p, e, reason, 1);
      pthread_mutex_lock(&p->mu);
      continue;
    }
    /* A waiter whose deadline passed must not start a connect (it would run for connect_timeout_ms);
       the first round may: timeout 0 means "do not queue", not "do not connect". */
    int expired = rounds > 1 && now >= deadline;
    if (my_turn && !expired && pool_can_connect_locked(p, now)) {
      pool_entry *e = pool_slot_take_locked(p);
      p->connecting++;
      int verify = p->probe_single || p->db_down;
      rounds++; /* not the fast path: the wait statistics read the clock */
      was_first = 1;
      if (queued) pool_wq_remove_locked(p, &w), queued = 0;
      pthread_mutex_unlock(&p->mu);
      int recovered = 0;
      int kind = connect_slot(p, e, deadline, verify, msg, sizeof msg, &recovered);
      if (recovered) pool_log(p, PQPOOL_LOG_INFO, "database reachable again; connect succeeded");
      pthread_mutex_lock(&p->mu);
      if (kind == 0 && (p->closed || p->draining)) { /* closed while we connected */
        pthread_mutex_unlock(&p->mu);
        drop_entry(p, e, PQPOOL_CLOSE_DISCARDED, 1);
        pthread_mutex_lock(&p->mu);
        continue;
      }
      if (kind == 0) {
        got = e;
        break;
      }
      if (kind == CONN_NOMEM) {
        rc = pool_err(err, PQPOOL_ENOMEM, NULL, "%s: out of memory while connecting", p->cfg.name);
        break;
      }
      if (kind != CONN_FULL && kind != CONN_CUT && kind != CONN_HOOK && p->db_down && p->fail_streak == 1 &&
          !p->down_logged) {
        p->down_logged = 1; /* once per outage; reset when a connect succeeds */
        pthread_mutex_unlock(&p->mu);
        pool_log(p, PQPOOL_LOG_WARN, "connect failed, backing off: %s", msg);
        pthread_mutex_lock(&p->mu);
      }
      if (kind == CONN_HOOK) { /* init_sql or on_connect refused: retrying at once would spin */
        rc = pool_err(err, PQPOOL_ECONNECT, msg, "%s: new connection rejected: %s", p->cfg.name, msg);
        break;
      }
      if (kind == CONN_FULL && !p->full_logged) {
        int cap = p->effective_max, max = p->cfg.max_size; /* read under the lock: resizable */
        p->full_logged = 1;
        pthread_mutex_unlock(&p->mu);
        pool_log(p, PQPOOL_LOG_WARN, "server full (too many clients): capping this pool at %d of %d connections; "
                 "callers wait for releases, probing upward later", cap, max);
        pthread_mutex_lock(&p->mu);
      }
      if (kind == CONN_CUT && p->db_down) { /* the last real answer (down, full) says more than the cut */
        rc = timeout_error_locked(p, tmo, err);
        break;
      }
      if (kind == CONN_CUT) {
        rc = pool_err(err, PQPOOL_ETIMEOUT, NULL,
                      "%s: acquire timed out after %d ms while opening a new connection (%s); %d/%d in use, "
                      "%d waiting", p->cfg.name, tmo, msg, p->in_use, p->cfg.max_size, p->waiting);
        break;
      }
      if (p->cfg.fail_fast_when_down && kind != CONN_FULL) {
        rc = pool_err(err, PQPOOL_ECONNECT, msg, "%s: could not connect: %s", p->cfg.name, msg);
        break;
      }
      continue; /* server full with connections held: wait for a release; down: wait for the backoff */
    }
    if (p->cfg.fail_fast_when_down && p->db_down && !p->idle_top) {
      rc = pool_err(err, PQPOOL_EDOWN, p->last_err,
                    "%s: database down (unreachable for %lld ms), next connect attempt in %lld ms; last error: %s",
                    p->cfg.name, (long long)((now - p->down_since_us) / 1000),
                    (long long)(p->next_connect_us > now ? (p->next_connect_us - now) / 1000 : 0), p->last_err);
      break;
    }
    if (now >= deadline) {
      rc = timeout_error_locked(p, tmo, err);
      break;
    }
    if (!queued) {
      if (p->cfg.max_waiters > 0 && p->waiting >= p->cfg.max_waiters) {
        rc = pool_err(err, PQPOOL_EWAITERS, NULL, "%s: too many waiters (%d), %d/%d in use", p->cfg.name,
                      p->waiting, p->in_use, p->cfg.max_size);
        break;
      }
      if (!cv_ready) {
        pthread_condattr_t ca;
        pthread_condattr_init(&ca);
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
        pthread_cond_init(&w.cv, &ca);
        pthread_condattr_destroy(&ca);
        cv_ready = 1;
      }
      w.handed = NULL;
      w.code = 0;
      if (was_first)
        pool_wq_push_front_locked(p, &w);
      else
        pool_wq_push_locked(p, &w);
      was_first = 0;
      queued = 1;
      waited = 1;
    }
    int64_t wake = deadline;
    if (p->wq_head == &w) {
      int64_t next = pool_next_attempt_locked(p);
      if (next < wake) wake = next > now ? next : now + 1000;
    }
    struct timespec ts;
    if (wake == INT64_MAX) {
      pthread_cond_wait(&w.cv, &p->mu);
    } else {
      ts.tv_sec = wake / 1000000;
      ts.tv_nsec = (long)(wake % 1000000) * 1000;
      pthread_cond_timedwait(&w.cv, &p->mu, &ts);
    }
  }
  if (queued) pool_wq_remove_locked(p, &w);
  if (got) {
    finish_locked(p, got, s, start, waited, rounds == 1 && !waited, out);
  } else {
    if (rc == PQPOOL_ETIMEOUT || rc == PQPOOL_ESERVERFULL) p->st.acquire_timeouts++;
    p->st.acquire_errors++;
  }
  int last = pool_unref_locked(p);
  pthread_mutex_unlock(&p->mu);
  if (cv_ready) pthread_cond_destroy(&w.cv);
  if (last) pool_free(p);
  return rc;
}

int pqpool_acquire_at(pqpool *p, int timeout_ms, pqpool_lease *out, pqpool_error *err, const char *file,
                      int line, const char *func) {
  if (out) memset(out, 0, sizeof *out);
  if (err) err->code = 0, err->msg[0] = 0, err->last_libpq_error[0] = 0;
  if (!p || !out) return pool_err(err, PQPOOL_EINVAL, NULL, "pqpool_acquire: pool or lease is NULL");
  if (pool_fork_check(p) < 0)
    return pool_err(err, PQPOOL_EFORKED, NULL, "%s: pool inherited across fork() (strict fork mode)", p->cfg.name);
  site s = {file ? file : "?", func ? func : "?", line};
  return do_acquire(p, timeout_ms, out, err, &s);
}

int pqpool_acquire(pqpool *p, int timeout_ms, pqpool_lease *out, pqpool_error *err) {
  return pqpool_acquire_at(p, timeout_ms, out, err, "?", 0, "?");
}

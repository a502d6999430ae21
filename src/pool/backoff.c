/* backoff.c - connect admission (capacity, single flight while down, probing above a server-full cap)
   and bookkeeping of connect outcomes (jittered exponential backoff, effective max, recovery). */
#include <stdio.h>
#include <string.h>
#include "pool_internal.h"

/* xorshift32 under the pool lock; returns 0..bound-1 (0 if bound <= 0). */
int pool_rand_locked(pqpool *p, int bound) {
  uint32_t x = p->rng;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  p->rng = x;
  return bound > 0 ? (int)(x % (uint32_t)bound) : 0;
}

/* May a new connect start now? Never above max_size; while the database is down exactly one
   attempt after the backoff delay (single flight); above a server-full cap, one probe after its delay. */
int pool_can_connect_locked(pqpool *p, int64_t now) {
  if (p->total + p->connecting >= p->cfg.max_size) return 0;
  if (p->db_down) return p->connecting == 0 && now >= p->next_connect_us;
  if (p->total + p->connecting < p->effective_max) return 1;
  return p->connecting == 0 && now >= p->probe_us;
}

/* When may the next connect start (for waiters' timed waits); INT64_MAX if only a release helps. */
int64_t pool_next_attempt_locked(pqpool *p) {
  if (p->total + p->connecting >= p->cfg.max_size || p->connecting > 0) return INT64_MAX;
  if (p->db_down) return p->next_connect_us;
  if (p->total < p->effective_max) return 0;
  return p->probe_us;
}

/* Equal jitter: a delay in [b/2, b] ms, as postgres.js does. */
static int64_t jittered_us(pqpool *p, int b_ms) {
  int half = b_ms / 2;
  return ((int64_t)half + pool_rand_locked(p, b_ms - half + 1)) * 1000;
}

static int grow(int cur, int initial, int max) {
  int64_t n = cur <= 0 ? initial : (int64_t)cur * 2;
  if (n > max) n = max;
  if (n < 1) n = 1;
  return (int)n;
}

/* Records a connect outcome (kind CONN_*; the caller already holds or freed the slot). Success
   resets the backoff and wakes the head waiter; *recovered = 1 if the database was down.
   Server full with connections held caps effective_max at total and schedules an upward probe;
   with nothing held it counts as down (backoff, single flight). */
void pool_connect_done_locked(pqpool *p, int kind, const char *msg, int64_t dur_us, int *recovered) {
  int64_t now = pool_now_us();
  *recovered = 0;
  p->connecting--;
  if (kind == CONN_OK) {
    p->st.connects++;
    p->st.connect_us_total += (uint64_t)dur_us;
    if (p->db_down) {
      *recovered = 1;
      p->st.recoveries++;
    }
    p->db_down = 0;
    p->fail_streak = 0;
    p->backoff_ms = 0;
    if (p->total > p->effective_max) {
      p->effective_max = p->total;
      p->probe_backoff_ms = 0;
      if (p->effective_max >= p->cfg.max_size) p->full_logged = 0;
    }
    pool_kick_head_locked(p);
    return;
  }
  if (kind == CONN_HOOK || kind == CONN_CUT) { /* the server is fine: a hook refused, or the caller gave up */
    pool_kick_head_locked(p);
    return;
  }
  p->st.connect_failures++;
  snprintf(p->last_err, sizeof p->last_err, "%s", msg ? msg : "");
  if (kind == CONN_FULL) p->st.server_full_refusals++;
  if (kind == CONN_FULL && p->total >= 1) {
    p->effective_max = p->total;
    p->probe_backoff_ms = grow(p->probe_backoff_ms, p->cfg.backoff_initial_ms, p->cfg.backoff_max_ms);
    p->probe_us = now + jittered_us(p, p->probe_backoff_ms);
  } else {
    p->db_down = 1;
    p->down_kind = kind;
    p->fail_streak++;
    p->backoff_ms = grow(p->backoff_ms, p->cfg.backoff_initial_ms, p->cfg.backoff_max_ms);
    p->next_connect_us = now + jittered_us(p, p->backoff_ms);
  }
  pool_kick_head_locked(p);
}

/* A connection at the cap was closed for max_lifetime: its replacement goes through the probe path
   (one connect, after a short jittered delay) instead of an immediate reconnect. This paces recycling
   (no reconnect storm) and leaves the freed server slot open for a moment, so another process
   starved by a full server can take it; the pool then caps itself at what the server grants. */
void pool_recycle_pace_locked(pqpool *p) {
  if (p->total + 1 < p->effective_max || p->effective_max <= 1) return; /* total already decremented */
  p->effective_max = p->total > 0 ? p->total : 1;
  p->probe_us = pool_now_us() + jittered_us(p, p->cfg.backoff_initial_ms);
}

/* Fills a fresh entry for connection c: lifetime shortened by a random 0..jitter. */
void pool_init_entry_locked(pqpool *p, pool_entry *e, PGconn *c, int64_t now) {
  e->conn = c;
  e->created_us = now;
  e->idle_since_us = now;
  e->last_check_us = now;
  e->evict_epoch = p->evict_epoch;
  if (p->cfg.max_lifetime_ms > 0)
    e->expires_us = now + ((int64_t)p->cfg.max_lifetime_ms - pool_rand_locked(p, p->jitter_ms + 1)) * 1000;
  else
    e->expires_us = INT64_MAX;
  p->total++;
}

/* backoff.c - connect admission (capacity, shares, single flight on first contact and while down,
   probing above a server-full cap)
   and bookkeeping of connect outcomes (jittered exponential backoff, effective max, recovery). */
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include "pool_internal.h"

/* May a new connect start now? Never above max_size or the pool's share (host budget, even share of a
   full server); on first contact, after a connection broke and while the database is down exactly one
   attempt at a time (single flight; while down only after the backoff delay); at or above a server-full
   cap, one probe after its delay. With a host budget a yes also takes the budget token the new
   connection will hold (returned when its slot is freed). */
int pool_can_connect_locked(pqpool *p, int64_t now) {
  int held = p->total + p->connecting;
  if (held >= p->cfg.max_size || (!p->bud && held >= p->share_cap)) return 0; /* a budget recomputes below */
  if (p->db_down) {
    if (p->connecting > 0 || now < p->next_connect_us) return 0;
  } else if (p->probe_single) {
    if (p->connecting > 0) return 0;
  } else if (held >= p->effective_max) {
    if (p->connecting > 0 || now < p->probe_us) return 0;
  }
  if (p->bud && !pool_budget_take_locked(p)) return 0;
  return 1;
}

/* When may the next connect start (for waiters' timed waits); INT64_MAX if only a release helps. A
   pool refused a budget token polls the shared table every 20 ms. */
int64_t pool_next_attempt_locked(pqpool *p) {
  int held = p->total + p->connecting;
  if (held >= p->cfg.max_size || (!p->bud && held >= p->share_cap) || p->connecting > 0) return INT64_MAX;
  if (p->bud_blocked) return pool_now_us() + 20000;
  if (p->db_down) return p->next_connect_us;
  if (p->probe_single || held < p->effective_max) return 0;
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

/* Probe interval of a pool refused for lack of slots: 25 ms doubling to 200 ms while it holds nothing
   (equal jitter: 12-25 ms first, then 100-200 ms), the configured backoff when it holds connections. */
#define FULL_EMPTY_FIRST_MS 25
#define FULL_EMPTY_MAX_MS 200
/* Delay between probes of a server that said it is starting up or shutting down (restart). */
#define STARTING_PROBE_MS 100

/* Records a connect outcome (kind CONN_*; the caller already holds or freed the slot); start_us is
   when that connect started. Success resets the backoff and wakes the head waiter; *recovered = 1 if
   the database was down. "Too many clients" is capacity, never the down state: effective_max drops to
   what the pool holds and one probe follows (short and jittered when it holds nothing). Any other
   failure puts the pool down; the backoff steps once per failed round: a connect that started before
   the last recorded failure was part of that round and changes nothing but the last error. */
void pool_connect_done_locked(pqpool *p, int kind, const char *msg, int64_t start_us, int *recovered) {
  int64_t now = pool_now_us();
  *recovered = 0;
  p->connecting--;
  if (kind == CONN_OK) {
    p->st.connects++;
    p->st.connect_us_total += (uint64_t)(now - start_us);
    if (p->db_down) {
      *recovered = 1;
      p->st.recoveries++;
    }
    p->db_down = 0;
    p->down_logged = 0;
    p->probe_single = 0;
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
  if (kind == CONN_FULL) {
    p->st.server_full_refusals++;
    if (p->db_down) { /* it answered: reachable again, only full */
      *recovered = 1;
      p->st.recoveries++;
      p->db_down = 0;
      p->fail_streak = 0;
      p->backoff_ms = 0;
    }
    p->probe_single = 0;
    p->last_full_us = now;
    p->effective_max = p->total;
    if (p->total == 0) {
      p->probe_backoff_ms = p->probe_backoff_ms <= 0 ? FULL_EMPTY_FIRST_MS : p->probe_backoff_ms * 2;
      if (p->probe_backoff_ms > FULL_EMPTY_MAX_MS) p->probe_backoff_ms = FULL_EMPTY_MAX_MS;
    } else {
      p->probe_backoff_ms = grow(p->probe_backoff_ms, p->cfg.backoff_initial_ms, p->cfg.backoff_max_ms);
    }
    p->probe_us = now + jittered_us(p, p->probe_backoff_ms);
    pool_share_refused_locked(p, now);
    pool_kick_head_locked(p);
    return;
  }
  if (!p->db_down) {
    p->db_down = 1;
    p->down_since_us = now;
    p->fail_streak = 0;
    p->backoff_ms = 0;
  } else if (start_us < p->last_fail_us) { /* same round as a failure already counted */
    pool_kick_head_locked(p);
    return;
  }
  p->down_kind = kind;
  p->fail_streak++;
  p->last_fail_us = now;
  if (kind == CONN_STARTING) {
    int b = p->cfg.backoff_initial_ms < STARTING_PROBE_MS ? p->cfg.backoff_initial_ms : STARTING_PROBE_MS;
    p->next_connect_us = now + jittered_us(p, b);
  } else {
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

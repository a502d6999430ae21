/* share.c - an even share of a full server without a host budget: housekeeping looks at
   pg_stat_activity, and a pool that holds more than an even share of a server at its limit stops
   growing and lets one connection's lifetime end early (jittered) per pass, so slots circulate. */
#include <limits.h>
#include <stdlib.h>
#include "pool_internal.h"

/* A refusal, or a look that saw every slot taken, counts as "the server is at its limit" this long
   (sticky: a look in the moment after someone closed a connection must not lift the cap). */
#define SHARE_LIMIT_HOLD_US 5000000
/* Looks at most this often (one small query on a connection the pool holds anyway). */
#define SHARE_LOOK_EVERY_US 1000000
/* A connection picked to make room closes within 0..this (on its release or in a later pass). */
#define SHARE_SHED_JITTER_MS 1000

/* The slots this role may use and the client sessions in use. Non-superusers lose
   superuser_reserved_connections (and PostgreSQL 16's reserved_connections). */
static const char LOOK_SQL[] =
    "SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'), "
    "current_setting('max_connections')::int - CASE WHEN r.rolsuper THEN 0 ELSE "
    "current_setting('superuser_reserved_connections')::int + "
    "coalesce(nullif(current_setting('reserved_connections', true), ''), '0')::int END "
    "FROM pg_roles r WHERE r.rolname = current_user";

static void share_cap_locked(pqpool *p, int64_t now);

/* Runs the look on c (a connection the caller holds, idle transaction, lock not held) and records it.
   Returns 0, or -1 if the connection broke (the caller closes it). A failed statement (e.g. a
   pooler that hides pg_stat_activity) just records nothing. */
int pool_share_look(pqpool *p, PGconn *c) {
  PGresult *r = pool_conn_query(p, c, LOOK_SQL, pool_now_us() + (int64_t)p->cfg.check_timeout_ms * 1000);
  if (!r) return PQstatus(c) == CONNECTION_OK && PQtransactionStatus(c) == PQTRANS_IDLE ? 0 : -1;
  int used = atoi(PQgetvalue(r, 0, 0)), slots = atoi(PQgetvalue(r, 0, 1));
  PQclear(r);
  pthread_mutex_lock(&p->mu);
  p->srv_used = used;
  p->srv_slots = slots;
  p->srv_others = used - p->total > 0 ? used - p->total : 0;
  p->look_at_us = pool_now_us();
  if (slots > 0 && used >= slots) p->limit_seen_us = p->look_at_us;
  if (!p->bud && p->cfg.share_mode != PQPOOL_SHARE_OFF) share_cap_locked(p, p->look_at_us);
  pthread_mutex_unlock(&p->mu);
  return 0;
}

/* One housekeeping step (lock held, before the period's peak_use is reset). Asks for a look when one
   is due (the caller runs it on an idle connection, or the next clean release does). At the limit, the even share counts the pool itself,
   the other sessions in pools of its own max_size, and one more for a process that may hold nothing
   (a starved pool is invisible to the server); the pool may hold that share plus one (hysteresis:
   equal shares do not churn). Above it, as many connections as it holds too many (those expiring
   first) get their lifetime cut to a random 0..SHARE_SHED_JITTER_MS from now: they close on release
   (or in a housekeeping pass if idle), and the cap keeps the pool from taking the slots back. */
void pool_share_pass_locked(pqpool *p, int64_t now) {
  if (p->bud || p->cfg.share_mode == PQPOOL_SHARE_OFF) return;
  /* only a pool that used all it holds in this period (or had waiters) could be keeping others out */
  if (p->total >= 2 && p->peak_use >= p->total && now - p->look_at_us >= SHARE_LOOK_EVERY_US) p->look_due = 1;
  share_cap_locked(p, now);
}

/* A refusal while the pool holds connections: it is growing into a full server, so it looks at once
   (on its next clean release) instead of at the next pass, and stops growing above its share. */
void pool_share_refused_locked(pqpool *p, int64_t now) {
  if (p->bud || p->cfg.share_mode == PQPOOL_SHARE_OFF || p->total < 1) return;
  if (now - p->look_at_us >= SHARE_LOOK_EVERY_US) p->look_due = 1;
}

/* Computes share_cap from the last look and marks the connections above it (lock held). */
static void share_cap_locked(pqpool *p, int64_t now) {  int full_look = p->limit_seen_us && now - p->limit_seen_us < SHARE_LIMIT_HOLD_US;
  int refused = p->last_full_us && now - p->last_full_us < SHARE_LIMIT_HOLD_US;
  if ((!full_look && !refused) || p->srv_slots <= 0) {
    p->share_cap = INT_MAX;
    return;
  }
  int m = p->cfg.max_size;
  int sharers = 1 + (p->srv_others + m - 1) / m + 1;
  int even = (p->srv_slots + sharers - 1) / sharers;
  p->share_cap = (even < 1 ? 1 : even) + 1;
  if (p->total <= p->share_cap) return;
  int64_t cnow = pool_coarse_us(), soon = cnow + (int64_t)SHARE_SHED_JITTER_MS * 1000;
  int excess = p->total - p->share_cap;
  for (int i = 0; i < p->nslots; i++) { /* the ones already ending within the window count */
    pool_entry *e = &p->slots[i];
    if ((e->state == SLOT_IDLE || e->state == SLOT_LEASED) && e->expires_us <= soon) excess--;
  }
  while (excess-- > 0) { /* the next to expire anyway go first */
    pool_entry *pick = NULL;
    for (int i = 0; i < p->nslots; i++) {
      pool_entry *e = &p->slots[i];
      if ((e->state == SLOT_IDLE || e->state == SLOT_LEASED) && e->expires_us > soon &&
          (!pick || e->expires_us < pick->expires_us))
        pick = e;
    }
    if (!pick) break;
    pick->expires_us = cnow + (int64_t)pool_rand_locked(p, SHARE_SHED_JITTER_MS + 1) * 1000;
    p->share_sheds++;
  }
}

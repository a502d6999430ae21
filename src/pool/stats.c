/* stats.c - consistent stats snapshot (its JSON and Prometheus forms are in stats_json.c and stats_prom.c). */
#include <stdio.h>
#include "pool_internal.h"

const char *const pool_close_keys[PQPOOL_CLOSE_NREASONS] = {"idle_timeout", "max_lifetime", "broken",
                                                             "check_failed", "released_in_tx", "evicted",
                                                             "forked", "discarded"};

/* Fills *out under the pool lock. Returns 0 or PQPOOL_EINVAL. */
int pqpool_stats(pqpool *p, struct pqpool_stats *out) {
  if (!p || !out) return PQPOOL_EINVAL;
  pool_fork_check(p);
  pthread_mutex_lock(&p->mu);
  int64_t now = pool_now_us();
  *out = p->st;
  out->max_size = p->cfg.max_size;
  out->effective_max = p->effective_max;
  out->min_idle = p->cfg.min_idle;
  out->total = p->total;
  out->idle = p->idle;
  out->in_use = p->in_use;
  out->connecting = p->connecting;
  out->waiting = p->waiting;
  out->db_up = !p->db_down;
  out->paused = p->paused;
  snprintf(out->last_connect_error, sizeof out->last_connect_error, "%s", p->last_err);
  out->backoff_ms = p->db_down ? p->backoff_ms : 0;
  out->next_connect_in_ms = p->db_down && p->next_connect_us > now ? (int)((p->next_connect_us - now) / 1000) : 0;
  pthread_mutex_unlock(&p->mu);
  return 0;
}

/* stats.c - consistent stats snapshot and its JSON form (stable keys, written with cJSON). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pool_internal.h"

static const char *close_keys[PQPOOL_CLOSE_NREASONS] = {"idle_timeout", "max_lifetime", "broken",
                                                         "check_failed", "released_in_tx", "evicted",
                                                         "forked", "discarded"};
static const char *hist_keys[PQPOOL_HIST_BUCKETS] = {"le_10", "le_100", "le_1000", "le_10000", "le_100000", "inf"};

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

#define NUM(o, k, v) cJSON_AddNumberToObject((o), (k), (double)(v))

/* snprintf semantics: writes at most len bytes (NUL included), returns the full JSON length. */
int pqpool_stats_json(pqpool *p, char *buf, size_t len) {
  struct pqpool_stats s;
  int rc = pqpool_stats(p, &s);
  if (rc < 0) return rc;
  cJSON *o = cJSON_CreateObject();
  if (!o) return PQPOOL_ENOMEM;
  cJSON_AddStringToObject(o, "name", s.name);
  NUM(o, "max_size", s.max_size);
  NUM(o, "effective_max", s.effective_max);
  NUM(o, "min_idle", s.min_idle);
  NUM(o, "total", s.total);
  NUM(o, "idle", s.idle);
  NUM(o, "in_use", s.in_use);
  NUM(o, "connecting", s.connecting);
  NUM(o, "waiting", s.waiting);
  NUM(o, "waiting_max_seen", s.waiting_max_seen);
  NUM(o, "acquires", s.acquires);
  NUM(o, "acquires_waited", s.acquires_waited);
  NUM(o, "acquire_timeouts", s.acquire_timeouts);
  NUM(o, "acquire_errors", s.acquire_errors);
  NUM(o, "acquire_wait_us_total", s.acquire_wait_us_total);
  NUM(o, "acquire_wait_us_max", s.acquire_wait_us_max);
  cJSON *h = cJSON_AddObjectToObject(o, "acquire_wait_hist_us");
  for (int i = 0; h && i < PQPOOL_HIST_BUCKETS; i++) NUM(h, hist_keys[i], s.acquire_wait_hist_us[i]);
  NUM(o, "hold_us_total", s.hold_us_total);
  NUM(o, "hold_us_max", s.hold_us_max);
  NUM(o, "connects", s.connects);
  NUM(o, "connect_failures", s.connect_failures);
  NUM(o, "connect_us_total", s.connect_us_total);
  NUM(o, "server_full_refusals", s.server_full_refusals);
  cJSON *c = cJSON_AddObjectToObject(o, "closed");
  for (int i = 0; c && i < PQPOOL_CLOSE_NREASONS; i++) NUM(c, close_keys[i], s.closed[i]);
  NUM(o, "released_in_tx_rolled_back", s.released_in_tx_rolled_back);
  NUM(o, "checks", s.checks);
  NUM(o, "check_failures", s.check_failures);
  NUM(o, "stale_releases", s.stale_releases);
  NUM(o, "leaks_suspected", s.leaks_suspected);
  NUM(o, "leaks_outstanding", s.leaks_outstanding);
  cJSON_AddStringToObject(o, "db_state", s.db_up ? "up" : "down");
  cJSON_AddStringToObject(o, "last_connect_error", s.last_connect_error);
  NUM(o, "next_connect_in_ms", s.next_connect_in_ms);
  NUM(o, "backoff_ms", s.backoff_ms);
  NUM(o, "recoveries", s.recoveries);
  cJSON_AddBoolToObject(o, "paused", s.paused);
  char *txt = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  if (!txt) return PQPOOL_ENOMEM;
  int n = (int)strlen(txt);
  if (buf && len > 0) snprintf(buf, len, "%s", txt);
  cJSON_free(txt);
  return n;
}

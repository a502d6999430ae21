/* create.c - pqpool_create: validates and copies the configuration, allocates slots, optional
   test connect (init_timeout_ms), starts housekeeping. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "pool_internal.h"

static char *dup_or_null(const char *s, int *oom) {
  if (!s) return NULL;
  char *d = strdup(s);
  if (!d) *oom = 1;
  return d;
}

static int init_sync(pqpool *p) {
  pthread_condattr_t ca;
  if (pthread_mutex_init(&p->mu, NULL) != 0) return -1;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  int r = pthread_cond_init(&p->drain_cv, &ca) | pthread_cond_init(&p->hk_cv, &ca);
  pthread_condattr_destroy(&ca);
  return r ? -1 : 0;
}

/* Opens one connection within init_timeout_ms and parks it idle; 0 or PQPOOL_ECONNECT/ESERVERFULL. */
static int test_connect(pqpool *p, pqpool_error *err) {
  char msg[PQPOOL_ERRMSG_SIZE];
  int kind, recovered;
  int64_t t0 = pool_now_us();
  int64_t dl = t0 + (int64_t)(p->cfg.init_timeout_ms < p->cfg.connect_timeout_ms ? p->cfg.init_timeout_ms
                                                                                  : p->cfg.connect_timeout_ms) * 1000;
  pthread_mutex_lock(&p->mu);
  if (p->bud && !pool_budget_take_locked(p)) {
    pthread_mutex_unlock(&p->mu);
    return pool_err(err, PQPOOL_ETIMEOUT, NULL, "%s: initial connect: the host budget '%s' has no token free",
                    p->cfg.name, p->cfg.budget_name);
  }
  pool_entry *e = pool_slot_take_locked(p);
  p->connecting++;
  pthread_mutex_unlock(&p->mu);
  PGconn *c = pool_conn_open(p, e, dl, 1, &kind, msg, sizeof msg);
  pthread_mutex_lock(&p->mu);
  if (c) pool_init_entry_locked(p, e, c, pool_now_us());
  pool_connect_done_locked(p, kind, msg, t0, &recovered);
  if (c)
    pool_put_idle_locked(p, e);
  else
    pool_slot_free_locked(p, e, -1);
  pthread_mutex_unlock(&p->mu);
  if (c) return 0;
  return pool_err(err, kind == CONN_FULL ? PQPOOL_ESERVERFULL : PQPOOL_ECONNECT, msg,
                  "%s: initial connect failed: %s", p->cfg.name, msg);
}

/* See pqpool.h. On error nothing is left allocated. */
int pqpool_create(const pqpool_config *user_cfg, pqpool **out, pqpool_error *err) {
  pqpool_config checked;
  if (!out) return pool_err(err, PQPOOL_EINVAL, NULL, "pqpool_create: out is NULL");
  *out = NULL;
  int rc = pool_config_check(user_cfg, &checked, err);
  if (rc < 0) return rc;
  const pqpool_config *cfg = &checked;
  const char *conninfo = cfg->conninfo;
  if (!PQisthreadsafe())
    return pool_err(err, PQPOOL_EINVAL, NULL, "pqpool_create: this libpq is not thread-safe");
  pqpool *p = calloc(1, sizeof *p);
  if (!p) return pool_err(err, PQPOOL_ENOMEM, NULL, "pqpool_create: out of memory");
  p->cfg = *cfg;
  p->hk_start = pool_start_housekeeping;
  int oom = 0;
  p->s_conninfo = dup_or_null(conninfo, &oom);
  p->s_name = dup_or_null(cfg->name ? cfg->name : "pqpool", &oom);
  p->s_reset = dup_or_null(cfg->reset_sql, &oom);
  p->s_init = dup_or_null(cfg->init_sql, &oom);
  p->s_budget = dup_or_null(cfg->budget_name, &oom);
  p->nslots = cfg->max_size_limit > cfg->max_size ? cfg->max_size_limit : cfg->max_size;
  p->slots = calloc((size_t)p->nslots, sizeof *p->slots);
  p->ndefs = calloc((size_t)p->nslots, sizeof *p->ndefs);
  if (oom || !p->slots || !p->ndefs || init_sync(p) < 0) {
    pool_free_storage(p);
    return pool_err(err, PQPOOL_ENOMEM, NULL, "pqpool_create: out of memory");
  }
  p->cfg.conninfo = p->s_conninfo;
  p->cfg.name = p->s_name;
  p->cfg.reset_sql = p->s_reset;
  p->cfg.init_sql = p->s_init;
  p->cfg.budget_name = p->s_budget;
  p->jitter_ms = cfg->max_lifetime_jitter_ms >= 0 ? cfg->max_lifetime_jitter_ms : cfg->max_lifetime_ms / 10;
  if (p->jitter_ms > cfg->max_lifetime_ms) p->jitter_ms = cfg->max_lifetime_ms;
  for (int i = p->nslots - 1; i >= 0; i--) {
    p->slots[i].next = p->free_list;
    p->free_list = &p->slots[i];
  }
  p->effective_max = cfg->max_size;
  p->share_cap = INT_MAX;
  p->probe_single = 1; /* first contact: one connect probes before the others follow */
  p->bud_idx = -1;
  p->refs = 1;
  p->rng = (uint32_t)pool_now_us() ^ (uint32_t)getpid() ^ (uint32_t)(uintptr_t)p;
  if (!p->rng) p->rng = 0x9e3779b9u;
  snprintf(p->st.name, sizeof p->st.name, "%s", p->cfg.name);
  pool_fork_register(p);
  if (cfg->budget_name && (rc = pool_budget_open(p, err)) < 0) {
    pool_free(p);
    return rc;
  }
  if (cfg->init_timeout_ms > 0 && (rc = test_connect(p, err)) < 0) {
    pool_free(p);
    return rc;
  }
  if (cfg->housekeeping_interval_ms > 0 && pool_start_housekeeping(p) < 0) {
    pool_free(p);
    return pool_err(err, PQPOOL_ENOMEM, NULL, "pqpool_create: could not start the housekeeping thread");
  }
  *out = p;
  return 0;
}

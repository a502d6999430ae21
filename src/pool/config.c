/* config.c - pqpool configuration presets (services, scripts), sized for the caller's layout, and error strings. */
#include <string.h>
#include "pqpool.h"

/* The services preset, in this library's full layout. */
static void preset_service(pqpool_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->struct_size = sizeof *cfg;
  cfg->name = "pqpool";
  cfg->max_size = 10;
  cfg->min_idle = 0;
  cfg->max_waiters = 0;
  cfg->acquire_timeout_ms = 10000;
  cfg->connect_timeout_ms = 10000;
  cfg->idle_timeout_ms = 20000;
  cfg->max_lifetime_ms = 1800000;
  cfg->max_lifetime_jitter_ms = -1;
  cfg->check_after_idle_ms = 1000;
  cfg->check_timeout_ms = 2000;
  cfg->keepalive_interval_ms = 0;
  cfg->leak_threshold_ms = 0;
  cfg->backoff_initial_ms = 250;
  cfg->backoff_max_ms = 10000;
  cfg->fail_fast_when_down = 0;
  cfg->init_timeout_ms = 0;
  cfg->on_release_in_tx = PQPOOL_ROLLBACK;
  cfg->housekeeping_interval_ms = 1000;
  cfg->fork_mode = PQPOOL_FORK_RESET;
}

/* Scripts preset: max 2, idle 10 s, lifetime 600 s, connect 5 s; no housekeeping thread. */
static void preset_script(pqpool_config *cfg) {
  preset_service(cfg);
  cfg->max_size = 2;
  cfg->idle_timeout_ms = 10000;
  cfg->max_lifetime_ms = 600000;
  cfg->connect_timeout_ms = 5000;
  cfg->acquire_timeout_ms = 5000;
  cfg->housekeeping_interval_ms = 0;
}

/* Copies the first struct_size bytes of the full preset to the caller's struct (a caller built
   against a newer, longer layout gets zeros beyond ours) and records struct_size there. Never
   writes past struct_size bytes. */
static void put_sized(pqpool_config *cfg, size_t struct_size, const pqpool_config *full) {
  if (!cfg) return;
  size_t n = struct_size < sizeof *full ? struct_size : sizeof *full;
  memcpy(cfg, full, n);
  if (struct_size > n) memset((char *)cfg + n, 0, struct_size - n);
  if (struct_size >= sizeof cfg->struct_size) cfg->struct_size = struct_size;
}

void pqpool_config_service_sized(pqpool_config *cfg, size_t struct_size) {
  pqpool_config full;
  preset_service(&full);
  put_sized(cfg, struct_size, &full);
}

void pqpool_config_init_sized(pqpool_config *cfg, size_t struct_size) { pqpool_config_service_sized(cfg, struct_size); }

void pqpool_config_script_sized(pqpool_config *cfg, size_t struct_size) {
  pqpool_config full;
  preset_script(&full);
  put_sized(cfg, struct_size, &full);
}

const char *pqpool_strerror(int code) {
  switch (code) {
  case PQPOOL_OK: return "success";
  case PQPOOL_ETIMEOUT: return "acquire timed out: pool exhausted";
  case PQPOOL_ECONNECT: return "could not connect to the database";
  case PQPOOL_ESERVERFULL: return "server full (too many clients) and no connection was released in time";
  case PQPOOL_EDOWN: return "database down (pool in backoff, fail-fast)";
  case PQPOOL_EWAITERS: return "too many waiters";
  case PQPOOL_ECLOSED: return "pool is closed";
  case PQPOOL_EDRAINING: return "pool is draining";
  case PQPOOL_EFORKED: return "pool used in a forked child (strict fork mode)";
  case PQPOOL_ESTALE: return "stale or double release";
  case PQPOOL_EINVAL: return "invalid argument";
  case PQPOOL_ENOMEM: return "out of memory";
  default: return "unknown pqpool error";
  }
}

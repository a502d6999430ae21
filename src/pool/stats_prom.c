/* stats_prom.c - pqpool_stats_prometheus: the stats snapshot in the Prometheus text exposition format 0.0.4. */
#include <inttypes.h>
#include "outbuf.h"
#include "pool_internal.h"

/* Upper bounds of the acquire-wait buckets (PQPOOL_HIST_BUCKETS - 1 finite ones, then +Inf), in
   seconds as Prometheus clients print them; they match acquire.c's <=10us .. <=100ms. */
static const char *const wait_le[PQPOOL_HIST_BUCKETS] = {"1e-05", "0.0001", "0.001", "0.01", "0.1", "+Inf"};

typedef struct prom_w {
  pool_out out;
  const char *pool; /* the pool's name, the value of every sample's pool label */
} prom_w;

static void family(prom_w *w, const char *name, const char *type, const char *help) {
  pool_out_printf(&w->out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* name{pool="..."[,extra]} */
static void series(prom_w *w, const char *name, const char *extra_label, const char *extra_value) {
  pool_out_printf(&w->out, "%s{pool=\"", name);
  pool_out_prom_label(&w->out, w->pool);
  pool_out_put(&w->out, "\"", 1);
  if (extra_label) {
    pool_out_printf(&w->out, ",%s=\"", extra_label);
    pool_out_prom_label(&w->out, extra_value);
    pool_out_put(&w->out, "\"", 1);
  }
  pool_out_put(&w->out, "} ", 2);
}

static void sample_u64(prom_w *w, const char *name, uint64_t v) {
  series(w, name, NULL, NULL);
  pool_out_printf(&w->out, "%" PRIu64 "\n", v);
}

/* A duration in microseconds as seconds, exactly (no floating point). */
static void put_us_as_s(prom_w *w, uint64_t us) {
  pool_out_printf(&w->out, "%" PRIu64 ".%06" PRIu64 "\n", us / 1000000, us % 1000000);
}

static uint64_t ms_to_us(int ms) { return ms > 0 ? (uint64_t)ms * 1000 : 0; }

static void gauge(prom_w *w, const char *name, const char *help, int64_t v) {
  family(w, name, "gauge", help);
  series(w, name, NULL, NULL);
  pool_out_printf(&w->out, "%" PRId64 "\n", v);
}

static void gauge_us_as_s(prom_w *w, const char *name, const char *help, uint64_t us) {
  family(w, name, "gauge", help);
  series(w, name, NULL, NULL);
  put_us_as_s(w, us);
}

static void counter(prom_w *w, const char *name, const char *help, uint64_t v) {
  family(w, name, "counter", help);
  sample_u64(w, name, v);
}

static void counter_us_as_s(prom_w *w, const char *name, const char *help, uint64_t us) {
  family(w, name, "counter", help);
  series(w, name, NULL, NULL);
  put_us_as_s(w, us);
}

static void wait_histogram(prom_w *w, const struct pqpool_stats *s) {
  const char *name = "pqpool_acquire_wait_seconds";
  family(w, name, "histogram", "Time from an acquire call to its lease (successful acquires).");
  uint64_t cum = 0;
  for (int i = 0; i < PQPOOL_HIST_BUCKETS; i++) {
    cum += s->acquire_wait_hist_us[i];
    series(w, "pqpool_acquire_wait_seconds_bucket", "le", wait_le[i]);
    pool_out_printf(&w->out, "%" PRIu64 "\n", cum);
  }
  series(w, "pqpool_acquire_wait_seconds_sum", NULL, NULL);
  put_us_as_s(w, s->acquire_wait_us_total);
  sample_u64(w, "pqpool_acquire_wait_seconds_count", cum);
}

/* snprintf semantics: writes at most len bytes (NUL included), returns the full length, or
   PQPOOL_EINVAL (no pool). */
int pqpool_stats_prometheus(pqpool *p, char *buf, size_t len) {
  struct pqpool_stats s;
  int rc = pqpool_stats(p, &s);
  if (rc < 0) return rc;
  prom_w w = {.pool = s.name};
  prom_w *o = &w;
  pool_out_init(&w.out, buf, len);
  gauge(o, "pqpool_max_size", "Most connections the pool may open (max_size).", s.max_size);
  gauge(o, "pqpool_effective_max", "Working maximum: max_size, or lower while the server refuses as full.",
        s.effective_max);
  gauge(o, "pqpool_min_idle", "Idle connections housekeeping keeps open (min_idle).", s.min_idle);
  gauge(o, "pqpool_connections", "Open connections (total).", s.total);
  gauge(o, "pqpool_connections_idle", "Idle connections.", s.idle);
  gauge(o, "pqpool_connections_in_use", "Leased connections.", s.in_use);
  gauge(o, "pqpool_connections_connecting", "Connects in progress.", s.connecting);
  gauge(o, "pqpool_waiting", "Callers waiting for a connection.", s.waiting);
  gauge(o, "pqpool_waiting_max_seen", "Most callers seen waiting at once.", s.waiting_max_seen);
  counter(o, "pqpool_acquires_total", "Successful acquires.", s.acquires);
  counter(o, "pqpool_acquires_waited_total", "Acquires that waited in the queue.", s.acquires_waited);
  counter(o, "pqpool_acquire_timeouts_total", "Acquires that timed out (including server-full timeouts).",
          s.acquire_timeouts);
  counter(o, "pqpool_acquire_errors_total", "Failed acquires (all causes).", s.acquire_errors);
  gauge_us_as_s(o, "pqpool_acquire_wait_max_seconds", "Longest acquire wait.", s.acquire_wait_us_max);
  wait_histogram(o, &s);
  counter_us_as_s(o, "pqpool_hold_seconds_total", "Time leases were held.", s.hold_us_total);
  gauge_us_as_s(o, "pqpool_hold_max_seconds", "Longest lease hold.", s.hold_us_max);
  counter(o, "pqpool_connects_total", "Connections opened.", s.connects);
  counter(o, "pqpool_connect_failures_total", "Connect attempts that failed.", s.connect_failures);
  counter_us_as_s(o, "pqpool_connect_seconds_total", "Time spent opening connections.", s.connect_us_total);
  counter(o, "pqpool_server_full_refusals_total", "Connects the server refused as full (too many clients).",
          s.server_full_refusals);
  family(o, "pqpool_connections_closed_total", "counter", "Connections closed, by reason.");
  for (int i = 0; i < PQPOOL_CLOSE_NREASONS; i++) {
    series(o, "pqpool_connections_closed_total", "reason", pool_close_keys[i]);
    pool_out_printf(&o->out, "%" PRIu64 "\n", s.closed[i]);
  }
  counter(o, "pqpool_released_in_tx_rolled_back_total", "Leases released inside a transaction and rolled back.",
          s.released_in_tx_rolled_back);
  counter(o, "pqpool_checks_total", "Liveness pings of idle connections.", s.checks);
  counter(o, "pqpool_check_failures_total", "Liveness pings that failed.", s.check_failures);
  counter(o, "pqpool_stale_releases_total", "Stale or double releases refused.", s.stale_releases);
  counter(o, "pqpool_leaks_suspected_total", "Leases reported as held past leak_threshold_ms.", s.leaks_suspected);
  gauge(o, "pqpool_leaks_outstanding", "Reported leaks not yet returned.", s.leaks_outstanding);
  gauge(o, "pqpool_db_up", "1 if the database is up, 0 while the pool is in connect backoff.", s.db_up);
  gauge_us_as_s(o, "pqpool_next_connect_seconds", "Time until the next connect attempt while down (0 when up).",
                ms_to_us(s.next_connect_in_ms));
  gauge_us_as_s(o, "pqpool_backoff_seconds", "Current connect backoff delay (0 when up).", ms_to_us(s.backoff_ms));
  counter(o, "pqpool_recoveries_total", "Times the database came back after being down.", s.recoveries);
  gauge(o, "pqpool_paused", "1 between pqpool_pause and pqpool_resume.", s.paused);
  return pool_out_finish(&w.out);
}

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

/* What one row of the exposition is: a family with one sample (a gauge or a counter, its value an
   integer or microseconds printed as seconds), or one of the two families with several samples. */
typedef enum prom_kind {
  PROM_GAUGE, PROM_COUNTER, PROM_GAUGE_S, PROM_COUNTER_S, /* one sample */
  PROM_WAIT_HIST, PROM_CLOSED                             /* the histogram, the closes by reason */
} prom_kind;

typedef struct prom_row {
  prom_kind kind;
  const char *name, *help; /* unused for PROM_WAIT_HIST */
  int64_t gauge;           /* PROM_GAUGE */
  uint64_t u;              /* PROM_COUNTER: the count; PROM_*_S: microseconds */
} prom_row;

#define GAUGE(n, h, v) {PROM_GAUGE, n, h, (v), 0}
#define COUNTER(n, h, v) {PROM_COUNTER, n, h, 0, (v)}
#define GAUGE_S(n, h, us) {PROM_GAUGE_S, n, h, 0, (us)}
#define COUNTER_S(n, h, us) {PROM_COUNTER_S, n, h, 0, (us)}

/* Writes one row: its HELP and TYPE lines and its samples. */
static void put_row(prom_w *w, const prom_row *r, const struct pqpool_stats *s) {
  static const char *const type[] = {"gauge", "counter", "gauge", "counter"};
  if (r->kind == PROM_WAIT_HIST) {
    wait_histogram(w, s);
    return;
  }
  family(w, r->name, r->kind == PROM_CLOSED ? "counter" : type[r->kind], r->help);
  if (r->kind == PROM_CLOSED) {
    for (int i = 0; i < PQPOOL_CLOSE_NREASONS; i++) {
      series(w, r->name, "reason", pool_close_keys[i]);
      pool_out_printf(&w->out, "%" PRIu64 "\n", s->closed[i]);
    }
    return;
  }
  series(w, r->name, NULL, NULL);
  if (r->kind == PROM_GAUGE) pool_out_printf(&w->out, "%" PRId64 "\n", r->gauge);
  else if (r->kind == PROM_COUNTER) pool_out_printf(&w->out, "%" PRIu64 "\n", r->u);
  else put_us_as_s(w, r->u);
}

/* snprintf semantics: writes at most len bytes (NUL included), returns the full length, or
   PQPOOL_EINVAL (no pool). */
int pqpool_stats_prometheus(pqpool *p, char *buf, size_t len) {
  struct pqpool_stats s;
  int rc = pqpool_stats(p, &s);
  if (rc < 0) return rc;
  const prom_row rows[] = {
      GAUGE("pqpool_max_size", "Most connections the pool may open (max_size).", s.max_size),
      GAUGE("pqpool_effective_max", "Working maximum: max_size, or lower while the server refuses as full.",
            s.effective_max),
      GAUGE("pqpool_min_idle", "Idle connections housekeeping keeps open (min_idle).", s.min_idle),
      GAUGE("pqpool_connections", "Open connections (total).", s.total),
      GAUGE("pqpool_connections_idle", "Idle connections.", s.idle),
      GAUGE("pqpool_connections_in_use", "Leased connections.", s.in_use),
      GAUGE("pqpool_connections_connecting", "Connects in progress.", s.connecting),
      GAUGE("pqpool_waiting", "Callers waiting for a connection.", s.waiting),
      GAUGE("pqpool_waiting_max_seen", "Most callers seen waiting at once.", s.waiting_max_seen),
      COUNTER("pqpool_acquires_total", "Successful acquires.", s.acquires),
      COUNTER("pqpool_acquires_waited_total", "Acquires that waited in the queue.", s.acquires_waited),
      COUNTER("pqpool_acquire_timeouts_total", "Acquires that timed out (including server-full timeouts).",
              s.acquire_timeouts),
      COUNTER("pqpool_acquire_errors_total", "Failed acquires (all causes).", s.acquire_errors),
      GAUGE_S("pqpool_acquire_wait_max_seconds", "Longest acquire wait.", s.acquire_wait_us_max),
      {PROM_WAIT_HIST, NULL, NULL, 0, 0},
      COUNTER_S("pqpool_hold_seconds_total", "Time leases were held.", s.hold_us_total),
      GAUGE_S("pqpool_hold_max_seconds", "Longest lease hold.", s.hold_us_max),
      COUNTER("pqpool_connects_total", "Connections opened.", s.connects),
      COUNTER("pqpool_connect_failures_total", "Connect attempts that failed.", s.connect_failures),
      COUNTER_S("pqpool_connect_seconds_total", "Time spent opening connections.", s.connect_us_total),
      COUNTER("pqpool_server_full_refusals_total", "Connects the server refused as full (too many clients).",
              s.server_full_refusals),
      {PROM_CLOSED, "pqpool_connections_closed_total", "Connections closed, by reason.", 0, 0},
      COUNTER("pqpool_released_in_tx_rolled_back_total", "Leases released inside a transaction and rolled back.",
              s.released_in_tx_rolled_back),
      COUNTER("pqpool_checks_total", "Liveness pings of idle connections.", s.checks),
      COUNTER("pqpool_check_failures_total", "Liveness pings that failed.", s.check_failures),
      COUNTER("pqpool_stale_releases_total", "Stale or double releases refused.", s.stale_releases),
      COUNTER("pqpool_leaks_suspected_total", "Leases reported as held past leak_threshold_ms.", s.leaks_suspected),
      GAUGE("pqpool_leaks_outstanding", "Reported leaks not yet returned.", s.leaks_outstanding),
      GAUGE("pqpool_db_up", "1 if the database is up, 0 while the pool is in connect backoff.", s.db_up),
      GAUGE_S("pqpool_next_connect_seconds", "Time until the next connect attempt while down (0 when up).",
              ms_to_us(s.next_connect_in_ms)),
      GAUGE_S("pqpool_backoff_seconds", "Current connect backoff delay (0 when up).", ms_to_us(s.backoff_ms)),
      COUNTER("pqpool_recoveries_total", "Times the database came back after being down.", s.recoveries),
      GAUGE("pqpool_paused", "1 between pqpool_pause and pqpool_resume.", s.paused),
  };
  prom_w w = {.pool = s.name};
  pool_out_init(&w.out, buf, len);
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) put_row(&w, &rows[i], &s);
  return pool_out_finish(&w.out);
}

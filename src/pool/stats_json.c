/* stats_json.c - pqpool_stats_json: the stats snapshot as one JSON object whose keys are the struct's field names. */
#include <inttypes.h>
#include "outbuf.h"
#include "pool_internal.h"

static const char *const hist_keys[PQPOOL_HIST_BUCKETS] = {"le_10",    "le_100",    "le_1000",
                                                           "le_10000", "le_100000", "inf"};

typedef struct json_w {
  pool_out out;
  const char *sep; /* "" before the first member of an object, "," after */
} json_w;

static void key(json_w *w, const char *k) {
  pool_out_str(&w->out, w->sep);
  pool_out_json_string(&w->out, k);
  pool_out_put(&w->out, ":", 1);
  w->sep = ",";
}

static void u64(json_w *w, const char *k, uint64_t v) {
  key(w, k);
  pool_out_printf(&w->out, "%" PRIu64, v);
}

static void i32(json_w *w, const char *k, int v) {
  key(w, k);
  pool_out_printf(&w->out, "%d", v);
}

static void str(json_w *w, const char *k, const char *v) {
  key(w, k);
  pool_out_json_string(&w->out, v);
}

static void flag(json_w *w, const char *k, int v) {
  key(w, k);
  pool_out_str(&w->out, v ? "true" : "false");
}

/* An object of n counters under k, keyed by names[i]. */
static void u64_object(json_w *w, const char *k, const char *const *names, const uint64_t *v, int n) {
  key(w, k);
  pool_out_put(&w->out, "{", 1);
  w->sep = "";
  for (int i = 0; i < n; i++) u64(w, names[i], v[i]);
  pool_out_put(&w->out, "}", 1);
  w->sep = ",";
}

/* The key is the field's name, by construction. */
#define I32(f) i32(&w, #f, s.f)
#define U64(f) u64(&w, #f, s.f)
#define STR(f) str(&w, #f, s.f)
#define FLAG(f) flag(&w, #f, s.f)
#define U64_OBJECT(f, names, n) u64_object(&w, #f, names, s.f, n)

/* snprintf semantics: writes at most len bytes (NUL included), returns the full JSON length, or
   PQPOOL_EINVAL (no pool). */
int pqpool_stats_json(pqpool *p, char *buf, size_t len) {
  struct pqpool_stats s;
  int rc = pqpool_stats(p, &s);
  if (rc < 0) return rc;
  json_w w = {.sep = ""};
  pool_out_init(&w.out, buf, len);
  pool_out_put(&w.out, "{", 1);
  STR(name);
  I32(max_size);
  I32(effective_max);
  I32(min_idle);
  I32(total);
  I32(idle);
  I32(in_use);
  I32(connecting);
  I32(waiting);
  I32(waiting_max_seen);
  U64(acquires);
  U64(acquires_waited);
  U64(acquire_timeouts);
  U64(acquire_errors);
  U64(acquire_wait_us_total);
  U64(acquire_wait_us_max);
  U64_OBJECT(acquire_wait_hist_us, hist_keys, PQPOOL_HIST_BUCKETS);
  U64(hold_us_total);
  U64(hold_us_max);
  U64(connects);
  U64(connect_failures);
  U64(connect_us_total);
  U64(server_full_refusals);
  U64_OBJECT(closed, pool_close_keys, PQPOOL_CLOSE_NREASONS);
  U64(released_in_tx_rolled_back);
  U64(checks);
  U64(check_failures);
  U64(stale_releases);
  U64(leaks_suspected);
  I32(leaks_outstanding);
  FLAG(db_up);
  STR(last_connect_error);
  I32(next_connect_in_ms);
  I32(backoff_ms);
  U64(recoveries);
  FLAG(paused);
  pool_out_put(&w.out, "}", 1);
  return pool_out_finish(&w.out);
}

/* t_stats_format.c - the stats JSON (one key per struct field, same names and values, strings escaped)
   and the Prometheus text (parsed by the exposition format's rules in promparse.h) against a real server. */
#include <cjson/cJSON.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include "pgtest.h"
#include "pqpool.h"
#include "promparse.h"
#include "tcheck.h"

/* A name with every character the formats must escape, and a byte that is not UTF-8 (0xff). */
#define ODD_NAME "pq\"pool\\b\nx\xc3\xa9\xff"
#define ODD_NAME_OUT "pq\"pool\\b\nx\xc3\xa9\xef\xbf\xbd" /* as JSON and Prometheus carry it: U+FFFD */

static void quiet(int level, const char *msg, void *arg) { (void)level, (void)msg, (void)arg; }

/* ---- the parser rejects what the format forbids (so that its acceptance below means something) ---- */

static const char good_doc[] = "# HELP a_total Things.\n# TYPE a_total counter\na_total{pool=\"x\"} 3\n"
                               "# HELP h Wait.\n# TYPE h histogram\n"
                               "h_bucket{pool=\"x\",le=\"0.1\"} 1\nh_bucket{pool=\"x\",le=\"+Inf\"} 2\n"
                               "h_sum{pool=\"x\"} 0.5\nh_count{pool=\"x\"} 2\n"
                               "# a comment\n\ng{l=\"q\\\"\\\\\\n\"} -1.5e3 1700000000000\n";

static const struct bad_doc {
  const char *text, *expect;
} bad_docs[] = {
    {"a 1", "line feed"},
    {"# TYPE a gauge\n# TYPE a gauge\na 1\n", "second TYPE"},
    {"a 1\n# TYPE a gauge\n", "after its samples"},
    {"# HELP a x\n# HELP a y\na 1\n", "second HELP"},
    {"# TYPE a gauge\na 1\nb 2\na{x=\"1\"} 3\n", "one group"},
    {"# TYPE a_total counter\na_total 1\na_total 2\n", "twice"},
    {"# TYPE a counter\na 1\n", "_total"},
    {"# TYPE a_total counter\na_total -1\n", "negative"},
    {"1a 1\n", "bad metric name"},
    {"a{__x=\"1\"} 1\n", "bad label name"},
    {"a{x=1} 1\n", "not quoted"},
    {"a{x=\"\\t\"} 1\n", "bad label value"},
    {"a{x=\"1\",x=\"2\"} 1\n", "twice"},
    {"a one\n", "bad value"},
    {"a 0x10\n", "bad value"},
    {"a 1 later\n", "bad timestamp"},
    {"# TYPE a wibble\n", "unknown type"},
    {"# HELP a bad \\t escape\n", "bad escape"},
    {"# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", "+Inf"},
    {"# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "cumulative"},
    {"# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
     "ascending"},
    {"# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n", "differs"},
    {"# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 2\n", "lacks"},
    {"# TYPE h histogram\nh_bucket 2\n", "le"},
    {"# TYPE h histogram\nh 2\n", "not _bucket"},
};

static prom_doc doc; /* large: static */

static void parser_self_test(void) {
  int rc = prom_parse(good_doc, &doc);
  CHECK(rc == 0, "a valid exposition parses: %s", doc.err);
  CHECK(rc == 0 && doc.ns == 6 && doc.nf == 3, "6 samples in 3 families (%d, %d)", doc.ns, doc.nf);
  CHECK(rc == 0 && strcmp(doc.s[5].lval[0], "q\"\\\n") == 0 && doc.s[5].value == -1500, "escapes and value decoded");
  for (size_t i = 0; i < sizeof bad_docs / sizeof bad_docs[0]; i++) {
    rc = prom_parse(bad_docs[i].text, &doc);
    CHECK(rc < 0 && strstr(doc.err, bad_docs[i].expect), "bad document %zu rejected for '%s' (rc %d: %s)", i,
          bad_docs[i].expect, rc, doc.err);
  }
}

/* ---- a pool with some history ---- */

typedef struct holder {
  pqpool *p;
  int hold_ms;
} holder;

static void *hold_one(void *arg) {
  holder *h = arg;
  pqpool_lease l;
  pqpool_error e;
  if (pqpool_acquire(h->p, 2000, &l, &e) == 0) {
    t_sleep_ms(h->hold_ms);
    pqpool_release(h->p, &l);
  }
  return NULL;
}

/* Waits until the pool has n leases out (the holder thread got its connection). */
static void wait_in_use(pqpool *p, int n) {
  struct pqpool_stats s;
  for (int i = 0; i < 400; i++) {
    pqpool_stats(p, &s);
    if (s.in_use == n) return;
    t_sleep_ms(5);
  }
}

static pqpool *busy_pool(const char *ci) {
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = ci;
  c.name = ODD_NAME;
  c.max_size = 1;
  c.housekeeping_interval_ms = 0; /* nothing changes the stats behind the test's back */
  c.check_after_idle_ms = 0;      /* every idle acquire pings: checks counted */
  c.log = quiet;
  pqpool *p;
  pqpool_error e;
  if (pqpool_create(&c, &p, &e) < 0) {
    CHECK(0, "create: %s", e.msg);
    return NULL;
  }
  pqpool_lease l;
  for (int i = 0; i < 3; i++)
    if (pqpool_acquire(p, -1, &l, &e) == 0) pqpool_release(p, &l);
  pthread_t th;
  holder h = {p, 40};
  pthread_create(&th, NULL, hold_one, &h); /* held 40 ms: the next acquire waits */
  wait_in_use(p, 1);
  CHECK(pqpool_acquire(p, 2000, &l, &e) == 0, "acquire that waits: %s", e.msg);
  pthread_join(th, NULL);
  pqpool_release(p, &l);
  h.hold_ms = 150;
  pthread_create(&th, NULL, hold_one, &h);
  wait_in_use(p, 1);
  CHECK(pqpool_acquire(p, 20, &l, &e) == PQPOOL_ETIMEOUT, "acquire that times out");
  pthread_join(th, NULL);
  CHECK(pqpool_acquire(p, -1, &l, &e) == 0, "acquire: %s", e.msg);
  PQclear(PQexec(l.conn, "BEGIN"));
  pqpool_lease copy = l;
  pqpool_release(p, &l); /* inside a transaction: rolled back */
  pqpool_release(p, &copy); /* stale */
  if (pqpool_acquire(p, -1, &l, &e) == 0) pqpool_discard(p, &l);
  return p;
}

/* A pool whose database does not exist: a connect failure, libpq's message (quotes, newlines) kept. */
static pqpool *down_pool(void) {
  pqpool_config c;
  pqpool_config_script(&c);
  c.conninfo = "host=/nonexistent-pqpool-t_stats_format dbname=x";
  c.name = "down";
  c.log = quiet;
  c.backoff_initial_ms = 5000; /* still in backoff when the stats are read */
  c.backoff_max_ms = 5000;
  pqpool *p;
  pqpool_error e;
  pqpool_lease l;
  if (pqpool_create(&c, &p, &e) < 0) return NULL;
  CHECK(pqpool_acquire(p, 100, &l, &e) < 0, "acquire against a missing server fails");
  return p;
}

/* ---- JSON: every field of struct pqpool_stats is a key of the same name and value ---- */

enum { K_I32, K_U64, K_STR, K_FLAG, K_HIST, K_CLOSED };
#define SF(f, k) {#f, offsetof(struct pqpool_stats, f), sizeof(((struct pqpool_stats *)0)->f), k}
static const struct field {
  const char *key;
  size_t off, size;
  int kind;
} fields[] = {
    SF(name, K_STR),
    SF(max_size, K_I32),
    SF(effective_max, K_I32),
    SF(min_idle, K_I32),
    SF(total, K_I32),
    SF(idle, K_I32),
    SF(in_use, K_I32),
    SF(connecting, K_I32),
    SF(waiting, K_I32),
    SF(waiting_max_seen, K_I32),
    SF(acquires, K_U64),
    SF(acquires_waited, K_U64),
    SF(acquire_timeouts, K_U64),
    SF(acquire_errors, K_U64),
    SF(acquire_wait_us_total, K_U64),
    SF(acquire_wait_us_max, K_U64),
    SF(acquire_wait_hist_us, K_HIST),
    SF(hold_us_total, K_U64),
    SF(hold_us_max, K_U64),
    SF(connects, K_U64),
    SF(connect_failures, K_U64),
    SF(connect_us_total, K_U64),
    SF(server_full_refusals, K_U64),
    SF(closed, K_CLOSED),
    SF(released_in_tx_rolled_back, K_U64),
    SF(checks, K_U64),
    SF(check_failures, K_U64),
    SF(stale_releases, K_U64),
    SF(leaks_suspected, K_U64),
    SF(leaks_outstanding, K_I32),
    SF(db_up, K_FLAG),
    SF(last_connect_error, K_STR),
    SF(next_connect_in_ms, K_I32),
    SF(backoff_ms, K_I32),
    SF(recoveries, K_U64),
    SF(paused, K_FLAG),
};
#define NFIELDS ((int)(sizeof fields / sizeof fields[0]))

/* The table covers the struct: fields in order, gaps only of alignment padding, to the end. So a
   field added to struct pqpool_stats and not to the table (nor the JSON) fails here. */
static void table_covers_struct(void) {
  size_t end = 0;
  for (int i = 0; i < NFIELDS; i++) {
    CHECK(fields[i].off >= end && fields[i].off - end < 8, "field %s follows the previous one (offset %zu, end %zu)",
          fields[i].key, fields[i].off, end);
    end = fields[i].off + fields[i].size;
  }
  CHECK(sizeof(struct pqpool_stats) - end < 8, "the table reaches the end of the struct (%zu of %zu)", end,
        sizeof(struct pqpool_stats));
}

static const char *const hist_keys[] = {"le_10", "le_100", "le_1000", "le_10000", "le_100000", "inf"};
static const char *const close_keys[] = {"idle_timeout", "released_in_tx", "broken", "check_failed",
                                         "max_lifetime", "evicted", "forked", "discarded"};
static const int close_index[] = {PQPOOL_CLOSE_IDLE_TIMEOUT, PQPOOL_CLOSE_RELEASED_IN_TX, PQPOOL_CLOSE_BROKEN,
                                  PQPOOL_CLOSE_CHECK_FAILED, PQPOOL_CLOSE_MAX_LIFETIME, PQPOOL_CLOSE_EVICTED,
                                  PQPOOL_CLOSE_FORKED, PQPOOL_CLOSE_DISCARDED};

/* An object with exactly these n keys holding v[idx[i]] (idx NULL: v[i]). */
static void check_u64_object(const cJSON *o, const char *what, const char *const *keys, const int *idx,
                             const uint64_t *v, int n) {
  CHECK(cJSON_IsObject(o) && cJSON_GetArraySize(o) == n, "%s: an object of %d keys", what, n);
  for (int i = 0; i < n; i++) {
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, keys[i]);
    uint64_t want = v[idx ? idx[i] : i];
    CHECK(cJSON_IsNumber(it) && it->valuedouble == (double)want, "%s.%s = %llu", what, keys[i],
          (unsigned long long)want);
  }
}

/* strcmp for the JSON's strings, which carry ill-formed UTF-8 as U+FFFD */
static void check_json(pqpool *p, const char *want_name, int time_fields_may_drop) {
  struct pqpool_stats s;
  pqpool_stats(p, &s);
  int need = pqpool_stats_json(p, NULL, 0);
  char *buf = malloc((size_t)need + 1);
  CHECK(buf && pqpool_stats_json(p, buf, (size_t)need + 1) == need && strlen(buf) == (size_t)need,
        "JSON length %d", need);
  char small[16];
  CHECK(pqpool_stats_json(p, small, sizeof small) == need && strlen(small) == 15 &&
            strncmp(small, buf, 15) == 0,
        "snprintf semantics: truncated and terminated");
  cJSON *o = cJSON_ParseWithOpts(buf, NULL, 1); /* nothing may follow the object */
  CHECK(cJSON_IsObject(o), "the JSON parses as one object: %s", buf);
  if (!o) {
    free(buf);
    return;
  }
  CHECK(cJSON_GetArraySize(o) == NFIELDS, "one key per field: %d keys, %d fields", cJSON_GetArraySize(o), NFIELDS);
  for (const cJSON *it = o->child; it; it = it->next) {
    int n = 0;
    for (int i = 0; i < NFIELDS; i++) n += strcmp(fields[i].key, it->string) == 0;
    CHECK(n == 1, "key %s is a field of struct pqpool_stats", it->string);
    int dup = 0;
    for (const cJSON *jt = o->child; jt; jt = jt->next) dup += strcmp(jt->string, it->string) == 0;
    CHECK(dup == 1, "key %s once", it->string);
  }
  const char *base = (const char *)&s;
  for (int i = 0; i < NFIELDS; i++) {
    const struct field *f = &fields[i];
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, f->key);
    int iv;
    uint64_t uv;
    switch (f->kind) {
    case K_I32:
      memcpy(&iv, base + f->off, sizeof iv);
      if (time_fields_may_drop && !strcmp(f->key, "next_connect_in_ms"))
        CHECK(cJSON_IsNumber(it) && it->valuedouble <= iv && it->valuedouble >= iv - 1000, "%s ~ %d", f->key, iv);
      else
        CHECK(cJSON_IsNumber(it) && it->valuedouble == iv, "%s = %d (JSON %g)", f->key, iv,
              it ? it->valuedouble : -1.0);
      break;
    case K_U64:
      memcpy(&uv, base + f->off, sizeof uv);
      CHECK(cJSON_IsNumber(it) && it->valuedouble == (double)uv, "%s = %llu", f->key, (unsigned long long)uv);
      break;
    case K_STR: {
      const char *want = !strcmp(f->key, "name") ? want_name : base + f->off;
      CHECK(cJSON_IsString(it) && strcmp(it->valuestring, want) == 0, "%s = '%s' (JSON '%s')", f->key, want,
            cJSON_IsString(it) ? it->valuestring : "?");
      break;
    }
    case K_FLAG:
      memcpy(&iv, base + f->off, sizeof iv);
      CHECK(cJSON_IsBool(it) && cJSON_IsTrue(it) == (iv != 0), "%s = %s", f->key, iv ? "true" : "false");
      break;
    case K_HIST:
      check_u64_object(it, f->key, hist_keys, NULL, s.acquire_wait_hist_us, PQPOOL_HIST_BUCKETS);
      break;
    case K_CLOSED:
      check_u64_object(it, f->key, close_keys, close_index, s.closed, PQPOOL_CLOSE_NREASONS);
      break;
    }
  }
  cJSON_Delete(o);
  free(buf);
}

/* ---- Prometheus ---- */

static void expect_metric(const char *name, const char *type, const char *l1, const char *v1, double want) {
  double got = prom_value(&doc, name, l1, v1);
  CHECK(fabs(got - want) < 1e-9, "%s%s%s = %g (got %g)", name, l1 ? " " : "", l1 ? v1 : "", want, got);
  const char *fam = name;
  char base[128];
  if (!strcmp(type, "histogram")) { /* name_bucket/_sum/_count */
    snprintf(base, sizeof base, "%.*s", (int)(strrchr(name, '_') - name), name);
    fam = base;
  }
  int f = prom_find_family(&doc, fam);
  CHECK(f >= 0 && !strcmp(doc.f[f].type, type) && doc.f[f].has_help && doc.f[f].help[0], "%s: TYPE %s and HELP",
        fam, type);
}

static void check_prometheus(pqpool *p, const char *want_name, int down) {
  struct pqpool_stats s;
  pqpool_stats(p, &s);
  int need = pqpool_stats_prometheus(p, NULL, 0);
  char *buf = malloc((size_t)need + 1);
  CHECK(buf && pqpool_stats_prometheus(p, buf, (size_t)need + 1) == need && strlen(buf) == (size_t)need,
        "Prometheus text length %d", need);
  int rc = prom_parse(buf, &doc);
  CHECK(rc == 0, "the exposition parses by the format's rules: %s\n%s", doc.err, buf);
  if (rc < 0) {
    free(buf);
    return;
  }
  for (int i = 0; i < doc.ns; i++)
    CHECK(doc.s[i].nlabels >= 1 && !strcmp(doc.s[i].lname[0], "pool") && !strcmp(doc.s[i].lval[0], want_name),
          "line %d: %s has pool=\"<name>\"", doc.s[i].line, doc.s[i].name);
  for (int i = 0; i < doc.nf; i++)
    CHECK(doc.f[i].has_type && doc.f[i].has_help, "%s has TYPE and HELP", doc.f[i].name);
  const char *G = "gauge", *C = "counter", *H = "histogram";
  expect_metric("pqpool_max_size", G, NULL, NULL, s.max_size);
  expect_metric("pqpool_effective_max", G, NULL, NULL, s.effective_max);
  expect_metric("pqpool_min_idle", G, NULL, NULL, s.min_idle);
  expect_metric("pqpool_connections", G, NULL, NULL, s.total);
  expect_metric("pqpool_connections_idle", G, NULL, NULL, s.idle);
  expect_metric("pqpool_connections_in_use", G, NULL, NULL, s.in_use);
  expect_metric("pqpool_connections_connecting", G, NULL, NULL, s.connecting);
  expect_metric("pqpool_waiting", G, NULL, NULL, s.waiting);
  expect_metric("pqpool_waiting_max_seen", G, NULL, NULL, s.waiting_max_seen);
  expect_metric("pqpool_acquires_total", C, NULL, NULL, (double)s.acquires);
  expect_metric("pqpool_acquires_waited_total", C, NULL, NULL, (double)s.acquires_waited);
  expect_metric("pqpool_acquire_timeouts_total", C, NULL, NULL, (double)s.acquire_timeouts);
  expect_metric("pqpool_acquire_errors_total", C, NULL, NULL, (double)s.acquire_errors);
  expect_metric("pqpool_acquire_wait_max_seconds", G, NULL, NULL, s.acquire_wait_us_max / 1e6);
  expect_metric("pqpool_hold_seconds_total", C, NULL, NULL, s.hold_us_total / 1e6);
  expect_metric("pqpool_hold_max_seconds", G, NULL, NULL, s.hold_us_max / 1e6);
  expect_metric("pqpool_connects_total", C, NULL, NULL, (double)s.connects);
  expect_metric("pqpool_connect_failures_total", C, NULL, NULL, (double)s.connect_failures);
  expect_metric("pqpool_connect_seconds_total", C, NULL, NULL, s.connect_us_total / 1e6);
  expect_metric("pqpool_server_full_refusals_total", C, NULL, NULL, (double)s.server_full_refusals);
  for (int i = 0; i < PQPOOL_CLOSE_NREASONS; i++)
    expect_metric("pqpool_connections_closed_total", C, "reason", close_keys[i], (double)s.closed[close_index[i]]);
  expect_metric("pqpool_released_in_tx_rolled_back_total", C, NULL, NULL, (double)s.released_in_tx_rolled_back);
  expect_metric("pqpool_checks_total", C, NULL, NULL, (double)s.checks);
  expect_metric("pqpool_check_failures_total", C, NULL, NULL, (double)s.check_failures);
  expect_metric("pqpool_stale_releases_total", C, NULL, NULL, (double)s.stale_releases);
  expect_metric("pqpool_leaks_suspected_total", C, NULL, NULL, (double)s.leaks_suspected);
  expect_metric("pqpool_leaks_outstanding", G, NULL, NULL, s.leaks_outstanding);
  expect_metric("pqpool_db_up", G, NULL, NULL, s.db_up);
  expect_metric("pqpool_backoff_seconds", G, NULL, NULL, s.backoff_ms / 1e3);
  expect_metric("pqpool_recoveries_total", C, NULL, NULL, (double)s.recoveries);
  expect_metric("pqpool_paused", G, NULL, NULL, s.paused);
  double next = prom_value(&doc, "pqpool_next_connect_seconds", NULL, NULL);
  CHECK(down ? next <= s.next_connect_in_ms / 1e3 && next > s.next_connect_in_ms / 1e3 - 1 : next == 0,
        "next connect in %g s (snapshot %d ms)", next, s.next_connect_in_ms);
  /* the histogram: cumulative buckets of the snapshot's counts, +Inf = _count = acquires */
  static const char *const le[] = {"1e-05", "0.0001", "0.001", "0.01", "0.1", "+Inf"};
  uint64_t cum = 0;
  for (int i = 0; i < PQPOOL_HIST_BUCKETS; i++) {
    cum += s.acquire_wait_hist_us[i];
    expect_metric("pqpool_acquire_wait_seconds_bucket", H, "le", le[i], (double)cum);
  }
  expect_metric("pqpool_acquire_wait_seconds_count", H, NULL, NULL, (double)s.acquires);
  expect_metric("pqpool_acquire_wait_seconds_sum", H, NULL, NULL, s.acquire_wait_us_total / 1e6);
  /* promtool's own linter, where it is installed (Debian package prometheus); the parser above always runs */
  if (system("command -v promtool >/dev/null 2>&1") == 0) {
    char path[] = "/tmp/pqpool-prom-XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0 && write(fd, buf, (size_t)need) == need) {
      char cmd[128];
      snprintf(cmd, sizeof cmd, "promtool check metrics < %s", path);
      CHECK(system(cmd) == 0, "promtool check metrics accepts it");
    }
    if (fd >= 0) close(fd);
    unlink(path);
  }
  free(buf);
}

int main(void) {
  parser_self_test();
  table_covers_struct();
  pgtest srv;
  if (pgtest_start(&srv, 20, 0, NULL) < 0) return 2;
  pqpool *p = busy_pool(srv.conninfo);
  if (p) {
    struct pqpool_stats s;
    pqpool_stats(p, &s);
    CHECK(s.acquires == 8 && s.acquires_waited >= 1 && s.acquire_timeouts == 1 && s.stale_releases == 1 &&
              s.released_in_tx_rolled_back == 1 && s.closed[PQPOOL_CLOSE_DISCARDED] == 1 && s.checks >= 1 &&
              s.acquire_wait_hist_us[4] + s.acquire_wait_hist_us[5] >= 1, /* the ~40 ms wait: above 10 ms */
          "the pool's history: %llu acquires, %llu waited, %llu timeouts, waits over 10 ms %llu",
          (unsigned long long)s.acquires, (unsigned long long)s.acquires_waited,
          (unsigned long long)s.acquire_timeouts,
          (unsigned long long)(s.acquire_wait_hist_us[4] + s.acquire_wait_hist_us[5]));
    check_json(p, ODD_NAME_OUT, 0);
    check_prometheus(p, ODD_NAME_OUT, 0);
    pqpool_pause(p);
    check_json(p, ODD_NAME_OUT, 0); /* paused true */
    check_prometheus(p, ODD_NAME_OUT, 0);
    pqpool_close(p);
  }
  pqpool *d = down_pool();
  if (d) {
    struct pqpool_stats s;
    pqpool_stats(d, &s);
    CHECK(!s.db_up && strchr(s.last_connect_error, '"') && s.backoff_ms > 0,
          "down: db_up 0, libpq's quoted message kept: %s", s.last_connect_error);
    check_json(d, "down", 1);
    check_prometheus(d, "down", 1);
    pqpool_close(d);
  }
  pgtest_stop(&srv);
  return t_done("t_stats_format");
}

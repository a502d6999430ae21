/* t_basic.c - pool API contract against a real server: presets, POSTGRES_URL, errors that say why,
   stale/double release, max_waiters, discard, stats JSON keys, scoped helpers, the shared pool. */
#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdlib.h>
#include "pgtest.h"
#include "pqpool.h"
#include "tcheck.h"

static int tx_insert(PGconn *c, void *arg) {
  PGresult *r = PQexec(c, (const char *)arg);
  int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok ? 0 : 1;
}

static void presets(void) {
  pqpool_config c;
  pqpool_config_init(&c);
  CHECK(c.max_size == 10 && c.idle_timeout_ms == 20000 && c.max_lifetime_ms == 1800000 &&
            c.connect_timeout_ms == 10000 && c.acquire_timeout_ms == 10000 && c.min_idle == 0,
        "services preset: max %d idle %d life %d connect %d", c.max_size, c.idle_timeout_ms, c.max_lifetime_ms,
        c.connect_timeout_ms);
  pqpool_config_script(&c);
  CHECK(c.max_size == 2 && c.idle_timeout_ms == 10000 && c.max_lifetime_ms == 600000 && c.connect_timeout_ms == 5000,
        "scripts preset: max %d idle %d life %d connect %d", c.max_size, c.idle_timeout_ms, c.max_lifetime_ms,
        c.connect_timeout_ms);
  CHECK(strcmp(pqpool_strerror(PQPOOL_ESTALE), pqpool_strerror(PQPOOL_ETIMEOUT)) != 0, "distinct error strings");
  pqpool *p = NULL;
  pqpool_error err;
  c.max_size = 0;
  CHECK(pqpool_create(&c, &p, &err) == PQPOOL_EINVAL && p == NULL, "max_size 0 rejected: %s", err.msg);
  pqpool_config_script(&c);
  unsetenv("POSTGRES_URL");
  CHECK(pqpool_create(&c, &p, &err) == PQPOOL_EINVAL && strstr(err.msg, "POSTGRES_URL"),
        "no conninfo, no POSTGRES_URL: %s", err.msg);
}

static void errors_and_stale(const char *ci) {
  pqpool_config c;
  pqpool_config_script(&c);
  c.conninfo = NULL; /* from POSTGRES_URL */
  c.max_size = 1;
  c.max_waiters = 1;
  pqpool *p;
  pqpool_error err;
  setenv("POSTGRES_URL", ci, 1);
  CHECK(pqpool_create(&c, &p, &err) == 0, "create from POSTGRES_URL: %s", err.msg);
  pqpool_lease a, b;
  CHECK(PQPOOL_ACQUIRE(p, -1, &a, &err) == 0 && a.conn, "acquire: %s", err.msg);
  CHECK(t_query_long(a.conn, "SELECT 41+1") == 42, "query on the lease");
  double t0 = t_now_ms();
  int rc = pqpool_acquire(p, 150, &b, &err);
  double dt = t_now_ms() - t0;
  CHECK(rc == PQPOOL_ETIMEOUT && err.code == rc, "exhausted -> ETIMEOUT (%d)", rc);
  CHECK(strstr(err.msg, "1/1 in use") && strstr(err.msg, "waiting"), "message says why: %s", err.msg);
  CHECK(dt >= 140 && dt < 2000, "timed out after %.0f ms (150 asked)", dt);
  pqpool_lease copy = a;
  CHECK(pqpool_release(p, &a) == 0, "release");
  CHECK(a.conn == NULL && a.entry == NULL, "release clears the lease");
  CHECK(pqpool_release(p, &a) == PQPOOL_ESTALE, "double release (same variable) -> ESTALE");
  CHECK(pqpool_release(p, &copy) == PQPOOL_ESTALE, "double release (copy) -> ESTALE");
  CHECK(PQPOOL_ACQUIRE(p, -1, &b, &err) == 0, "acquire after stale releases: %s", err.msg);
  CHECK(b.conn == copy.conn, "same connection reused (LIFO)");
  CHECK(pqpool_release(p, &copy) == PQPOOL_ESTALE, "old lease of a connection now owned by someone else -> ESTALE");
  CHECK(t_query_long(b.conn, "SELECT 1") == 1, "the new owner is unaffected");
  pqpool_lease junk = {.conn = b.conn, .entry = &junk, .gen = 1};
  CHECK(pqpool_release(p, &junk) == PQPOOL_ESTALE, "foreign lease -> ESTALE");
  CHECK(pqpool_discard(p, &b) == 0, "discard");
  struct pqpool_stats s;
  pqpool_stats(p, &s);
  CHECK(s.total == 0 && s.closed[PQPOOL_CLOSE_DISCARDED] == 1, "discard closed it: total %d", s.total);
  CHECK(s.stale_releases == 4, "4 stale releases counted (%llu)", (unsigned long long)s.stale_releases);
  CHECK(s.acquire_timeouts == 1, "1 acquire timeout counted");
  pqpool_close(p);
  unsetenv("POSTGRES_URL");
}

typedef struct waiter_arg {
  pqpool *p;
  int rc;
} waiter_arg;

static void *wait_one(void *arg) {
  waiter_arg *w = arg;
  pqpool_lease l;
  pqpool_error e;
  w->rc = pqpool_acquire(w->p, 2000, &l, &e);
  if (w->rc == 0) pqpool_release(w->p, &l);
  return NULL;
}

static void max_waiters(const char *ci) {
  pqpool_config c;
  pqpool_config_script(&c);
  c.conninfo = ci;
  c.max_size = 1;
  c.max_waiters = 1;
  pqpool *p;
  pqpool_error err;
  pqpool_create(&c, &p, &err);
  pqpool_lease a, b;
  pqpool_acquire(p, -1, &a, &err);
  waiter_arg w = {p, 99};
  pthread_t th;
  pthread_create(&th, NULL, wait_one, &w);
  struct pqpool_stats s;
  for (int i = 0; i < 200; i++) {
    pqpool_stats(p, &s);
    if (s.waiting == 1) break;
    t_sleep_ms(5);
  }
  int rc = pqpool_acquire(p, 500, &b, &err);
  CHECK(rc == PQPOOL_EWAITERS, "second waiter -> EWAITERS (%d: %s)", rc, err.msg);
  pqpool_release(p, &a);
  pthread_join(th, NULL);
  CHECK(w.rc == 0, "the first waiter got the released connection (%d)", w.rc);
  pqpool_close(p);
}

static void stats_json(const char *ci) {
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = ci;
  c.name = "jsonpool";
  pqpool *p;
  pqpool_error err;
  CHECK(pqpool_create(&c, &p, &err) == 0, "create: %s", err.msg);
  PGresult *r = pqpool_exec(p, "SELECT 7", &err);
  CHECK(r && PQresultStatus(r) == PGRES_TUPLES_OK && strcmp(PQgetvalue(r, 0, 0), "7") == 0, "pqpool_exec");
  PQclear(r);
  PGresult *mk = pqpool_exec(p, "CREATE TABLE t_basic(x int)", &err);
  PQclear(mk);
  CHECK(pqpool_with_tx(p, NULL, tx_insert, "INSERT INTO t_basic VALUES (1)", &err) == 0, "with_tx commit");
  CHECK(pqpool_with_tx(p, NULL, tx_insert, "INSERT INTO nope VALUES (1)", &err) == 1, "with_tx rollback on failure");
  r = pqpool_exec(p, "SELECT count(*) FROM t_basic", &err);
  CHECK(r && strcmp(PQgetvalue(r, 0, 0), "1") == 0, "one committed row");
  PQclear(r);
  char small[8];
  int need = pqpool_stats_json(p, small, sizeof small);
  CHECK(need > 100 && strlen(small) == 7, "snprintf semantics: need %d", need);
  char *buf = malloc((size_t)need + 1);
  CHECK(pqpool_stats_json(p, buf, (size_t)need + 1) == need, "full json");
  cJSON *o = cJSON_Parse(buf);
  CHECK(o != NULL, "stats JSON parses: %s", buf);
  const char *keys[] = {"name", "max_size", "effective_max", "min_idle", "total", "idle", "in_use", "connecting",
                        "waiting", "waiting_max_seen", "acquires", "acquires_waited", "acquire_timeouts",
                        "acquire_wait_us_total", "acquire_wait_us_max", "acquire_wait_hist_us", "hold_us_total",
                        "hold_us_max", "connects", "connect_failures", "connect_us_total", "server_full_refusals",
                        "closed", "released_in_tx_rolled_back", "checks", "check_failures", "leaks_suspected",
                        "leaks_outstanding", "db_up", "last_connect_error", "next_connect_in_ms", "backoff_ms",
                        NULL};
  for (int i = 0; o && keys[i]; i++) CHECK(cJSON_GetObjectItem(o, keys[i]) != NULL, "JSON key %s", keys[i]);
  if (o) {
    CHECK(strcmp(cJSON_GetObjectItem(o, "name")->valuestring, "jsonpool") == 0, "name");
    CHECK(cJSON_GetObjectItem(o, "acquires")->valueint == 5, "5 acquires (%d)", cJSON_GetObjectItem(o, "acquires")->valueint);
    cJSON *h = cJSON_GetObjectItem(o, "acquire_wait_hist_us");
    int sum = 0;
    for (cJSON *it = h ? h->child : NULL; it; it = it->next) sum += it->valueint;
    CHECK(sum == 5, "histogram counts every acquire (%d)", sum);
    CHECK(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "closed"), "idle_timeout") != NULL, "closed.idle_timeout");
    CHECK(cJSON_IsTrue(cJSON_GetObjectItem(o, "db_up")), "db_up true");
  }
  cJSON_Delete(o);
  free(buf);
  pqpool_close(p);
}

static void shared_pool(const char *ci) {
  setenv("POSTGRES_URL", ci, 1);
  pqpool_error err;
  pqpool *a = pqpool_shared(&err), *b = pqpool_shared(&err);
  CHECK(a && a == b, "shared pool created once");
  pqpool_lease l;
  CHECK(a && pqpool_acquire(a, -1, &l, &err) == 0 && t_query_long(l.conn, "SELECT 3") == 3, "shared pool works");
  if (a) pqpool_release(a, &l);
}

static int n_connect, n_acquire, n_release, n_close, last_reason = -1, reject_connect;
static int h_connect(PGconn *c, void *a) { (void)c, (void)a; n_connect++; return reject_connect; }
static int h_acquire(PGconn *c, void *a) { (void)c, (void)a; n_acquire++; return 0; }
static int h_release(PGconn *c, void *a) { (void)c, (void)a; n_release++; return 0; }
static void h_close(PGconn *c, int reason, void *a) { (void)c, (void)a; n_close++; last_reason = reason; }

static void hooks(const char *ci) {
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = ci;
  c.on_connect = h_connect;
  c.on_acquire = h_acquire;
  c.on_release = h_release;
  c.on_close = h_close;
  c.check_after_idle_ms = 0; /* every idle acquire pings: on_acquire runs after it */
  c.init_sql = "SET application_name = 'pqpool_init'";
  c.reset_sql = "RESET statement_timeout";
  pqpool *p;
  pqpool_error e;
  pqpool_lease l;
  CHECK(pqpool_create(&c, &p, &e) == 0, "create: %s", e.msg);
  pqpool_acquire(p, -1, &l, &e);
  PGresult *r = PQexec(l.conn, "SHOW application_name");
  CHECK(r && strcmp(PQgetvalue(r, 0, 0), "pqpool_init") == 0, "init_sql ran on the new connection");
  PQclear(r);
  PQclear(PQexec(l.conn, "SET statement_timeout = '5s'"));
  pqpool_release(p, &l);
  pqpool_acquire(p, -1, &l, &e);
  r = PQexec(l.conn, "SHOW statement_timeout");
  CHECK(r && strcmp(PQgetvalue(r, 0, 0), "0") == 0, "reset_sql ran on release (%s)", r ? PQgetvalue(r, 0, 0) : "?");
  PQclear(r);
  pqpool_discard(p, &l);
  struct pqpool_stats s;
  pqpool_stats(p, &s);
  CHECK(n_connect == 1 && n_acquire == 1 && n_release == 1, "hooks ran: connect %d acquire %d release %d", n_connect,
        n_acquire, n_release);
  CHECK(n_close == 1 && last_reason == PQPOOL_CLOSE_DISCARDED, "on_close with the reason (%d, %d)", n_close,
        last_reason);
  CHECK(s.checks == 1, "one ping for the idle acquire (%llu)", (unsigned long long)s.checks);
  reject_connect = 1;
  double t0 = t_now_ms();
  int rc = pqpool_acquire(p, 2000, &l, &e);
  CHECK(rc == PQPOOL_ECONNECT && strstr(e.msg, "rejected") && t_now_ms() - t0 < 1000,
        "on_connect refusal fails at once, no spinning (%d: %s)", rc, e.msg);
  pqpool_close(p);
  c.on_connect = NULL;
  c.init_sql = "SELECT * FROM no_such_table";
  CHECK(pqpool_create(&c, &p, &e) == 0, "create: %s", e.msg);
  rc = pqpool_acquire(p, 2000, &l, &e);
  CHECK(rc == PQPOOL_ECONNECT && strstr(e.msg, "init_sql failed"), "failing init_sql: %s", e.msg);
  pqpool_close(p);
}

static int cb_calls;
static const char *rotate(void *arg) {
  cb_calls++;
  return (const char *)arg;
}

/* conninfo_cb is asked for every new connection (credential rotation) and wins over conninfo. */
static void conninfo_callback(const char *ci) {
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = "host=/nonexistent";
  c.conninfo_cb = rotate;
  c.conninfo_arg = (void *)ci;
  pqpool *p;
  pqpool_error e;
  pqpool_lease a, b;
  CHECK(pqpool_create(&c, &p, &e) == 0, "create: %s", e.msg);
  CHECK(pqpool_acquire(p, 2000, &a, &e) == 0 && pqpool_acquire(p, 2000, &b, &e) == 0, "acquire via callback: %s",
        e.msg);
  CHECK(cb_calls == 2, "callback asked once per new connection (%d)", cb_calls);
  pqpool_release(p, &a);
  pqpool_release(p, &b);
  pqpool_close(p);
}

int main(void) {
  pgtest srv;
  presets();
  if (pgtest_start(&srv, 20, 0, NULL) < 0) return 2;
  errors_and_stale(srv.conninfo);
  max_waiters(srv.conninfo);
  stats_json(srv.conninfo);
  hooks(srv.conninfo);
  conninfo_callback(srv.conninfo);
  shared_pool(srv.conninfo);
  pgtest_stop(&srv);
  return t_done("t_basic");
}

/* t_dead.c - dead connections: pg_terminate_backend of idle connections is detected by the free
   liveness test; a server restart is survived (next acquire succeeds, stats show recovery). */
#include "pgtest.h"
#include "pqpool.h"
#include "tcheck.h"

static void quiet(int level, const char *msg, void *arg) { (void)level, (void)msg, (void)arg; }

int main(void) {
  pgtest srv;
  if (pgtest_start(&srv, 20, 0, NULL) < 0) return 2;
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = srv.conninfo;
  c.max_size = 4;
  c.check_after_idle_ms = 60000; /* no ping: only the free test may catch the dead ones */
  c.backoff_initial_ms = 50;
  c.backoff_max_ms = 400;
  c.log = quiet;
  pqpool *p;
  pqpool_error e;
  CHECK(pqpool_create(&c, &p, &e) == 0, "create: %s", e.msg);
  pqpool_lease l[4];
  for (int i = 0; i < 4; i++) CHECK(pqpool_acquire(p, -1, &l[i], &e) == 0, "acquire %d: %s", i, e.msg);
  for (int i = 0; i < 4; i++) pqpool_release(p, &l[i]);

  /* 1. terminate every idle pooled backend */
  PGconn *admin = t_admin(srv.conninfo);
  long killed = t_query_long(admin, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                    "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
  CHECK(killed == 4, "terminated 4 idle backends (%ld)", killed);
  for (int i = 0; i < 250 && t_client_sessions(admin) != 0; i++) t_sleep_ms(20); /* wait until they are gone */
  t_sleep_ms(10); /* past the liveness-test bypass (released within the current 1-4 ms kernel tick) */
  int ok = 0;
  for (int i = 0; i < 4; i++) {
    if (pqpool_acquire(p, 2000, &l[i], &e) == 0 && t_query_long(l[i].conn, "SELECT 1") == 1) ok++;
  }
  CHECK(ok == 4, "after pg_terminate_backend: 4/4 acquires gave a working connection (%d)", ok);
  for (int i = 0; i < 4; i++) pqpool_release(p, &l[i]);
  struct pqpool_stats s;
  pqpool_stats(p, &s);
  /* Usually the free test sees the EOF; if only the termination message has arrived yet, a ping confirms. */
  CHECK(s.closed[PQPOOL_CLOSE_BROKEN] + s.closed[PQPOOL_CLOSE_CHECK_FAILED] == 4,
        "4 dead connections caught before hand-out (%llu by the free test, %llu by a confirming ping)",
        (unsigned long long)s.closed[PQPOOL_CLOSE_BROKEN], (unsigned long long)s.closed[PQPOOL_CLOSE_CHECK_FAILED]);
  printf("pg_terminate_backend: %llu caught by the free test, %llu by a confirming ping\n",
         (unsigned long long)s.closed[PQPOOL_CLOSE_BROKEN], (unsigned long long)s.closed[PQPOOL_CLOSE_CHECK_FAILED]);
  PQfinish(admin);

  /* 2. restart the server under the pool */
  CHECK(pgtest_restart(&srv) == 0, "server restarted");
  double t0 = t_now_ms();
  pqpool_lease r;
  int rc = pqpool_acquire(p, 10000, &r, &e);
  CHECK(rc == 0, "first acquire after restart succeeds: %s", e.msg);
  if (rc == 0) {
    CHECK(t_query_long(r.conn, "SELECT 2") == 2, "and works");
    pqpool_release(p, &r);
  }
  printf("restart: first acquire served after %.1f ms\n", t_now_ms() - t0);

  /* 3. server down for a while: backoff, single flight, recovery */
  CHECK(pgtest_ctl(&srv, "stop -m fast -w") == 0, "server stopped");
  t0 = t_now_ms();
  rc = pqpool_acquire(p, 700, &r, &e);
  CHECK(rc == PQPOOL_ECONNECT && strstr(e.msg, "database unreachable for ") && strstr(e.msg, " ms ("),
        "while down, the message says for how long: %d %s", rc, e.msg);
  CHECK(e.last_libpq_error[0] != 0, "libpq message kept: %s", e.last_libpq_error);
  pqpool_stats(p, &s);
  CHECK(!s.db_up && s.backoff_ms > 0, "stats: db down, backoff %d ms", s.backoff_ms);
  long fails_down = (long)s.connect_failures;
  CHECK(pgtest_ctl(&srv, "start -w") == 0, "server started again");
  rc = pqpool_acquire(p, 5000, &r, &e);
  CHECK(rc == 0, "recovered: %s", e.msg);
  if (rc == 0) pqpool_release(p, &r);
  pqpool_stats(p, &s);
  CHECK(s.db_up && s.recoveries >= 1, "stats show recovery (db_up %d, recoveries %llu)", s.db_up,
        (unsigned long long)s.recoveries);
  CHECK(fails_down <= 12, "backoff bounded the attempts while down: %ld connect failures", fails_down);
  printf("outage: %ld failed connects during ~700 ms down (backoff 50..400 ms), recoveries %llu, recovered %.0f ms "
         "after the outage began\n", fails_down, (unsigned long long)s.recoveries, t_now_ms() - t0);
  char js[2048];
  pqpool_stats_json(p, js, sizeof js);
  printf("stats: %s\n", js);
  pqpool_close(p);
  pgtest_stop(&srv);
  return t_done("t_dead");
}

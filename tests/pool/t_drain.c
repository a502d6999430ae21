/* t_drain.c - drain fails waiters and new acquires at once and waits for leases up to its timeout;
   close never blocks, a late release after close is safe, and no session is left (pg_stat_activity). */
#include <pthread.h>
#include "pgtest.h"
#include "pqpool.h"
#include "tcheck.h"

static pqpool *P;
static int wrc;
static double wms;

static void *waiter(void *arg) {
  (void)arg;
  pqpool_lease l;
  pqpool_error e;
  double t0 = t_now_ms();
  wrc = pqpool_acquire(P, 10000, &l, &e);
  wms = t_now_ms() - t0;
  if (wrc == 0) pqpool_release(P, &l);
  return NULL;
}

/* pg_stat_activity lags the client's close by a little: poll until it matches or 3 s passed. */
static long sessions_settle(PGconn *admin, long want) {
  long n = -1;
  for (int i = 0; i < 150; i++) {
    n = t_client_sessions(admin);
    if (n == want) break;
    t_sleep_ms(20);
  }
  return n;
}

static void *late_release(void *arg) {
  t_sleep_ms(200);
  pqpool_release(P, (pqpool_lease *)arg);
  return NULL;
}

static void quiet(int level, const char *msg, void *arg) { (void)level, (void)msg, (void)arg; }

int main(void) {
  pgtest srv;
  if (pgtest_start(&srv, 20, 0, NULL) < 0) return 2;
  PGconn *admin = t_admin(srv.conninfo);
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = srv.conninfo;
  c.max_size = 3;
  c.log = quiet;
  pqpool_error e;
  CHECK(pqpool_create(&c, &P, &e) == 0, "create: %s", e.msg);
  pqpool_lease a, b, x;
  pqpool_acquire(P, -1, &a, &e);
  pqpool_acquire(P, -1, &b, &e);
  pqpool_acquire(P, -1, &x, &e);
  pqpool_release(P, &x); /* one idle */
  pqpool_lease y;
  pqpool_acquire(P, -1, &y, &e); /* all three out: the waiter must queue */
  pthread_t th;
  pthread_create(&th, NULL, waiter, NULL);
  struct pqpool_stats s;
  for (int i = 0; i < 500; i++) {
    pqpool_stats(P, &s);
    if (s.waiting == 1) break;
    t_sleep_ms(2);
  }
  pqpool_release(P, &y); /* handed to the waiter, who releases it: idle again */
  pthread_join(th, NULL);
  CHECK(wrc == 0, "waiter served by hand-off");
  pthread_create(&th, NULL, waiter, NULL); /* served from idle */
  pthread_join(th, NULL);
  pqpool_acquire(P, -1, &y, &e);
  pthread_create(&th, NULL, waiter, NULL);
  for (int i = 0; i < 500; i++) {
    pqpool_stats(P, &s);
    if (s.waiting == 1) break;
    t_sleep_ms(2);
  }
  double t0 = t_now_ms();
  int left = pqpool_drain(P, 300);
  double dt = t_now_ms() - t0;
  pthread_join(th, NULL);
  CHECK(wrc == PQPOOL_EDRAINING && wms < 5000, "waiter failed at once with EDRAINING (%d after %.0f ms)", wrc, wms);
  CHECK(left == 3, "drain reports 3 leases still out (%d)", left);
  CHECK(dt >= 290 && dt < 3000, "drain waited its timeout (%.0f ms)", dt);
  CHECK(pqpool_acquire(P, 100, &x, &e) == PQPOOL_EDRAINING, "acquire while draining: %s", e.msg);
  pqpool_release(P, &y);
  pqpool_stats(P, &s);
  CHECK(s.total == 2 && s.idle == 0, "released lease closed, not parked (total %d idle %d)", s.total, s.idle);
  CHECK(sessions_settle(admin, 2) == 2, "2 sessions left (the outstanding leases)");
  t0 = t_now_ms();
  pqpool_close(P);
  dt = t_now_ms() - t0;
  CHECK(dt < 100, "close with 2 leases out did not block (%.1f ms)", dt);
  CHECK(t_query_long(a.conn, "SELECT 5") == 5, "an outstanding lease stays usable after close");
  CHECK(pqpool_release(P, &a) == 0, "late release after close is safe");
  CHECK(pqpool_release(P, &b) == 0, "last late release frees the pool");
  CHECK(sessions_settle(admin, 0) == 0, "no connection left after close (pg_stat_activity)");

  /* drain that completes: the last lease comes back while drain waits */
  CHECK(pqpool_create(&c, &P, &e) == 0, "create: %s", e.msg);
  pqpool_acquire(P, -1, &a, &e);
  pqpool_acquire(P, -1, &b, &e);
  pqpool_release(P, &b);
  pthread_t rel;
  pthread_create(&rel, NULL, late_release, &a);
  t0 = t_now_ms();
  left = pqpool_drain(P, 5000);
  dt = t_now_ms() - t0;
  pthread_join(rel, NULL);
  CHECK(left == 0, "drain returns 0 once every lease is back (%d)", left);
  CHECK(dt >= 150 && dt < 4000, "drain returned when the lease came back (%.0f ms, lease held 200 ms)", dt);
  pqpool_close(P);
  CHECK(sessions_settle(admin, 0) == 0, "no connection left after drain + close");
  PQfinish(admin);
  pgtest_stop(&srv);
  return t_done("t_drain");
}

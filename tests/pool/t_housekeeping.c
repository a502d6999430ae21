/* t_housekeeping.c - maintenance passes: min_idle refill, idle timeout down to min_idle, expired idle
   connections closed one per pass, keepalive pings, evict_all, and the housekeeping thread on its own. */
#include "pgtest.h"
#include "pqpool.h"
#include "tcheck.h"

static struct pqpool_stats st(pqpool *p) {
  struct pqpool_stats s;
  pqpool_stats(p, &s);
  return s;
}

static void quiet(int level, const char *msg, void *arg) { (void)level, (void)msg, (void)arg; }

int main(void) {
  pgtest srv;
  if (pgtest_start(&srv, 20, 0, NULL) < 0) return 2;
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = srv.conninfo;
  c.max_size = 6;
  c.min_idle = 2;
  c.idle_timeout_ms = 150;
  c.housekeeping_interval_ms = 0; /* passes driven by hand */
  c.log = quiet;
  pqpool *p;
  pqpool_error e;
  CHECK(pqpool_create(&c, &p, &e) == 0, "create: %s", e.msg);
  pqpool_maintain(p);
  pqpool_maintain(p);
  CHECK(st(p).idle == 2 && st(p).total == 2, "min_idle refill: 2 idle (%d)", st(p).idle);
  pqpool_lease l[5];
  for (int i = 0; i < 5; i++) pqpool_acquire(p, -1, &l[i], &e);
  for (int i = 0; i < 5; i++) pqpool_release(p, &l[i]);
  CHECK(st(p).total == 5, "5 open after a burst (%d)", st(p).total);
  t_sleep_ms(200);
  pqpool_maintain(p);
  struct pqpool_stats s = st(p);
  CHECK(s.total == 2 && s.closed[PQPOOL_CLOSE_IDLE_TIMEOUT] == 3, "idle timeout closes down to min_idle (total %d, %llu)",
        s.total, (unsigned long long)s.closed[PQPOOL_CLOSE_IDLE_TIMEOUT]);

  /* evict_all: idle ones now, a leased one on release */
  pqpool_acquire(p, -1, &l[0], &e);
  int n = pqpool_evict_all(p);
  CHECK(n == 1, "evict_all closed the 1 idle connection now (%d)", n);
  pqpool_release(p, &l[0]);
  s = st(p);
  CHECK(s.closed[PQPOOL_CLOSE_EVICTED] == 2 && s.total == 0, "the leased one closed on release (%llu evicted, total %d)",
        (unsigned long long)s.closed[PQPOOL_CLOSE_EVICTED], s.total);
  pqpool_close(p);

  /* max_lifetime: expired idle connections close one per pass (no reconnect storm) */
  c.min_idle = 0;
  c.idle_timeout_ms = 0;
  c.max_lifetime_ms = 600;
  c.max_lifetime_jitter_ms = 0;
  c.keepalive_interval_ms = 50;
  CHECK(pqpool_create(&c, &p, &e) == 0, "create: %s", e.msg);
  for (int i = 0; i < 4; i++) pqpool_acquire(p, -1, &l[i], &e);
  for (int i = 0; i < 4; i++) pqpool_release(p, &l[i]);
  t_sleep_ms(80);
  pqpool_maintain(p);
  s = st(p);
  CHECK(s.checks == 4 && s.check_failures == 0 && s.total == 4, "keepalive pinged the 4 idle connections (%llu)",
        (unsigned long long)s.checks);
  t_sleep_ms(600);
  pqpool_maintain(p);
  CHECK(st(p).closed[PQPOOL_CLOSE_MAX_LIFETIME] == 1 && st(p).total == 3, "one expired connection per pass (%d left)",
        st(p).total);
  pqpool_maintain(p);
  pqpool_maintain(p);
  pqpool_maintain(p);
  CHECK(st(p).closed[PQPOOL_CLOSE_MAX_LIFETIME] == 4 && st(p).total == 0, "all expired after 4 passes (%d left)",
        st(p).total);
  pqpool_close(p);

  /* the housekeeping thread does it on its own */
  c.max_lifetime_ms = 1800000;
  c.keepalive_interval_ms = 0;
  c.idle_timeout_ms = 100;
  c.housekeeping_interval_ms = 30;
  CHECK(pqpool_create(&c, &p, &e) == 0, "create: %s", e.msg);
  for (int i = 0; i < 3; i++) pqpool_acquire(p, -1, &l[i], &e);
  for (int i = 0; i < 3; i++) pqpool_release(p, &l[i]);
  for (int i = 0; i < 100 && st(p).total > 0; i++) t_sleep_ms(20);
  CHECK(st(p).total == 0 && st(p).closed[PQPOOL_CLOSE_IDLE_TIMEOUT] == 3, "thread closed idle connections (%d left)",
        st(p).total);
  pqpool_close(p);
  PGconn *admin = t_admin(srv.conninfo);
  long left = -1;
  for (int i = 0; i < 100 && (left = t_client_sessions(admin)) != 0; i++) t_sleep_ms(20);
  CHECK(left == 0, "no session left (%ld)", left);
  PQfinish(admin);
  pgtest_stop(&srv);
  return t_done("t_housekeeping");
}

/* t_control.c - runtime control against a real server: resize down (idle closed now, leased on
   release, the server sees it) and up (waiters connect into the room), pause and resume (FIFO). */
#include <pthread.h>
#include "pgtest.h"
#include "pqpool.h"
#include "tcheck.h"

static pqpool *P;
static void quiet(int level, const char *msg, void *arg) { (void)level, (void)msg, (void)arg; }

static struct pqpool_stats stats(void) {
  struct pqpool_stats s;
  pqpool_stats(P, &s);
  return s;
}

typedef struct waiter {
  int id, timeout_ms, rc, hold_ms;
  double served_ms;
} waiter;

static pthread_mutex_t order_mu = PTHREAD_MUTEX_INITIALIZER;
static int order[8], norder;

static void *waiter_main(void *arg) {
  waiter *w = arg;
  pqpool_lease l;
  pqpool_error e;
  w->rc = pqpool_acquire(P, w->timeout_ms, &l, &e);
  if (w->rc != 0) return NULL;
  w->served_ms = t_now_ms();
  pthread_mutex_lock(&order_mu);
  order[norder++] = w->id;
  pthread_mutex_unlock(&order_mu);
  if (t_query_long(l.conn, "SELECT 7") != 7) w->rc = -100;
  t_sleep_ms(w->hold_ms);
  pqpool_release(P, &l);
  return NULL;
}

/* Waits until n callers are queued (up to 2 s). */
static int wait_queued(int n) {
  for (int i = 0; i < 1000 && stats().waiting != n; i++) t_sleep_ms(2);
  return stats().waiting == n;
}

static void resize(PGconn *admin) {
  pqpool_lease l[4];
  pqpool_error e;
  for (int i = 0; i < 4; i++) CHECK(pqpool_acquire(P, 2000, &l[i], &e) == 0, "acquire %d: %s", i, e.msg);
  pqpool_release(P, &l[3]); /* 3 leased, 1 idle */
  CHECK(pqpool_set_max_size(P, 0) == PQPOOL_EINVAL, "size 0 refused");
  CHECK(pqpool_set_max_size(P, 7) == PQPOOL_EINVAL, "size above max_size_limit (6) refused");
  CHECK(pqpool_set_max_size(P, 2) == 1, "shrink to 2 closes the one idle connection now");
  struct pqpool_stats s = stats();
  CHECK(s.max_size == 2 && s.total == 3 && s.in_use == 3, "max 2, 3 still leased (max %d total %d in use %d)",
        s.max_size, s.total, s.in_use);
  pqpool_release(P, &l[0]); /* above the size: closed */
  s = stats();
  CHECK(s.total == 2 && s.idle == 0, "a release above the new size closes it (total %d idle %d)", s.total, s.idle);
  pqpool_release(P, &l[1]);
  pqpool_release(P, &l[2]);
  s = stats();
  CHECK(s.total == 2 && s.idle == 2, "back to 2 idle (total %d idle %d)", s.total, s.idle);
  CHECK(s.closed[PQPOOL_CLOSE_DISCARDED] == 2, "2 closed as discarded (%llu)",
        (unsigned long long)s.closed[PQPOOL_CLOSE_DISCARDED]);
  for (int i = 0; i < 250 && t_client_sessions(admin) != 2; i++) t_sleep_ms(20);
  CHECK(t_client_sessions(admin) == 2, "the server sees 2 pool sessions (%ld)", t_client_sessions(admin));
  CHECK(pqpool_acquire(P, 0, &l[0], &e) == 0 && pqpool_acquire(P, 0, &l[1], &e) == 0, "2 acquires: %s", e.msg);
  CHECK(pqpool_acquire(P, 100, &l[2], &e) == PQPOOL_ETIMEOUT, "a third times out at size 2: %s", e.msg);

  /* grow while 3 callers wait: they connect into the room */
  /* one connection: the waiters below are then served one after another, so the order they record
     is the pool's hand-out order (with 5 idle connections they would race to record it) */
  CHECK(pqpool_set_max_size(P, 1) >= 0, "shrink to 1 for the order check");
  waiter w[3];
  pthread_t th[3];
  norder = 0;
  for (int i = 0; i < 3; i++) {
    w[i] = (waiter){.id = i, .timeout_ms = 5000, .rc = 99, .hold_ms = 300};
    pthread_create(&th[i], NULL, waiter_main, &w[i]);
    CHECK(wait_queued(i + 1), "waiter %d queued", i);
  }
  double t0 = t_now_ms();
  CHECK(pqpool_set_max_size(P, 5) == 0, "grow to 5");
  for (int i = 0; i < 3; i++) pthread_join(th[i], NULL);
  int served = 0; /* no lease comes back before the joins: only new connections can serve them */
  for (int i = 0; i < 3; i++) served += w[i].rc == 0;
  CHECK(served == 3, "all 3 waiters served by new connections (%d)", served);
  printf("grow 2 -> 5: 3 waiters served after %.1f ms\n", w[2].served_ms - t0);
  s = stats();
  CHECK(s.total == 5 && s.max_size == 5, "5 connections at size 5 (total %d)", s.total);
  pqpool_release(P, &l[0]);
  pqpool_release(P, &l[1]);
}

static void pause_resume(void) {
  pqpool_lease held, l;
  pqpool_error e;
  CHECK(pqpool_acquire(P, 1000, &held, &e) == 0, "acquire before pause: %s", e.msg);
  CHECK(pqpool_pause(P) == 0, "pause");
  CHECK(stats().paused == 1 && stats().idle > 0, "paused with idle connections");
  double t0 = t_now_ms();
  int rc = pqpool_acquire(P, 150, &l, &e);
  CHECK(rc == PQPOOL_ETIMEOUT && strstr(e.msg, "paused"), "an acquire while paused times out and says why: %s",
        e.msg);
  CHECK(t_now_ms() - t0 >= 140, "after its timeout (%.0f ms)", t_now_ms() - t0);
  CHECK(t_query_long(held.conn, "SELECT 3") == 3, "a lease from before the pause keeps working");
  CHECK(pqpool_release(P, &held) == 0, "and is released normally while paused");

  /* one connection: the waiters below are then served one after another, so the order they record
     is the pool's hand-out order (with 5 idle connections they would race to record it) */
  CHECK(pqpool_set_max_size(P, 1) >= 0, "shrink to 1 for the order check");
  waiter w[3];
  pthread_t th[3];
  norder = 0;
  for (int i = 0; i < 3; i++) {
    w[i] = (waiter){.id = i, .timeout_ms = 5000, .rc = 99, .hold_ms = 0};
    pthread_create(&th[i], NULL, waiter_main, &w[i]);
    CHECK(wait_queued(i + 1), "waiter %d queued while paused", i);
  }
  t_sleep_ms(100);
  CHECK(norder == 0 && stats().waiting == 3, "nobody served while paused (%d served)", norder);
  CHECK(pqpool_resume(P) == 0, "resume");
  for (int i = 0; i < 3; i++) pthread_join(th[i], NULL);
  CHECK(w[0].rc == 0 && w[1].rc == 0 && w[2].rc == 0, "all served after resume (%d %d %d)", w[0].rc, w[1].rc, w[2].rc);
  CHECK(norder == 3 && order[0] == 0 && order[1] == 1 && order[2] == 2, "in arrival order (%d %d %d)", order[0],
        order[1], order[2]);
  CHECK(stats().paused == 0 && pqpool_acquire(P, 0, &l, &e) == 0, "running again: %s", e.msg);
  pqpool_release(P, &l);
}

int main(void) {
  pgtest srv;
  if (pgtest_start(&srv, 20, 0, NULL) < 0) return 2;
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = srv.conninfo;
  c.max_size = 4;
  c.max_size_limit = 6;
  c.log = quiet;
  pqpool_error e;
  CHECK(pqpool_create(&c, &P, &e) == 0, "create: %s", e.msg);
  PGconn *admin = t_admin(srv.conninfo);
  CHECK(admin != NULL, "admin connection");
  if (P && admin) {
    resize(admin);
    pause_resume();
  }
  pqpool_close(P);
  for (int i = 0; admin && i < 250 && t_client_sessions(admin) != 0; i++) t_sleep_ms(20);
  CHECK(admin && t_client_sessions(admin) == 0, "no pool session left after close");
  PQfinish(admin);
  pgtest_stop(&srv);
  return t_done("t_control");
}

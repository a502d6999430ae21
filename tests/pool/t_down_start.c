/* t_down_start.c - the database is down when the pool starts, then comes up: waiters wait (no error
   within their timeout), exactly one connect is in flight while down (single flight, backoff), and
   everything recovers; init_timeout_ms makes create fail fast while down. */
#include <pthread.h>
#include "pgtest.h"
#include "pqpool.h"
#include "tcheck.h"

#define NTH 6
static pqpool *P;
static int rcs[NTH];
static pgtest srv;
static const char *START_SETTINGS[] = {NULL};

static void *waiter(void *arg) {
  int id = (int)(long)arg;
  pqpool_lease l;
  pqpool_error e;
  rcs[id] = pqpool_acquire(P, 15000, &l, &e);
  if (rcs[id] == 0) {
    if (t_query_long(l.conn, "SELECT 1") != 1) rcs[id] = -100;
    t_sleep_ms(50);
    pqpool_release(P, &l);
  } else {
    fprintf(stderr, "waiter %d: %s\n", id, e.msg);
  }
  return NULL;
}

static int max_connecting, max_backoff;
static volatile int stop_mon, server_started;
static void *monitor(void *arg) {
  (void)arg;
  while (!stop_mon) {
    struct pqpool_stats s;
    pqpool_stats(P, &s);
    /* from the first contact on (db_up is still 1 before the first failure) until the server starts */
    if (!server_started && s.connecting > max_connecting) max_connecting = s.connecting;
    if (!server_started && s.backoff_ms > max_backoff) max_backoff = s.backoff_ms;
    t_sleep_ms(1);
  }
  return NULL;
}

static void quiet(int level, const char *msg, void *arg) { (void)level, (void)msg, (void)arg; }

int main(void) {
  /* start a server to learn its folder/port, then stop it: the pool starts against a dead address */
  if (pgtest_start(&srv, 20, 0, START_SETTINGS) < 0) return 2;
  CHECK(pgtest_ctl(&srv, "stop -m fast -w") == 0, "server down before the pool starts");
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = srv.conninfo;
  c.max_size = 4;
  c.backoff_initial_ms = 100;
  c.backoff_max_ms = 800;
  c.init_timeout_ms = 500;
  c.log = quiet;
  pqpool_error e;
  CHECK(pqpool_create(&c, &P, &e) == PQPOOL_ECONNECT && P == NULL, "init_timeout_ms: create fails while down: %s",
        e.msg);
  c.init_timeout_ms = 0;
  CHECK(pqpool_create(&c, &P, &e) == 0, "lazy create succeeds while down: %s", e.msg);
  pthread_t th[NTH], mon;
  pthread_create(&mon, NULL, monitor, NULL);
  for (int i = 0; i < NTH; i++) pthread_create(&th[i], NULL, waiter, (void *)(long)i);
  t_sleep_ms(1500);
  struct pqpool_stats s;
  pqpool_stats(P, &s);
  long fails = (long)s.connect_failures;
  CHECK(!s.db_up && s.waiting >= NTH - 1, "down: %d waiting, db_up %d", s.waiting, s.db_up);
  CHECK(fails >= 2 && fails <= 10, "backoff: %ld failed connects in 1.5 s for %d waiters (not %d x many)", fails, NTH,
        NTH);
  server_started = 1;
  double t_up = t_now_ms();
  CHECK(pgtest_ctl(&srv, "start -w") == 0, "server up");
  for (int i = 0; i < NTH; i++) pthread_join(th[i], NULL);
  double t_served = t_now_ms() - t_up;
  stop_mon = 1;
  pthread_join(mon, NULL);
  int ok = 0;
  for (int i = 0; i < NTH; i++) ok += rcs[i] == 0;
  CHECK(ok == NTH, "all %d waiters served after the database came up (%d)", NTH, ok);
  CHECK(max_connecting <= 1, "one connect at a time from the first contact on (max %d connecting)", max_connecting);
  /* 1.5 s of 100, 200, 400, 800 ms rounds (50-100 % jitter) is at least 3 rounds: one step per round */
  CHECK(fails >= 3 && max_backoff <= 800, "backoff stepped per failed round (%ld failures, backoff reached %d ms)",
        fails, max_backoff);
  pqpool_stats(P, &s);
  CHECK(s.db_up && s.recoveries == 1 && s.acquire_timeouts == 0, "recovered once, no timeouts");
  printf("down at start: %ld failed connects in 1.5 s (backoff 100..800 ms), max %d in flight; all %d waiters "
         "served %.0f ms after the server was up\n", fails, max_connecting, NTH, t_served);
  pqpool_close(P);
  pgtest_stop(&srv);
  return t_done("t_down_start");
}

/* t_connect_timeout.c - the millisecond connect timeout against a loopback TCP listener that accepts
   and never answers; fail-fast mode answers PQPOOL_EDOWN at once while in backoff. No server needed. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>
#include "pgtest.h"
#include "pqpool.h"
#include "tcheck.h"

static int lfd;
static volatile int stop_flag;

/* Accepts connections and keeps them open without ever writing a byte. */
static void *mute_server(void *arg) {
  (void)arg;
  int held[64], n = 0;
  while (!stop_flag) {
    int c = accept(lfd, NULL, NULL);
    if (c < 0) break;
    if (n < 64) held[n++] = c;
    else close(c);
  }
  for (int i = 0; i < n; i++) close(held[i]);
  return NULL;
}

static pqpool *P6;
static void *acq6(void *arg) {
  (void)arg;
  pqpool_lease l;
  if (pqpool_acquire(P6, 1300, &l, NULL) == 0) pqpool_release(P6, &l);
  return NULL;
}

static void quiet(int level, const char *msg, void *arg) { (void)level, (void)msg, (void)arg; }

int main(void) {
  lfd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof a;
  if (bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 64) < 0 ||
      getsockname(lfd, (struct sockaddr *)&a, &len) < 0) {
    perror("listener");
    return 2;
  }
  pthread_t th;
  pthread_create(&th, NULL, mute_server, NULL);
  char ci[128];
  snprintf(ci, sizeof ci, "host=127.0.0.1 port=%d user=postgres dbname=postgres connect_timeout=30",
           ntohs(a.sin_port));

  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = ci;
  c.connect_timeout_ms = 300;
  c.acquire_timeout_ms = 5000;
  c.fail_fast_when_down = 1;
  c.backoff_initial_ms = 2000;
  c.backoff_max_ms = 4000;
  c.log = quiet;
  pqpool *p;
  pqpool_error e;
  CHECK(pqpool_create(&c, &p, &e) == 0, "create: %s", e.msg);
  pqpool_lease l;
  double t0 = t_now_ms();
  int rc = pqpool_acquire(p, -1, &l, &e);
  double dt = t_now_ms() - t0;
  CHECK(rc == PQPOOL_ECONNECT, "silent server -> ECONNECT (%d: %s)", rc, e.msg);
  CHECK(strstr(e.msg, "timed out"), "message says the connect timed out: %s", e.msg);
  CHECK(dt >= 290 && dt < 1500, "gave up after %.0f ms (connect_timeout_ms 300, libpq's own is 30 s)", dt);
  printf("connect timeout: 300 ms asked, %.1f ms measured\n", dt);
  t0 = t_now_ms();
  rc = pqpool_acquire(p, -1, &l, &e);
  dt = t_now_ms() - t0;
  CHECK(rc == PQPOOL_EDOWN && strstr(e.msg, "database down (unreachable for "), "fail fast while in backoff (%d: %s)", rc, e.msg);
  CHECK(dt < 100, "fail fast took %.1f ms", dt);
  struct pqpool_stats s;
  pqpool_stats(p, &s);
  CHECK(s.connect_failures == 1 && !s.db_up && s.next_connect_in_ms > 0, "stats: 1 failure, down, next in %d ms",
        s.next_connect_in_ms);
  pqpool_close(p);

  /* the acquire deadline also bounds a connect in progress */
  c.fail_fast_when_down = 0;
  c.connect_timeout_ms = 10000;
  CHECK(pqpool_create(&c, &p, &e) == 0, "create: %s", e.msg);
  t0 = t_now_ms();
  rc = pqpool_acquire(p, 250, &l, &e);
  dt = t_now_ms() - t0;
  CHECK(rc == PQPOOL_ETIMEOUT && dt < 1500 && strstr(e.msg, "while opening a new connection"),
        "acquire timeout 250 ms bounds the connect: %.0f ms, %s", dt, e.msg);
  struct pqpool_stats s2;
  pqpool_stats(p, &s2);
  CHECK(s2.db_up && s2.connect_failures == 0, "a connect cut by the caller's deadline is not a database failure");
  pqpool_close(p);

  /* first contact with a server that never answers, 6 callers at once: one connect at a time probes
     (each lasts its 200 ms timeout, so a monitor sees every one in flight), and each failure is one
     round of the backoff: 100, 200, 400 ms */
  c.connect_timeout_ms = 200;
  c.backoff_initial_ms = 100;
  c.backoff_max_ms = 400;
  CHECK(pqpool_create(&c, &P6, &e) == 0, "create: %s", e.msg);
  pthread_t w[6];
  for (int i = 0; i < 6; i++) pthread_create(&w[i], NULL, acq6, NULL);
  int maxc = 0, steps_ok = 1;
  for (double end = t_now_ms() + 1300; t_now_ms() < end; t_sleep_ms(5)) {
    struct pqpool_stats m;
    pqpool_stats(P6, &m);
    if (m.connecting > maxc) maxc = m.connecting;
    int want = m.connect_failures == 0 ? 0 : m.connect_failures == 1 ? 100 : m.connect_failures == 2 ? 200 : 400;
    if (!m.db_up && m.backoff_ms != want) steps_ok = 0;
  }
  for (int i = 0; i < 6; i++) pthread_join(w[i], NULL);
  pqpool_stats(P6, &s);
  CHECK(maxc == 1, "first contact: one connect at a time for 6 callers (max %d in flight)", maxc);
  CHECK(steps_ok && s.connect_failures >= 2, "one backoff step per failed round (%llu failures, backoff %d ms)",
        (unsigned long long)s.connect_failures, s.backoff_ms);
  printf("first contact, silent server, 6 callers: max %d connect in flight, %llu failed rounds in 1.3 s, backoff %d ms\n",
         maxc, (unsigned long long)s.connect_failures, s.backoff_ms);
  pqpool_close(P6);
  stop_flag = 1;
  shutdown(lfd, SHUT_RDWR);
  close(lfd);
  pthread_join(th, NULL);
  return t_done("t_connect_timeout");
}

/* t_budget.c - the host-wide budget (POSIX shared memory): bad settings name the field; two pools of a
   budget of 6 share it fairly (the one above its allowance closes connections on release, the other is
   served); the tokens of a process killed while holding them are reclaimed; a process that died holding
   the table's lock does not wedge the others (robust mutex). */
#include <pthread.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pgtest.h"
#include "pqpool.h"
#include "tcheck.h"

static char NAME[64];
static pgtest srv;

static void quiet(int level, const char *msg, void *arg) { (void)level, (void)msg, (void)arg; }

static pqpool *mk(int max, int total) {
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = srv.conninfo;
  c.max_size = max;
  c.budget_name = NAME;
  c.budget_total = total;
  c.log = quiet;
  pqpool *p = NULL;
  pqpool_error e;
  if (pqpool_create(&c, &p, &e) != 0) fprintf(stderr, "create: %s\n", e.msg);
  return p;
}

static pqpool *Y;
static int y_rc = -100;
static double y_ms;
static void *y_acquire(void *arg) {
  (void)arg;
  pqpool_lease l;
  pqpool_error e;
  double t0 = t_now_ms();
  y_rc = pqpool_acquire(Y, 3000, &l, &e);
  y_ms = t_now_ms() - t0;
  if (y_rc == 0) pqpool_release(Y, &l);
  else fprintf(stderr, "Y: %s\n", e.msg);
  return NULL;
}

static struct pqpool_stats st(pqpool *p) {
  struct pqpool_stats s;
  pqpool_stats(p, &s);
  return s;
}

int main(void) {
  if (pgtest_start(&srv, 20, 0, NULL) < 0) return 2;
  snprintf(NAME, sizeof NAME, "t_budget.%ld", (long)getpid());
  char path[96];
  snprintf(path, sizeof path, "/pqpool.%s", NAME);

  /* 1. bad settings */
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = srv.conninfo;
  c.budget_name = NAME;
  c.budget_total = 0;
  pqpool *bad = NULL;
  pqpool_error e;
  CHECK(pqpool_create(&c, &bad, &e) == PQPOOL_EINVAL && strstr(e.msg, "budget_total") && !bad, "total 0: %s", e.msg);
  c.budget_name = "a/b", c.budget_total = 4;
  CHECK(pqpool_create(&c, &bad, &e) == PQPOOL_EINVAL && strstr(e.msg, "budget_name") && !bad, "name a/b: %s", e.msg);

  /* 2. two pools, budget 6: X holds all 6, Y asks for one */
  pqpool *X = mk(6, 6);
  Y = mk(6, 6);
  CHECK(X && Y, "two pools on the budget");
  pqpool_lease lx[6];
  int got = 0;
  for (int i = 0; i < 6; i++) got += pqpool_acquire(X, 2000, &lx[i], &e) == 0;
  CHECK(got == 6, "X alone gets the whole budget (%d of 6)", got);
  pthread_t th;
  pthread_create(&th, NULL, y_acquire, NULL);
  t_sleep_ms(200);
  CHECK(st(Y).total == 0 && st(Y).waiting == 1, "Y waits: the budget is used up (total %d, waiting %d)", st(Y).total,
        st(Y).waiting);
  for (int i = 0; i < 6; i++) pqpool_release(X, &lx[i]);
  pthread_join(th, NULL);
  CHECK(y_rc == 0, "Y served once X released (%d, after %.0f ms)", y_rc, y_ms);
  struct pqpool_stats sx = st(X), sy = st(Y);
  CHECK(sx.total + sy.total <= 6 && sx.total <= 4 && sx.closed[PQPOOL_CLOSE_DISCARDED] >= 2,
        "X gave up what Y needed: X %d, Y %d open, X closed %llu above its allowance", sx.total, sy.total,
        (unsigned long long)sx.closed[PQPOOL_CLOSE_DISCARDED]);
  printf("fair split: Y served after %.0f ms; X keeps %d, Y %d (budget 6)\n", y_ms, sx.total, sy.total);
  pqpool_close(X);
  pqpool_close(Y);

  /* 3. a process killed while holding all 6 tokens */
  int pfd[2];
  if (pipe(pfd) < 0) return 2;
  pid_t kid = fork();
  if (kid == 0) {
    pqpool *z = mk(6, 6);
    pqpool_lease lz[6];
    int n = 0;
    for (int i = 0; z && i < 6; i++) n += pqpool_acquire(z, 3000, &lz[i], NULL) == 0;
    char b = (char)n;
    if (write(pfd[1], &b, 1) != 1) _exit(1);
    pause(); /* killed here, holding the tokens */
    _exit(0);
  }
  char b = 0;
  if (read(pfd[0], &b, 1) != 1) b = -1;
  CHECK(b == 6, "the child holds all 6 tokens (%d)", b);
  kill(kid, SIGKILL);
  waitpid(kid, NULL, 0);
  pqpool *W = mk(6, 6);
  pqpool_lease lw[6];
  got = 0;
  double t0 = t_now_ms();
  for (int i = 0; W && i < 6; i++) got += pqpool_acquire(W, 3000, &lw[i], &e) == 0;
  CHECK(got == 6, "after the holder was killed its tokens came back: %d of 6 in %.0f ms", got, t_now_ms() - t0);
  printf("reclaim: 6 tokens of a SIGKILLed process back in %.0f ms\n", t_now_ms() - t0);

  /* 4. a process that dies holding the table's lock. The table starts with two uint32 (magic, version)
     and then the robust mutex (budget.c); the child locks it and exits. */
  kid = fork();
  if (kid == 0) {
    int fd = shm_open(path, O_RDWR, 0);
    void *m = fd >= 0 ? mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) : MAP_FAILED;
    if (m == MAP_FAILED) _exit(1);
    _exit(pthread_mutex_lock((pthread_mutex_t *)((char *)m + 8)) == 0 ? 0 : 2);
  }
  int wst;
  waitpid(kid, &wst, 0);
  CHECK(WIFEXITED(wst) && WEXITSTATUS(wst) == 0, "a child took the table's lock and died with it");
  for (int i = 0; i < got; i++) pqpool_release(W, &lw[i]);
  pqpool_evict_all(W); /* closes the 6: gives back the tokens, through the dead owner's lock */
  pqpool_lease l;
  t0 = t_now_ms();
  int rc = pqpool_acquire(W, 2000, &l, &e);
  CHECK(rc == 0, "the lock of the dead process was recovered, acquire served in %.0f ms (%s)", t_now_ms() - t0,
        rc ? e.msg : "ok");
  if (rc == 0) pqpool_release(W, &l);
  pqpool_close(W);
  shm_unlink(path);
  pgtest_stop(&srv);
  return t_done("t_budget");
}

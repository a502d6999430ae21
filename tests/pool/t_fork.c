/* t_fork.c - fork safety: the child gets its own connections, inherited leases are stale there, and
   the parent's sessions survive (no Terminate sent on the shared sockets). */
#include <sys/wait.h>
#include <unistd.h>
#include "pgtest.h"
#include "pqpool.h"
#include "tcheck.h"

static void quiet(int level, const char *msg, void *arg) { (void)level, (void)msg, (void)arg; }

/* Child body; returns its exit code (bit per failed expectation). */
static int child(pqpool *p, pqpool_lease *held, long parent_pid_idle, long parent_pid_held) {
  int bad = 0;
  pqpool_lease l;
  pqpool_error e;
  if (pqpool_release(p, held) != PQPOOL_ESTALE) bad |= 1; /* inherited lease is stale in the child */
  if (pqpool_acquire(p, 5000, &l, &e) != 0) return bad | 2;
  long pid = t_query_long(l.conn, "SELECT pg_backend_pid()");
  if (pid <= 0 || pid == parent_pid_idle || pid == parent_pid_held) bad |= 4; /* a fresh backend */
  pqpool_release(p, &l);
  struct pqpool_stats s;
  pqpool_stats(p, &s);
  if (s.closed[PQPOOL_CLOSE_FORKED] != 2) bad |= 8; /* idle + leased one abandoned */
  pqpool_close(p);
  return bad;
}

/* One round over the given conninfo (unix socket or TCP). */
static void round_trip(const char *ci, const char *label) {
  printf("fork over %s\n", label);
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = ci;
  c.log = quiet;
  pqpool *p;
  pqpool_error e;
  CHECK(pqpool_create(&c, &p, &e) == 0, "create: %s", e.msg);
  pqpool_lease idle, held;
  pqpool_acquire(p, -1, &idle, &e);
  pqpool_acquire(p, -1, &held, &e);
  long pid_idle = t_query_long(idle.conn, "SELECT pg_backend_pid()");
  long pid_held = t_query_long(held.conn, "SELECT pg_backend_pid()");
  pqpool_release(p, &idle);
  fflush(stdout);
  fflush(stderr);
  pid_t k = fork();
  if (k == 0) _exit(child(p, &held, pid_idle, pid_held));
  int st = 0;
  waitpid(k, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child: acquire works, inherited lease stale, new backend, 2 abandoned "
        "(exit status %d)", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
  /* the parent's sessions: the one it holds and the idle one the child abandoned */
  CHECK(t_query_long(held.conn, "SELECT pg_backend_pid()") == pid_held, "held session survived the child");
  pqpool_release(p, &held);
  pqpool_lease a, b;
  pqpool_acquire(p, -1, &a, &e);
  pqpool_acquire(p, -1, &b, &e);
  long pa = t_query_long(a.conn, "SELECT pg_backend_pid()"), pb = t_query_long(b.conn, "SELECT pg_backend_pid()");
  CHECK((pa == pid_idle || pa == pid_held) && (pb == pid_idle || pb == pid_held) && pa != pb,
        "both parent sessions still alive and reused (%ld %ld vs %ld %ld)", pa, pb, pid_idle, pid_held);
  pqpool_release(p, &a);
  pqpool_release(p, &b);
  struct pqpool_stats s;
  pqpool_stats(p, &s);
  CHECK(s.connects == 2 && s.closed[PQPOOL_CLOSE_BROKEN] == 0, "parent: no reconnect needed (%llu connects)",
        (unsigned long long)s.connects);
  /* strict mode: the child refuses to use the pool */
  pqpool *q;
  c.fork_mode = PQPOOL_FORK_STRICT;
  pqpool_create(&c, &q, &e);
  k = fork();
  if (k == 0) {
    pqpool_lease l;
    _exit(pqpool_acquire(q, 1000, &l, &e) == PQPOOL_EFORKED ? 0 : 1);
  }
  waitpid(k, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "strict fork mode: EFORKED in the child");
  pqpool_close(q);
  pqpool_close(p);
}

int main(void) {
  pgtest srv;
  if (pgtest_start(&srv, 20, 1, NULL) < 0) return 2; /* unix socket and 127.0.0.1:free port */
  round_trip(srv.conninfo, "the unix socket");
  round_trip(srv.tcp_conninfo, "TCP");
  pgtest_stop(&srv);
  return t_done("t_fork");
}

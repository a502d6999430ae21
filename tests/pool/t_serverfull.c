/* t_serverfull.c - "too many clients" is capacity: three processes, each a pool of max 10 with 10
   busy threads, against max_connections=20, for twice the acquire timeout. Callers must see zero
   errors; the pools cap their effective max, report server_full_refusals, and every process is served. */
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pgtest.h"
#include "pqpool.h"
#include "tcheck.h"

#define NPROC 3
#define NTHR 10
#define RUN_MS 4000
static pqpool *P;
static volatile int stop_flag;
static long ops[NTHR], errs[NTHR];
static char first_err[PQPOOL_ERRMSG_SIZE];

static void *worker(void *arg) {
  int id = (int)(long)arg;
  while (!__atomic_load_n(&stop_flag, __ATOMIC_RELAXED)) {
    pqpool_lease l;
    pqpool_error e;
    if (pqpool_acquire(P, 2000, &l, &e) != 0) {
      if (!errs[id]++) snprintf(first_err, sizeof first_err, "%s", e.msg);
      continue;
    }
    PGresult *r = PQexec(l.conn, "SELECT pg_sleep(0.001)");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) errs[id]++;
    PQclear(r);
    pqpool_release(P, &l);
    ops[id]++;
  }
  return NULL;
}

static void quiet(int level, const char *msg, void *arg) { (void)level, (void)msg, (void)arg; }

/* One process: wait for the start byte, load the pool, print a summary line, exit with the error count. */
static int res_fd; /* each child writes "refusals total effective_max ops" here */

static int child(const char *ci, int go_fd, int n) {
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = ci;
  c.max_size = 10;
  c.backoff_initial_ms = 50;
  c.backoff_max_ms = 500;
  /* Connections recycle every 0.5-1 s: a process that started when the server was already full of
     the others' busy connections gets its share when they recycle (a closing backend frees its slot
     a moment after the owner reconnects, so the owner is refused and caps itself). */
  c.max_lifetime_ms = 1000;
  c.max_lifetime_jitter_ms = 500;
  c.log = quiet;
  pqpool_error e;
  if (pqpool_create(&c, &P, &e) != 0) return 100;
  char b;
  if (read(go_fd, &b, 1) != 1) return 101;
  pthread_t th[NTHR];
  for (int i = 0; i < NTHR; i++) pthread_create(&th[i], NULL, worker, (void *)(long)i);
  t_sleep_ms(RUN_MS);
  __atomic_store_n(&stop_flag, 1, __ATOMIC_RELAXED);
  for (int i = 0; i < NTHR; i++) pthread_join(th[i], NULL);
  t_sleep_ms(300); /* every process is quiescent now: no more connects, the totals are simultaneous */
  long o = 0, er = 0;
  for (int i = 0; i < NTHR; i++) o += ops[i], er += errs[i];
  struct pqpool_stats s;
  pqpool_stats(P, &s);
  printf("process %d: %ld ops in %d ms, %ld errors, effective_max %d, total at end %d, server_full_refusals %llu, waited %llu%s%s\n",
         n, o, RUN_MS, er, s.effective_max, s.total, (unsigned long long)s.server_full_refusals,
         (unsigned long long)s.acquires_waited, er ? ", first error: " : "", er ? first_err : "");
  fflush(stdout);
  char line[128];
  int k = snprintf(line, sizeof line, "%llu %d %d %ld\n", (unsigned long long)s.server_full_refusals, s.total,
                   s.effective_max, o);
  if (write(res_fd, line, (size_t)k) != k) return 103;
  pqpool_close(P);
  if (s.effective_max > 20 || o == 0) return 102;
  return er > 99 ? 99 : (int)er;
}

int main(void) {
  pgtest srv;
  if (pgtest_start(&srv, 20, 0, NULL) < 0) return 2;
  int go[2], res[2];
  if (pipe(go) < 0 || pipe(res) < 0) return 2;
  res_fd = res[1];
  pid_t kids[NPROC];
  fflush(stdout);
  for (int i = 0; i < NPROC; i++) {
    kids[i] = fork();
    if (kids[i] == 0) {
      close(go[1]);
      _exit(child(srv.conninfo, go[0], i));
    }
  }
  close(go[0]);
  t_sleep_ms(200);
  if (write(go[1], "GGG", NPROC) != NPROC) perror("write");
  /* watch the server: never more than 20 client sessions (it could not allow more anyway) */
  int total_err = 0, all_ok = 1;
  for (int i = 0; i < NPROC; i++) {
    int st;
    waitpid(kids[i], &st, 0);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : 200;
    if (code >= 100) all_ok = 0;
    else total_err += code;
  }
  close(go[1]);
  close(res[1]);
  FILE *rf = fdopen(res[0], "r");
  unsigned long long refusals = 0, r;
  int sum_total = 0, tot, em, lines = 0;
  long o;
  while (rf && fscanf(rf, "%llu %d %d %ld", &r, &tot, &em, &o) == 4) refusals += r, sum_total += tot, lines++;
  if (rf) fclose(rf);
  CHECK(lines == NPROC, "%d processes reported", lines);
  CHECK(refusals > 0, "the server refused connects (30 wanted, 20 slots): %llu server_full_refusals", refusals);
  CHECK(sum_total <= 20 && sum_total >= 3, "the pools settled within the server's 20 slots (%d open at the end)", sum_total);
  printf("summary: %llu server_full_refusals, %d connections open at the end across %d processes\n", refusals,
         sum_total, NPROC);
  CHECK(all_ok, "every process ran and kept effective_max <= 20");
  CHECK(total_err == 0, "zero caller-visible errors across 3 processes (%d)", total_err);
  PGconn *admin = t_admin(srv.conninfo);
  long left = -1;
  for (int i = 0; i < 100 && (left = t_client_sessions(admin)) != 0; i++) t_sleep_ms(20);
  CHECK(left == 0, "no session left after the pools closed (%ld)", left);
  PQfinish(admin);
  pgtest_stop(&srv);
  return t_done("t_serverfull");
}

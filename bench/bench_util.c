/* bench_util.c - pqpool_bench's helpers: the clock, the SELECT request, medians, the table and a warm pool. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bench.h"

uint64_t bench_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t bench_cpu_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Copies msg without its trailing newline into err. */
static void bench_set_error(char *err, size_t errlen, const char *msg) {
  if (!err || errlen == 0) return;
  snprintf(err, errlen, "%s", msg && *msg ? msg : "unknown error");
  size_t n = strlen(err);
  while (n > 0 && (err[n - 1] == '\n' || err[n - 1] == ' ')) err[--n] = 0;
}

int bench_query(PGconn *conn, unsigned *seed, long rows, char *err, size_t errlen) {
  char sql[96];
  long aid = 1 + (long)(rand_r(seed) % (unsigned)rows);
  snprintf(sql, sizeof sql, "SELECT abalance FROM bench_accounts WHERE aid = %ld", aid);
  PGresult *res = PQexec(conn, sql);
  int rc = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 ? 0 : -1;
  if (rc < 0) bench_set_error(err, errlen, res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  PQclear(res);
  return rc;
}

static int bench_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

double bench_median(double *v, int n) {
  if (n <= 0) return 0;
  qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Drops the server's NOTICEs ("table does not exist, skipping"). */
static void bench_no_notice(void *arg, const char *msg) {
  (void)arg, (void)msg;
}

int bench_setup(const bench_opts *o, char *err, size_t errlen) {
  char sql[512];
  snprintf(sql, sizeof sql,
           "DROP TABLE IF EXISTS bench_accounts;"
           "CREATE TABLE bench_accounts (aid int PRIMARY KEY, abalance int NOT NULL, filler char(84));"
           "INSERT INTO bench_accounts SELECT g, 0, '' FROM generate_series(1, %ld) g;"
           "ANALYZE bench_accounts",
           o->rows);
  PGconn *conn = PQconnectdb(o->conninfo);
  if (PQstatus(conn) == CONNECTION_OK) PQsetNoticeProcessor(conn, bench_no_notice, NULL);
  if (PQstatus(conn) != CONNECTION_OK) {
    bench_set_error(err, errlen, PQerrorMessage(conn));
    PQfinish(conn);
    return -1;
  }
  PGresult *res = PQexec(conn, sql);
  int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
  if (rc < 0) bench_set_error(err, errlen, res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  PQclear(res);
  PQfinish(conn);
  return rc;
}

/* Silences the pool's log (the benchmark prints its own report). */
static void bench_quiet_log(int level, const char *msg, void *arg) {
  (void)level, (void)msg, (void)arg;
}

int bench_pool_open(const char *conninfo, int max_size, pqpool **out, char *err, size_t errlen) {
  pqpool_config cfg;
  pqpool_error perr;
  pqpool *pool = NULL;
  pqpool_config_init(&cfg);
  cfg.conninfo = conninfo;
  cfg.name = "bench";
  cfg.max_size = max_size;
  cfg.acquire_timeout_ms = 30000;
  cfg.log = bench_quiet_log;
  if (pqpool_create(&cfg, &pool, &perr) < 0) {
    bench_set_error(err, errlen, perr.msg);
    return -1;
  }
  pqpool_lease *leases = calloc((size_t)max_size, sizeof *leases);
  int got = 0, rc = 0;
  if (!leases) {
    bench_set_error(err, errlen, "out of memory");
    rc = -1;
  }
  for (; rc == 0 && got < max_size; got++) {
    if (pqpool_acquire(pool, -1, &leases[got], &perr) < 0) {
      bench_set_error(err, errlen, perr.msg);
      rc = -1;
      break;
    }
  }
  for (int i = 0; i < got; i++) pqpool_release(pool, &leases[i]);
  free(leases);
  if (rc < 0) {
    pqpool_close(pool);
    return -1;
  }
  *out = pool;
  return 0;
}

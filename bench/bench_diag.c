/* bench_diag.c - diagnostics of the contention phase (PQPOOL_BENCH_DETAIL=1): a timed SELECT and backend CPU waits. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include "bench.h"

int bench_diag_query(PGconn *conn, unsigned *seed, long rows, uint64_t *send_ns, uint64_t *reply_ns) {
  char sql[96];
  long aid = 1 + (long)(rand_r(seed) % (unsigned)rows);
  snprintf(sql, sizeof sql, "SELECT abalance FROM bench_accounts WHERE aid = %ld", aid);
  uint64_t a = bench_now_ns();
  if (!PQsendQuery(conn, sql)) return -1;
  uint64_t b = bench_now_ns();
  struct pollfd pfd = {.fd = PQsocket(conn), .events = POLLIN};
  while (poll(&pfd, 1, -1) < 0) {
  }
  *send_ns = b - a;
  *reply_ns = bench_now_ns() - b;
  int rc = -1;
  PGresult *res;
  while ((res = PQgetResult(conn))) {
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) rc = 0;
    PQclear(res);
  }
  return rc;
}

int bench_diag_backends(pqpool *pool, int n, bench_backend *out) {
  pqpool_lease l[BENCH_DIAG_MAX];
  pqpool_error e;
  int got = 0;
  if (n > BENCH_DIAG_MAX) n = BENCH_DIAG_MAX;
  for (; got < n; got++)
    if (pqpool_acquire(pool, -1, &l[got], &e) < 0) break;
  for (int i = 0; i < got; i++) {
    char path[64];
    out[i] = (bench_backend){.pid = PQbackendPID(l[i].conn)};
    snprintf(path, sizeof path, "/proc/%d/schedstat", out[i].pid);
    FILE *f = fopen(path, "r");
    if (f) {
      if (fscanf(f, "%llu %llu", &out[i].run_ns, &out[i].runq_ns) != 2) out[i].run_ns = out[i].runq_ns = 0;
      fclose(f);
    }
  }
  for (int i = 0; i < got; i++) pqpool_release(pool, &l[i]);
  return got;
}

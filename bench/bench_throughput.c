/* bench_throughput.c - the throughput phases: persistent connections, pqpool, connect-per-request. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bench.h"

typedef struct bench_tp_run {
  const bench_opts *o;
  bench_mode mode;
  const char *conninfo;
  pqpool *pool;
  atomic_int stop;
  pthread_barrier_t start;
} bench_tp_run;

typedef struct bench_tp_worker {
  bench_tp_run *run;
  pthread_t thread;
  unsigned seed;
  long ops, errors;
  char first_error[256];
} bench_tp_worker;

/* Counts one failed request; keeps the first message. */
static void bench_tp_error(bench_tp_worker *w, const char *msg) {
  if (w->errors++ == 0) snprintf(w->first_error, sizeof w->first_error, "%.250s", msg);
}

/* Persistent mode: one connection for the whole phase, opened before the start. */
static void bench_tp_persistent(bench_tp_worker *w) {
  bench_tp_run *r = w->run;
  char err[256];
  PGconn *conn = PQconnectdb(r->conninfo);
  int ok = PQstatus(conn) == CONNECTION_OK;
  if (!ok) bench_tp_error(w, PQerrorMessage(conn));
  pthread_barrier_wait(&r->start);
  while (ok && !atomic_load_explicit(&r->stop, memory_order_relaxed)) {
    if (bench_query(conn, &w->seed, r->o->rows, err, sizeof err) < 0) bench_tp_error(w, err);
    else w->ops++;
  }
  PQfinish(conn);
}

/* Pool mode: acquire, one request, release. */
static void bench_tp_pool(bench_tp_worker *w) {
  bench_tp_run *r = w->run;
  char err[256];
  pqpool_error perr;
  pqpool_lease l;
  pthread_barrier_wait(&r->start);
  while (!atomic_load_explicit(&r->stop, memory_order_relaxed)) {
    if (pqpool_acquire(r->pool, -1, &l, &perr) < 0) {
      bench_tp_error(w, perr.msg);
      continue;
    }
    if (bench_query(l.conn, &w->seed, r->o->rows, err, sizeof err) < 0) bench_tp_error(w, err);
    else w->ops++;
    pqpool_release(r->pool, &l);
  }
}

/* Connect-per-request mode: a new connection for every request. */
static void bench_tp_connect(bench_tp_worker *w) {
  bench_tp_run *r = w->run;
  char err[256];
  pthread_barrier_wait(&r->start);
  while (!atomic_load_explicit(&r->stop, memory_order_relaxed)) {
    PGconn *conn = PQconnectdb(r->conninfo);
    if (PQstatus(conn) != CONNECTION_OK) bench_tp_error(w, PQerrorMessage(conn));
    else if (bench_query(conn, &w->seed, r->o->rows, err, sizeof err) < 0) bench_tp_error(w, err);
    else w->ops++;
    PQfinish(conn);
  }
}

static void *bench_tp_main(void *arg) {
  bench_tp_worker *w = arg;
  switch (w->run->mode) {
  case BENCH_PERSISTENT: bench_tp_persistent(w); break;
  case BENCH_POOL: bench_tp_pool(w); break;
  case BENCH_CONNECT: bench_tp_connect(w); break;
  }
  return NULL;
}

int bench_throughput(const bench_opts *o, bench_mode mode, const char *conninfo, int seconds,
                     bench_result *out) {
  memset(out, 0, sizeof *out);
  bench_tp_run run = {.o = o, .mode = mode, .conninfo = conninfo};
  if (mode == BENCH_POOL &&
      bench_pool_open(conninfo, o->threads, &run.pool, out->first_error, sizeof out->first_error) < 0)
    return -1;
  bench_tp_worker *w = calloc((size_t)o->threads, sizeof *w);
  if (!w) {
    snprintf(out->first_error, sizeof out->first_error, "out of memory");
    if (run.pool) pqpool_close(run.pool);
    return -1;
  }
  pthread_barrier_init(&run.start, NULL, (unsigned)o->threads + 1);
  for (int i = 0; i < o->threads; i++) {
    w[i] = (bench_tp_worker){.run = &run, .seed = 0x9e3779b9u * (unsigned)(i + 1)};
    if (pthread_create(&w[i].thread, NULL, bench_tp_main, &w[i]) != 0) {
      fprintf(stderr, "pqpool_bench: cannot start thread %d\n", i);
      _exit(2); /* the barrier cannot complete */
    }
  }
  pthread_barrier_wait(&run.start);
  uint64_t t0 = bench_now_ns();
  usleep((useconds_t)seconds * 1000000u);
  atomic_store(&run.stop, 1);
  uint64_t t1 = bench_now_ns();
  for (int i = 0; i < o->threads; i++) {
    pthread_join(w[i].thread, NULL);
    out->ops += w[i].ops;
    out->errors += w[i].errors;
    if (w[i].errors && !out->first_error[0])
      snprintf(out->first_error, sizeof out->first_error, "%s", w[i].first_error);
  }
  out->tps = (double)out->ops * 1e9 / (double)(t1 - t0);
  pthread_barrier_destroy(&run.start);
  free(w);
  if (run.pool) pqpool_close(run.pool);
  return 0;
}

/* bench_contention.c - pool overhead phases: uncontended acquire+release, and many threads on few connections. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bench.h"

#define BENCH_BATCHES 7
#define BENCH_HOLD_US 200 /* hold of a lease without a query: off-CPU, so no scheduling noise */

double bench_uncontended_ns(const bench_opts *o, char *err, size_t errlen) {
  pqpool *pool = NULL;
  pqpool_error perr;
  pqpool_lease l;
  double ns[BENCH_BATCHES];
  if (bench_pool_open(o->conninfo, 2, &pool, err, errlen) < 0) return -1;
  for (int b = 0; b < BENCH_BATCHES; b++) {
    uint64_t t0 = bench_now_ns();
    for (long i = 0; i < o->uncontended_iters; i++) {
      if (pqpool_acquire(pool, -1, &l, &perr) < 0) {
        snprintf(err, errlen, "%s", perr.msg);
        pqpool_close(pool);
        return -1;
      }
      pqpool_release(pool, &l);
    }
    ns[b] = (double)(bench_now_ns() - t0) / (double)o->uncontended_iters;
  }
  pqpool_close(pool);
  return bench_median(ns, BENCH_BATCHES);
}

typedef struct bench_ct_run {
  const bench_opts *o;
  int with_query;
  pqpool *pool;
  atomic_int stop;
  pthread_barrier_t start;
} bench_ct_run;

typedef struct bench_ct_worker {
  bench_ct_run *run;
  pthread_t thread;
  unsigned seed;
  long ops, errors;
  uint32_t *waits; /* acquire wait of each request, ns (saturated) */
  size_t nwaits, capwaits;
  char first_error[256];
} bench_ct_worker;

/* Appends one wait sample; drops it when memory runs out (counted as an op anyway). */
static void bench_ct_sample(bench_ct_worker *w, uint64_t ns) {
  if (w->nwaits == w->capwaits) {
    size_t cap = w->capwaits ? w->capwaits * 2 : 4096;
    uint32_t *p = realloc(w->waits, cap * sizeof *p);
    if (!p) return;
    w->waits = p;
    w->capwaits = cap;
  }
  w->waits[w->nwaits++] = ns > UINT32_MAX ? UINT32_MAX : (uint32_t)ns;
}

static void *bench_ct_main(void *arg) {
  bench_ct_worker *w = arg;
  bench_ct_run *r = w->run;
  char err[256];
  pqpool_error perr;
  pqpool_lease l;
  pthread_barrier_wait(&r->start);
  while (!atomic_load_explicit(&r->stop, memory_order_relaxed)) {
    uint64_t t0 = bench_now_ns();
    if (pqpool_acquire(r->pool, -1, &l, &perr) < 0) {
      if (w->errors++ == 0) snprintf(w->first_error, sizeof w->first_error, "%s", perr.msg);
      continue;
    }
    bench_ct_sample(w, bench_now_ns() - t0);
    if (!r->with_query) usleep(BENCH_HOLD_US);
    if (r->with_query && bench_query(l.conn, &w->seed, r->o->rows, err, sizeof err) < 0) {
      if (w->errors++ == 0) snprintf(w->first_error, sizeof w->first_error, "%s", err);
    } else {
      w->ops++;
    }
    pqpool_release(r->pool, &l);
  }
  return NULL;
}

static int bench_cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* Nearest-rank percentile q (0..1) of the sorted v[0..n-1], in microseconds. */
static double bench_pct_us(const uint32_t *v, size_t n, double q) {
  if (n == 0) return 0;
  size_t k = (size_t)(q * (double)n + 0.999999);
  if (k < 1) k = 1;
  if (k > n) k = n;
  return v[k - 1] / 1000.0;
}

int bench_contended(const bench_opts *o, int with_query, int seconds, bench_contention *out) {
  memset(out, 0, sizeof *out);
  bench_ct_run run = {.o = o, .with_query = with_query};
  if (bench_pool_open(o->conninfo, o->csize, &run.pool, out->first_error, sizeof out->first_error) < 0)
    return -1;
  bench_ct_worker *w = calloc((size_t)o->cthreads, sizeof *w);
  if (!w) {
    snprintf(out->first_error, sizeof out->first_error, "out of memory");
    pqpool_close(run.pool);
    return -1;
  }
  pthread_barrier_init(&run.start, NULL, (unsigned)o->cthreads + 1);
  for (int i = 0; i < o->cthreads; i++) {
    w[i] = (bench_ct_worker){.run = &run, .seed = 0x85ebca6bu * (unsigned)(i + 1)};
    if (pthread_create(&w[i].thread, NULL, bench_ct_main, &w[i]) != 0) {
      fprintf(stderr, "pqpool_bench: cannot start thread %d\n", i);
      _exit(2); /* the barrier cannot complete */
    }
  }
  pthread_barrier_wait(&run.start);
  uint64_t t0 = bench_now_ns();
  usleep((useconds_t)seconds * 1000000u);
  atomic_store(&run.stop, 1);
  uint64_t t1 = bench_now_ns();
  size_t total = 0;
  out->min_ops = -1;
  for (int i = 0; i < o->cthreads; i++) {
    pthread_join(w[i].thread, NULL);
    out->ops += w[i].ops;
    out->errors += w[i].errors;
    if (w[i].errors && !out->first_error[0])
      snprintf(out->first_error, sizeof out->first_error, "%s", w[i].first_error);
    if (out->min_ops < 0 || w[i].ops < out->min_ops) out->min_ops = w[i].ops;
    if (w[i].ops > out->max_ops) out->max_ops = w[i].ops;
    total += w[i].nwaits;
  }
  uint32_t *all = malloc((total ? total : 1) * sizeof *all);
  size_t n = 0;
  for (int i = 0; i < o->cthreads; i++) {
    if (all) memcpy(all + n, w[i].waits, w[i].nwaits * sizeof *all);
    n += w[i].nwaits;
    free(w[i].waits);
  }
  if (all) {
    qsort(all, n, sizeof *all, bench_cmp_u32);
    out->p50_us = bench_pct_us(all, n, 0.50);
    out->p99_us = bench_pct_us(all, n, 0.99);
    out->max_us = n ? all[n - 1] / 1000.0 : 0;
    free(all);
  }
  out->tps = (double)out->ops * 1e9 / (double)(t1 - t0);
  out->fairness = out->max_ops > 0 ? (double)out->min_ops / (double)out->max_ops : 0;
  pthread_barrier_destroy(&run.start);
  free(w);
  pqpool_close(run.pool);
  return 0;
}

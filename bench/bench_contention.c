/* bench_contention.c - pool overhead phases: uncontended acquire+release, and many threads on few connections. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bench.h"

#define BENCH_BATCHES 15
#define BENCH_HOLD_US 200 /* hold of a lease without a query: off-CPU, so no scheduling noise */

double bench_uncontended_ns(const bench_opts *o, double *cpu_ns, char *err, size_t errlen) {
  pqpool *pool = NULL;
  pqpool_error perr;
  pqpool_lease l;
  double ns[BENCH_BATCHES], cpu[BENCH_BATCHES];
  if (bench_pool_open(o->conninfo, 2, &pool, err, errlen) < 0) return -1;
  for (int b = 0; b < BENCH_BATCHES; b++) {
    uint64_t t0 = bench_now_ns(), c0 = bench_cpu_ns();
    for (long i = 0; i < o->uncontended_iters; i++) {
      if (pqpool_acquire(pool, -1, &l, &perr) < 0) {
        snprintf(err, errlen, "%s", perr.msg);
        pqpool_close(pool);
        return -1;
      }
      pqpool_release(pool, &l);
    }
    cpu[b] = (double)(bench_cpu_ns() - c0) / (double)o->uncontended_iters;
    ns[b] = (double)(bench_now_ns() - t0) / (double)o->uncontended_iters;
  }
  pqpool_close(pool);
  *cpu_ns = bench_median(cpu, BENCH_BATCHES);
  return bench_median(ns, BENCH_BATCHES);
}

int bench_count_pairs(const bench_opts *o, char *err, size_t errlen) {
  pqpool *pool = NULL;
  pqpool_error perr;
  pqpool_lease l;
  if (bench_pool_open(o->conninfo, 2, &pool, err, errlen) < 0) return -1;
  for (long i = 0; i < o->count_pairs; i++) {
    if (pqpool_acquire(pool, -1, &l, &perr) < 0) {
      snprintf(err, errlen, "%s", perr.msg);
      pqpool_close(pool);
      return -1;
    }
    pqpool_release(pool, &l);
  }
  pqpool_close(pool);
  return 0;
}

typedef struct bench_ct_run {
  const bench_opts *o;
  int with_query, detail;
  pqpool *pool;
  atomic_int stop;
  pthread_barrier_t start;
} bench_ct_run;

typedef struct bench_ct_worker {
  bench_ct_run *run;
  pthread_t thread;
  unsigned seed;
  long ops, errors, stalls;
  uint64_t wait_ns, hold_ns, hold_max_ns;
  uint64_t send_max_ns, reply_max_ns; /* detail mode: the slowest PQsendQuery, the slowest reply */
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

/* One lease's work: the SELECT (timed in detail mode) or a 200 us sleep. Returns 0 or -1 (err). */
static int bench_ct_work(bench_ct_worker *w, PGconn *conn, char *err, size_t errlen) {
  bench_ct_run *r = w->run;
  if (!r->with_query) return usleep(BENCH_HOLD_US), 0;
  if (!r->detail) return bench_query(conn, &w->seed, r->o->rows, err, errlen);
  uint64_t send, reply;
  int rc = bench_diag_query(conn, &w->seed, r->o->rows, &send, &reply);
  if (rc < 0) snprintf(err, errlen, "%s", PQerrorMessage(conn));
  if (send > w->send_max_ns) w->send_max_ns = send;
  if (reply > w->reply_max_ns) w->reply_max_ns = reply;
  return rc;
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
      if (w->errors++ == 0) snprintf(w->first_error, sizeof w->first_error, "%.250s", perr.msg);
      continue;
    }
    uint64_t t1 = bench_now_ns();
    bench_ct_sample(w, t1 - t0);
    w->wait_ns += t1 - t0;
    if (bench_ct_work(w, l.conn, err, sizeof err) < 0) {
      if (w->errors++ == 0) snprintf(w->first_error, sizeof w->first_error, "%s", err);
    } else {
      w->ops++;
    }
    uint64_t held = bench_now_ns() - t1;
    w->hold_ns += held;
    if (held > w->hold_max_ns) w->hold_max_ns = held;
    if (held > BENCH_STALL_MS * 1000000ull) w->stalls++;
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

/* The first core this process may run on, if it may run on at least two; else -1. */
static int bench_pin_cpu(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) != 0 || CPU_COUNT(&set) < 2) return -1;
  for (int c = 0; c < CPU_SETSIZE; c++)
    if (CPU_ISSET(c, &set)) return c;
  return -1;
}

/* Detail mode: one line per thread, then each backend's CPU time and CPU wait over the phase. */
static void bench_ct_detail(const bench_ct_worker *w, int n, const bench_backend *b0, int nb0,
                            const bench_backend *b1, int nb1) {
  for (int i = 0; i < n; i++) {
    double k = w[i].ops ? (double)w[i].ops : 1;
    printf("  thread %2d: ops %6ld, mean wait %7.1f us, mean hold %6.1f us, longest hold %7.1f ms "
           "(PQsendQuery %.2f ms, reply %.1f ms), holds > %d ms: %ld\n",
           i, w[i].ops, w[i].wait_ns / 1e3 / k, w[i].hold_ns / 1e3 / k, w[i].hold_max_ns / 1e6,
           w[i].send_max_ns / 1e6, w[i].reply_max_ns / 1e6, BENCH_STALL_MS, w[i].stalls);
  }
  for (int i = 0; i < nb0; i++)
    for (int j = 0; j < nb1; j++)
      if (b0[i].pid == b1[j].pid)
        printf("  backend %d: on a CPU %.0f ms, runnable waiting for one %.0f ms\n", b0[i].pid,
               (b1[j].run_ns - b0[i].run_ns) / 1e6, (b1[j].runq_ns - b0[i].runq_ns) / 1e6);
}

int bench_contended(const bench_opts *o, int with_query, int seconds, int pin, bench_contention *out) {
  memset(out, 0, sizeof *out);
  bench_ct_run run = {.o = o, .with_query = with_query, .detail = getenv("PQPOOL_BENCH_DETAIL") != NULL};
  if (bench_pool_open(o->conninfo, o->csize, &run.pool, out->first_error, sizeof out->first_error) < 0)
    return -1;
  bench_ct_worker *w = calloc((size_t)o->cthreads, sizeof *w);
  if (!w) {
    snprintf(out->first_error, sizeof out->first_error, "out of memory");
    pqpool_close(run.pool);
    return -1;
  }
  bench_backend b0[BENCH_DIAG_MAX], b1[BENCH_DIAG_MAX];
  int nb0 = run.detail ? bench_diag_backends(run.pool, o->csize, b0) : 0;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  out->cpu = pin ? bench_pin_cpu() : -1;
  if (out->cpu >= 0) {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(out->cpu, &one);
    pthread_attr_setaffinity_np(&attr, sizeof one, &one);
  }
  pthread_barrier_init(&run.start, NULL, (unsigned)o->cthreads + 1);
  for (int i = 0; i < o->cthreads; i++) {
    w[i] = (bench_ct_worker){.run = &run, .seed = 0x85ebca6bu * (unsigned)(i + 1)};
    if (pthread_create(&w[i].thread, &attr, bench_ct_main, &w[i]) != 0) {
      fprintf(stderr, "pqpool_bench: cannot start thread %d\n", i);
      _exit(2); /* the barrier cannot complete */
    }
  }
  pthread_attr_destroy(&attr);
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
    out->stalls += w[i].stalls;
    if (w[i].hold_max_ns / 1e6 > out->stall_max_ms) out->stall_max_ms = w[i].hold_max_ns / 1e6;
    double mw = w[i].ops ? w[i].wait_ns / 1e3 / (double)w[i].ops : 0;
    if (i == 0 || mw < out->wait_min_us) out->wait_min_us = mw;
    if (mw > out->wait_max_us) out->wait_max_us = mw;
    if (w[i].errors && !out->first_error[0])
      snprintf(out->first_error, sizeof out->first_error, "%s", w[i].first_error);
    if (out->min_ops < 0 || w[i].ops < out->min_ops) out->min_ops = w[i].ops;
    if (w[i].ops > out->max_ops) out->max_ops = w[i].ops;
    total += w[i].nwaits;
  }
  if (run.detail) {
    int nb1 = bench_diag_backends(run.pool, o->csize, b1);
    bench_ct_detail(w, o->cthreads, b0, nb0, b1, nb1);
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

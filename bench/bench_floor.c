/* bench_floor.c - reference costs that bound an acquire+release from below: a mutex pair, poll(0), gettid. */
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include "bench.h"

#define BENCH_FLOOR_ITERS 200000L

/* ns per iteration of one of the reference operations by the thread's CPU clock, median of 5 batches. */
static double bench_floor_one(int what, int fd) {
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  double ns[5];
  volatile long sink = 0;
  for (int b = 0; b < 5; b++) {
    uint64_t t0 = bench_cpu_ns();
    for (long i = 0; i < BENCH_FLOOR_ITERS; i++) {
      if (what == 0) {
        pthread_mutex_lock(&mu);
        sink++;
        pthread_mutex_unlock(&mu);
      } else if (what == 1) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        sink += poll(&pfd, 1, 0);
      } else if (what == 2) {
        sink += gettid();
      } else {
        sink += (long)bench_now_ns();
      }
    }
    ns[b] = (double)(bench_cpu_ns() - t0) / (double)BENCH_FLOOR_ITERS;
  }
  (void)sink;
  return bench_median(ns, 5);
}

int bench_floor(const bench_opts *o, bench_floor_costs *out, char *err, size_t errlen) {
  PGconn *conn = PQconnectdb(o->conninfo);
  if (PQstatus(conn) != CONNECTION_OK) {
    snprintf(err, errlen, "%s", PQerrorMessage(conn));
    PQfinish(conn);
    return -1;
  }
  out->mutex_ns = bench_floor_one(0, -1);
  out->poll_ns = bench_floor_one(1, PQsocket(conn));
  out->gettid_ns = bench_floor_one(2, -1);
  out->clock_ns = bench_floor_one(3, -1);
  PQfinish(conn);
  return 0;
}

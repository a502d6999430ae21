/* bench.h - shared declarations of pqpool_bench: options, timing, the SELECT workload, the measured phases. */
#ifndef PQPOOL_BENCH_H
#define PQPOOL_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>
#include "pqpool.h"

typedef struct bench_opts {
  const char *conninfo;  /* the server, direct */
  const char *bouncer;   /* pgbouncer in transaction mode, or NULL to skip that phase */
  int threads;           /* threads of the throughput phases (and pool size there) */
  int seconds;           /* duration of each throughput phase */
  int rounds;            /* interleaved rounds of persistent / pqpool / pgbouncer; medians reported */
  int connect_seconds;   /* duration of the connect-per-request phase */
  int cthreads, csize;   /* contention phase: threads on a pool of csize connections */
  int cseconds;          /* duration of the contention phase (threads placed by the kernel: wait percentiles) */
  int fseconds;          /* duration of the fairness phase (client threads on one core) */
  long rows;             /* rows in bench_accounts */
  long uncontended_iters;/* acquire+release pairs per uncontended batch */
  int contended_only;    /* --contended-only: only the pool's own phases, no aims judged */
  long count_pairs;      /* --count-pairs N: N acquire+release pairs and exit (run under callgrind) */
} bench_opts;

typedef enum bench_mode {
  BENCH_PERSISTENT, /* one connection per thread for the whole phase: the ceiling */
  BENCH_POOL,       /* acquire, query, release on a pqpool of `threads` connections */
  BENCH_CONNECT     /* PQconnectdb, query, PQfinish for every request */
} bench_mode;

typedef struct bench_result {
  double tps;
  long ops, errors;
  char first_error[256];
} bench_result;

typedef struct bench_contention {
  double tps, p50_us, p99_us, max_us, fairness;
  long ops, min_ops, max_ops, errors;
  double wait_min_us, wait_max_us; /* per-thread mean acquire wait: fewest / most (the queue's evenness) */
  long stalls;                     /* leases held > BENCH_STALL_MS (a query the server answered late) */
  double stall_max_ms;             /* the longest lease */
  int cpu;                         /* the core the client threads were pinned to, or -1 */
  char first_error[256];
} bench_contention;

#define BENCH_STALL_MS 50

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t bench_now_ns(void);
/* This thread's CPU time (CLOCK_THREAD_CPUTIME_ID) in nanoseconds. */
uint64_t bench_cpu_ns(void);

/* One request of the workload: SELECT abalance by a random primary key on conn.
 * Returns 0, or -1 with libpq's message in err (trailing newline dropped). */
int bench_query(PGconn *conn, unsigned *seed, long rows, char *err, size_t errlen);

/* Median of v[0..n-1] (sorts v). 0 for n == 0. */
double bench_median(double *v, int n);

/* Creates bench_accounts with o->rows rows on o->conninfo (dropped first).
 * Returns 0, or -1 with the reason in err. */
int bench_setup(const bench_opts *o, char *err, size_t errlen);

/* A pool on conninfo with max_size connections, all opened now (warm).
 * Returns 0 and *out (caller pqpool_close()s it), or -1 with the reason in err. */
int bench_pool_open(const char *conninfo, int max_size, pqpool **out, char *err, size_t errlen);

/* Runs the workload with o->threads threads in `mode` against conninfo for
 * `seconds`. Returns 0 with *out filled (errors counted in it), or -1 if the
 * phase could not start (out->first_error says why). */
int bench_throughput(const bench_opts *o, bench_mode mode, const char *conninfo, int seconds,
                     bench_result *out);

/* Median ns of one acquire+release of an idle connection on one thread (no server
 * round trip, never blocks), by the wall clock; *cpu_ns gets the median by the
 * thread's CPU clock, which leaves out the time other processes ran on this core
 * (on a shared machine the wall figure includes their time slices).
 * Returns < 0 on error with the reason in err. */
double bench_uncontended_ns(const bench_opts *o, double *cpu_ns, char *err, size_t errlen);

/* o->count_pairs acquire+release pairs of an idle connection on one thread, nothing else (run
 * twice with different counts under callgrind, the difference is the instructions of the pairs).
 * Returns 0, or -1 with the reason in err. */
int bench_count_pairs(const bench_opts *o, char *err, size_t errlen);

typedef struct bench_floor_costs { /* by the thread's CPU clock, like the uncontended figure */
  double mutex_ns, poll_ns, gettid_ns, clock_ns; /* one uncontended lock+unlock, poll(fd, 0), gettid(), clock_gettime */
} bench_floor_costs;

/* Measures the reference costs on this machine (poll on a live idle libpq socket).
 * Returns 0, or -1 with the reason in err. */
int bench_floor(const bench_opts *o, bench_floor_costs *out, char *err, size_t errlen);

/* o->cthreads threads on a pool of o->csize connections for `seconds`: acquire wait
 * percentiles and fairness. with_query: each lease runs the SELECT (the realistic
 * case), else it is held 200 us asleep (the pool's queue alone, without the CPU
 * scheduling noise of 64 threads and 10 backends on few cores). pin: the client
 * threads run on one core (the first this process may use; the server keeps all),
 * when there are at least two. All threads count from one barrier to one stop flag.
 * Returns 0, or -1 (out->first_error). */
int bench_contended(const bench_opts *o, int with_query, int seconds, int pin, bench_contention *out);

/* Diagnostics (bench_diag.c), used when PQPOOL_BENCH_DETAIL is set. */
#define BENCH_DIAG_MAX 64
typedef struct bench_backend {
  int pid;
  unsigned long long run_ns, runq_ns; /* /proc/PID/schedstat: on a CPU, runnable waiting for one */
} bench_backend;
/* The workload's SELECT as bench_query runs it, timed: *send_ns in PQsendQuery, *reply_ns from then
 * until the reply is readable (the server's side). Returns 0, or -1 on a failed query. */
int bench_diag_query(PGconn *conn, unsigned *seed, long rows, uint64_t *send_ns, uint64_t *reply_ns);
/* Leases up to n connections of pool (all idle: call it between phases) and reads each backend's
 * schedstat into out. Returns how many were read. */
int bench_diag_backends(pqpool *pool, int n, bench_backend *out);

#endif

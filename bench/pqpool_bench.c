/* pqpool_bench.c - the benchmark's main: runs every phase against one server (and pgbouncer) and prints ratios. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench.h"

static void bench_usage(FILE *f) {
  fprintf(f,
          "usage: pqpool_bench --conninfo CONNINFO [--bouncer CONNINFO] [--threads N] [--seconds S]\n"
          "                    [--rounds R] [--connect-seconds S] [--contended-threads N]\n"
          "                    [--contended-size N] [--contended-seconds S] [--fairness-seconds S]\n"
          "                    [--rows N] [--iters N]\n"
          "                    [--contended-only] [--count-pairs N]\n"
          "Normally run through bench/run.sh, which starts the server and pgbouncer.\n"
          "--contended-only: only the pool's own phases (PQPOOL_BENCH_DETAIL=1: per thread and backend).\n"
          "--count-pairs N: N uncontended acquire+release pairs, nothing printed (run.sh counts their\n"
          "instructions under callgrind).\n");
}

/* Parses argv into o. Returns 0, 1 for --help, or -1 on a usage error. */
static int bench_parse(int argc, char **argv, bench_opts *o) {
  static const struct option longopts[] = {
      {"conninfo", required_argument, 0, 'c'},       {"bouncer", required_argument, 0, 'b'},
      {"threads", required_argument, 0, 't'},        {"seconds", required_argument, 0, 's'},
      {"rounds", required_argument, 0, 'r'},         {"connect-seconds", required_argument, 0, 'C'},
      {"contended-threads", required_argument, 0, 'T'}, {"contended-size", required_argument, 0, 'S'},
      {"contended-seconds", required_argument, 0, 'D'}, {"rows", required_argument, 0, 'n'},
      {"fairness-seconds", required_argument, 0, 'F'},
      {"iters", required_argument, 0, 'i'},          {"help", no_argument, 0, 'h'},
      {"contended-only", no_argument, 0, 'O'},     {"count-pairs", required_argument, 0, 'P'},
      {0, 0, 0, 0}};
  int opt;
  while ((opt = getopt_long(argc, argv, "c:b:t:s:r:h", longopts, NULL)) != -1) {
    switch (opt) {
    case 'c': o->conninfo = optarg; break;
    case 'b': o->bouncer = optarg; break;
    case 't': o->threads = atoi(optarg); break;
    case 's': o->seconds = atoi(optarg); break;
    case 'r': o->rounds = atoi(optarg); break;
    case 'C': o->connect_seconds = atoi(optarg); break;
    case 'T': o->cthreads = atoi(optarg); break;
    case 'S': o->csize = atoi(optarg); break;
    case 'D': o->cseconds = atoi(optarg); break;
    case 'F': o->fseconds = atoi(optarg); break;
    case 'n': o->rows = atol(optarg); break;
    case 'i': o->uncontended_iters = atol(optarg); break;
    case 'O': o->contended_only = 1; break;
    case 'P': o->count_pairs = atol(optarg); break;
    case 'h': return 1;
    default: return -1;
    }
  }
  if (!o->conninfo || o->threads < 1 || o->seconds < 1 || o->rounds < 1 || o->rounds > 16 ||
      o->connect_seconds < 1 || o->cthreads < 1 || o->csize < 1 || o->cseconds < 1 || o->fseconds < 1 || o->rows < 1 ||
      o->uncontended_iters < 1 || o->count_pairs < 0)
    return -1;
  return 0;
}

/* "PASS"/"MISS" against an aim. */
static const char *bench_mark(int ok) { return ok ? "PASS" : "MISS"; }

/* Prints a phase's errors, if any. Returns 1 if there were errors. */
static int bench_errors(const char *phase, long errors, const char *first) {
  if (!errors) return 0;
  printf("  !! %s: %ld failed requests, first: %s\n", phase, errors, first);
  return 1;
}

/* The contention rows: u with the threads where the kernel puts them (wait percentiles, and its
   fairness for comparison), c with the client threads on one core (fairness, judged). */
static void bench_print_contention(const bench_opts *o, const bench_contention *c, const bench_contention *u) {
  printf("%d threads on %d connections, %d s: %.0f tps, acquire wait p50 %.1f us, p99 %.1f us, max %.1f us\n",
         o->cthreads, o->csize, o->cseconds, u->tps, u->p50_us, u->p99_us, u->max_us);
  char where[96] = "not pinned: fewer than 2 cores";
  if (c->cpu >= 0) snprintf(where, sizeof where, "%d s, client threads on core %d, server on all", o->fseconds, c->cpu);
  printf("%-44s %10.3f      (fewest ops %ld / most %ld)   aim >= 0.9   %s\n", "fairness", c->fairness, c->min_ops,
         c->max_ops, bench_mark(c->fairness >= 0.9));
  printf("  (%s: %.0f tps; mean acquire wait per thread %.0f-%.0f us; leases held > %d ms: %ld, longest %.1f ms)\n",
         where, c->tps, c->wait_min_us, c->wait_max_us, BENCH_STALL_MS, c->stalls, c->stall_max_ms);
  char label[64];
  snprintf(label, sizeof label, "fairness, threads not pinned (%d s run above)", o->cseconds);
  printf("%-44s %10.3f      (fewest ops %ld / most %ld)\n", label, u->fairness, u->min_ops, u->max_ops);
  printf("  (mean acquire wait per thread %.0f-%.0f us; leases held > %d ms: %ld, longest %.1f ms: a backend that "
         "waited for a CPU)\n", u->wait_min_us, u->wait_max_us, BENCH_STALL_MS, u->stalls, u->stall_max_ms);
}

int main(int argc, char **argv) {
  bench_opts o = {.threads = 8, .seconds = 2, .rounds = 8, .connect_seconds = 4, .cthreads = 64,
                  .csize = 10, .cseconds = 6, .fseconds = 20, .rows = 100000, .uncontended_iters = 200000};
  int prc = bench_parse(argc, argv, &o);
  if (prc != 0) {
    bench_usage(prc > 0 ? stdout : stderr);
    return prc > 0 ? 0 : 2;
  }
  char err[256];
  if (bench_setup(&o, err, sizeof err) < 0) {
    fprintf(stderr, "pqpool_bench: setup failed: %s\n", err);
    return 2;
  }
  if (o.count_pairs) {
    if (bench_count_pairs(&o, err, sizeof err) == 0) return 0;
    fprintf(stderr, "pqpool_bench: %s\n", err);
    return 2;
  }
  if (o.contended_only) { /* the pool's own phases, no aims judged */
    bench_contention c, u;
    double acq_cpu, acq_ns = bench_uncontended_ns(&o, &acq_cpu, err, sizeof err);
    if (acq_ns < 0) {
      fprintf(stderr, "pqpool_bench: %s\n", err);
      return 2;
    }
    printf("uncontended acquire+release %.1f ns (CPU clock), %.1f ns (wall clock)\n", acq_cpu, acq_ns);
    if (bench_contended(&o, 1, o.fseconds, 1, &c) < 0 || bench_contended(&o, 1, o.cseconds, 0, &u) < 0) {
      fprintf(stderr, "pqpool_bench: %s\n", c.first_error[0] ? c.first_error : u.first_error);
      return 2;
    }
    bench_print_contention(&o, &c, &u);
    return c.errors || u.errors ? 1 : 0;
  }
  printf("pqpool_bench: SELECT by primary key (%ld rows), %d threads, %d interleaved rounds of %d s, medians\n",
         o.rows, o.threads, o.rounds, o.seconds);
  fflush(stdout);

  /* Interleaved rounds, the order alternating, so drift of a noisy machine hits every mode alike;
     the aims are judged on the median of the per-round ratios. */
  double per[16], pool[16], bnc[16], r_ceil[16], r_bnc[16];
  int nb = 0, bad = 0;
  bench_result r;
  for (int i = 0; i < o.rounds; i++) {
    for (int k = 0; k < 3; k++) {
      int which = i % 2 ? 2 - k : k; /* 0 persistent, 1 pqpool, 2 pgbouncer */
      if (which == 0) {
        if (bench_throughput(&o, BENCH_PERSISTENT, o.conninfo, o.seconds, &r) < 0) goto phase_failed;
        per[i] = r.tps;
        bad |= bench_errors("persistent", r.errors, r.first_error);
      } else if (which == 1) {
        if (bench_throughput(&o, BENCH_POOL, o.conninfo, o.seconds, &r) < 0) goto phase_failed;
        pool[i] = r.tps;
        bad |= bench_errors("pqpool", r.errors, r.first_error);
      } else if (o.bouncer) {
        if (bench_throughput(&o, BENCH_PERSISTENT, o.bouncer, o.seconds, &r) < 0) goto phase_failed;
        bnc[nb++] = r.tps;
        bad |= bench_errors("pgbouncer", r.errors, r.first_error);
      }
    }
    r_ceil[i] = per[i] > 0 ? pool[i] / per[i] : 0;
    printf("  round %d: persistent %.0f tps, pqpool %.0f tps (%.3f)", i + 1, per[i], pool[i], r_ceil[i]);
    if (o.bouncer) {
      r_bnc[i] = bnc[nb - 1] > 0 ? pool[i] / bnc[nb - 1] : 0;
      printf(", pgbouncer %.0f tps (pqpool %.2fx)", bnc[nb - 1], r_bnc[i]);
    }
    printf("\n");
    fflush(stdout);
  }
  if (bench_throughput(&o, BENCH_CONNECT, o.conninfo, o.connect_seconds, &r) < 0) goto phase_failed;
  bad |= bench_errors("connect-per-request", r.errors, r.first_error);
  double conn_tps = r.tps;
  double per_m = bench_median(per, o.rounds), pool_m = bench_median(pool, o.rounds);
  double bnc_m = bench_median(bnc, nb), ceil_ratio = bench_median(r_ceil, o.rounds);
  double bnc_ratio = bench_median(r_bnc, nb);

  bench_floor_costs fl;
  if (bench_floor(&o, &fl, err, sizeof err) < 0) {
    fprintf(stderr, "pqpool_bench: reference costs failed: %s\n", err);
    return 2;
  }
  double acq_cpu, acq_ns = bench_uncontended_ns(&o, &acq_cpu, err, sizeof err);
  if (acq_ns < 0) {
    fprintf(stderr, "pqpool_bench: uncontended phase failed: %s\n", err);
    return 2;
  }
  bench_contention c, u, q;
  if (bench_contended(&o, 1, o.fseconds, 1, &c) < 0 || bench_contended(&o, 1, o.cseconds, 0, &u) < 0 ||
      bench_contended(&o, 0, 2, 0, &q) < 0) {
    fprintf(stderr, "pqpool_bench: contention phase failed: %s\n",
            c.first_error[0] ? c.first_error : u.first_error[0] ? u.first_error : q.first_error);
    return 2;
  }
  bad |= bench_errors("contention", c.errors, c.first_error);
  bad |= bench_errors("contention, threads unpinned", u.errors, u.first_error);
  bad |= bench_errors("contention, no query", q.errors, q.first_error);

  printf("\n%-44s %10.0f tps\n", "persistent connection per thread (ceiling)", per_m);
  printf("%-44s %10.0f tps   %.3f of ceiling           aim >= 0.95  %s\n", "pqpool, acquire/query/release",
         pool_m, ceil_ratio, bench_mark(ceil_ratio >= 0.95));
  printf("%-44s %10.0f tps   pqpool is %.1fx faster   aim >= 20x   %s\n", "connect-per-request", conn_tps,
         pool_m / conn_tps, bench_mark(pool_m >= 20 * conn_tps));
  if (nb)
    printf("%-44s %10.0f tps   pqpool is %.2fx faster   aim > 1x     %s\n",
           "pgbouncer, transaction mode", bnc_m, bnc_ratio, bench_mark(bnc_ratio > 1));
  else
    printf("%-44s %10s\n", "pgbouncer, transaction mode", "skipped (no --bouncer)");
  printf("%-44s %10.1f ns (CPU clock)                 aim < 200 ns %s\n",
         "uncontended acquire+release (idle conn)", acq_cpu, bench_mark(acq_cpu < 200));
  printf("  same by the wall clock: %.1f ns (includes other processes' time slices on a shared core)\n", acq_ns);
  printf("  reference costs here (CPU clock): mutex lock+unlock %.1f ns, poll(0) on a libpq socket %.1f ns, "
         "gettid %.1f ns, clock_gettime %.1f ns\n", fl.mutex_ns, fl.poll_ns, fl.gettid_ns, fl.clock_ns);
  bench_print_contention(&o, &c, &u);
  printf("same, each lease held 200 us asleep instead of a query (the queue alone, 2 s): %.0f acquires/s, "
         "wait p50 %.1f us, p99 %.1f us\n", q.tps, q.p50_us, q.p99_us);
  printf("%-44s %10.3f      (fewest ops %ld / most %ld)   aim >= 0.9   %s\n", "fairness, queue alone", q.fairness,
         q.min_ops, q.max_ops, bench_mark(q.fairness >= 0.9));
  return bad ? 1 : 0;

phase_failed:
  fprintf(stderr, "pqpool_bench: a phase could not start: %s\n", r.first_error);
  return 2;
}

/* story.h - the story's load for pool tests (header-only): N processes, each a pool of the services preset
   (max 10) with 16 threads doing short transactions against max_connections=20 with the default 3
   reserved slots, as a non-superuser; per-process errors, time to first serve, ops per 10 ms. */
#ifndef STORY_H
#define STORY_H
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pgtest.h"
#include "pqpool.h"
#include "tcheck.h"

#define STORY_MAXP 4
#define STORY_THR 16
#define STORY_BUCKET_MS 10
#define STORY_BUCKETS 6600 /* 66 s: the long run of bench/share_cost.sh */
#define STORY_MAXFAIL 128

/* The server of the story: max_connections=20, superuser_reserved_connections=3 (PostgreSQL's default;
   pgtest.sh writes 0, a later line wins), and a role "app" that is not a superuser: 17 slots for it. */
static const char *const STORY_SETTINGS[] = {"superuser_reserved_connections = 3", NULL};

/* Creates the role; fills ci with the app role's conninfo on srv's socket. 0 or -1. */
static inline int story_role(pgtest *srv, char *ci, size_t len) {
  PGconn *a = t_admin(srv->conninfo);
  if (!a) return -1;
  PGresult *r = PQexec(a, "CREATE ROLE app LOGIN");
  int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  PQfinish(a);
  snprintf(ci, len, "host=%s port=%d user=app dbname=postgres", srv->dir, srv->port);
  return ok ? 0 : -1;
}

typedef struct story_proc {
  int done;                 /* 1 when the process finished and wrote its results */
  long ops, acq_err, q_err;
  double first_ms;          /* first transaction served, ms after this process's start; -1 never */
  double start_ms;          /* its start, ms after t0 */
  int nfail;
  double fail_at[STORY_MAXFAIL]; /* ms after t0 of each failed query */
  char first_err[PQPOOL_ERRMSG_SIZE + 16];
  char last_err[512];
  double last_fail_ms;      /* ms after t0 of the last failed query */
  unsigned long long connects, closed_lifetime, refusals;
  unsigned long long connects_late; /* connects after t0 + 10 s (runs longer than 10 s) */
  int total_end;
  int bucket[STORY_BUCKETS]; /* transactions completed per 10 ms since t0 */
} story_proc;

typedef struct story_run {
  const char *conninfo;
  const char *budget_name;  /* NULL: no host budget */
  int budget_total;
  int nproc;
  int start_ms[STORY_MAXP]; /* each process starts this long after t0 */
  int end_ms;               /* every process stops at t0 + end_ms */
  double t0;                /* CLOCK_MONOTONIC ms, same for all processes */
  story_proc *res;          /* shared memory, nproc entries */
} story_run;

typedef struct story_thr {
  story_run *run;
  story_proc *me;
  pqpool *pool;
  pthread_mutex_t *mu;
} story_thr;

static void story_quiet(int level, const char *msg, void *arg) {
  (void)arg;
  if (getenv("STORY_LOG") && level >= PQPOOL_LOG_WARN) fprintf(stderr, "[%d] %s\n", (int)getpid(), msg);
}

static void *story_worker(void *arg) {
  story_thr *t = arg;
  story_proc *me = t->me;
  double stop = t->run->t0 + t->run->end_ms;
  while (t_now_ms() < stop) {
    pqpool_lease l;
    pqpool_error e;
    int rc = pqpool_acquire(t->pool, -1, &l, &e);
    if (rc != 0) {
      pthread_mutex_lock(t->mu);
      if (!me->acq_err++ && !me->q_err) snprintf(me->first_err, sizeof me->first_err, "acquire: %s", e.msg);
      pthread_mutex_unlock(t->mu);
      continue;
    }
    PGresult *r = PQexec(l.conn, "SELECT pg_sleep(0.001)");
    int ok = PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    double now = t_now_ms();
    char qerr[512] = "";
    if (!ok) snprintf(qerr, sizeof qerr, "%s", PQerrorMessage(l.conn));
    if (ok)
      pqpool_release(t->pool, &l);
    else
      pqpool_discard(t->pool, &l); /* the query failed: the connection may be broken */
    pthread_mutex_lock(t->mu);
    if (ok) {
      me->ops++;
      if (me->first_ms < 0) me->first_ms = now - t->run->t0 - me->start_ms;
      int b = (int)((now - t->run->t0) / STORY_BUCKET_MS);
      if (b >= 0 && b < STORY_BUCKETS) me->bucket[b]++;
    } else {
      if (!me->q_err++ && !me->acq_err)
        snprintf(me->first_err, sizeof me->first_err, "query: %s", qerr);
      if (me->nfail < STORY_MAXFAIL) me->fail_at[me->nfail++] = now - t->run->t0;
      snprintf(me->last_err, sizeof me->last_err, "%s", qerr);
      me->last_fail_ms = now - t->run->t0;
    }
    pthread_mutex_unlock(t->mu);
  }
  return NULL;
}

/* One process of the story: waits for its start, runs 16 threads on one pool until the common end. */
static int story_child(story_run *run, int i) {
  story_proc *me = &run->res[i];
  me->first_ms = -1;
  me->start_ms = run->start_ms[i];
  double start = run->t0 + run->start_ms[i];
  while (t_now_ms() < start) t_sleep_ms(1);
  pqpool_config c;
  pqpool_config_service(&c);
  c.conninfo = run->conninfo;
  c.acquire_timeout_ms = 5000;
  c.budget_name = run->budget_name;
  c.budget_total = run->budget_total;
  c.log = story_quiet;
  pqpool *p;
  pqpool_error e;
  if (pqpool_create(&c, &p, &e) != 0) {
    snprintf(me->first_err, sizeof me->first_err, "create: %s", e.msg);
    return 3;
  }
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  story_thr t = {run, me, p, &mu};
  pthread_t th[STORY_THR];
  for (int k = 0; k < STORY_THR; k++) pthread_create(&th[k], NULL, story_worker, &t);
  struct pqpool_stats s;
  unsigned long long at10 = 0;
  if (run->end_ms > 10000) { /* the steady part starts at 10 s */
    while (t_now_ms() < run->t0 + 10000) t_sleep_ms(5);
    pqpool_stats(p, &s);
    at10 = s.connects;
  }
  for (int k = 0; k < STORY_THR; k++) pthread_join(th[k], NULL);
  pqpool_stats(p, &s);
  me->connects = s.connects;
  me->connects_late = run->end_ms > 10000 ? s.connects - at10 : 0;
  me->closed_lifetime = s.closed[PQPOOL_CLOSE_MAX_LIFETIME] + s.closed[PQPOOL_CLOSE_DISCARDED];
  me->refusals = s.server_full_refusals;
  me->total_end = s.total;
  pqpool_close(p);
  me->done = 1;
  return 0;
}

/* Forks the processes, runs hook (may be NULL: restarts the server under the load) in the parent,
   waits for all. Results in run->res (allocated here, shared). Returns 0 or -1. */
static inline int story_go(story_run *run, void (*hook)(story_run *, void *), void *arg) {
  if (!run->res) {
    run->res = mmap(NULL, sizeof(story_proc) * STORY_MAXP, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (run->res == MAP_FAILED) return -1;
  }
  memset(run->res, 0, sizeof(story_proc) * STORY_MAXP);
  run->t0 = t_now_ms() + 300; /* every child is forked and waiting by then */
  pid_t kids[STORY_MAXP];
  fflush(stdout);
  fflush(stderr);
  for (int i = 0; i < run->nproc; i++) {
    kids[i] = fork();
    if (kids[i] == 0) _exit(story_child(run, i));
  }
  if (hook) hook(run, arg);
  int bad = 0;
  for (int i = 0; i < run->nproc; i++) {
    int st;
    waitpid(kids[i], &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) bad = 1;
  }
  return bad ? -1 : 0;
}

/* Transactions of process i completed in [from_ms, to_ms) after t0. */
static inline long story_ops_between(const story_run *run, int i, double from_ms, double to_ms) {
  long n = 0;
  for (int b = (int)(from_ms / STORY_BUCKET_MS); b < (int)(to_ms / STORY_BUCKET_MS) && b < STORY_BUCKETS; b++)
    n += run->res[i].bucket[b];
  return n;
}

/* First transaction of any process completed at or after at_ms (ms after t0), as ms after at_ms; -1 none. */
static inline double story_first_after(const story_run *run, double at_ms) {
  for (int b = (int)(at_ms / STORY_BUCKET_MS); b < STORY_BUCKETS; b++)
    for (int i = 0; i < run->nproc; i++)
      if (run->res[i].bucket[b]) return (b + 1) * STORY_BUCKET_MS - at_ms;
  return -1;
}

/* Prints one line per process and checks: every process ran, zero caller-visible errors, first serve
   within serve_ms of its start. Returns the smallest share of the fairest split over [from, to) ms. */
static inline double story_report(const char *label, const story_run *run, double serve_ms, double from, double to) {
  long all = 0;
  for (int i = 0; i < run->nproc; i++) all += story_ops_between(run, i, from, to);
  double worst = 1e9;
  for (int i = 0; i < run->nproc; i++) {
    const story_proc *r = &run->res[i];
    long w = story_ops_between(run, i, from, to);
    double share = all ? (double)w * run->nproc / (double)all : 0;
    if (share < worst) worst = share;
    printf("%s: process %d (start +%d ms): %ld tx, first served %.0f ms after its start, %ld acquire errors, %ld "
           "query errors, share %.2f of the fair split over %.0f-%.0f s, %llu connects, %llu closed early/lifetime, "
           "%llu refusals, %d open at the end%s%s\n",
           label, i, run->start_ms[i], r->ops, r->first_ms, r->acq_err, r->q_err, share, from / 1000, to / 1000,
           r->connects, r->closed_lifetime, r->refusals, r->total_end, r->first_err[0] ? "; first error: " : "",
           r->first_err);
    CHECK(r->done, "%s: process %d ran to the end (%s)", label, i, r->first_err);
    CHECK(r->acq_err == 0 && r->q_err == 0, "%s: process %d: zero caller-visible errors (%ld acquire, %ld query: %s)",
          label, i, r->acq_err, r->q_err, r->first_err);
    CHECK(r->first_ms >= 0 && r->first_ms <= serve_ms, "%s: process %d served within %.0f ms of its start (%.0f)",
          label, i, serve_ms, r->first_ms);
  }
  fflush(stdout);
  return worst;
}
#endif

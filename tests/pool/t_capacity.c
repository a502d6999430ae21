/* t_capacity.c - "server full" as capacity, deterministically: other clients hold part of a small
   max_connections; the pool caps effective_max at what it got with zero caller errors, probes upward
   when the slots come back, and reports PQPOOL_ESERVERFULL only when it holds nothing at all. */
#include <pthread.h>
#include "pgtest.h"
#include "pqpool.h"
#include "tcheck.h"

#define NTH 6
static pqpool *P;
static volatile int stop_flag;
static long errs, ops;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static char first_err[PQPOOL_ERRMSG_SIZE];

static void *worker(void *arg) {
  (void)arg;
  while (!__atomic_load_n(&stop_flag, __ATOMIC_RELAXED)) {
    pqpool_lease l;
    pqpool_error e;
    int rc = pqpool_acquire(P, 5000, &l, &e);
    pthread_mutex_lock(&mu);
    if (rc != 0 && !errs++) snprintf(first_err, sizeof first_err, "%s", e.msg);
    if (rc == 0) ops++;
    pthread_mutex_unlock(&mu);
    if (rc != 0) continue;
    PQclear(PQexec(l.conn, "SELECT pg_sleep(0.005)"));
    pqpool_release(P, &l);
  }
  return NULL;
}

/* Runs the workers for at least min_ms, then until want(stats) holds or max_ms has passed (a
   deadline, not a timing: on a loaded machine the upward probe may need more than one backoff). */
static void load(int min_ms, int max_ms, int (*want)(const struct pqpool_stats *)) {
  pthread_t th[NTH];
  stop_flag = 0;
  for (int i = 0; i < NTH; i++) pthread_create(&th[i], NULL, worker, NULL);
  t_sleep_ms(min_ms);
  for (int waited = min_ms; waited < max_ms; waited += 50) {
    struct pqpool_stats s;
    pqpool_stats(P, &s);
    if (want(&s)) break;
    t_sleep_ms(50);
  }
  __atomic_store_n(&stop_flag, 1, __ATOMIC_RELAXED);
  for (int i = 0; i < NTH; i++) pthread_join(th[i], NULL);
}

static int capped_at_3(const struct pqpool_stats *s) {
  return s->effective_max == 3 && s->total == 3 && s->server_full_refusals >= 1;
}
static int all_6(const struct pqpool_stats *s) { return s->effective_max == 6 && s->total == 6; }

static void quiet(int level, const char *msg, void *arg) { (void)level, (void)msg, (void)arg; }

int main(void) {
  pgtest srv;
  if (pgtest_start(&srv, 6, 0, NULL) < 0) return 2;
  PGconn *hold[6] = {0};
  for (int i = 0; i < 3; i++) hold[i] = t_admin(srv.conninfo);
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = srv.conninfo;
  c.max_size = 10;
  c.backoff_initial_ms = 50;
  c.backoff_max_ms = 200;
  c.log = quiet;
  pqpool_error e;
  CHECK(pqpool_create(&c, &P, &e) == 0, "create: %s", e.msg);
  load(1000, 10000, capped_at_3);
  struct pqpool_stats s;
  pqpool_stats(P, &s);
  CHECK(errs == 0, "server full with 3 others: no caller error (%ld, %s)", errs, first_err);
  CHECK(s.effective_max == 3 && s.total == 3, "capped at the 3 free slots (effective_max %d, total %d)",
        s.effective_max, s.total);
  CHECK(s.server_full_refusals >= 1, "refusals counted (%llu)", (unsigned long long)s.server_full_refusals);
  printf("phase 1: 3 of 6 slots held elsewhere: %ld ops, effective_max %d, %llu refusals, 0 errors\n", ops,
         s.effective_max, (unsigned long long)s.server_full_refusals);
  for (int i = 0; i < 3; i++) PQfinish(hold[i]), hold[i] = NULL;
  t_sleep_ms(100);
  ops = 0;
  load(1500, 15000, all_6);
  pqpool_stats(P, &s);
  CHECK(errs == 0, "after the others left: no caller error (%ld)", errs);
  CHECK(s.effective_max == 6 && s.total == 6, "probed upward to all 6 slots (effective_max %d, total %d)",
        s.effective_max, s.total);
  printf("phase 2: slots returned: %ld ops, effective_max %d, total %d\n", ops, s.effective_max, s.total);
  pqpool_evict_all(P); /* the pool now holds nothing */
  for (int i = 0; i < 6; i++) hold[i] = t_admin(srv.conninfo);
  pqpool_lease l;
  int rc = pqpool_acquire(P, 400, &l, &e);
  CHECK(rc == PQPOOL_ESERVERFULL && strstr(e.msg, "server full") && strstr(e.last_libpq_error, "too many clients"),
        "holding nothing on a full server -> ESERVERFULL (%d: %s)", rc, e.msg);
  for (int i = 0; i < 6; i++) PQfinish(hold[i]);
  rc = pqpool_acquire(P, 3000, &l, &e);
  CHECK(rc == 0, "served again once a slot frees: %s", e.msg);
  if (rc == 0) pqpool_release(P, &l);
  pqpool_close(P);
  pgtest_stop(&srv);
  return t_done("t_capacity");
}

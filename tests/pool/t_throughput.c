/* t_throughput.c - ceiling smoke: 8 threads on 8 pooled connections vs persistent connections vs
   connect-per-request; checks zero errors and no connection churn, prints the ratios (no timing asserts). */
#include <pthread.h>
#include "pgtest.h"
#include "pqpool.h"
#include "tcheck.h"

#define NT 8
#define RUN_MS 1500
static pqpool *P;
static const char *CI;
static volatile int stop_flag;
static long ops[NT], errs[NT];
static int mode; /* 0 pool, 1 persistent, 2 connect per request */

static int one_query(PGconn *c, int k) {
  char sql[64];
  snprintf(sql, sizeof sql, "SELECT v FROM kv WHERE k = %d", k % 1000);
  PGresult *r = PQexec(c, sql);
  int ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
  PQclear(r);
  return ok;
}

static void *worker(void *arg) {
  int id = (int)(long)arg;
  PGconn *own = mode == 1 ? PQconnectdb(CI) : NULL;
  for (int k = id; !__atomic_load_n(&stop_flag, __ATOMIC_RELAXED); k += NT) {
    int ok = 0;
    if (mode == 0) {
      pqpool_lease l;
      pqpool_error e;
      if (pqpool_acquire(P, -1, &l, &e) == 0) {
        ok = one_query(l.conn, k);
        pqpool_release(P, &l);
      }
    } else if (mode == 1) {
      ok = one_query(own, k);
    } else {
      PGconn *c = PQconnectdb(CI);
      ok = PQstatus(c) == CONNECTION_OK && one_query(c, k);
      PQfinish(c);
    }
    if (ok) ops[id]++;
    else errs[id]++;
  }
  PQfinish(own);
  return NULL;
}

static double run(int m, int ms, long *nerr) {
  pthread_t th[NT];
  mode = m;
  stop_flag = 0;
  memset(ops, 0, sizeof ops);
  memset(errs, 0, sizeof errs);
  double t0 = t_now_ms();
  for (int i = 0; i < NT; i++) pthread_create(&th[i], NULL, worker, (void *)(long)i);
  t_sleep_ms(ms);
  __atomic_store_n(&stop_flag, 1, __ATOMIC_RELAXED);
  for (int i = 0; i < NT; i++) pthread_join(th[i], NULL);
  double dt = (t_now_ms() - t0) / 1000.0;
  long sum = 0;
  *nerr = 0;
  for (int i = 0; i < NT; i++) sum += ops[i], *nerr += errs[i];
  return sum / dt;
}

int main(void) {
  pgtest srv;
  if (pgtest_start(&srv, 40, 0, NULL) < 0) return 2;
  CI = srv.conninfo;
  PGconn *admin = t_admin(CI);
  PQclear(PQexec(admin, "CREATE TABLE kv(k int PRIMARY KEY, v text); "
                        "INSERT INTO kv SELECT g, md5(g::text) FROM generate_series(0, 999) g"));
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = CI;
  c.max_size = NT;
  pqpool_error e;
  CHECK(pqpool_create(&c, &P, &e) == 0, "create: %s", e.msg);
  long perr, cerr, xerr;
  double pool_tps = run(0, RUN_MS, &perr);
  double pers_tps = run(1, RUN_MS, &cerr);
  double conn_tps = run(2, RUN_MS / 2, &xerr);
  struct pqpool_stats s;
  pqpool_stats(P, &s);
  CHECK(perr == 0, "pool: %ld errors", perr);
  CHECK(cerr == 0 && xerr == 0, "baselines ran without errors (%ld, %ld)", cerr, xerr);
  CHECK(s.total <= NT && s.connects <= NT, "no churn: %d open, %llu connects", s.total, (unsigned long long)s.connects);
  CHECK(s.in_use == 0 && s.acquire_timeouts == 0, "all returned, no timeouts");
  CHECK(pool_tps > 0 && s.acquires > 0, "pool served queries");
  printf("throughput (%d threads, unix socket): pool %.0f q/s, persistent %.0f q/s, connect-per-request %.0f q/s\n",
         NT, pool_tps, pers_tps, conn_tps);
  printf("ratios: pool/persistent = %.3f, pool/connect-per-request = %.1fx\n", pool_tps / pers_tps,
         pool_tps / (conn_tps > 0 ? conn_tps : 1));
  pqpool_close(P);
  PQfinish(admin);
  pgtest_stop(&srv);
  return t_done("t_throughput");
}

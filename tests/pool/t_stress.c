/* t_stress.c - concurrency stress of the whole pool (built plain, with TSan and with ASan+UBSan):
   random timeouts, transactions left open, discards, double releases, evict_all, resize, pause/resume, maintain with short
   lifetimes/idle timeouts/keepalives, backends killed under it, drain, and a close racing late releases.
   Modes (argv[1]): "plain" one pool; "budget" two pools of one host budget of 7 (max 6 each); "share" two
   pools of max 6 against a server with 8 free slots, so the even share and "too many clients" as
   capacity run under the same chaos (no caller may see a server-full error). */
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include "pgtest.h"
#include "pqpool.h"
#include "tcheck.h"

#define NT 12
#define RUN_MS 2500
#define BUDGET 7
static pqpool *PP[2];
static int NPOOLS = 1;
static volatile int stop_flag;
static long n_ok[NT], n_stale[NT], n_bad[NT], n_timeout[NT];
static char bad_msg[NT][320];

static unsigned rnd(unsigned *s) {
  *s ^= *s << 13;
  *s ^= *s >> 17;
  *s ^= *s << 5;
  return *s;
}

static void *worker(void *arg) {
  int id = (int)(long)arg;
  pqpool *P = PP[id % NPOOLS];
  unsigned seed = 0x9e3779b9u * (unsigned)(id + 1);
  while (!__atomic_load_n(&stop_flag, __ATOMIC_RELAXED)) {
    static const int tmo[] = {0, 5, 50, -1};
    int t = tmo[rnd(&seed) % 4];
    pqpool_lease l;
    pqpool_error e;
    int rc = pqpool_acquire(P, t, &l, &e);
    /* a short timeout may pass while a full server refuses (ESERVERFULL) or while a connect that
       hit a just-killed backend backs off (ECONNECT, "database unreachable"): pqpool.h names the
       cause in the code, and the message says the acquire timed out */
    if (t >= 0 && (rc == PQPOOL_ETIMEOUT || ((rc == PQPOOL_ESERVERFULL || rc == PQPOOL_ECONNECT) &&
                                              strstr(e.msg, "acquire timed out")))) {
      n_timeout[id]++;
      continue;
    }
    if (rc != 0) { /* a killed backend can fail one connect at most; -1 (10 s) must succeed */
      if (!n_bad[id]++) snprintf(bad_msg[id], sizeof bad_msg[id], "acquire(%d) = %d: %.200s", t, rc, e.msg);
      continue;
    }
    unsigned op = rnd(&seed) % 10;
    PGresult *r = NULL;
    if (op == 0) {
      r = PQexec(l.conn, "BEGIN; SELECT 1"); /* released inside a transaction */
    } else if (op == 1) {
      r = PQexec(l.conn, "SELECT pg_sleep(0.02)");
    } else {
      r = PQexec(l.conn, "SELECT 1");
    }
    PQclear(r);
    pqpool_lease copy = l;
    if (op == 2)
      rc = pqpool_discard(P, &l);
    else
      rc = pqpool_release(P, &l);
    if (rc != 0 && !n_bad[id]++) snprintf(bad_msg[id], sizeof bad_msg[id], "release = %d", rc);
    if (op == 3) { /* double release must be refused without harm */
      if (pqpool_release(P, &copy) == PQPOOL_ESTALE) n_stale[id]++;
      else if (!n_bad[id]++) snprintf(bad_msg[id], sizeof bad_msg[id], "double release not refused");
    }
    n_ok[id]++;
  }
  return NULL;
}

static void *chaos(void *arg) {
  const char *ci = arg;
  PGconn *admin = PQconnectdb(ci);
  unsigned seed = 12345;
  char js[4096];
  while (!__atomic_load_n(&stop_flag, __ATOMIC_RELAXED)) {
    pqpool *P = PP[rnd(&seed) % (unsigned)NPOOLS];
    unsigned op = rnd(&seed) % 6;
    if (op == 0) pqpool_evict_all(P);
    if (op == 1) pqpool_maintain(P);
    if (op == 2) pqpool_stats_json(P, js, sizeof js);
    if (op == 3)
      PQclear(PQexec(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = "
                            "'client backend' AND pid <> pg_backend_pid() AND state = 'idle' LIMIT 1"));
    if (op == 4) pqpool_set_max_size(P, 3 + (int)(rnd(&seed) % 4)); /* 3..6 */
    if (op == 5) pqpool_pause(P), t_sleep_ms(3), pqpool_resume(P);
    t_sleep_ms(15);
  }
  PQfinish(admin);
  return NULL;
}

typedef struct late {
  pqpool *p;
  pqpool_lease l;
  int rc;
} late;

static void *late_release(void *arg) {
  late *x = arg;
  x->rc = pqpool_release(x->p, &x->l);
  return NULL;
}

static void quiet(int level, const char *msg, void *arg) { (void)level, (void)msg, (void)arg; }

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "plain";
  int budget = !strcmp(mode, "budget"), share = !strcmp(mode, "share");
  if (!budget && !share && strcmp(mode, "plain")) {
    fprintf(stderr, "t_stress: unknown mode %s (plain, budget, share)\n", mode);
    return 2;
  }
  NPOOLS = budget || share ? 2 : 1;
  static const char *const full[] = {"superuser_reserved_connections = 0", NULL};
  pgtest srv; /* share: 9 slots, the chaos thread's admin takes one, the two pools want 12 of the 8 left */
  if (pgtest_start(&srv, share ? 9 : 40, 0, share ? full : NULL) < 0) return 2;
  char bname[64];
  snprintf(bname, sizeof bname, "t_stress.%ld", (long)getpid());
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = srv.conninfo;
  c.max_size = 6;
  c.min_idle = 2;
  c.acquire_timeout_ms = 10000;
  c.idle_timeout_ms = 100;
  c.max_lifetime_ms = 300;
  c.max_lifetime_jitter_ms = 100;
  c.check_after_idle_ms = 5;
  c.keepalive_interval_ms = 30;
  c.leak_threshold_ms = 10;
  c.housekeeping_interval_ms = 20;
  c.backoff_initial_ms = 5;
  c.backoff_max_ms = 50;
  c.log = quiet;
  if (budget) c.budget_name = bname, c.budget_total = BUDGET;
  pqpool_error e;
  for (int i = 0; i < NPOOLS; i++) CHECK(pqpool_create(&c, &PP[i], &e) == 0, "create: %s", e.msg);
  c.budget_name = NULL;
  pthread_t th[NT], ch;
  for (int i = 0; i < NT; i++) pthread_create(&th[i], NULL, worker, (void *)(long)i);
  pthread_create(&ch, NULL, chaos, srv.conninfo);
  t_sleep_ms(RUN_MS);
  __atomic_store_n(&stop_flag, 1, __ATOMIC_RELAXED);
  for (int i = 0; i < NT; i++) pthread_join(th[i], NULL);
  pthread_join(ch, NULL);
  for (int i = 0; i < NPOOLS; i++) pqpool_set_max_size(PP[i], 6);
  long ok = 0, stale = 0, bad = 0, tmo = 0;
  for (int i = 0; i < NT; i++) {
    ok += n_ok[i], stale += n_stale[i], bad += n_bad[i], tmo += n_timeout[i];
    if (n_bad[i]) fprintf(stderr, "thread %d: %ld bad, first: %s\n", i, n_bad[i], bad_msg[i]);
  }
  struct pqpool_stats s, ps[2];
  for (int i = 0; i < 100; i++) { /* housekeeping may hold a few idle ones for a ping or close */
    int quiet_now = 1;
    for (int k = 0; k < NPOOLS; k++) {
      pqpool_stats(PP[k], &ps[k]);
      quiet_now &= ps[k].total == ps[k].idle && ps[k].connecting == 0;
    }
    if (quiet_now) break;
    t_sleep_ms(5);
  }
  s = ps[0];
  long held = ps[0].total;
  if (NPOOLS == 2) { /* the counters below are read from the sum of both pools */
    held += ps[1].total;
    s.acquires += ps[1].acquires, s.stale_releases += ps[1].stale_releases, s.connects += ps[1].connects;
    s.in_use += ps[1].in_use, s.waiting += ps[1].waiting, s.connecting += ps[1].connecting;
    s.released_in_tx_rolled_back += ps[1].released_in_tx_rolled_back;
    for (int r = 0; r < PQPOOL_CLOSE_NREASONS; r++) s.closed[r] += ps[1].closed[r];
  }
  CHECK(ok > 100, "work done: %ld leases", ok);
  CHECK(bad <= 3, "at most a few acquires hit a just-killed backend (%ld bad)", bad);
  for (int i = 0; i < NT; i++)
    CHECK(!strstr(bad_msg[i], "too many clients") && !strstr(bad_msg[i], "server full"),
          "no caller sees the server full (thread %d: %s)", i, bad_msg[i]);
  CHECK((long)s.acquires == ok, "stats count every acquire (%llu vs %ld)",
        (unsigned long long)s.acquires, ok);
  CHECK((long)s.stale_releases == stale, "every double release refused and counted (%llu vs %ld)",
        (unsigned long long)s.stale_releases, stale);
  CHECK(s.in_use == 0 && s.waiting == 0 && s.connecting == 0, "quiescent: in_use %d waiting %d connecting %d",
        s.in_use, s.waiting, s.connecting);
  for (int k = 0; k < NPOOLS; k++)
    CHECK(ps[k].total <= 6 && ps[k].total == ps[k].idle, "pool %d: total %d = idle %d <= 6", k, ps[k].total,
          ps[k].idle);
  if (budget) CHECK(held <= BUDGET, "the two pools hold %ld <= the budget of %d", held, BUDGET);
  if (share) CHECK(held <= 8, "the two pools hold %ld <= the 8 free slots", held);
  if (NPOOLS == 2)
    printf("stress %s: pool 0 %llu acquires, pool 1 %llu; %llu + %llu server-full refusals\n", mode,
           (unsigned long long)ps[0].acquires, (unsigned long long)ps[1].acquires,
           (unsigned long long)ps[0].server_full_refusals, (unsigned long long)ps[1].server_full_refusals);
  printf("stress: %ld leases, %ld timeouts (0/5/50 ms), %ld double releases refused, %llu connects, %llu broken, "
         "%llu lifetime, %llu idle-timeout, %llu evicted, %llu rolled back\n", ok, tmo, stale,
         (unsigned long long)s.connects, (unsigned long long)s.closed[PQPOOL_CLOSE_BROKEN],
         (unsigned long long)s.closed[PQPOOL_CLOSE_MAX_LIFETIME], (unsigned long long)s.closed[PQPOOL_CLOSE_IDLE_TIMEOUT],
         (unsigned long long)s.closed[PQPOOL_CLOSE_EVICTED], (unsigned long long)s.released_in_tx_rolled_back);
  for (int k = 0; k < NPOOLS; k++) {
    CHECK(pqpool_drain(PP[k], 5000) == 0, "drain completes (pool %d)", k);
    pqpool_close(PP[k]);
  }

  /* close racing late releases from other threads */
  for (int round = 0; round < 5; round++) {
    late x[4];
    pqpool *q;
    c.min_idle = 0;
    CHECK(pqpool_create(&c, &q, &e) == 0, "create: %s", e.msg);
    for (int i = 0; i < 4; i++) {
      x[i].p = q;
      pqpool_acquire(q, -1, &x[i].l, &e);
    }
    pthread_t lt[4];
    for (int i = 0; i < 4; i++) pthread_create(&lt[i], NULL, late_release, &x[i]);
    pqpool_close(q);
    int allok = 1;
    for (int i = 0; i < 4; i++) pthread_join(lt[i], NULL), allok &= x[i].rc == 0;
    CHECK(allok, "releases racing close all succeed (round %d)", round);
  }
  t_sleep_ms(100); /* let housekeeping threads see the close and free their pools */
  PGconn *admin = t_admin(srv.conninfo);
  long left = -1;
  for (int i = 0; i < 100 && (left = t_client_sessions(admin)) != 0; i++) t_sleep_ms(20);
  CHECK(left == 0, "no session left (%ld)", left);
  PQfinish(admin);
  pgtest_stop(&srv);
  return t_done("t_stress");
}

/* t_restart.c - "pg_ctl restart -m fast" twice under the story's load (3 processes x max 10 x 16
   threads, non-superuser, max_connections=20 with 3 reserved): callers see at most the in-flight
   queries fail (each connection open at the restart fails at most one query, around the restart),
   no acquire error, and the first transaction after the server is back completes within 1 s.
   "t_restart direct": the pools talk to the server; "t_restart pgbouncer": to a pgbouncer in
   transaction mode in front of it (started here on a unix socket), which also runs the story
   without restarts first (every process served within 2 s, zero errors). */
#include "bouncer.h"
#include "story.h"

#define NRESTART 2
static pgtest srv;
static double r_start[NRESTART], r_back[NRESTART];
static const int R_AT[NRESTART] = {2500, 6500};
static int r_ok[NRESTART];

static void restarter(story_run *run, void *arg) {
  (void)arg;
  for (int k = 0; k < NRESTART; k++) {
    while (t_now_ms() < run->t0 + R_AT[k]) t_sleep_ms(5);
    r_start[k] = t_now_ms() - run->t0;
    r_ok[k] = pgtest_restart(&srv) == 0; /* pg_ctl -w: returns when the server accepts connections */
    r_back[k] = t_now_ms() - run->t0;
  }
}

int main(int argc, char **argv) {
  int via = argc > 1 && !strcmp(argv[1], "pgbouncer");
  if (argc < 2 || (!via && strcmp(argv[1], "direct"))) {
    fprintf(stderr, "usage: t_restart direct|pgbouncer\n");
    return 2;
  }
  if (pgtest_start(&srv, 20, 0, STORY_SETTINGS) < 0) return 2;
  char ci[512];
  CHECK(story_role(&srv, ci, sizeof ci) == 0, "non-superuser role created");
  bouncer b;
  int max_conns = 17; /* connections that can exist at a restart: the server's slots for the role */
  if (via) {
    int rc = bouncer_start(&b, srv.dir, srv.port, "app", 15);
    if (rc) {
      pgtest_stop(&srv);
      return rc == 2 ? 77 : 2; /* 77: skipped (no pgbouncer) */
    }
    snprintf(ci, sizeof ci, "%s", b.conninfo);
    max_conns = 3 * 10; /* client connections to pgbouncer; it holds 15 server connections */
  }
  const char *label = via ? "pgbouncer" : "direct";
  story_run run = {.conninfo = ci, .nproc = 3};

  if (via) { /* the story behind pgbouncer, no restart */
    run.end_ms = 6000;
    CHECK(story_go(&run, NULL, NULL) == 0, "pgbouncer story: every process exited cleanly");
    double worst = story_report("pgbouncer, together", &run, 2000, 0, 6000);
    printf("pgbouncer, together: smallest share %.2f (not judged)\n", worst);
  }

  run.end_ms = 10000;
  CHECK(story_go(&run, restarter, NULL) == 0, "%s: every process exited cleanly", label);
  long acq = 0, qerr = 0, ops = 0;
  int nf[NRESTART] = {0}, outside = 0;
  for (int i = 0; i < run.nproc; i++) {
    story_proc *r = &run.res[i];
    acq += r->acq_err, qerr += r->q_err, ops += r->ops;
    CHECK(r->done && r->first_ms >= 0 && r->first_ms <= 2000, "%s: process %d served within 2 s (%.0f ms; %s)", label,
          i, r->first_ms, r->first_err);
    for (int f = 0; f < r->nfail; f++) {
      int k = -1;
      for (int j = 0; j < NRESTART; j++)
        if (r->fail_at[f] >= r_start[j] - 20 && r->fail_at[f] <= r_back[j] + 1000) k = j;
      if (k < 0) {
        outside++;
        printf("%s: a query failed at %.0f ms, outside every restart window\n", label, r->fail_at[f]);
      } else {
        nf[k]++;
      }
    }
    printf("%s: process %d: %ld tx, %ld acquire errors, %ld failed queries (last at %.0f ms), %llu connects%s%s%s%s\n",
           label, i, r->ops, r->acq_err, r->q_err, r->last_fail_ms, r->connects, r->first_err[0] ? "; first error: " : "", r->first_err,
           r->last_err[0] ? "; last failed query: " : "", r->last_err);
  }
  CHECK(acq == 0, "%s: no acquire error (%ld)", label, acq);
  CHECK(outside == 0 && qerr <= NRESTART * max_conns, "%s: %ld failed queries, all in restart windows (%d outside)",
        label, qerr, outside);
  for (int k = 0; k < NRESTART; k++) {
    double first = story_first_after(&run, r_back[k]);
    printf("%s: restart %d: pg_ctl restart -m fast took %.0f ms (%.0f-%.0f ms), %d queries failed in flight, first "
           "transaction %.0f ms after the server was back\n",
           label, k + 1, r_back[k] - r_start[k], r_start[k], r_back[k], nf[k], first);
    CHECK(r_ok[k], "%s: restart %d ran", label, k + 1);
    CHECK(nf[k] <= max_conns, "%s: restart %d: at most the in-flight queries failed (%d <= %d)", label, k + 1, nf[k],
          max_conns);
    CHECK(first >= 0 && first <= 1000, "%s: restart %d: first transaction within 1 s of the server being back (%.0f ms)",
          label, k + 1, first);
  }
  if (via) bouncer_stop(&b);
  pgtest_stop(&srv);
  return t_done(via ? "t_restart pgbouncer" : "t_restart direct");
}

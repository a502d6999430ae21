/* t_story.c - the story itself: max_connections=20 with the default 3 reserved slots, a non-superuser
   role, 3 processes x the services preset (max 10) x 16 threads of short transactions, started together
   (10 s) and staggered (+0/+1/+2 s, until 8 s). "t_story budget": with a host-wide budget of 17, every
   process is served within 2 s of its start and gets >= 0.8 of the fairest split; "t_story share":
   without it, every process is served within 5 s. Zero caller-visible errors in both. */
#include "story.h"

/* The long run (bench/share_cost.sh): the three processes together for `secs` seconds; prints what
   the mode costs in new connections per process per minute after the first 10 s (start-up), and the
   shares over that steady part. Checks the same as the short runs. */
static int long_run(story_run *run, const char *label, double serve, int secs) {
  run->end_ms = secs * 1000;
  CHECK(story_go(run, NULL, NULL) == 0, "%s, long: every process exited cleanly", label);
  char l1[64];
  snprintf(l1, sizeof l1, "%s, %d s", label, secs);
  double worst = story_report(l1, run, serve, 10000, run->end_ms);
  double mins = (run->end_ms - 10000) / 60000.0;
  for (int i = 0; i < run->nproc; i++) {
    const story_proc *r = &run->res[i];
    printf("%s: process %d: %llu connects after the first 10 s = %.1f per minute (%llu in all, %llu closed early)\n",
           l1, i, r->connects_late, (double)r->connects_late / mins, r->connects, r->closed_lifetime);
  }
  printf("%s: smallest share over 10-%d s %.2f\n", l1, secs, worst);
  return 0;
}

int main(int argc, char **argv) {
  int budget = argc > 1 && !strcmp(argv[1], "budget");
  int secs = argc > 2 ? atoi(argv[2]) : 0;
  if (argc < 2 || (!budget && strcmp(argv[1], "share")) || (argc > 2 && (secs < 20 || secs > 64))) {
    fprintf(stderr, "usage: t_story budget|share [SECONDS: one long run of 20-64 s]\n");
    return 2;
  }
  pgtest srv;
  if (pgtest_start(&srv, 20, 0, STORY_SETTINGS) < 0) return 2;
  char ci[512], bname[64];
  CHECK(story_role(&srv, ci, sizeof ci) == 0, "non-superuser role created");
  snprintf(bname, sizeof bname, "t_story.%ld", (long)getpid());
  story_run run = {.conninfo = ci, .nproc = 3};
  if (budget) run.budget_name = bname, run.budget_total = 17;
  const char *label = budget ? "budget" : "no budget";
  double serve = budget ? 2000 : 5000;

  if (secs) {
    long_run(&run, label, serve, secs);
    goto out;
  }

  /* together, 10 s */
  run.end_ms = 10000;
  CHECK(story_go(&run, NULL, NULL) == 0, "%s, together: every process exited cleanly", label);
  char l1[64];
  snprintf(l1, sizeof l1, "%s, together", label);
  double worst = story_report(l1, &run, serve, 0, 10000);
  printf("%s: smallest share %.2f\n", l1, worst);
  if (budget) CHECK(worst >= 0.8, "%s: every process got >= 0.8 of the fairest split (smallest %.2f)", l1, worst);

  /* staggered: +0, +1, +2 s, all until 8 s; shares over 4-8 s, when all three had had 2 s */
  run.start_ms[1] = 1000, run.start_ms[2] = 2000, run.end_ms = 8000;
  CHECK(story_go(&run, NULL, NULL) == 0, "%s, staggered: every process exited cleanly", label);
  snprintf(l1, sizeof l1, "%s, staggered", label);
  worst = story_report(l1, &run, serve, 4000, 8000);
  printf("%s: smallest share %.2f\n", l1, worst);
  if (budget) CHECK(worst >= 0.8, "%s: every process got >= 0.8 of the fairest split (smallest %.2f)", l1, worst);

out:
  if (budget) { /* the table survives the pools; the test removes its own */
    char path[96];
    snprintf(path, sizeof path, "/pqpool.%s", bname);
    shm_unlink(path);
  }
  PGconn *admin = t_admin(srv.conninfo);
  long left = -1;
  for (int i = 0; i < 100 && (left = t_client_sessions(admin)) != 0; i++) t_sleep_ms(20);
  CHECK(left == 0, "no session left after the pools closed (%ld)", left);
  PQfinish(admin);
  pgtest_stop(&srv);
  return t_done(budget ? "t_story budget" : "t_story share");
}

/* t_leak.c - leak detection names the acquire site (file:line, function, thread), counts it, and
   reports "returned after N ms" when the connection comes back. Driven by pqpool_maintain(). */
#include "pgtest.h"
#include "pqpool.h"
#include "tcheck.h"

static char logbuf[8192];
static void logcb(int level, const char *msg, void *arg) {
  (void)level, (void)arg;
  strncat(logbuf, msg, sizeof logbuf - strlen(logbuf) - 2);
  strcat(logbuf, "\n");
}

static int acquire_line;
static int leaky_handler(pqpool *p, pqpool_lease *l) {
  pqpool_error e;
  acquire_line = __LINE__ + 1;
  return PQPOOL_ACQUIRE(p, -1, l, &e);
}

int main(void) {
  pgtest srv;
  if (pgtest_start(&srv, 20, 0, NULL) < 0) return 2;
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = srv.conninfo;
  c.leak_threshold_ms = 400;
  c.housekeeping_interval_ms = 0; /* we drive maintenance */
  c.log = logcb;
  pqpool *p;
  pqpool_error e;
  CHECK(pqpool_create(&c, &p, &e) == 0, "create: %s", e.msg);
  pqpool_lease l, quick;
  CHECK(leaky_handler(p, &l) == 0, "acquire");
  CHECK(pqpool_acquire(p, -1, &quick, &e) == 0, "short lease");
  pqpool_maintain(p);
  CHECK(strstr(logbuf, "leak") == NULL, "nothing reported before the threshold: %s", logbuf);
  pqpool_release(p, &quick);
  t_sleep_ms(500);
  pqpool_maintain(p);
  pqpool_maintain(p); /* reported once only */
  char site[128];
  snprintf(site, sizeof site, "t_leak.c:%d in leaky_handler", acquire_line);
  CHECK(strstr(logbuf, "connection leak suspected") && strstr(logbuf, site) && strstr(logbuf, "by thread"),
        "leak report names the site %s: %s", site, logbuf);
  char *first = strstr(logbuf, "leak suspected");
  CHECK(first && !strstr(first + 1, "leak suspected"), "reported once");
  struct pqpool_stats s;
  pqpool_stats(p, &s);
  CHECK(s.leaks_suspected == 1 && s.leaks_outstanding == 1, "counted: suspected %llu outstanding %d",
        (unsigned long long)s.leaks_suspected, s.leaks_outstanding);
  t_sleep_ms(100);
  pqpool_release(p, &l);
  CHECK(strstr(logbuf, "previously reported leak") && strstr(logbuf, "returned after"), "follow-up: %s", logbuf);
  const char *ra = strstr(logbuf, "returned after ");
  long ms = ra ? strtol(ra + 15, NULL, 10) : -1;
  CHECK(ms >= 590, "returned after %ld ms (held >= 600 ms)", ms);
  pqpool_stats(p, &s);
  CHECK(s.leaks_suspected == 1 && s.leaks_outstanding == 0, "outstanding back to 0 (%d)", s.leaks_outstanding);
  printf("%s", logbuf);
  pqpool_close(p);
  pgtest_stop(&srv);
  return t_done("t_leak");
}

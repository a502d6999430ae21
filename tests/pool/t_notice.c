/* t_notice.c - server notices and error text: the pool's notice receiver passes the caller's notices and
   the server's own messages ("terminating connection due to administrator command") to the log callback,
   and to a notice processor the user installed (here in on_connect); with neither, libpq's default
   prints them to stderr. pqpool_error holds the whole libpq message (a long socket path). */
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>
#include "pgtest.h"
#include "pqpool.h"
#include "tcheck.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static char logged[8192];
static int user_calls;
static char user_seen[1024];

static void capture(int level, const char *msg, void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  size_t n = strlen(logged);
  snprintf(logged + n, sizeof logged - n, "[%d] %s\n", level, msg);
  pthread_mutex_unlock(&mu);
}

static void user_np(void *arg, const char *msg) {
  user_calls++;
  snprintf(user_seen, sizeof user_seen, "%s|%s", (const char *)arg, msg);
}

static int install_np(PGconn *c, void *arg) {
  (void)arg;
  PQsetNoticeProcessor(c, user_np, (void *)"user-arg");
  return 0;
}

static const char NOTICE_SQL[] = "DO $$BEGIN RAISE NOTICE 'hello from the caller'; END$$";

int main(void) {
  pgtest srv;
  if (pgtest_start(&srv, 20, 0, NULL) < 0) return 2;
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = srv.conninfo;
  c.max_size = 1;
  c.log = capture;
  c.on_connect = install_np;
  pqpool *p;
  pqpool_error e;
  CHECK(pqpool_create(&c, &p, &e) == 0, "create: %s", e.msg);

  /* 1. the caller's notice: log callback and the user's processor (with its own argument) */
  pqpool_lease l;
  CHECK(pqpool_acquire(p, 2000, &l, &e) == 0, "acquire: %s", e.msg);
  PQclear(PQexec(l.conn, NOTICE_SQL));
  pqpool_release(p, &l);
  CHECK(strstr(logged, "server notice: NOTICE:  hello from the caller") != NULL, "log callback got the notice: %s",
        logged);
  CHECK(user_calls == 1 && strstr(user_seen, "user-arg|NOTICE:  hello from the caller"),
        "chained to the user's processor with its argument (%d calls: %s)", user_calls, user_seen);

  /* 2. the server's own message on an idle pooled connection */
  PGconn *admin = t_admin(srv.conninfo);
  t_query_long(admin, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE backend_type = "
                      "'client backend' AND pid <> pg_backend_pid()");
  for (int i = 0; i < 250 && t_client_sessions(admin) != 0; i++) t_sleep_ms(20);
  t_sleep_ms(10);
  CHECK(pqpool_acquire(p, 2000, &l, &e) == 0, "acquire after terminate: %s", e.msg);
  pqpool_release(p, &l);
  CHECK(strstr(logged, "terminating connection due to administrator command") != NULL,
        "the FATAL the server sent to the idle connection reached the log: %s", logged);
  pqpool_close(p);

  /* 3. no log callback, no processor of the user's: libpq's default, stderr */
  c.log = NULL;
  c.on_connect = NULL;
  CHECK(pqpool_create(&c, &p, &e) == 0, "create: %s", e.msg);
  char tmpl[] = "/tmp/t_notice.XXXXXX";
  int fd = mkstemp(tmpl), saved = dup(2);
  fflush(stderr);
  dup2(fd, 2);
  if (pqpool_acquire(p, 2000, &l, &e) == 0) {
    PQclear(PQexec(l.conn, NOTICE_SQL));
    pqpool_release(p, &l);
  }
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  char buf[1024] = "";
  ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  buf[n > 0 ? n : 0] = 0;
  close(fd);
  unlink(tmpl);
  CHECK(strstr(buf, "NOTICE:  hello from the caller") != NULL, "without a log callback: stderr, as libpq does (%s)", buf);
  pqpool_close(p);

  /* 4. the whole libpq message, however long the socket path */
  char ci[512], dir[120];
  memset(dir, 'd', sizeof dir);
  memcpy(dir, "/tmp/", 5);
  dir[90] = 0; /* with "/.s.PGSQL.5432" under the 107-byte limit of a socket path */
  snprintf(ci, sizeof ci, "host=%s port=5432 user=postgres dbname=postgres", dir);
  pqpool_config_init(&c);
  c.conninfo = ci;
  c.log = capture;
  c.backoff_initial_ms = 20;
  CHECK(pqpool_create(&c, &p, &e) == 0, "create: %s", e.msg);
  int rc = pqpool_acquire(p, 300, &l, &e);
  size_t len = strlen(e.msg);
  CHECK(rc == PQPOOL_ECONNECT && len > 300 && strstr(e.msg, "accepting connections on that socket?") &&
            strstr(e.last_libpq_error, dir) && strstr(e.last_libpq_error, "on that socket?") &&
            !strstr(e.msg, "..."),
        "the whole message (%zu bytes): %s", len, e.msg);
  printf("error message: %zu bytes, libpq's part %zu bytes, nothing cut\n", len, strlen(e.last_libpq_error));
  pqpool_close(p);
  PQfinish(admin);
  pgtest_stop(&srv);
  return t_done("t_notice");
}

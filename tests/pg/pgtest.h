/* pgtest.h - C helper for tests: start/stop/restart a throw-away PostgreSQL server via tests/pg/pgtest.sh. */
#ifndef PGTEST_H
#define PGTEST_H

typedef struct pgtest {
  char dir[256];      /* server folder (unix socket lives here) */
  char conninfo[512]; /* "host=DIR port=PORT user=postgres dbname=postgres" */
  char tcp_conninfo[256]; /* "host=127.0.0.1 port=PORT ..." when started with tcp, else "" */
  int port;
  int running;
  int watchdog; /* pid of the process that stops the server if the test dies */
} pgtest;

/* Starts a server with max_connections and optional extra "key = value" settings (NULL-terminated
   array, or NULL; each is passed in double quotes, so no " or $ inside). tcp = 1 also listens on
   127.0.0.1 at a free port (tcp_conninfo); tcp = 0
   uses the unix socket only (port 5432 inside its own folder, so servers never collide).
   The script path is $PGTEST_SH, else the compile-time PGTEST_SH. The server is stopped
   automatically at exit and on fatal signals (SIGABRT, SIGSEGV, SIGTERM, SIGINT) if still running,
   and by a watchdog process if the test dies without running either (sanitizer exit, SIGKILL).
   Returns 0, or -1 with the reason on stderr. */
int pgtest_start(pgtest *t, int max_connections, int tcp, const char *const *settings);

/* Stops the server and removes its folder. Safe to call twice. Returns 0 or -1. */
int pgtest_stop(pgtest *t);

/* pg_ctl restart (fast), same folder and settings. Returns 0 or -1. */
int pgtest_restart(pgtest *t);

/* Runs "pg_ctl ARGS" against the server (e.g. "stop -m fast -w", "start -w"). Returns exit status. */
int pgtest_ctl(pgtest *t, const char *args);

/* A currently free loopback TCP port (bind to port 0), or -1. */
int pgtest_free_port(void);

#endif

/* bouncer.h - starts and stops a throw-away pgbouncer (Debian's /usr/sbin/pgbouncer) for pool tests
   (header-only): transaction mode, unix socket in its own temporary folder, stopped by its pid. */
#ifndef BOUNCER_H
#define BOUNCER_H
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tcheck.h"

typedef struct bouncer {
  char dir[64];
  char conninfo[256]; /* host=DIR port=6432 user=USER dbname=postgres */
  pid_t pid;
} bouncer;

static bouncer *g_bouncer;

/* Stops it (SIGTERM, then SIGKILL after 5 s) and removes its folder. Safe to call twice. */
static inline void bouncer_stop(bouncer *b) {
  if (b->pid > 0) {
    kill(b->pid, SIGTERM);
    for (int i = 0; i < 100 && kill(b->pid, 0) == 0; i++) t_sleep_ms(50);
    if (kill(b->pid, 0) == 0) kill(b->pid, SIGKILL);
    b->pid = 0;
  }
  if (b->dir[0]) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", b->dir);
    if (system(cmd) != 0) fprintf(stderr, "bouncer: could not remove %s\n", b->dir);
    b->dir[0] = 0;
  }
}

static void bouncer_atexit(void) {
  if (g_bouncer) bouncer_stop(g_bouncer);
}

/* Starts pgbouncer in front of the server at pg_dir:pg_port for user (trust), pool_size server
   connections, server_login_retry 0.1 s (its default 15 s would hold every client that long after a
   restart). Returns 0, or -1 with the reason on stderr (2 if pgbouncer is not installed). */
static inline int bouncer_start(bouncer *b, const char *pg_dir, int pg_port, const char *user, int pool_size) {
  memset(b, 0, sizeof *b);
  if (access("/usr/sbin/pgbouncer", X_OK) != 0) {
    fprintf(stderr, "bouncer: /usr/sbin/pgbouncer not installed (apt-get install pgbouncer)\n");
    return 2;
  }
  snprintf(b->dir, sizeof b->dir, "/tmp/pgbouncer.XXXXXX");
  if (!mkdtemp(b->dir)) return -1;
  chmod(b->dir, 0755);
  char path[128];
  snprintf(path, sizeof path, "%s/pgbouncer.ini", b->dir);
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fprintf(f,
          "[databases]\npostgres = host=%s port=%d dbname=postgres user=%s\n\n[pgbouncer]\n"
          "unix_socket_dir = %s\nlisten_port = 6432\nauth_type = trust\nauth_file = %s/userlist.txt\n"
          "pool_mode = transaction\ndefault_pool_size = %d\nmax_client_conn = 200\nserver_login_retry = 0.1\n"
          "logfile = %s/pgbouncer.log\npidfile = %s/pgbouncer.pid\n",
          pg_dir, pg_port, user, b->dir, b->dir, pool_size, b->dir, b->dir);
  fclose(f);
  snprintf(path, sizeof path, "%s/userlist.txt", b->dir);
  f = fopen(path, "w");
  if (!f) return -1;
  fprintf(f, "\"%s\" \"\"\n", user);
  fclose(f);
  char cmd[512];
  if (getuid() == 0)
    snprintf(cmd, sizeof cmd, "chown -R postgres: '%s' && runuser -u postgres -- /usr/sbin/pgbouncer -q -d '%s/pgbouncer.ini'",
             b->dir, b->dir);
  else
    snprintf(cmd, sizeof cmd, "/usr/sbin/pgbouncer -q -d '%s/pgbouncer.ini'", b->dir);
  g_bouncer = b;
  atexit(bouncer_atexit);
  if (system(cmd) != 0) {
    fprintf(stderr, "bouncer: '%s' failed\n", cmd);
    return -1;
  }
  char sock[128];
  snprintf(path, sizeof path, "%s/pgbouncer.pid", b->dir);
  snprintf(sock, sizeof sock, "%s/.s.PGSQL.6432", b->dir);
  for (int i = 0; i < 100 && !b->pid; i++) {
    f = fopen(path, "r");
    long pid = 0;
    if (f && fscanf(f, "%ld", &pid) == 1 && access(sock, F_OK) == 0) b->pid = (pid_t)pid;
    if (f) fclose(f);
    if (!b->pid) t_sleep_ms(50);
  }
  if (!b->pid) {
    fprintf(stderr, "bouncer: did not start (see %s/pgbouncer.log)\n", b->dir);
    return -1;
  }
  snprintf(b->conninfo, sizeof b->conninfo, "host=%s port=6432 user=%s dbname=postgres", b->dir, user);
  return 0;
}
#endif

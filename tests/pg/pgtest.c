/* pgtest.c - runs tests/pg/pgtest.sh through popen/system for C tests and stops servers left running at exit. */
#define _GNU_SOURCE
#include "pgtest.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PGTEST_SH
#define PGTEST_SH "tests/pg/pgtest.sh"
#endif

#define PGTEST_MAX 8
static pgtest *g_live[PGTEST_MAX];
static int g_hooked;
static pid_t g_owner;

static const char *script(void) {
  const char *s = getenv("PGTEST_SH");
  return s && *s ? s : PGTEST_SH;
}

static void stop_all(void) {
  if (getpid() != g_owner) return; /* forked test children never stop the parent's servers */
  for (int i = 0; i < PGTEST_MAX; i++)
    if (g_live[i]) pgtest_stop(g_live[i]);
}

static void on_signal(int sig) {
  stop_all();
  signal(sig, SIG_DFL);
  raise(sig);
}

static void track(pgtest *t, int on) {
  for (int i = 0; i < PGTEST_MAX; i++) {
    if (on && !g_live[i]) {
      g_live[i] = t;
      return;
    }
    if (!on && g_live[i] == t) g_live[i] = NULL;
  }
}

int pgtest_free_port(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) return -1;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof a;
  int port = -1;
  if (bind(s, (struct sockaddr *)&a, sizeof a) == 0 && getsockname(s, (struct sockaddr *)&a, &len) == 0)
    port = ntohs(a.sin_port);
  close(s);
  return port;
}

/* Starts a watchdog (sh, exec'd right after fork, output to /dev/null so ctest's pipes close) that
   stops the server if this process dies without stopping it (sanitizer abort, _exit, SIGKILL). */
static pid_t start_watchdog(const char *dir) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "while kill -0 %ld 2>/dev/null; do sleep 0.3; done; exec '%s' stop '%s'", (long)getpid(),
           script(), dir);
  pid_t w = fork();
  if (w == 0) {
    int nul = open("/dev/null", O_RDWR);
    if (nul >= 0) dup2(nul, 0), dup2(nul, 1), dup2(nul, 2);
    setsid();
    execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
    _exit(127);
  }
  return w;
}

int pgtest_start(pgtest *t, int max_connections, int tcp, const char *const *settings) {
  char cmd[2048];
  memset(t, 0, sizeof *t);
  t->port = tcp ? pgtest_free_port() : 5432;
  if (t->port < 0) {
    fprintf(stderr, "pgtest: no free port\n");
    return -1;
  }
  /* TCP is asked for with a quoted listen_addresses setting rather than PGTEST_TCP=1: pgtest.sh
     writes that one unquoted, which postgresql.conf rejects. */
  int n = snprintf(cmd, sizeof cmd, "PGTEST_TCP=0 PGTEST_PORT=%d '%s' start %d --", t->port, script(),
                   max_connections);
  if (tcp) n += snprintf(cmd + n, sizeof cmd - (size_t)n, " \"listen_addresses = '127.0.0.1'\"");
  for (int i = 0; settings && settings[i]; i++) n += snprintf(cmd + n, sizeof cmd - (size_t)n, " \"%s\"", settings[i]);
  FILE *f = popen(cmd, "r");
  if (!f) {
    perror("pgtest: popen");
    return -1;
  }
  char line[256] = "";
  if (!fgets(line, sizeof line, f)) line[0] = 0;
  int st = pclose(f);
  line[strcspn(line, "\n")] = 0;
  if (st != 0 || line[0] != '/') {
    fprintf(stderr, "pgtest: '%s' failed (status %d)\n", cmd, st);
    return -1;
  }
  snprintf(t->dir, sizeof t->dir, "%s", line);
  snprintf(t->conninfo, sizeof t->conninfo, "host=%s port=%d user=postgres dbname=postgres", t->dir, t->port);
  if (tcp)
    snprintf(t->tcp_conninfo, sizeof t->tcp_conninfo, "host=127.0.0.1 port=%d user=postgres dbname=postgres",
             t->port);
  t->running = 1;
  t->watchdog = start_watchdog(t->dir);
  if (!g_hooked) {
    g_hooked = 1;
    g_owner = getpid();
    atexit(stop_all);
    signal(SIGABRT, on_signal);
    signal(SIGSEGV, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
  }
  track(t, 1);
  return 0;
}

int pgtest_stop(pgtest *t) {
  char cmd[1024];
  if (!t->running) return 0;
  t->running = 0;
  track(t, 0);
  if (t->watchdog > 0) {
    kill(t->watchdog, SIGTERM);
    waitpid(t->watchdog, NULL, 0);
    t->watchdog = 0;
  }
  snprintf(cmd, sizeof cmd, "'%s' stop '%s'", script(), t->dir);
  return system(cmd) == 0 ? 0 : -1;
}

int pgtest_restart(pgtest *t) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "'%s' restart '%s'", script(), t->dir);
  return system(cmd) == 0 ? 0 : -1;
}

int pgtest_ctl(pgtest *t, const char *args) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "'%s' ctl '%s' %s >/dev/null 2>&1", script(), t->dir, args);
  int st = system(cmd);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

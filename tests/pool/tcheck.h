/* tcheck.h - tiny assertion counters and helpers shared by the pool tests (header-only). */
#ifndef TCHECK_H
#define TCHECK_H
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int t_pass, t_fail;

#define CHECK(cond, ...)                                                      \
  do {                                                                        \
    if (cond) {                                                               \
      t_pass++;                                                               \
    } else {                                                                  \
      t_fail++;                                                               \
      fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);         \
      fprintf(stderr, __VA_ARGS__);                                           \
      fputc('\n', stderr);                                                    \
    }                                                                         \
  } while (0)

/* Prints the closing summary; returns the exit status (non-zero on any failure). */
static inline int t_done(const char *name) {
  printf("%s: %d checks passed, %d failed\n", name, t_pass, t_fail);
  fflush(stdout);
  return t_fail ? 1 : 0;
}

static inline double t_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static inline void t_sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* Runs a one-value query; returns the value as long, or -1 on error. */
static inline long t_query_long(PGconn *c, const char *sql) {
  PGresult *r = PQexec(c, sql);
  long v = -1;
  if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
    v = strtol(PQgetvalue(r, 0, 0), NULL, 10);
  PQclear(r);
  return v;
}

/* Opens an admin connection outside the pool (for pg_stat_activity, pg_terminate_backend). */
static inline PGconn *t_admin(const char *conninfo) {
  PGconn *c = PQconnectdb(conninfo);
  if (PQstatus(c) != CONNECTION_OK) {
    fprintf(stderr, "admin connect failed: %s", PQerrorMessage(c));
    PQfinish(c);
    return NULL;
  }
  return c;
}

/* Client backends other than the admin session itself. */
static inline long t_client_sessions(PGconn *admin) {
  return t_query_long(admin, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                             "AND pid <> pg_backend_pid()");
}
#endif

/* log.c - pqpool's log callback dispatch, error filling and libpq notice routing. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "pool_internal.h"

static const char *level_name(int level) {
  switch (level) {
  case PQPOOL_LOG_DEBUG: return "debug";
  case PQPOOL_LOG_INFO: return "info";
  case PQPOOL_LOG_WARN: return "warning";
  default: return "error";
  }
}

/* Formats "name: msg" and hands it to cfg.log, or prints WARN and above to stderr.
   Must be called without p->mu held (the callback may call back into the pool). */
void pool_log(pqpool *p, int level, const char *fmt, ...) {
  char msg[PQPOOL_ERRMSG_SIZE + 256];
  int n = snprintf(msg, sizeof msg, "%s: ", p->cfg.name);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
  va_end(ap);
  size_t len = strlen(msg);
  while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' ')) msg[--len] = 0;
  if (p->cfg.log)
    p->cfg.log(level, msg, p->cfg.hook_arg);
  else if (level >= PQPOOL_LOG_WARN)
    fprintf(stderr, "pqpool %s: %s\n", level_name(level), msg);
}

/* A string of n bytes (n = what snprintf wanted) did not fit buf: end it with "..." (pqpool.h contract). */
static void mark_cut(char *buf, size_t size, int n) {
  if (n >= 0 && (size_t)n >= size && size > 4) memcpy(buf + size - 4, "...", 4);
}

/* Fills err (if not NULL) with code, formatted message and libpq's message; returns code. */
int pool_err(pqpool_error *err, int code, const char *libpq_msg, const char *fmt, ...) {
  if (!err) return code;
  err->code = code;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
  mark_cut(err->msg, sizeof err->msg, n);
  size_t len = strlen(err->msg);
  while (len > 0 && err->msg[len - 1] == '\n') err->msg[--len] = 0;
  n = snprintf(err->last_libpq_error, sizeof err->last_libpq_error, "%s", libpq_msg ? libpq_msg : "");
  mark_cut(err->last_libpq_error, sizeof err->last_libpq_error, n);
  len = strlen(err->last_libpq_error);
  while (len > 0 && err->last_libpq_error[len - 1] == '\n') err->last_libpq_error[--len] = 0;
  return code;
}

POOL_TLS int pool_own_stmt;

static int severity_level(const PGresult *res) {
  const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
  if (!sev) sev = PQresultErrorField(res, PG_DIAG_SEVERITY);
  if (!sev) return PQPOOL_LOG_INFO;
  if (!strcmp(sev, "FATAL") || !strcmp(sev, "PANIC") || !strcmp(sev, "ERROR")) return PQPOOL_LOG_ERROR;
  if (!strcmp(sev, "WARNING")) return PQPOOL_LOG_WARN;
  return PQPOOL_LOG_INFO;
}

/* libpq notice receiver of every pooled connection (arg: its pool_entry). Notices of the pool's own
   statements (pool_own_stmt: ping, ROLLBACK, reset, the liveness test that reads a termination
   message) go to the pool log only. Every other notice - the caller's statements, and messages the
   server sends on its own such as "FATAL: terminating connection due to administrator command" - goes
   to the log callback when one is set (level from its severity), and then to the notice processor the
   user installed on the connection (PQsetNoticeProcessor, e.g. in on_connect or on a lease), through
   libpq's default receiver which formats it and calls that processor with its own argument. With
   neither, libpq's default processor prints it to stderr, as without the pool. */
void pool_notice_rx(void *arg, const PGresult *res) {
  pool_entry *e = arg;
  pqpool *p = e->pool;
  const char *msg = PQresultErrorMessage(res);
  if (pool_own_stmt) {
    pool_log(p, PQPOOL_LOG_INFO, "server notice: %s", msg); /* INFO: never to stderr */
    return;
  }
  if (p->cfg.log) pool_log(p, severity_level(res), "server notice: %s", msg);
  const pool_notice_defs *nd = &p->ndefs[e - p->slots];
  int user_np = e->conn && PQsetNoticeProcessor(e->conn, NULL, NULL) != nd->np;
  if ((user_np || !p->cfg.log) && nd->nr) nd->nr(NULL, res);
}

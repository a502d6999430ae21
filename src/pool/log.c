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
  char msg[768];
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

/* Fills err (if not NULL) with code, formatted message and libpq's message; returns code. */
int pool_err(pqpool_error *err, int code, const char *libpq_msg, const char *fmt, ...) {
  if (!err) return code;
  err->code = code;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
  snprintf(err->last_libpq_error, sizeof err->last_libpq_error, "%s", libpq_msg ? libpq_msg : "");
  size_t len = strlen(err->last_libpq_error);
  while (len > 0 && err->last_libpq_error[len - 1] == '\n') err->last_libpq_error[--len] = 0;
  return code;
}

POOL_TLS int pool_own_stmt;

/* libpq notice processor installed on every pooled connection: notices caused by the pool's own
   statements (pool_own_stmt set) go to the pool log at INFO; the user's go to stderr as libpq does. */
void pool_notice_to_log(void *arg, const char *msg) {
  if (pool_own_stmt)
    pool_log((pqpool *)arg, PQPOOL_LOG_INFO, "server notice: %s", msg);
  else
    fprintf(stderr, "%s", msg);
}

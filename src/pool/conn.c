/* conn.c - network I/O on single connections: ms-bounded connect, free liveness test, bounded exec, close. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "pool_internal.h"

/* Waits for fd to become readable (events=POLLIN) or writable until deadline.
   Returns 1 ready, 0 deadline passed, -1 error. */
static int wait_fd(int fd, short events, int64_t deadline_us) {
  for (;;) {
    int64_t left = deadline_us - pool_now_us();
    if (left <= 0) return 0;
    struct pollfd pfd = {.fd = fd, .events = events};
    int ms = (int)((left + 999) / 1000);
    int r = poll(&pfd, 1, ms);
    if (r > 0) return (pfd.revents & POLLNVAL) ? -1 : 1;
    if (r < 0 && errno != EINTR) return -1;
  }
}

/* Classifies a failed connect's libpq message: libpq 15 gives no SQLSTATE for a refused connect, so
   server full (53300) and restarting (57P03) are only recognisable by their text. */
static int classify(const char *msg) {
  if (strstr(msg, "too many clients") || strstr(msg, "remaining connection slots are reserved") ||
      strstr(msg, "too many connections for"))
    return CONN_FULL;
  if (strstr(msg, "the database system is starting up") || strstr(msg, "the database system is shutting down") ||
      strstr(msg, "the database system is not yet accepting connections") ||
      strstr(msg, "the database system is in recovery mode"))
    return CONN_STARTING;
  return CONN_DOWN;
}

static void copy_err(char *buf, size_t len, const char *msg) {
  snprintf(buf, len, "%s", msg && *msg ? msg : "unknown libpq error");
  size_t n = strlen(buf);
  while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ')) buf[--n] = 0;
}

/* Opens one connection for slot e with a millisecond deadline (PQconnectStartParams + PQconnectPoll +
   poll), routes its notices through pool_notice_rx, then runs init_sql and the on_connect hook.
   verify = 1 (first contact, or a connection just broke): the empty query must succeed too, within
   check_timeout_ms, or the connect counts as failed (CONN_DOWN): behind a pooler such as pgbouncer
   the login succeeds while the server behind it is down, and only a statement tells.
   Returns the connection, or NULL with *kind set (CONN_DOWN, CONN_FULL, CONN_STARTING, CONN_TIMEOUT,
   CONN_NOMEM, CONN_HOOK) and errbuf holding the reason. */
PGconn *pool_conn_open(pqpool *p, pool_entry *e, int64_t deadline_us, int verify, int *kind, char *errbuf,
                       size_t len) {
  const char *conninfo = p->cfg.conninfo_cb ? p->cfg.conninfo_cb(p->cfg.conninfo_arg) : p->cfg.conninfo;
  const char *kw[] = {"dbname", NULL};
  const char *val[] = {conninfo ? conninfo : "", NULL};
  int64_t start = pool_now_us();
  PGconn *c = PQconnectStartParams(kw, val, 1);
  if (!c) {
    *kind = CONN_NOMEM;
    snprintf(errbuf, len, "out of memory");
    return NULL;
  }
  PostgresPollingStatusType st = PGRES_POLLING_WRITING;
  if (PQstatus(c) == CONNECTION_BAD) st = PGRES_POLLING_FAILED;
  while (st != PGRES_POLLING_OK) {
    if (st == PGRES_POLLING_FAILED) {
      copy_err(errbuf, len, PQerrorMessage(c));
      *kind = classify(errbuf);
      PQfinish(c);
      return NULL;
    }
    int r = wait_fd(PQsocket(c), st == PGRES_POLLING_READING ? POLLIN : POLLOUT, deadline_us);
    if (r == 0) {
      snprintf(errbuf, len, "connect timed out after %lld ms", (long long)((pool_now_us() - start) / 1000));
      *kind = CONN_TIMEOUT;
      PQfinish(c);
      return NULL;
    }
    st = PQconnectPoll(c);
  }
  e->pool = p;
  e->conn = c; /* the receiver finds the connection through the entry */
  pool_notice_defs *nd = &p->ndefs[e - p->slots];
  nd->np = PQsetNoticeProcessor(c, NULL, NULL); /* NULL: only reads the current one */
  nd->nr = PQsetNoticeReceiver(c, pool_notice_rx, e);
  if (verify && pool_conn_exec(p, c, "", pool_now_us() + (int64_t)p->cfg.check_timeout_ms * 1000) < 0) {
    copy_err(errbuf, len, PQerrorMessage(c));
    *kind = classify(errbuf);
    if (*kind == CONN_OK) *kind = CONN_DOWN;
    PQfinish(c);
    return NULL;
  }
  if (p->cfg.init_sql) {
    int64_t dl = pool_now_us() + (int64_t)p->cfg.check_timeout_ms * 1000;
    if (pool_conn_exec(p, c, p->cfg.init_sql, dl) < 0) {
      snprintf(errbuf, len, "init_sql failed: ");
      copy_err(errbuf + strlen(errbuf), len - strlen(errbuf), PQerrorMessage(c));
      *kind = CONN_HOOK;
      PQfinish(c);
      return NULL;
    }
  }
  if (p->cfg.on_connect && p->cfg.on_connect(c, p->cfg.hook_arg) != 0) {
    snprintf(errbuf, len, "on_connect hook rejected the connection");
    *kind = CONN_HOOK;
    PQfinish(c);
    return NULL;
  }
  *kind = CONN_OK;
  return c;
}

/* Free liveness test of an idle connection, no round trip: poll(0) on the socket and, while it is
   readable, PQconsumeInput (0 = EOF) and PQisBusy (parses the server's termination message).
   Returns 0 when it is dead, 1 when usable and nothing arrived, 2 when usable but something arrived
   while idle (a NOTIFY, a parameter change, or a termination message whose EOF is still in flight:
   the caller confirms with a round trip). */
int pool_conn_alive(pqpool *p, PGconn *c) {
  if (PQstatus(c) != CONNECTION_OK) return 0;
  int fd = PQsocket(c);
  if (fd < 0) return 0;
  int arrived = 0;
  for (int i = 0; i < 8; i++) {
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    int r = poll(&pfd, 1, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 || (pfd.revents & POLLNVAL)) return 0;
    if (r == 0) break;
    arrived = 1;
    pool_own_stmt = 1;
    int ok = PQconsumeInput(c);
    if (ok) PQisBusy(c);
    pool_own_stmt = 0;
    if (!ok || PQstatus(c) == CONNECTION_BAD) return 0;
  }
  if (PQstatus(c) != CONNECTION_OK || PQtransactionStatus(c) != PQTRANS_IDLE) return 0;
  return arrived ? 2 : 1;
}

/* Runs sql (may hold several statements) on an idle connection, bounded by deadline_us. Notices go
   to the pool log (pool_own_stmt). Returns 0 if every result succeeded, -1 otherwise (timeout: the connection is
   left mid-query and must be closed by the caller). */
int pool_conn_exec(pqpool *p, PGconn *c, const char *sql, int64_t deadline_us) {
  pool_own_stmt = 1;
  int rc = 0;
  if (!PQsendQuery(c, sql)) {
    rc = -1;
    goto out;
  }
  for (;;) {
    while (PQisBusy(c)) {
      if (wait_fd(PQsocket(c), POLLIN, deadline_us) <= 0 || !PQconsumeInput(c)) {
        rc = -1;
        goto out;
      }
    }
    PGresult *res = PQgetResult(c);
    if (!res) break;
    ExecStatusType s = PQresultStatus(res);
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY) rc = -1;
    PQclear(res);
  }
out:
  pool_own_stmt = 0;
  return rc;
}

/* Runs one statement returning one row on an idle connection, bounded by deadline_us, as the pool's
   own statement. Returns its tuples result (caller PQclears), or NULL: the statement failed (the
   connection is still usable if PQstatus is OK and the transaction idle) or timed out (close it). */
PGresult *pool_conn_query(pqpool *p, PGconn *c, const char *sql, int64_t deadline_us) {
  (void)p;
  PGresult *keep = NULL;
  pool_own_stmt = 1;
  if (!PQsendQuery(c, sql)) goto out;
  for (;;) {
    while (PQisBusy(c)) {
      if (wait_fd(PQsocket(c), POLLIN, deadline_us) <= 0 || !PQconsumeInput(c)) {
        PQclear(keep);
        keep = NULL;
        goto out;
      }
    }
    PGresult *res = PQgetResult(c);
    if (!res) break;
    if (!keep && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
      keep = res;
    else
      PQclear(res);
  }
out:
  pool_own_stmt = 0;
  return keep;
}

/* Closes a connection for reason: on_close hook, then PQfinish (sends Terminate). No lock held. */
void pool_conn_close(pqpool *p, PGconn *c, int reason) {
  if (!c) return;
  if (p->cfg.on_close) p->cfg.on_close(c, reason, p->cfg.hook_arg);
  PQfinish(c);
}

/* Frees a connection inherited across fork() without touching the parent's session: /dev/null is
   dup2()ed over the socket first, so PQfinish's Terminate message goes nowhere. */
void pool_conn_abandon(PGconn *c) {
  if (!c) return;
  int fd = PQsocket(c);
  if (fd >= 0) {
    int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (nul >= 0) {
      dup2(nul, fd);
      close(nul);
    }
  }
  PQfinish(c);
}

/* t_release_tx.c - a connection released inside a transaction (with a row lock, or aborted) is rolled
   back: the next user sees PQTRANS_IDLE and pg_locks is clean; with PQPOOL_DISCARD it is closed. */
#include "pgtest.h"
#include "pqpool.h"
#include "tcheck.h"

static char logbuf[4096];
static void logcb(int level, const char *msg, void *arg) {
  (void)arg;
  if (level >= PQPOOL_LOG_WARN) strncat(logbuf, msg, sizeof logbuf - strlen(logbuf) - 2), strcat(logbuf, "\n");
}

static long row_locks(PGconn *admin) {
  return t_query_long(admin, "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                             "WHERE c.relname = 'acct' AND l.pid <> pg_backend_pid()");
}

/* A discarded connection's backend releases its locks when it exits, a moment after PQfinish. */
static long settle(PGconn *admin, long (*f)(PGconn *)) {
  long n = -1;
  for (int i = 0; i < 100 && (n = f(admin)) != 0; i++) t_sleep_ms(20);
  return n;
}

static void run(const char *ci, PGconn *admin, int policy) {
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = ci;
  c.max_size = 1;
  c.on_release_in_tx = policy;
  c.log = logcb;
  logbuf[0] = 0;
  pqpool *p;
  pqpool_error e;
  pqpool_lease l;
  CHECK(pqpool_create(&c, &p, &e) == 0, "create: %s", e.msg);
  CHECK(PQPOOL_ACQUIRE(p, -1, &l, &e) == 0, "acquire: %s", e.msg);
  long pid1 = t_query_long(l.conn, "SELECT pg_backend_pid()");
  PQclear(PQexec(l.conn, "BEGIN"));
  PGresult *r = PQexec(l.conn, "SELECT * FROM acct WHERE id = 1 FOR UPDATE");
  PQclear(r);
  CHECK(PQtransactionStatus(l.conn) == PQTRANS_INTRANS, "inside a transaction");
  CHECK(row_locks(admin) > 0, "row lock held (%ld)", row_locks(admin));
  CHECK(pqpool_release(p, &l) == 0, "release inside the transaction");
  long locks = policy == PQPOOL_ROLLBACK ? row_locks(admin) : settle(admin, row_locks);
  CHECK(locks == 0, "pg_locks clean after release (%ld)", locks);
  CHECK(PQPOOL_ACQUIRE(p, -1, &l, &e) == 0, "next acquire: %s", e.msg);
  CHECK(PQtransactionStatus(l.conn) == PQTRANS_IDLE, "next user sees an idle connection");
  long pid2 = t_query_long(l.conn, "SELECT pg_backend_pid()");
  PGresult *u = PQexec(l.conn, "UPDATE acct SET v = v + 1 WHERE id = 1"); /* would block if the lock leaked */
  CHECK(PQresultStatus(u) == PGRES_COMMAND_OK, "row is writable again");
  PQclear(u);
  /* an aborted transaction (INERROR) is cleaned too */
  PQclear(PQexec(l.conn, "BEGIN"));
  PQclear(PQexec(l.conn, "SELECT 1/0"));
  CHECK(PQtransactionStatus(l.conn) == PQTRANS_INERROR, "aborted transaction");
  pqpool_release(p, &l);
  CHECK(PQPOOL_ACQUIRE(p, -1, &l, &e) == 0 && PQtransactionStatus(l.conn) == PQTRANS_IDLE, "idle after INERROR");
  pqpool_release(p, &l);
  struct pqpool_stats s;
  pqpool_stats(p, &s);
  if (policy == PQPOOL_ROLLBACK) {
    CHECK(pid1 == pid2, "rollback keeps the connection (pid %ld -> %ld)", pid1, pid2);
    CHECK(s.released_in_tx_rolled_back == 2, "2 rollbacks counted (%llu)", (unsigned long long)s.released_in_tx_rolled_back);
    CHECK(strstr(logbuf, "rolled back (acquired at") && strstr(logbuf, "t_release_tx.c"), "warning names the site: %s", logbuf);
  } else {
    CHECK(pid1 != pid2, "discard policy closes it (pid %ld -> %ld)", pid1, pid2);
    CHECK(s.closed[PQPOOL_CLOSE_RELEASED_IN_TX] == 2, "2 discards counted (%llu)",
          (unsigned long long)s.closed[PQPOOL_CLOSE_RELEASED_IN_TX]);
  }
  pqpool_close(p);
}

int main(void) {
  pgtest srv;
  if (pgtest_start(&srv, 20, 0, NULL) < 0) return 2;
  PGconn *admin = t_admin(srv.conninfo);
  PQclear(PQexec(admin, "CREATE TABLE acct(id int primary key, v int); INSERT INTO acct VALUES (1, 0)"));
  PQclear(PQexec(admin, "SET lock_timeout = '2s'"));
  run(srv.conninfo, admin, PQPOOL_ROLLBACK);
  run(srv.conninfo, admin, PQPOOL_DISCARD);
  long left = settle(admin, t_client_sessions);
  CHECK(left == 0, "no session left after close (%ld)", left);
  PQfinish(admin);
  pgtest_stop(&srv);
  return t_done("t_release_tx");
}

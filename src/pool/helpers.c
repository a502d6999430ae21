/* helpers.c - the process-wide shared pool and the scoped helpers pqpool_exec / pqpool_with_tx. */
#include <pthread.h>
#include <string.h>
#include "pool_internal.h"

static pthread_once_t s_once = PTHREAD_ONCE_INIT;
static pqpool *s_pool;
static pqpool_error s_err;

static void shared_init(void) {
  pqpool_config c;
  pqpool_config_service(&c);
  c.conninfo = NULL; /* $POSTGRES_URL */
  c.name = "pqpool-shared";
  pqpool_create(&c, &s_pool, &s_err);
}

/* See pqpool.h. Created once (pthread_once); a failed creation is remembered and reported again. */
pqpool *pqpool_shared(pqpool_error *err) {
  pthread_once(&s_once, shared_init);
  if (!s_pool && err) *err = s_err;
  return s_pool;
}

/* Gives the lease back: discarded if the connection broke, released otherwise. */
static void give_back(pqpool *p, pqpool_lease *l) {
  if (PQstatus(l->conn) != CONNECTION_OK)
    pqpool_discard(p, l);
  else
    pqpool_release(p, l);
}

/* See pqpool.h. A failed query still returns its PGresult (the caller checks PQresultStatus);
   NULL only if no connection could be acquired or libpq returned no result. */
PGresult *pqpool_exec(pqpool *p, const char *sql, pqpool_error *err) {
  pqpool_lease l;
  if (!sql) {
    pool_err(err, PQPOOL_EINVAL, NULL, "pqpool_exec: sql is NULL");
    return NULL;
  }
  if (pqpool_acquire(p, -1, &l, err) < 0) return NULL;
  PGresult *r = PQexec(l.conn, sql);
  if (!r) pool_err(err, PQPOOL_ECONNECT, PQerrorMessage(l.conn), "pqpool_exec: no result: %s", PQerrorMessage(l.conn));
  give_back(p, &l);
  return r;
}

static int run(PGconn *c, const char *sql) {
  PGresult *r = PQexec(c, sql);
  int ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok ? 0 : -1;
}

/* See pqpool.h. fn's non-zero return rolls back; a failed BEGIN/COMMIT returns PQPOOL_ECONNECT. */
int pqpool_with_tx(pqpool *p, const char *begin_sql, int (*fn)(PGconn *, void *), void *arg, pqpool_error *err) {
  pqpool_lease l;
  if (!fn) return pool_err(err, PQPOOL_EINVAL, NULL, "pqpool_with_tx: fn is NULL");
  int rc = pqpool_acquire(p, -1, &l, err);
  if (rc < 0) return rc;
  if (run(l.conn, begin_sql ? begin_sql : "BEGIN") < 0) {
    rc = pool_err(err, PQPOOL_ECONNECT, PQerrorMessage(l.conn), "pqpool_with_tx: BEGIN failed: %s",
                  PQerrorMessage(l.conn));
  } else {
    rc = fn(l.conn, arg);
    if (rc == 0 && run(l.conn, "COMMIT") < 0)
      rc = pool_err(err, PQPOOL_ECONNECT, PQerrorMessage(l.conn), "pqpool_with_tx: COMMIT failed: %s",
                    PQerrorMessage(l.conn));
    else if (rc != 0)
      run(l.conn, "ROLLBACK");
  }
  give_back(p, &l);
  return rc;
}

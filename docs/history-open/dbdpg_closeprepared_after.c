/* dbdpg_closeprepared_after.c - DBD::Pg pg_st_deallocate_statement() after PR #188: the statement's old result is cleared once (imp_sth->result and imp_dbh->last_result may be the same PGresult) before PQclosePrepared's result is stored. */
// pqlint-args: --disable direct-connect,status-unchecked
/* Source: bucardo/dbdpg, dbdimp.c pg_st_deallocate_statement() of DBD::Pg 3.20.0 (libpq >= 17 branch), as
 * quoted in issue https://github.com/bucardo/dbdpg/issues/187 ("dbdimp.c line 4205": the previous result
 * "is lost — PQclear(R_select) is never called"; dbd_st_finish() does not touch imp_sth->result); fixed by
 * https://github.com/bucardo/dbdpg/pull/188 (clear the old result, once, before the overwrite).
 * The added block is the diff of PR #188 as shown in its review thread.
 * Reduced: the stored dbdimp.c revisions predate 3.20.0, so the function is cut to the lines the issue
 * quotes; the execute path is the stored dbd_st_execute() (4bd2398339caa23f6c9cd0d7a859a40be06773f3)
 * cut to its PQexecPrepared branch: it is the run's evidence that imp_sth->result owns its result.
 */
#include <stdbool.h>
#include <libpq-fe.h>

#define DBDPG_FALSE false
typedef struct imp_dbh_st {
  PGconn *conn;
  PGresult *last_result;
  bool result_clearable;
  long sth_result_owner;
} imp_dbh_t;
typedef struct imp_sth_st {
  imp_dbh_t *dbh;
  PGresult *result;
  char *prepare_name;
  int numphs;
  const char **PQvals;
  int *PQlens;
  int *PQfmts;
} imp_sth_t;

long dbd_st_execute(imp_sth_t *imp_sth) {
  imp_dbh_t *imp_dbh = imp_sth->dbh;
  int same_result;

  /* If the last result is unclaimed, or if it belongs to us, free as needed */
  same_result = imp_dbh->last_result == imp_sth->result ? 1 : 0;
  if ((0 == imp_dbh->sth_result_owner || (long int)imp_sth == imp_dbh->sth_result_owner)
      && NULL != imp_dbh->last_result) {
    PQclear(imp_dbh->last_result);
    imp_dbh->last_result = NULL;
  }
  /* If the above wasn't our result, free that too */
  if (!same_result && NULL != imp_sth->result) {
    PQclear(imp_sth->result);
    imp_sth->result = NULL;
  }

  imp_dbh->last_result = imp_sth->result = PQexecPrepared
    (imp_dbh->conn, imp_sth->prepare_name, imp_sth->numphs,
     imp_sth->PQvals, imp_sth->PQlens, imp_sth->PQfmts, 0);
  imp_dbh->sth_result_owner = (long int)imp_sth;
  return PQntuples(imp_sth->result);
}

int pg_st_deallocate_statement(imp_sth_t *imp_sth) {
  imp_dbh_t *imp_dbh = imp_sth->dbh;

  /*
   * The previous result from PQexecPrepared may still be
   * owned by this sth before overwriting both imp_sth->result and
   * imp_dbh->last_result, otherwise the old result is leaked.
   */
  if (imp_sth->result) {
    if (imp_sth->result != imp_dbh->last_result) {
      PQclear(imp_sth->result);
    } else {
      PQclear(imp_dbh->last_result);
      imp_dbh->last_result = NULL;
    }
  }
  imp_dbh->last_result = imp_sth->result
    = PQclosePrepared(imp_dbh->conn, imp_sth->prepare_name);
  imp_dbh->result_clearable = DBDPG_FALSE;

  return PQresultStatus(imp_sth->result) == PGRES_COMMAND_OK ? 0 : 1;
}

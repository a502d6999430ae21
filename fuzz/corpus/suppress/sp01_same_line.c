/* sp01_same_line.c - suppress: an ignore comment on the reported line silences that finding. */
#include <libpq-fe.h>

int migrate(void) {
  PGconn* conn = PQconnectdb("dbname=app");  // pqlint: ignore[direct-connect] one-shot migration tool
  int ok = PQstatus(conn) == CONNECTION_OK;
  PQfinish(conn);
  return ok;
}

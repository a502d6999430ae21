/* sp02_line_above.c - suppress: an ignore comment on the line above the reported line. */
#include <libpq-fe.h>

int migrate_above(void) {
  // pqlint: ignore[direct-connect] one-shot migration tool
  PGconn* conn = PQconnectdb("dbname=app");
  int ok = PQstatus(conn) == CONNECTION_OK;
  PQfinish(conn);
  return ok;
}

/* sp06_all.c - suppress: ignore[all] silences every rule on its line. */
#include <libpq-fe.h>

int everything(void) {
  PGconn* conn = PQconnectdb("host=db password=hunter2");  // pqlint: ignore[all] vendored example
  int ok = PQstatus(conn) == CONNECTION_OK;
  PQfinish(conn);
  return ok;
}

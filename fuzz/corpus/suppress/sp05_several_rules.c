/* sp05_several_rules.c - suppress: one comment naming two rules silences both on its line; a third stays. */
#include <libpq-fe.h>

int several(void) {
  PGconn* a = PQconnectdb("host=db password=hunter2");  // pqlint: ignore[direct-connect,hardcoded-secret] test fixture credentials
  // pqlint: ignore[hardcoded-secret] only the secret is accepted here
  PGconn* b = PQconnectdb("host=db password=hunter2");  // expect: direct-connect
  int ok = PQstatus(a) == CONNECTION_OK && PQstatus(b) == CONNECTION_OK;
  PQfinish(a);
  PQfinish(b);
  return ok;
}

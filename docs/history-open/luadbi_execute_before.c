/* luadbi_execute_before.c - luadbi statement:execute(): the new result overwrites statement->result, which still holds the previous execute's result. */
// pqlint-args: --disable direct-connect,status-unchecked
/* Source: mwild1/luadbi, dbd/postgresql/statement.c statement_execute() at 01fcfc0d562161b19d20fa6800df3228392619fe
 * (the stored pre-fix revision); fixed by https://github.com/mwild1/luadbi/pull/50 ("Fix memory leak in
 * statement:execute by calling PQclear": "the old result is not cleared ... call PQclear before assigning
 * new result to statement->result"). A script that calls sth:execute() in a loop grows without bound.
 * Reduced: the Lua parameter conversion loop and the connection check are cut; the error branch after
 * PQresultStatus returns without clearing `result` in both revisions (a separate leak the fix does not
 * touch), so it is cut from both files. statement_close() and statement_create() are kept: they are the
 * run's evidence that statement_t owns its result field (close clears it, create sets it NULL).
 */
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>

#define IDLEN 36
typedef struct lua_State lua_State;
extern void lua_pushboolean(lua_State *L, int b);
extern const char *lua_pushfstring(lua_State *L, const char *fmt, ...);
extern void *luaL_checkudata(lua_State *L, int ud, const char *tname);
extern void *lua_newuserdata(lua_State *L, size_t sz);
extern int lua_gettop(lua_State *L);

typedef struct _connection { PGconn *postgresql; unsigned int statement_id; } connection_t;
typedef struct _statement {
  connection_t *conn;
  PGresult *result;
  char name[IDLEN];
  int tuple;
} statement_t;

static int statement_close(lua_State *L) {
  statement_t *statement = (statement_t *)luaL_checkudata(L, 1, "DBD.PostgreSQL.Statement");

  if (statement->result) {
    PQclear(statement->result);
    statement->result = NULL;
  }

  return 0;
}

static int statement_execute(lua_State *L) {
  int n = lua_gettop(L);
  statement_t *statement = (statement_t *)luaL_checkudata(L, 1, "DBD.PostgreSQL.Statement");
  int num_bind_params = n - 1;
  const char **params;
  PGresult *result = NULL;

  statement->tuple = 0;

  params = malloc(num_bind_params * sizeof(params));
  memset(params, 0, num_bind_params * sizeof(params));

  result = PQexecPrepared(statement->conn->postgresql, statement->name, num_bind_params,
                          (const char **)params, NULL, NULL, 0);

  free(params);

  if (!result) {
    lua_pushboolean(L, 0);
    lua_pushfstring(L, "%s", PQerrorMessage(statement->conn->postgresql));
    return 2;
  }

  statement->result = result; // expect: result-leak

  lua_pushboolean(L, 1);
  return 1;
}

int dbd_postgresql_statement_create(lua_State *L, connection_t *conn, const char *name) {
  statement_t *statement = (statement_t *)lua_newuserdata(L, sizeof(statement_t));
  statement->conn = conn;
  statement->result = NULL;
  statement->tuple = 0;
  strncpy(statement->name, name, IDLEN - 1);
  statement->name[IDLEN - 1] = '\0';
  return 1;
}

int dbd_postgresql_statement_methods(lua_State *L) {
  return statement_execute(L) + statement_close(L);
}

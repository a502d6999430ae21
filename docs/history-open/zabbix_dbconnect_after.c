/* zabbix_dbconnect_after.c - Zabbix zbx_db_connect() (PostgreSQL) with the later common exit: a connect that does not end in ZBX_DB_OK goes through zbx_db_close(), so DBconnect()'s retry never overwrites a live `conn`. */
// pqlint-args: --disable direct-connect
/* Source: zabbix/zabbix, src/libs/zbxdb/db.c zbx_db_connect() and zbx_db_close(), src/libs/zbxdbhigh/db.c
 * DBconnect(), as in a stored Zabbix 2.0 revision ("Copyright (C) 2000-2011 Zabbix SIA"; the stored copy
 * does not name its repository). Every branch but PostgreSQL's closed the failed handle (IBM DB2, Oracle:
 * `if (ZBX_DB_OK != ret) zbx_db_close();`); the fix, a stored older revision against a newer one as for
 * LuaSQL #2, is the common exit of the later revisions (CHERTS/zabbix_34x_next
 * 3e3fb04222810944a597a79ce1b7d102f97e24d9, zabbix/zabbix cb21861b834eb3292253fbfce290dc33cd0a52bb):
 * `out: if (ZBX_DB_OK != ret) zbx_db_close();`, which PQfinishes `conn` and sets it NULL.
 * Reduced: the other databases' branches, the bytea/server-version queries (DBselect on `conn`, an extern
 * here) and the logging are cut; CONFIG_* are parameters.
 */
#include <stdlib.h>
#include <libpq-fe.h>

#define ZBX_DB_OK 0
#define ZBX_DB_FAIL -1
#define ZBX_DB_DOWN -2
#define ZBX_DB_CONNECT_NORMAL 0
#define ZBX_DB_CONNECT_EXIT 1
#define ZBX_DB_CONNECT_ONCE 2
#define ZBX_DB_WAIT_DOWN 10

static PGconn *conn = NULL;
static int ZBX_PG_BYTEAOID = 0;

extern char *zbx_dsprintf(char *dest, const char *f, ...);
extern void zbx_free_str(char *p);
extern void zabbix_errlog_db(const char *dbname, const char *message);
extern int zbx_db_select_bytea_oid(void);	/* DBselect("select oid from pg_type where typname='bytea'") on conn */
extern void zbx_sleep(int seconds);

void
zbx_db_close(void)
{
	PQfinish(conn);
	conn = NULL;
}

int
zbx_db_connect(char *host, char *user, char *password, char *dbname, int port)
{
	int		ret = ZBX_DB_OK;
	char		*cport = NULL;

	if (0 != port)
		cport = zbx_dsprintf(cport, "%d", port);

	conn = PQsetdbLogin(host, cport, NULL, NULL, dbname, user, password);

	zbx_free_str(cport);

	/* check to see that the backend connection was successfully made */
	if (CONNECTION_OK != PQstatus(conn))
	{
		zabbix_errlog_db(dbname, PQerrorMessage(conn));
		ret = ZBX_DB_DOWN;
		goto out;
	}

	ZBX_PG_BYTEAOID = zbx_db_select_bytea_oid();
out:
	if (ZBX_DB_OK != ret)
		zbx_db_close();

	return ret;
}

int
DBconnect(int flag, char *host, char *user, char *password, char *dbname, int port)
{
	int		err;

	while (ZBX_DB_OK != (err = zbx_db_connect(host, user, password, dbname, port)))
	{
		if (ZBX_DB_CONNECT_ONCE == flag)
			break;

		if (ZBX_DB_FAIL == err || ZBX_DB_CONNECT_EXIT == flag)
			exit(1);

		zbx_sleep(ZBX_DB_WAIT_DOWN);
	}

	return err;
}

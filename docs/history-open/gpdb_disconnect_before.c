/* gpdb_disconnect_before.c - Greenplum cdbconn_disconnect(): a connection whose status is CONNECTION_BAD is never finished; the descriptor keeps the PGconn (and its socket, left in CLOSE_WAIT) when the gang is recycled. */
// pqlint-args: --disable direct-connect
/* Source: greenplum-db/gpdb, src/backend/cdb/dispatcher/cdbconn.c cdbconn_disconnect(), the stored
 * pre-fix revision (static cdbconn_disconnect, called from cdbconn_termSegmentDescriptor); fixed by
 * https://github.com/greenplum-db/gpdb/pull/11034 ("cdbconn_disconnect() function did not call PQfinish
 * when CONNECTION_BAD, it can cause socket leaks (CLOSE_WAIT state)"; merged by hand, "Merged, thanks!").
 * Reduced: the connect keywords are cut to three, the gang log and cancel messages are cut, elog() is a
 * plain extern; cdbconn_doConnectStart() is kept: it is the run's evidence that the descriptor owns conn.
 */
#include <stdbool.h>
#include <string.h>
#include <libpq-fe.h>

typedef struct SegmentDatabaseDescriptor {
	int			segindex;
	PGconn	   *conn;
	unsigned int motionListener;
	int			backendPid;
	char	   *whoami;
	int			identifier;
} SegmentDatabaseDescriptor;

extern bool cdbconn_signalQE(SegmentDatabaseDescriptor *segdbDesc, char *errbuf, bool isCancel);
extern void pfree(void *p);
extern void log_unable_to_cancel(const char *errbuf);

void
cdbconn_doConnectStart(SegmentDatabaseDescriptor *segdbDesc,
					   const char *gpqeid,
					   const char *options)
{
	const char *keywords[4];
	const char *values[4];
	int			nkeywords = 0;

	keywords[nkeywords] = "gpqeid";
	values[nkeywords] = gpqeid;
	nkeywords++;
	keywords[nkeywords] = "options";
	values[nkeywords] = options;
	nkeywords++;
	keywords[nkeywords] = NULL;
	values[nkeywords] = NULL;

	segdbDesc->conn = PQconnectStartParams(keywords, values, false);
	return;
}

/* Disconnect from QE */
static void
cdbconn_disconnect(SegmentDatabaseDescriptor *segdbDesc)
{
	if (PQstatus(segdbDesc->conn) != CONNECTION_BAD)
	{
		PGTransactionStatusType status = PQtransactionStatus(segdbDesc->conn);

		if (status == PQTRANS_ACTIVE)
		{
			char		errbuf[256];
			bool		sent;

			memset(errbuf, 0, sizeof(errbuf));

			sent = cdbconn_signalQE(segdbDesc, errbuf, true);
			if (!sent)
				log_unable_to_cancel(errbuf);
		}

		PQfinish(segdbDesc->conn);
		segdbDesc->conn = NULL;
	}
} // expect: conn-leak

/* Free memory of segment descriptor. */
void
cdbconn_termSegmentDescriptor(SegmentDatabaseDescriptor *segdbDesc)
{
	cdbconn_disconnect(segdbDesc);

	if (segdbDesc->whoami != NULL)
	{
		pfree(segdbDesc->whoami);
		segdbDesc->whoami = NULL;
	}
}

/* pglake_copystats_before.c - pg_lake ExecuteCopyToCommandOnPGDuckConnection(): the PGresult is cleared only at the end of the PG_TRY block, so an error raised while parsing the COPY stats leaves through PG_FINALLY (which only releases the connection) with the result held. */
// pqlint-args: --disable direct-connect
/* Source: Snowflake-Labs/pg_lake, pg_lake_engine data_file_stats.c ExecuteCopyToCommandOnPGDuckConnection(),
 * the stored pre-fix revision; fixed by https://github.com/Snowflake-Labs/pg_lake/pull/474 ("only cleared
 * the libpq result on the success path; if parsing the returned stats or the per-file stats lookup threw,
 * the PG_FINALLY released the connection but leaked the malloc'ed PGresult").
 * Reduced: the stats parser chain is cut to the path that raises (GetDataFileStatsListFromPGResult ->
 * ParseDuckdbColumnMinMaxFromText, whose map-type lookup fails with ereport(ERROR)); the non-parquet
 * branch is cut to its row count; the elog.h macros are fixtures/include/pg_elog_mimic.h.
 */
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>
#include "../../fixtures/include/pg_elog_mimic.h"

typedef unsigned int Oid;
#define InvalidOid ((Oid) 0)
typedef struct List List;
typedef struct DataFileSchema DataFileSchema;
typedef struct PGDuckConnection PGDuckConnection;
typedef enum CopyDataFormat { DATA_FORMAT_CSV, DATA_FORMAT_PARQUET, DATA_FORMAT_ICEBERG } CopyDataFormat;
typedef struct StatsCollector { long totalRowCount; List *dataFileStats; } StatsCollector;

extern PGDuckConnection *GetPGDuckConnection(void);
extern void ReleasePGDuckConnection(PGDuckConnection *pgDuckConn);
extern PGresult *ExecuteQueryOnPGDuckConnection(PGDuckConnection *pgDuckConn, const char *query);
extern void CheckPGDuckResult(PGDuckConnection *pgDuckConn, PGresult *result);
extern Oid GetOrCreatePGMapType(const char *name);
extern void *palloc0(size_t size);

static void
ParseDuckdbColumnMinMaxFromText(char *input)
{
	Oid			returnStatsMapId = GetOrCreatePGMapType("MAP(TEXT,MAP(TEXT,TEXT))");

	if (returnStatsMapId == InvalidOid)
		ereport(ERROR, errmsg("cannot find required map type for parsing return stats"));

	(void) input;
}

static StatsCollector *
GetDataFileStatsListFromPGResult(PGresult *result, List *leafFields, DataFileSchema * schema)
{
	int			resultRowCount = PQntuples(result);
	long		totalRowCount = 0;

	for (int resultRowIndex = 0; resultRowIndex < resultRowCount; resultRowIndex++)
	{
		char	   *resultValue = PQgetvalue(result, resultRowIndex, 0);

		if (schema != NULL)
			ParseDuckdbColumnMinMaxFromText(resultValue);
		totalRowCount += atoll(PQgetvalue(result, resultRowIndex, 1));
	}

	StatsCollector *statsCollector = palloc0(sizeof(StatsCollector));

	statsCollector->totalRowCount = totalRowCount;
	statsCollector->dataFileStats = leafFields;
	return statsCollector;
}

StatsCollector *
ExecuteCopyToCommandOnPGDuckConnection(char *copyCommand,
									   List *leafFields,
									   DataFileSchema * schema,
									   char *destinationPath,
									   CopyDataFormat destinationFormat)
{
	PGDuckConnection *pgDuckConn = GetPGDuckConnection();
	PGresult   *result;
	StatsCollector *statsCollector = NULL;

	(void) destinationPath;

	PG_TRY();
	{
		result = ExecuteQueryOnPGDuckConnection(pgDuckConn, copyCommand);
		CheckPGDuckResult(pgDuckConn, result);

		if (destinationFormat == DATA_FORMAT_PARQUET ||
			destinationFormat == DATA_FORMAT_ICEBERG)
		{
			/* DuckDB returns COPY 0 when return_stats is used. */
			statsCollector = GetDataFileStatsListFromPGResult(result, leafFields, schema);
		}
		else
		{
			char	   *commandTuples = PQcmdTuples(result);
			long		totalRowCount = atoll(commandTuples);

			statsCollector = palloc0(sizeof(StatsCollector));
			statsCollector->totalRowCount = totalRowCount;
		}

		PQclear(result);
	}
	PG_FINALLY();
	{
		ReleasePGDuckConnection(pgDuckConn);
	}
	PG_END_TRY(); // expect: result-leak

	return statsCollector;
}

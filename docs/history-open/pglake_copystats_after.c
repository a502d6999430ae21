/* pglake_copystats_after.c - pg_lake ExecuteCopyToCommandOnPGDuckConnection() after PR #474: the result is volatile, NULL-initialised and cleared in PG_FINALLY; the error check is the non-clearing ThrowIfPGDuckResultHasError(). */
// pqlint-args: --disable direct-connect
/* Source: Snowflake-Labs/pg_lake, pg_lake_engine data_file_stats.c ExecuteCopyToCommandOnPGDuckConnection(),
 * the stored pre-fix revision with the change of https://github.com/Snowflake-Labs/pg_lake/pull/474 ("only cleared
 * the libpq result on the success path; if parsing the returned stats or the per-file stats lookup threw,
 * the PG_FINALLY released the connection but leaked the malloc'ed PGresult").
 * The post-fix revision of this function is not among the stored copies: the change is written as the
 * pull request describes it, in the form of the stored ReadTextContent() of the same project
 * (PG_TRY { ThrowIfPGDuckResultHasError(...); ... } PG_FINALLY { PQclear(result); ... }).
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
extern void ThrowIfPGDuckResultHasError(PGDuckConnection *pgDuckConn, PGresult *result);
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
	PGresult   *volatile result = NULL;
	StatsCollector *statsCollector = NULL;

	(void) destinationPath;

	PG_TRY();
	{
		result = ExecuteQueryOnPGDuckConnection(pgDuckConn, copyCommand);
		ThrowIfPGDuckResultHasError(pgDuckConn, result);

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
	}
	PG_FINALLY();
	{
		PQclear(result);
		ReleasePGDuckConnection(pgDuckConn);
	}
	PG_END_TRY();

	return statsCollector;
}

/* rlm_sql_postgresql config.h stub for pqlint's triage corpus (config.h.in, answered for libpq 15) */
#define HAVE_PGRES_COPY_BOTH 1
#define HAVE_PGRES_SINGLE_TUPLE 1
#define HAVE_PGRES_PIPELINE_SYNC 1
#define HAVE_PQINITOPENSSL 1
#define HAVE_PQINITSSL 1

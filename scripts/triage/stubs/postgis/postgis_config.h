/* postgis_config.h stub for pqlint's triage corpus (postgis_config.h.in; version macros come from the FLAGS) */
#define HAVE_ICONV 1
#define HAVE_LIBPQ 1
#define HAVE_UNISTD_H 1
#define HAVE_FSEEKO 1
#define POSTGIS_MAJOR_VERSION "3"
#define POSTGIS_MINOR_VERSION "3"
#define POSTGIS_MICRO_VERSION "2"
#define POSTGIS_VERSION "3.3 USE_GEOS=1 USE_PROJ=1 USE_STATS=1"
#define POSTGIS_PGSQL_VERSION 150
#define POSTGIS_GEOS_VERSION 31100
#define POSTGIS_SCRIPTS_VERSION "3.3.2"
#define POSTGIS_BUILD_DATE "2023-01-01 00:00:00"
#define PARANOIA_LEVEL 0

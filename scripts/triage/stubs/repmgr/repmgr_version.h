/* repmgr_version.h stub for pqlint's triage corpus: repmgr_version.h.in for PostgreSQL 15 */
#define REPMGR_VERSION_DATE ""
#define REPMGR_VERSION "5.3.3"
#define REPMGR_VERSION_NUM 50303
#define REPMGR_EXTENSION_VERSION "5.3"
#define REPMGR_EXTENSION_NUM 50300
#define REPMGR_RELEASE_DATE "2022-10-17"
#define PG_ACTUAL_VERSION_NUM 150000

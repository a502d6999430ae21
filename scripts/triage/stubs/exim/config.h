/* exim config.h stub for pqlint's triage corpus: config.h.defaults' valued defines (no configure) */
#define APPENDFILE_MODE            0600
#define APPENDFILE_DIRECTORY_MODE  0700
#define APPENDFILE_LOCKFILE_MODE   0600
#define AUTH_VARS                     4
#define DEFAULT_CRYPT              crypt
#define DELIVER_IN_BUFFER_SIZE     8192
#define DELIVER_OUT_BUFFER_SIZE    8192
#define EXIMDB_DIRECTORY_MODE      0750
#define EXIMDB_LOCK_TIMEOUT          60
#define EXIMDB_LOCKFILE_MODE       0640
#define EXIMDB_MODE                0640
#define EXIM_CLIENT_DH_MIN_MIN_BITS         512
#define EXIM_CLIENT_DH_DEFAULT_MIN_BITS    1024
#define FIXED_NEVER_USERS         "root"
#define HEADERS_CHARSET           "ISO-8859-1"
#define HEADER_ADD_BUFFER_SIZE    (8192 * 4)
#define HEADER_MAXSIZE            (1024*1024)
#define INPUT_DIRECTORY_MODE       0750
#define LOG_DIRECTORY_MODE         0750
#define LOG_MODE                   0640
#define MAX_FILTER_SIZE           (1024*1024)
#define MAX_LOCALHOST_NUMBER        256
#define MAX_INCLUDE_SIZE          (1024*1024)
#define MAX_INTERFACES              250
#define MAX_NAMED_LIST               16
#define MSGLOG_DIRECTORY_MODE      0750
#define REGEX_VARS                 9
#define SPOOL_DIRECTORY_MODE       0750
#define SPOOL_MODE                 0640
#define STRING_SPRINTF_BUFFER_SIZE (8192 * 4)
#define DMARC_TLD_FILE "/etc/exim/opendmarc.tlds"
#define TCP_WRAPPERS_DAEMON_NAME "exim"
#define DNS_MAXNAME                1024
#define EXPAND_MAXN                  20
#define ROOT_UID                      0
#define ROOT_GID                      0
#define PR_EXIM_ARITH "%" PRId64		/* C99 standard, printf %lld */
#define SC_EXIM_ARITH "%" SCNi64		/* scanf incl. 0x prefix */
#define SC_EXIM_DEC   "%" SCNd64		/* scanf decimal */
typedef long long int int_eximarith_t;
#define PR_EXIM_ARITH "%lld"
#define SC_EXIM_ARITH "%lli"
#define SC_EXIM_DEC "%lld"
#define LOOKUP_PGSQL

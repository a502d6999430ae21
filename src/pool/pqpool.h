/* pqpool.h - public API of pqpool, a thread-safe, fork-safe PostgreSQL connection pool on libpq. */
#ifndef PQPOOL_H
#define PQPOOL_H

#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>
#include "pqpool_version.h" /* PQPOOL_VERSION, generated from the project VERSION */

#ifdef __cplusplus
extern "C" {
#endif

/* Exported from libpqpool.so (the library is built with hidden visibility). */
#define PQPOOL_API __attribute__((visibility("default")))

/* Error codes: every int-returning call returns 0 (or a count) on success, one of these on error. */
#define PQPOOL_OK 0
#define PQPOOL_ETIMEOUT (-1)    /* acquire timed out: pool exhausted (N/N in use, M waiting) */
#define PQPOOL_ECONNECT (-2)    /* could not connect; libpq's message in last_libpq_error */
#define PQPOOL_ESERVERFULL (-3) /* server refused ("too many clients") and nothing was released in time */
#define PQPOOL_EDOWN (-4)       /* fail-fast: the database is known down (in backoff) */
#define PQPOOL_EWAITERS (-5)    /* max_waiters reached */
#define PQPOOL_ECLOSED (-6)     /* the pool is closed */
#define PQPOOL_EDRAINING (-7)   /* the pool is draining */
#define PQPOOL_EFORKED (-8)     /* pool used in a forked child in strict fork mode */
#define PQPOOL_ESTALE (-9)      /* stale or double release: the lease is no longer valid */
#define PQPOOL_EINVAL (-10)     /* bad argument or configuration */
#define PQPOOL_ENOMEM (-11)     /* out of memory */

/* on_release_in_tx */
#define PQPOOL_ROLLBACK 0 /* ROLLBACK and keep the connection (default, like psycopg) */
#define PQPOOL_DISCARD 1  /* close the connection (like pgx) */

/* fork_mode */
#define PQPOOL_FORK_RESET 0  /* child's pool starts empty (default) */
#define PQPOOL_FORK_STRICT 1 /* every call in the child returns PQPOOL_EFORKED */

/* log levels passed to the log callback */
#define PQPOOL_LOG_DEBUG 0
#define PQPOOL_LOG_INFO 1
#define PQPOOL_LOG_WARN 2
#define PQPOOL_LOG_ERROR 3

/* close reasons passed to on_close (also the keys of stats "closed") */
#define PQPOOL_CLOSE_IDLE_TIMEOUT 0
#define PQPOOL_CLOSE_MAX_LIFETIME 1
#define PQPOOL_CLOSE_BROKEN 2
#define PQPOOL_CLOSE_CHECK_FAILED 3
#define PQPOOL_CLOSE_RELEASED_IN_TX 4
#define PQPOOL_CLOSE_EVICTED 5
#define PQPOOL_CLOSE_FORKED 6
#define PQPOOL_CLOSE_DISCARDED 7 /* pqpool_discard(), a hook asked for it, pool closing, or shrunk below it */
#define PQPOOL_CLOSE_NREASONS 8

typedef struct pqpool pqpool;

/* Set up a config with pqpool_config_init() or a preset, then set fields. The presets record the
   caller's sizeof(pqpool_config) in struct_size, so a program built against an older, shorter
   pqpool_config keeps working with a newer library (the fields it does not know get the defaults of
   pqpool_config_init), and a newer program on an older library gets PQPOOL_EINVAL if it sets a field
   that library does not know. New fields are only ever added at the end. */
typedef struct pqpool_config {
  size_t struct_size;                    /* sizeof(pqpool_config) of the caller's header: set by the presets */
  const char *conninfo;                  /* libpq keyword/value string or URI; NULL => $POSTGRES_URL */
  const char *(*conninfo_cb)(void *arg); /* optional: fresh conninfo per connect (rotation); wins over conninfo */
  void *conninfo_arg;
  const char *name;             /* "pqpool": appears in logs, stats, errors */
  int max_size;                 /* 10 */
  int min_idle;                 /* 0 (lazy) */
  int max_waiters;              /* 0 = unlimited; else PQPOOL_EWAITERS */
  int acquire_timeout_ms;       /* 10000; -1 = forever (not recommended) */
  int connect_timeout_ms;       /* 10000; enforced in ms with PQconnectStartParams + PQconnectPoll */
  int idle_timeout_ms;          /* 20000; 0 = never; never below min_idle */
  int max_lifetime_ms;          /* 1800000; 0 = unlimited */
  int max_lifetime_jitter_ms;   /* -1 = 10 % of max_lifetime; lifetime is shortened by 0..jitter */
  int check_after_idle_ms;      /* 1000: ping on acquire only if idle longer */
  int check_timeout_ms;         /* 2000: bound of ping, ROLLBACK, reset_sql */
  int keepalive_interval_ms;    /* 0 = off; pings idle connections from housekeeping */
  int leak_threshold_ms;        /* 0 = off */
  int backoff_initial_ms;       /* 250 */
  int backoff_max_ms;           /* 10000 */
  int fail_fast_when_down;      /* 0: waiters wait up to acquire_timeout; 1: PQPOOL_EDOWN at once in backoff */
  int init_timeout_ms;          /* 0 = lazy; >0 = pqpool_create() must open one connection or fail */
  int on_release_in_tx;         /* PQPOOL_ROLLBACK (default) | PQPOOL_DISCARD */
  const char *reset_sql;        /* NULL; e.g. "DISCARD ALL", run on every release */
  const char *init_sql;         /* NULL; run once per new connection */
  int housekeeping_interval_ms; /* 1000; 0 = no thread, caller drives pqpool_maintain() */
  int fork_mode;                /* PQPOOL_FORK_RESET (default) | PQPOOL_FORK_STRICT */
  /* hooks: return 0 to keep, non-zero to discard the connection */
  int (*on_connect)(PGconn *conn, void *arg);
  int (*on_acquire)(PGconn *conn, void *arg);
  int (*on_release)(PGconn *conn, void *arg);
  void (*on_close)(PGconn *conn, int reason, void *arg);
  /* log callback; NULL = WARN and ERROR to stderr. msg has no trailing newline. */
  void (*log)(int level, const char *msg, void *arg);
  void *hook_arg; /* passed to every hook and to log */
  /* Fields below were added after the first layout; a struct_size that ends before one gives its default. */
  int max_size_limit; /* 0 = max_size: the largest size pqpool_set_max_size may set (slots are made up front) */
  /* Fair shares between processes (docs/pqpool.md, "Sharing one server"). */
  const char *budget_name; /* NULL = no host budget; else POSIX shared memory "/pqpool.<name>" shared by the
                              pools of this host that use the same name: at most budget_total connections together */
  int budget_total;        /* with budget_name: connections the pools may hold together (max_connections minus
                              reserved slots minus what others need); each holds at most its fair share */
  int share_mode;          /* PQPOOL_SHARE_AUTO (0): without a budget, housekeeping looks at pg_stat_activity and a pool
                              above an even share of a full server ends lifetimes early; PQPOOL_SHARE_OFF: never */
} pqpool_config;

/* The smallest struct_size pqpool_create accepts: the first layout (struct_size .. hook_arg). */
#define PQPOOL_CONFIG_MIN_SIZE offsetof(pqpool_config, max_size_limit)

/* share_mode */
#define PQPOOL_SHARE_AUTO 0
#define PQPOOL_SHARE_OFF 1

/* Filled by every call that takes one (it may be NULL). Both strings live in the struct: nothing to free,
   a stack pqpool_error is fine. msg is the pool's sentence with libpq's whole message in it;
   last_libpq_error is libpq's message alone, as libpq gave it minus the trailing newline. Each holds up to
   PQPOOL_ERRMSG_SIZE - 1 bytes (libpq's messages are one line per host tried, ~200 bytes each: 2048 holds
   the message of a conninfo with 8 hosts); only longer ones are cut, and then end with "...". */
#define PQPOOL_ERRMSG_SIZE 2048
typedef struct pqpool_error {
  int code;
  char msg[PQPOOL_ERRMSG_SIZE];
  char last_libpq_error[PQPOOL_ERRMSG_SIZE];
} pqpool_error;

/* Returned by value from acquire. conn is the caller's until release; entry and gen are private. */
typedef struct pqpool_lease {
  PGconn *conn;
  void *entry;
  uint64_t gen;
} pqpool_lease;

#define PQPOOL_HIST_BUCKETS 6 /* wait histogram: <=10us, <=100us, <=1ms, <=10ms, <=100ms, more */

/* A consistent snapshot (taken under the pool lock). Every field is a JSON key of pqpool_stats_json
   with the same name (arrays become objects: acquire_wait_hist_us by bucket, closed by reason; the
   flags db_up and paused become true/false).
   C cannot have a typedef and a function both named pqpool_stats: declare `struct pqpool_stats s;`
   (or `pqpool_stats_t s;`) and call pqpool_stats(p, &s). */
struct pqpool_stats {
  char name[64];
  int max_size, effective_max, min_idle;
  int total, idle, in_use, connecting, waiting, waiting_max_seen;
  uint64_t acquires, acquires_waited, acquire_timeouts, acquire_errors;
  uint64_t acquire_wait_us_total, acquire_wait_us_max;
  uint64_t acquire_wait_hist_us[PQPOOL_HIST_BUCKETS];
  uint64_t hold_us_total, hold_us_max;
  uint64_t connects, connect_failures, connect_us_total, server_full_refusals;
  uint64_t closed[PQPOOL_CLOSE_NREASONS];
  uint64_t released_in_tx_rolled_back, checks, check_failures;
  uint64_t stale_releases;
  uint64_t leaks_suspected;
  int leaks_outstanding;
  int db_up;                    /* 1 up, 0 down (in backoff) */
  char last_connect_error[PQPOOL_ERRMSG_SIZE];
  int next_connect_in_ms, backoff_ms;
  uint64_t recoveries;          /* down -> up transitions */
  int paused;                   /* 1 between pqpool_pause and pqpool_resume */
};
typedef struct pqpool_stats pqpool_stats_t;

/* Presets. pqpool_config_init == pqpool_config_service. Each fills struct_size bytes of *cfg (never
   more) and sets cfg->struct_size; call them through the inline wrappers below, which pass the
   sizeof(pqpool_config) this program was compiled with. */
PQPOOL_API void pqpool_config_init_sized(pqpool_config *cfg, size_t struct_size);
PQPOOL_API void pqpool_config_service_sized(pqpool_config *cfg, size_t struct_size);
PQPOOL_API void pqpool_config_script_sized(pqpool_config *cfg, size_t struct_size);
static inline void pqpool_config_init(pqpool_config *cfg) { pqpool_config_init_sized(cfg, sizeof *cfg); }
/* max 10, idle 20 s, lifetime 1800 s, connect 10 s */
static inline void pqpool_config_service(pqpool_config *cfg) { pqpool_config_service_sized(cfg, sizeof *cfg); }
/* max 2, idle 10 s, lifetime 600 s, connect 5 s */
static inline void pqpool_config_script(pqpool_config *cfg) { pqpool_config_script_sized(cfg, sizeof *cfg); }

/* Creates a pool (copies the config and its strings). conninfo NULL and no conninfo_cb => $POSTGRES_URL.
   cfg NULL => pqpool_config_init's defaults. The config is checked first: a field out of range, an
   idle_timeout_ms below housekeeping_interval_ms, a conninfo (or $POSTGRES_URL) that PQconninfoParse
   rejects, or a bad struct_size give PQPOOL_EINVAL with err->msg naming the field.
   Returns 0 and *out, or a negative code with err filled (err may be NULL). */
PQPOOL_API int pqpool_create(const pqpool_config *cfg, pqpool **out, pqpool_error *err);

/* Acquire a connection. timeout_ms -1 = the config's acquire_timeout_ms; 0 = do not wait in the
   queue (a needed connect still runs, bounded by connect_timeout_ms). Returns 0 and *out (the
   lease), or a negative code with err->msg saying why and *out zeroed. */
PQPOOL_API int pqpool_acquire(pqpool *p, int timeout_ms, pqpool_lease *out, pqpool_error *err);
/* Same, recording the acquire site for leak reports; file and func are kept by pointer (string
   literals, as PQPOOL_ACQUIRE passes) and must outlive the lease. */
PQPOOL_API int pqpool_acquire_at(pqpool *p, int timeout_ms, pqpool_lease *out, pqpool_error *err,
                                 const char *file, int line, const char *func);
#define PQPOOL_ACQUIRE(p, t, l, e) pqpool_acquire_at((p), (t), (l), (e), __FILE__, __LINE__, __func__)

/* Returns the lease (inspects its transaction state; rolls back or closes). Clears *l.
   Stale or double release -> PQPOOL_ESTALE, pool intact. Safe after pqpool_close(). */
PQPOOL_API int pqpool_release(pqpool *p, pqpool_lease *l);
/* Returns the lease and closes its connection (the caller saw a fatal error). */
PQPOOL_API int pqpool_discard(pqpool *p, pqpool_lease *l);

/* Process-wide pool, created once on first use from $POSTGRES_URL with the services preset.
   NULL on error (err filled; the failure is remembered, pthread_once). Never close it. */
PQPOOL_API pqpool *pqpool_shared(pqpool_error *err);

/* Scoped helpers: acquire, run, release. exec returns the result (caller PQclears) or NULL with err. */
PQPOOL_API PGresult *pqpool_exec(pqpool *p, const char *sql, pqpool_error *err);
/* Runs begin_sql (NULL = "BEGIN"), fn, then COMMIT if fn returned 0, else ROLLBACK.
   Returns fn's value, or a negative code. */
PQPOOL_API int pqpool_with_tx(pqpool *p, const char *begin_sql, int (*fn)(PGconn *, void *), void *arg,
                              pqpool_error *err);

/* Consistent snapshot of gauges and counters. 0 or PQPOOL_EINVAL. */
PQPOOL_API int pqpool_stats(pqpool *p, struct pqpool_stats *out);
/* snprintf semantics: returns the length the JSON needs (excluding NUL), or a negative code.
   buf may be NULL when len is 0. Strings are escaped; bytes that are not UTF-8 become U+FFFD. */
PQPOOL_API int pqpool_stats_json(pqpool *p, char *buf, size_t len);
/* The same snapshot in the Prometheus text exposition format (version 0.0.4): gauges, counters
   (names ending in _total), and the histogram pqpool_acquire_wait_seconds with cumulative buckets;
   every sample has the label pool="<name>". snprintf semantics, as pqpool_stats_json. */
PQPOOL_API int pqpool_stats_prometheus(pqpool *p, char *buf, size_t len);

/* Idle connections closed now, leased ones on release. Returns how many were closed now. */
PQPOOL_API int pqpool_evict_all(pqpool *p);
/* One housekeeping pass (idle timeout, lifetime, min_idle refill, keepalive, leaks). 0 or code. */
PQPOOL_API int pqpool_maintain(pqpool *p);
/* Stops acquires (EDRAINING, for good), fails waiters, closes idle, waits up to timeout_ms
   (-1 = forever) for leases, closing each. Returns the number of leases still out, or a negative code. */
PQPOOL_API int pqpool_drain(pqpool *p, int timeout_ms);
/* Never blocks: drain(0), drop the user's reference; freed when the last lease comes back. */
PQPOOL_API void pqpool_close(pqpool *p);

/* Runtime resize to 1..max_size_limit. Growing wakes waiters, who connect into the new room.
   Shrinking closes idle connections above the new size now and leased ones on release (closed
   reason "discarded"); nothing is taken from a caller. Returns how many were closed now, or
   PQPOOL_EINVAL (out of range), PQPOOL_ECLOSED, PQPOOL_EFORKED. */
PQPOOL_API int pqpool_set_max_size(pqpool *p, int max_size);
/* Pause: acquires queue (FIFO) and get nothing until pqpool_resume or their timeout (PQPOOL_ETIMEOUT,
   "pool paused"); leases out keep working and come back as usual; housekeeping goes on. Resume hands
   idle connections to the waiters in arrival order and lets the rest connect. 0 or a negative code;
   pausing a paused pool, or resuming a running one, is a no-op. */
PQPOOL_API int pqpool_pause(pqpool *p);
PQPOOL_API int pqpool_resume(pqpool *p);

PQPOOL_API const char *pqpool_strerror(int code);

#ifdef __cplusplus
}
#endif
#endif

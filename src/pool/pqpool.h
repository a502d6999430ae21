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

typedef struct pqpool_config {
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
  int max_size_limit; /* 0 = max_size: the largest size pqpool_set_max_size may set (slots are made up front) */
} pqpool_config;

typedef struct pqpool_error {
  int code;
  char msg[256];
  char last_libpq_error[256];
} pqpool_error;

/* Returned by value from acquire. conn is the caller's until release; entry and gen are private. */
typedef struct pqpool_lease {
  PGconn *conn;
  void *entry;
  uint64_t gen;
} pqpool_lease;

#define PQPOOL_HIST_BUCKETS 6 /* wait histogram: <=10us, <=100us, <=1ms, <=10ms, <=100ms, more */

/* A consistent snapshot (taken under the pool lock). Names match the JSON keys of pqpool_stats_json.
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
  char last_connect_error[256];
  int next_connect_in_ms, backoff_ms;
  uint64_t recoveries;          /* down -> up transitions */
  int paused;                   /* 1 between pqpool_pause and pqpool_resume */
};
typedef struct pqpool_stats pqpool_stats_t;

/* Presets. pqpool_config_init == pqpool_config_service. */
PQPOOL_API void pqpool_config_init(pqpool_config *cfg);
PQPOOL_API void pqpool_config_service(pqpool_config *cfg); /* max 10, idle 20 s, lifetime 1800 s, connect 10 s */
PQPOOL_API void pqpool_config_script(pqpool_config *cfg);  /* max 2, idle 10 s, lifetime 600 s, connect 5 s */

/* Creates a pool (copies the config and its strings). conninfo NULL and no conninfo_cb => $POSTGRES_URL.
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
/* snprintf semantics: returns the length the JSON needs (excluding NUL), or a negative code. */
PQPOOL_API int pqpool_stats_json(pqpool *p, char *buf, size_t len);

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

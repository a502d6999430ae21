/* pool_internal.h - private types and cross-file helpers of pqpool (not installed). */
#ifndef PQPOOL_INTERNAL_H
#define PQPOOL_INTERNAL_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include "pqpool.h"

/* Slot states. A slot holds at most one connection; slots are never freed before the pool. */
enum { SLOT_FREE, SLOT_CONNECTING, SLOT_IDLE, SLOT_LEASED, SLOT_BUSY };

/* Connect failure kinds (pool_conn_open). */
enum { CONN_OK = 0, CONN_DOWN, CONN_FULL, CONN_TIMEOUT, CONN_NOMEM, CONN_HOOK, CONN_CUT };
/* CONN_CUT: the caller's acquire deadline ended a connect before connect_timeout_ms: not the server's fault. */

typedef struct pool_entry {
  PGconn *conn;
  int state;
  uint64_t gen;                /* lease generation, set on every lease */
  struct pool_entry *next;     /* idle stack (towards older) or free list */
  struct pool_entry *prev;     /* idle stack (towards newer) */
  int64_t created_us, expires_us, idle_since_us, leased_at_us, last_check_us;
  uint64_t evict_epoch;        /* evict_all() bumps the pool's epoch; older entries close on release */
  const char *file, *func;     /* acquire site */
  int line;
  long tid;
  int leak_reported;
} pool_entry;

typedef struct pool_waiter {
  pthread_cond_t cv;
  struct pool_waiter *prev, *next;
  pool_entry *handed;  /* set by a releaser: the connection is now ours */
  int code;            /* set by drain/close: fail with this code */
} pool_waiter;

struct pqpool {
  pthread_mutex_t mu;
  pthread_cond_t drain_cv;  /* signalled when a lease or a connect ends while draining */
  pthread_cond_t hk_cv;     /* wakes the housekeeping thread */
  pqpool_config cfg;        /* strings point at the owned copies below */
  char *s_conninfo, *s_name, *s_reset, *s_init;
  pool_entry *slots;
  int nslots;
  pool_entry *idle_top, *free_list;
  pool_waiter *wq_head, *wq_tail;
  int total, idle, in_use, connecting, waiting;
  int effective_max;
  int refs;                 /* user + leases + calls in flight + housekeeping thread */
  int closed, draining;
  int paused;               /* pqpool_pause: acquires queue, releases go idle, nothing handed out */
  /* connect state */
  int db_down, down_kind, fail_streak, backoff_ms, probe_backoff_ms;
  int full_logged;          /* the server-full cap was logged; reset when back at max_size */
  int64_t next_connect_us, probe_us;
  char last_err[256];
  uint64_t next_gen, evict_epoch;
  uint64_t fork_gen;        /* global fork generation this pool last saw */
  int forked;               /* 1 in a child in strict mode */
  int hk_running, hk_stop;
  int jitter_ms;            /* resolved lifetime jitter */
  uint32_t rng;
  struct pqpool *list_next, *list_prev; /* global pool list (fork handling) */
  struct pqpool_stats st;   /* counters; gauges are filled on snapshot */
};

/* Monotonic time in microseconds. */
static inline int64_t pool_now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* CLOCK_MONOTONIC_COARSE in microseconds: ~8 ns instead of ~36 ns for the precise clock here, with
   the resolution of one kernel tick (1-4 ms). Stamps of leases and idle connections (hold time, idle
   age, lifetime) use it; deadlines and wait times use pool_now_us(). A coarse stamp is at most one
   tick behind the precise clock, so an age computed against pool_now_us() is at most a tick long. */
static inline int64_t pool_coarse_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Thread-local storage of the pool: initial-exec (a plain %fs offset, no __tls_get_addr call from
   the shared library); the pool's few bytes fit the static TLS surplus even when dlopen()ed. */
#define POOL_TLS __thread __attribute__((tls_model("initial-exec")))

/* A connection released less than this long ago (by the coarse clock: within the current kernel
   tick) skips the free liveness test: dying inside this window is indistinguishable from dying just
   after the hand-out, which no check can prevent. */
#define POOL_ALIVE_SKIP_US 1000

/* log.c */
void pool_log(pqpool *p, int level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int pool_err(pqpool_error *err, int code, const char *libpq_msg, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void pool_notice_to_log(void *arg, const char *msg);
extern POOL_TLS int pool_own_stmt; /* 1 while the pool runs its own statement on this thread */

/* conn.c: network I/O, always called without the pool lock */
PGconn *pool_conn_open(pqpool *p, int64_t deadline_us, int *kind, char *errbuf, size_t len);
int pool_conn_alive(pqpool *p, PGconn *c);
int pool_conn_exec(pqpool *p, PGconn *c, const char *sql, int64_t deadline_us);
void pool_conn_close(pqpool *p, PGconn *c, int reason);
void pool_conn_abandon(PGconn *c);

/* queue.c: slots, idle stack, waiter queue; all *_locked need p->mu */
pool_entry *pool_slot_take_locked(pqpool *p);
void pool_slot_free_locked(pqpool *p, pool_entry *e, int reason);
void pool_lease_locked(pqpool *p, pool_entry *e);
void pool_put_idle_locked(pqpool *p, pool_entry *e);
pool_entry *pool_pop_idle_locked(pqpool *p);
pool_entry *pool_take_idle_locked(pqpool *p);
pool_entry *pool_peek_idle_locked(pqpool *p);
void pool_unlink_idle_locked(pqpool *p, pool_entry *e);
/* Is e one of p's slots? (a lease from another pool, or garbage, is rejected without deref) */
static inline int pool_entry_valid(const pqpool *p, const pool_entry *e) {
  uintptr_t a = (uintptr_t)e, b = (uintptr_t)p->slots;
  if (a < b || a >= b + (uintptr_t)p->nslots * sizeof *e) return 0;
  return (a - b) % sizeof *e == 0;
}
void pool_note_affinity(pqpool *p, pool_entry *e);
void pool_wq_push_locked(pqpool *p, pool_waiter *w);
void pool_wq_push_front_locked(pqpool *p, pool_waiter *w);
void pool_wq_remove_locked(pqpool *p, pool_waiter *w);
void pool_kick_head_locked(pqpool *p);
void pool_fail_waiters_locked(pqpool *p, int code);
int pool_collect_idle_locked(pqpool *p, pool_entry **out, int max);
int pool_unref_locked(pqpool *p);
void pool_free(pqpool *p);

/* backoff.c: connect admission and outcome bookkeeping */
int pool_can_connect_locked(pqpool *p, int64_t now);
void pool_recycle_pace_locked(pqpool *p);
void pool_connect_done_locked(pqpool *p, int kind, const char *msg, int64_t dur_us, int *recovered);
int64_t pool_next_attempt_locked(pqpool *p);
int pool_rand_locked(pqpool *p, int bound);
void pool_init_entry_locked(pqpool *p, pool_entry *e, PGconn *c, int64_t now);

/* fork.c */
void pool_fork_register(pqpool *p);
void pool_fork_unregister(pqpool *p);
int pool_fork_reset(pqpool *p, uint64_t g);
extern uint64_t pool_g_fork_gen;
/* 0, or PQPOOL_EFORKED in strict fork mode; in a child the first call resets the pool. Two atomic
   loads when nothing forked (inline: it runs on every acquire and release). */
static inline int pool_fork_check(pqpool *p) {
  uint64_t g = __atomic_load_n(&pool_g_fork_gen, __ATOMIC_ACQUIRE);
  if (__builtin_expect(__atomic_load_n(&p->fork_gen, __ATOMIC_ACQUIRE) != g, 0)) return pool_fork_reset(p, g);
  return p->forked ? PQPOOL_EFORKED : 0;
}

/* stats.c: the names of the close reasons (PQPOOL_CLOSE_*), keys of stats "closed" */
extern const char *const pool_close_keys[PQPOOL_CLOSE_NREASONS];

/* config_check.c: copies cfg (NULL = defaults) into *out in this library's layout, checks every
   field and resolves out->conninfo ($POSTGRES_URL; not copied: getenv's string). 0, or
   PQPOOL_EINVAL / PQPOOL_ENOMEM with err naming the field. */
int pool_config_check(const pqpool_config *cfg, pqpool_config *out, pqpool_error *err);

/* maintain.c */
int pool_start_housekeeping(pqpool *p);

#endif

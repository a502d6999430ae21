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
enum { CONN_OK = 0, CONN_DOWN, CONN_FULL, CONN_TIMEOUT, CONN_NOMEM, CONN_HOOK, CONN_CUT, CONN_STARTING };
/* CONN_CUT: the caller's acquire deadline ended a connect before connect_timeout_ms: not the server's fault.
   CONN_STARTING: the server answered that it is starting up or shutting down (SQLSTATE 57P03 by its text):
   it is restarting, so the next probe comes after a short fixed delay instead of a growing backoff. */

struct pool_budget;

typedef struct pool_entry {
  PGconn *conn;
  struct pqpool *pool;         /* owner (the notice receiver's argument is the entry) */
  int state;
  int line;                    /* acquire site line (file, func below) */
  uint64_t gen;                /* lease generation, set on every lease */
  struct pool_entry *next;     /* idle stack (towards older) or free list */
  struct pool_entry *prev;     /* idle stack (towards newer) */
  int64_t created_us, expires_us, idle_since_us, leased_at_us, last_check_us;
  uint64_t evict_epoch;        /* evict_all() bumps the pool's epoch; older entries close on release */
  const char *file, *func;     /* acquire site */
  long tid;
  int leak_reported;
} pool_entry;
/* 128 bytes, a power of two: pool_entry_valid()'s alignment test on the release path is then a mask,
   not a division (a 152-byte entry cost 8 instructions per release). Rarely used per-slot data, such
   as the notice defaults, lives in side arrays indexed like slots. */
_Static_assert(sizeof(pool_entry) == 128, "pool_entry should stay 128 bytes");

/* libpq's default notice processor and receiver of one slot's connection (pqpool.ndefs[slot]). */
typedef struct pool_notice_defs {
  PQnoticeProcessor np;        /* a user's processor differs from this one */
  PQnoticeReceiver nr;         /* formats the notice and calls the processor */
} pool_notice_defs;

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
  char *s_conninfo, *s_name, *s_reset, *s_init, *s_budget;
  pool_entry *slots;
  pool_notice_defs *ndefs;  /* nslots entries, indexed like slots */
  int nslots;
  pool_entry *idle_top, *free_list;
  pool_waiter *wq_head, *wq_tail;
  int total, idle, in_use, connecting, waiting;
  int effective_max;
  int refs;                 /* user + leases + calls in flight + housekeeping thread */
  int closed, draining;
  int paused;               /* pqpool_pause: acquires queue, releases go idle, nothing handed out */
  /* connect state. A round is a set of connects that fail together: a connect that started before the
     last recorded failure does not count (fail_streak = rounds, backoff steps once per round). */
  int db_down, down_kind, fail_streak, backoff_ms, probe_backoff_ms;
  int probe_single;         /* first contact, or a connection broke: one connect at a time until one succeeds */
  int full_logged;          /* the server-full cap was logged; reset when back at max_size */
  int down_logged;          /* this outage was logged; reset when a connect succeeds */
  int64_t next_connect_us, probe_us;
  int64_t last_fail_us;     /* when the last failed round was recorded */
  int64_t down_since_us;    /* first failure of the current outage */
  int64_t last_full_us;     /* last "too many clients" refusal (0 = never) */
  char last_err[PQPOOL_ERRMSG_SIZE];
  /* fair shares (share.c, budget.c) */
  int share_cap;            /* most connections this pool may hold now: its host-budget allowance, or its even
                               share of a full server; INT_MAX = no limit beyond max_size and effective_max */
  int look_due;             /* share.c: the next clean release runs the pg_stat_activity look on its connection */
  int srv_slots, srv_used;  /* what the last look saw (slots this role may use, client sessions) */
  int srv_others;           /* client sessions that were not this pool's at that look */
  uint64_t share_sheds;     /* connections whose lifetime share.c cut short */
  int64_t look_at_us;       /* when */
  int64_t limit_seen_us;    /* the last look that saw every slot taken */
  int peak_use;             /* in_use + waiting high-water mark since the last housekeeping pass */
  struct pool_budget *bud;  /* host budget mapping, NULL without budget_name */
  int bud_idx;              /* our entry in the shared table, -1 = not registered (yet, or since fork) */
  uint32_t bud_id;          /* our entry's pool_id (tells our entry from a reused one) */
  unsigned bud_epoch;       /* the table's epoch when share_cap was last computed */
  unsigned *bud_epoch_p;    /* the table's epoch in shared memory (NULL without budget) */
  int bud_blocked;          /* the last connect was refused a token: the head waiter polls the table */
  uint64_t next_gen, evict_epoch;
  uint64_t fork_gen;        /* global fork generation this pool last saw */
  int forked;               /* 1 in a child in strict mode */
  int hk_running, hk_stop;
  int jitter_ms;            /* resolved lifetime jitter */
  uint32_t rng;
  struct pqpool *list_next, *list_prev; /* global pool list (fork handling) */
  struct pqpool_stats st;   /* counters; gauges are filled on snapshot */
  /* pool_start_housekeeping, set by pqpool_create: fork.c restarts the thread in a child through it,
     so fork.c (below maintain.c, whose pqpool_maintain runs pool_fork_check) calls no maintain.c code */
  int (*hk_start)(struct pqpool *p);
};

/* Wakes the head waiter, if any (it connects or takes what was freed). Lock held. Inline: the waiter
   queue (queue.c), connect admission (backoff.c) and control.c all kick the head. */
static inline void pool_kick_head_locked(pqpool *p) {
  if (p->wq_head) pthread_cond_signal(&p->wq_head->cv);
}

/* xorshift32 under the pool lock; returns 0..bound-1 (0 if bound <= 0). Inline: backoff.c and
   share.c both draw jitter from it. */
static inline int pool_rand_locked(pqpool *p, int bound) {
  uint32_t x = p->rng;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  p->rng = x;
  return bound > 0 ? (int)(x % (uint32_t)bound) : 0;
}

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
void pool_notice_rx(void *arg, const PGresult *res);
extern POOL_TLS int pool_own_stmt; /* 1 while the pool runs its own statement on this thread */

/* conn.c: network I/O, always called without the pool lock */
PGconn *pool_conn_open(pqpool *p, pool_entry *e, int64_t deadline_us, int verify, int *kind, char *errbuf,
                       size_t len);
int pool_conn_alive(pqpool *p, PGconn *c);
int pool_conn_exec(pqpool *p, PGconn *c, const char *sql, int64_t deadline_us);
PGresult *pool_conn_query(pqpool *p, PGconn *c, const char *sql, int64_t deadline_us);
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
void pool_fail_waiters_locked(pqpool *p, int code);
int pool_collect_idle_locked(pqpool *p, pool_entry **out, int max);
int pool_unref_locked(pqpool *p);

/* lifecycle.c: frees the pool struct after the last reference (lock not held) */
void pool_free(pqpool *p);
/* lifecycle.c: frees what pqpool_create allocated (slots, notice defaults, the
 * config strings, the struct itself); no lock, thread or connection may
 * remain. p is invalid afterwards. */
void pool_free_storage(pqpool *p);

/* backoff.c: connect admission and outcome bookkeeping */
int pool_can_connect_locked(pqpool *p, int64_t now);
void pool_recycle_pace_locked(pqpool *p);
void pool_connect_done_locked(pqpool *p, int kind, const char *msg, int64_t start_us, int *recovered);
int64_t pool_next_attempt_locked(pqpool *p);
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

/* budget.c: host-wide budget in POSIX shared memory (all *_locked need p->mu; the table's own robust
   mutex is taken inside, always after p->mu) */
int pool_budget_open(pqpool *p, pqpool_error *err);
void pool_budget_close(pqpool *p);
int pool_budget_take_locked(pqpool *p);
void pool_budget_put_locked(pqpool *p);
void pool_budget_refresh_locked(pqpool *p);
void pool_budget_forked_locked(pqpool *p);
/* Did another pool of the budget change its demand since share_cap was computed? One relaxed load of
   the shared epoch (release's fast path asks it). */
static inline int pool_budget_changed(const pqpool *p) {
  return p->bud_epoch_p && __atomic_load_n(p->bud_epoch_p, __ATOMIC_RELAXED) != p->bud_epoch;
}

/* share.c: even share of a full server without a budget */
void pool_share_pass_locked(pqpool *p, int64_t now);
void pool_share_refused_locked(pqpool *p, int64_t now);
int pool_share_look(pqpool *p, PGconn *c);

/* maintain.c */
int pool_start_housekeeping(pqpool *p);

#endif

/* budget.c - a host-wide connection budget shared by the pools of one host through POSIX shared memory:
   a table of pools (pid, process start time, tokens held, demand) under a robust process-shared
   mutex; each pool holds at most its max-min fair share of the total; a dead process's tokens are
   reclaimed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "pool_internal.h"

#define BUD_MAGIC 0x70717062u /* "pqpb" */
#define BUD_VERSION 1
#define BUD_MAX 64                 /* pools per budget */
#define BUD_RECLAIM_EVERY_US 200000 /* liveness of the other entries is checked at most this often */
#define BUD_NAME_MAX 200

typedef struct bud_ent {
  int32_t pid;      /* 0 = free */
  uint32_t pool_id; /* tells the pools of one process apart */
  uint64_t start;   /* the process's start time (/proc/PID/stat field 22): a reused pid is another process */
  int32_t held;     /* tokens: connections open or connecting; written by the owner only */
  int32_t want;     /* demand: connections it would use now (capped at its max_size) */
} bud_ent;

/* The shared table. magic is written last by the creator; every field but magic under mu. */
struct pool_budget {
  uint32_t magic, version;
  pthread_mutex_t mu; /* PTHREAD_PROCESS_SHARED, PTHREAD_MUTEX_ROBUST */
  int32_t total;
  unsigned epoch;     /* bumped when the membership changes or a refused pool's demand grows */
  int64_t reclaim_us; /* last liveness pass (CLOCK_MONOTONIC is one clock for the whole host) */
  bud_ent ent[BUD_MAX];
};

static uint32_t g_pool_ids;

/* The start time of process pid in clock ticks since boot, or 0 if it cannot be read. */
static uint64_t proc_start(pid_t pid) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = 0;
  char *s = strrchr(buf, ')'); /* the command name may hold spaces and parentheses */
  if (!s) return 0;
  s++;
  for (int field = 3; field < 22 && s; field++) s = strchr(s + 1, ' '); /* s: the blank before field 3 */
  return s ? strtoull(s + 1, NULL, 10) : 0;
}

static int alive(const bud_ent *e) {
  if (kill(e->pid, 0) < 0 && errno == ESRCH) return 0;
  uint64_t st = e->start ? proc_start(e->pid) : 0;
  return !(e->start && st && st != e->start);
}

/* Frees the entries of processes that are gone (table lock held). force: now, else at most every
   BUD_RECLAIM_EVERY_US. */
static void reclaim_locked(struct pool_budget *b, int force) {
  int64_t now = pool_now_us();
  if (!force && now - b->reclaim_us < BUD_RECLAIM_EVERY_US) return;
  b->reclaim_us = now;
  pid_t me = getpid();
  for (int i = 0; i < BUD_MAX; i++) {
    bud_ent *e = &b->ent[i];
    if (e->pid && e->pid != me && !alive(e)) {
      memset(e, 0, sizeof *e);
      b->epoch++;
    }
  }
}

/* Locks the table. A process that died holding the lock leaves it EOWNERDEAD: the table is made
   consistent (every entry is written by its owner alone, so only the dead one's can be half-done, and
   reclaim frees it). Returns 0, or -1 if the lock is unusable. */
static int bud_lock(struct pool_budget *b) {
  int r = pthread_mutex_lock(&b->mu);
  if (r == EOWNERDEAD) {
    pthread_mutex_consistent(&b->mu);
    reclaim_locked(b, 1);
    return 0;
  }
  return r == 0 ? 0 : -1;
}

/* Max-min fair allowance of entry me: the demands are served smallest first, each getting at most an
   equal part of what is left; the tokens left over by rounding go one by one to unsatisfied entries
   that hold the most (so nobody closes a connection for a rounding). Table lock held. */
static int allowance_locked(const struct pool_budget *b, int me) {
  int idx[BUD_MAX], n = 0, a[BUD_MAX] = {0};
  for (int i = 0; i < BUD_MAX; i++)
    if (b->ent[i].pid) {
      int k = n++;
      while (k > 0 && b->ent[idx[k - 1]].want > b->ent[i].want) idx[k] = idx[k - 1], k--;
      idx[k] = i;
    }
  int rem = b->total;
  for (int k = 0; k < n; k++) {
    int i = idx[k], fair = rem / (n - k), w = b->ent[i].want;
    a[i] = w < fair ? w : fair;
    rem -= a[i];
  }
  while (rem > 0) {
    int best = -1;
    for (int k = 0; k < n; k++) {
      int i = idx[k];
      if (a[i] < b->ent[i].want && (best < 0 || b->ent[i].held > b->ent[best].held)) best = i;
    }
    if (best < 0) break;
    a[best]++;
    rem--;
  }
  return a[me];
}

/* What the pool would use now: its open and opening connections, or the period's peak of leases plus
   waiters if higher, plus extra (1 when it asks for a token), at most max_size. Pool lock held. */
static int demand_locked(const pqpool *p, int extra) {
  int d = p->total + p->connecting + extra;
  if (p->peak_use + extra > d) d = p->peak_use + extra;
  if (p->in_use + p->waiting + extra > d) d = p->in_use + p->waiting + extra;
  return d > p->cfg.max_size ? p->cfg.max_size : d;
}

/* Adds this process's pool to the table (pool lock held, or before the pool is shared). 0 or -1 (full). */
static int register_locked(pqpool *p) {
  struct pool_budget *b = p->bud;
  if (bud_lock(b) < 0) return -1;
  reclaim_locked(b, 1);
  int slot = -1;
  for (int i = 0; i < BUD_MAX && slot < 0; i++)
    if (!b->ent[i].pid) slot = i;
  if (slot >= 0) {
    bud_ent *e = &b->ent[slot];
    e->pid = getpid();
    e->pool_id = __atomic_add_fetch(&g_pool_ids, 1, __ATOMIC_RELAXED);
    e->start = proc_start(e->pid);
    p->bud_id = e->pool_id;
    e->held = 0;
    e->want = 0;
    b->epoch++;
  }
  pthread_mutex_unlock(&b->mu);
  p->bud_idx = slot;
  return slot < 0 ? -1 : 0;
}

/* Opens (or creates) the table "/pqpool.<budget_name>" and registers the pool. Called by
   pqpool_create before the pool is shared. Returns 0, or PQPOOL_EINVAL naming the field and the
   cause (bad name or total, shm_open/mmap failure, not a pqpool table, 64 pools already in it). */
int pool_budget_open(pqpool *p, pqpool_error *err) {
  const char *name = p->cfg.budget_name, *n = p->cfg.name;
  if (!*name || strchr(name, '/') || strlen(name) > BUD_NAME_MAX)
    return pool_err(err, PQPOOL_EINVAL, NULL, "pqpool_create: budget_name must be 1..%d characters without '/' (got \"%s\")",
                    BUD_NAME_MAX, name);
  if (p->cfg.budget_total < 1)
    return pool_err(err, PQPOOL_EINVAL, NULL, "pqpool_create: budget_total must be >= 1 with budget_name (got %d)",
                    p->cfg.budget_total);
  char path[BUD_NAME_MAX + 16];
  snprintf(path, sizeof path, "/pqpool.%s", name);
  int fd = shm_open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600), created = fd >= 0;
  if (fd < 0 && errno == EEXIST) fd = shm_open(path, O_RDWR | O_CLOEXEC, 0);
  if (fd < 0)
    return pool_err(err, PQPOOL_EINVAL, NULL, "pqpool_create: budget_name \"%s\": shm_open(%s): %s", name, path,
                    strerror(errno));
  struct stat st;
  if (created && ftruncate(fd, sizeof(struct pool_budget)) < 0) {
    int e = errno;
    close(fd);
    shm_unlink(path);
    return pool_err(err, PQPOOL_EINVAL, NULL, "pqpool_create: budget_name \"%s\": ftruncate: %s", name, strerror(e));
  }
  for (int i = 0; !created && i < 1000 && fstat(fd, &st) == 0 && st.st_size < (off_t)sizeof(struct pool_budget); i++)
    usleep(1000); /* its creator is sizing it */
  if (fstat(fd, &st) < 0 || st.st_size != (off_t)sizeof(struct pool_budget)) {
    close(fd);
    return pool_err(err, PQPOOL_EINVAL, NULL, "pqpool_create: budget_name \"%s\": /dev/shm%s is not a pqpool budget "
                    "table of this version (size %lld)", name, path, (long long)st.st_size);
  }
  struct pool_budget *b = mmap(NULL, sizeof *b, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  if (b == MAP_FAILED)
    return pool_err(err, PQPOOL_EINVAL, NULL, "pqpool_create: budget_name \"%s\": mmap: %s", name, strerror(errno));
  if (created) {
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&b->mu, &a);
    pthread_mutexattr_destroy(&a);
    b->version = BUD_VERSION;
    b->total = p->cfg.budget_total;
    __atomic_store_n(&b->magic, BUD_MAGIC, __ATOMIC_RELEASE);
  }
  for (int i = 0; i < 1000 && __atomic_load_n(&b->magic, __ATOMIC_ACQUIRE) != BUD_MAGIC; i++) usleep(1000);
  if (b->magic != BUD_MAGIC || b->version != BUD_VERSION) {
    munmap(b, sizeof *b);
    return pool_err(err, PQPOOL_EINVAL, NULL, "pqpool_create: budget_name \"%s\": /dev/shm%s is not a pqpool budget "
                    "table of this version", name, path);
  }
  p->bud = b;
  p->bud_epoch_p = &b->epoch;
  if (register_locked(p) < 0) {
    p->bud = NULL;
    p->bud_epoch_p = NULL;
    munmap(b, sizeof *b);
    return pool_err(err, PQPOOL_EINVAL, NULL, "pqpool_create: budget_name \"%s\": %d pools already share it", name,
                    BUD_MAX);
  }
  if (b->total != p->cfg.budget_total)
    pool_log(p, PQPOOL_LOG_WARN, "budget \"%s\" was created with budget_total %d; this pool's %d is not used", name,
             b->total, p->cfg.budget_total);
  (void)n;
  return 0;
}

/* Leaves the table (this process's entry only: after fork() the parent's stays the parent's) and unmaps it. */
void pool_budget_close(pqpool *p) {
  struct pool_budget *b = p->bud;
  if (!b) return;
  if (p->bud_idx >= 0 && bud_lock(b) == 0) {
    bud_ent *e = &b->ent[p->bud_idx];
    if (e->pid == getpid() && e->pool_id == p->bud_id) memset(e, 0, sizeof *e);
    b->epoch++;
    pthread_mutex_unlock(&b->mu);
  }
  p->bud = NULL;
  p->bud_epoch_p = NULL;
  munmap(b, sizeof *b);
}

/* Is our entry still ours? (Another process may have judged us dead: a pid check can only err that way
   if /proc is unreadable.) If not, registers again: the tokens of the lost entry are forgotten on both
   sides, and the pool only gives back tokens it took since. Table lock held. */
static bud_ent *mine_locked(pqpool *p) {
  struct pool_budget *b = p->bud;
  bud_ent *e = &b->ent[p->bud_idx];
  if (e->pid == getpid() && e->pool_id == p->bud_id) return e;
  for (int i = 0; i < BUD_MAX; i++)
    if (!b->ent[i].pid) {
      e = &b->ent[i];
      e->pid = getpid();
      e->pool_id = p->bud_id;
      e->start = proc_start(e->pid);
      e->held = p->total + p->connecting;
      e->want = 0;
      b->epoch++;
      p->bud_idx = i;
      return e;
    }
  return NULL;
}

/* Takes a token for one more connection if this pool is below its allowance and the budget has one
   free. Publishes the pool's demand (a refused pool's grown demand bumps the epoch, so the pools above
   their new allowance notice on their next release). Sets share_cap to the allowance. 1 = taken. */
int pool_budget_take_locked(pqpool *p) {
  struct pool_budget *b = p->bud;
  if (p->bud_idx < 0 && register_locked(p) < 0) return p->bud_blocked = 1, 0; /* in a forked child */
  if (bud_lock(b) < 0) return p->bud_blocked = 1, 0;
  reclaim_locked(b, 0);
  bud_ent *me = mine_locked(p);
  if (!me) {
    pthread_mutex_unlock(&b->mu);
    return p->bud_blocked = 1, 0;
  }
  int w = demand_locked(p, 1), sum = 0;
  int grew = w > me->want;
  me->want = w;
  for (int i = 0; i < BUD_MAX; i++) sum += b->ent[i].pid ? b->ent[i].held : 0;
  int a = allowance_locked(b, p->bud_idx);
  int ok = me->held < a && sum < b->total;
  if (ok)
    me->held++;
  else if (grew)
    b->epoch++;
  p->share_cap = a;
  p->bud_epoch = b->epoch;
  pthread_mutex_unlock(&b->mu);
  p->bud_blocked = !ok;
  return ok;
}

/* Gives back the token of a connection that is gone (closed, or a connect that failed). */
void pool_budget_put_locked(pqpool *p) {
  struct pool_budget *b = p->bud;
  if (p->bud_idx < 0 || bud_lock(b) < 0) return;
  bud_ent *me = &b->ent[p->bud_idx];
  if (me->pid == getpid() && me->pool_id == p->bud_id && me->held > 0) me->held--;
  pthread_mutex_unlock(&b->mu);
}

/* Housekeeping, and a release that saw the epoch move: publishes the demand, reclaims dead
   processes' tokens, recomputes the allowance (share_cap). */
void pool_budget_refresh_locked(pqpool *p) {
  struct pool_budget *b = p->bud;
  if (p->bud_idx < 0 || bud_lock(b) < 0) return;
  reclaim_locked(b, 0);
  bud_ent *me = mine_locked(p);
  if (me) {
    me->want = demand_locked(p, 0);
    p->share_cap = allowance_locked(b, p->bud_idx);
  }
  p->bud_epoch = b->epoch;
  pthread_mutex_unlock(&b->mu);
}

/* In a forked child: the parent's entry and tokens stay the parent's; the child registers anew on its
   first connect. */
void pool_budget_forked_locked(pqpool *p) {
  p->bud_idx = -1;
  p->bud_blocked = 0;
  p->share_cap = INT_MAX;
  if (p->bud) p->bud_epoch = __atomic_load_n(&p->bud->epoch, __ATOMIC_RELAXED);
}

/* queue.c - slot table, LIFO idle stack, FIFO waiter queue with direct hand-off, pool refcount. */
#include <stdlib.h>
#include "pool_internal.h"

/* Takes a free slot (caller checked capacity); returns NULL if none (cannot happen within max_size). */
pool_entry *pool_slot_take_locked(pqpool *p) {
  pool_entry *e = p->free_list;
  if (!e) return NULL;
  p->free_list = e->next;
  e->next = NULL;
  e->state = SLOT_CONNECTING;
  e->conn = NULL;
  return e;
}

/* Returns a slot whose connection is gone (closed or never opened) to the free list, and its host
   budget token, and counts the close reason (reason < 0: nothing counted, e.g. a failed connect).
   A broken connection makes the next connects single-flight until one succeeds (the server may be
   gone). Kicks the head waiter, who may now connect into the freed capacity. */
void pool_slot_free_locked(pqpool *p, pool_entry *e, int reason) {
  if (e->state != SLOT_CONNECTING) p->total--;
  if (p->bud) pool_budget_put_locked(p);
  if (reason == PQPOOL_CLOSE_MAX_LIFETIME) pool_recycle_pace_locked(p);
  if (reason == PQPOOL_CLOSE_BROKEN || reason == PQPOOL_CLOSE_CHECK_FAILED) p->probe_single = 1;
  if (reason >= 0 && reason < PQPOOL_CLOSE_NREASONS) p->st.closed[reason]++;
  e->conn = NULL;
  e->state = SLOT_FREE;
  e->leak_reported = 0;
  e->next = p->free_list;
  p->free_list = e;
  pool_kick_head_locked(p);
  if (p->draining) pthread_cond_broadcast(&p->drain_cv);
}

/* Marks e leased: counts it in use and takes a pool reference held until release. */
void pool_lease_locked(pqpool *p, pool_entry *e) {
  e->state = SLOT_LEASED;
  e->gen = ++p->next_gen;
  e->leased_at_us = INT64_MAX; /* being handed out: the acquirer stamps the time (no leak report before) */
  e->leak_reported = 0;
  p->in_use++;
  p->refs++;
  if (p->in_use + p->waiting > p->peak_use) p->peak_use = p->in_use + p->waiting;
}

/* A usable connection is free: hand it straight to the head waiter (FIFO, no barging: the oldest
   waiter gets it, never a newcomer), else (nobody waits, or paused) push it on the idle stack (LIFO:
   hot connections first, cold ones age out). */
void pool_put_idle_locked(pqpool *p, pool_entry *e) {
  pool_waiter *w = p->wq_head;
  if (w && !p->paused) {
    pool_wq_remove_locked(p, w);
    pool_lease_locked(p, e);
    w->handed = e;
    pthread_cond_signal(&w->cv);
    return;
  }
  e->state = SLOT_IDLE;
  e->prev = NULL;
  e->next = p->idle_top;
  if (p->idle_top) p->idle_top->prev = e;
  p->idle_top = e;
  p->idle++;
}

/* Removes an idle entry from anywhere in the idle stack and marks it BUSY. */
void pool_unlink_idle_locked(pqpool *p, pool_entry *e) {
  if (e->prev)
    e->prev->next = e->next;
  else
    p->idle_top = e->next;
  if (e->next) e->next->prev = e->prev;
  e->next = e->prev = NULL;
  e->state = SLOT_BUSY;
  p->idle--;
}

pool_entry *pool_pop_idle_locked(pqpool *p) {
  pool_entry *e = p->idle_top;
  if (e) pool_unlink_idle_locked(p, e);
  return e;
}

/* Thread affinity: the connection this thread released last, if still idle, is handed back to it
   before the LIFO top. Client thread and backend then keep meeting on the same core, like a
   persistent connection. Only a hint: validated under the lock. */
static POOL_TLS pqpool *aff_pool;
static POOL_TLS pool_entry *aff_entry;

void pool_note_affinity(pqpool *p, pool_entry *e) {
  aff_pool = p;
  aff_entry = e;
}

/* The idle entry an acquire would take, left in place: this thread's last one if idle, else the most
   recent. NULL if none is idle. */
pool_entry *pool_peek_idle_locked(pqpool *p) {
  pool_entry *e = aff_entry;
  if (aff_pool == p && e && pool_entry_valid(p, e) && e->state == SLOT_IDLE) return e;
  return p->idle_top;
}

/* Takes (unlinks, marks BUSY) the entry pool_peek_idle_locked names; NULL if none is idle. */
pool_entry *pool_take_idle_locked(pqpool *p) {
  pool_entry *e = pool_peek_idle_locked(p);
  if (e) pool_unlink_idle_locked(p, e);
  return e;
}

void pool_wq_push_locked(pqpool *p, pool_waiter *w) {
  w->next = NULL;
  w->prev = p->wq_tail;
  if (p->wq_tail)
    p->wq_tail->next = w;
  else
    p->wq_head = w;
  p->wq_tail = w;
  p->waiting++;
  if (p->waiting > p->st.waiting_max_seen) p->st.waiting_max_seen = p->waiting;
  if (p->in_use + p->waiting > p->peak_use) p->peak_use = p->in_use + p->waiting;
}

/* Puts w at the head: a caller whose connect or idle check failed keeps the place it had. */
void pool_wq_push_front_locked(pqpool *p, pool_waiter *w) {
  w->prev = NULL;
  w->next = p->wq_head;
  if (p->wq_head)
    p->wq_head->prev = w;
  else
    p->wq_tail = w;
  p->wq_head = w;
  p->waiting++;
  if (p->waiting > p->st.waiting_max_seen) p->st.waiting_max_seen = p->waiting;
}

/* Unlinks w; if the head changed, the new head is kicked so it re-evaluates (it may connect). */
void pool_wq_remove_locked(pqpool *p, pool_waiter *w) {
  int was_head = p->wq_head == w;
  if (w->prev)
    w->prev->next = w->next;
  else
    p->wq_head = w->next;
  if (w->next)
    w->next->prev = w->prev;
  else
    p->wq_tail = w->prev;
  w->prev = w->next = NULL;
  p->waiting--;
  if (was_head) pool_kick_head_locked(p);
}

/* Fails every waiter with code (drain, close). */
void pool_fail_waiters_locked(pqpool *p, int code) {
  while (p->wq_head) {
    pool_waiter *w = p->wq_head;
    pool_wq_remove_locked(p, w);
    w->code = code;
    pthread_cond_signal(&w->cv);
  }
}

/* Pops up to max idle entries (marked BUSY) into out for closing outside the lock; returns count. */
int pool_collect_idle_locked(pqpool *p, pool_entry **out, int max) {
  int n = 0;
  while (n < max && p->idle_top) out[n++] = pool_pop_idle_locked(p);
  return n;
}

/* Drops one reference; returns 1 if it was the last (caller unlocks, then pool_free). */
int pool_unref_locked(pqpool *p) { return --p->refs == 0; }

/* connect_in_loop.c - connect-in-loop: a connection opened inside a loop and queried in the same loop (a per-iteration connection); retry loops that only test the status (and report or finish a failed attempt), reconnects under `if (conn == NULL)` that keep the connection, and the pool module stay silent. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/flow_rule.h"
#include "rules_flow/registry.h"

/* 1 if loop inner lies within loop outer (or is it). */
static int loop_within(const flow_fn* f, int inner, int outer) {
  for (int l = inner; l >= 0; l = f->loop_parent[l])
    if (l == outer) return 1;
  return 0;
}

/* Successor k of guard block B is where var is NULL or not CONNECTION_OK
 * (B tests var == NULL, !var, var != NULL, or PQstatus(var) against
 * CONNECTION_OK): returns k (0 or 1), or -1 if B is no such test. */
static int null_side(const flow_block* B, int var) {
  const flow_cond* c = &B->cond;
  if (B->term != FT_BRANCH || B->nsucc != 2 || c->val != 0 || (c->op != '=' && c->op != '!')) return -1;
  if (c->kind == FC_VAR && c->var == var) return c->op == '=' ? 0 : 1;
  if (c->kind == FC_CALL && c->evi >= 0 && c->evi < B->nev) {
    const flow_ev* e = &B->ev[c->evi];
    if (e->callee && !strcmp(e->callee, "PQstatus") && e->nargs >= 1 && e->args[0].var == var &&
        !e->args[0].addr && !e->args[0].member)
      return c->op == '!' ? 0 : 1; /* PQstatus(var) != CONNECTION_OK */
  }
  return -1;
}

/* 1 if block b releases var (PQfinish(var)) or sets it to NULL from event `from` on. */
static int drops(flow_cx* cx, int b, int var, int from) {
  const flow_fn* f = flow_cx_fn(cx);
  for (int i = from; i < f->b[b].nev; i++) {
    const flow_ev* e = &f->b[b].ev[i];
    if (e->kind == FE_NULLSET && e->var == var) return 1;
    if (e->kind != FE_CALL) continue;
    const flow_callinfo* ci = flow_cx_callinfo(cx, b, i);
    for (int k = 0; k < e->nargs && k < 16; k++)
      if (e->args[k].var == var && !e->args[k].addr && !e->args[k].member &&
          (ci->role[k] == FR_RELEASE || ci->role[k] == FR_DISCARD))
        return 1;
  }
  return 0;
}

/* Pushes the successors of block b not seen yet (all but successor `skip`,
 * -1 for none) onto stack (top entries) and marks them; returns the new top. */
static int push_succ(const flow_fn* f, int b, int skip, int* stack, int top, uint8_t* seen) {
  for (int k = 0; k < f->b[b].nsucc; k++) {
    int s2 = f->b[b].succ[k];
    if (k == skip || s2 < 0 || s2 >= f->nb || seen[s2]) continue;
    seen[s2] = 1;
    stack[top++] = s2;
  }
  return top;
}

/* 1 if block `to` is reachable from block `from` (stack, seen: n each, scratch). */
static int reaches(const flow_fn* f, int from, int to, int* stack, uint8_t* seen) {
  int n = f->nb, top = 0;
  memset(seen, 0, (size_t)n);
  if (from < 0 || from >= n) return 0;
  stack[top++] = from;
  seen[from] = 1;
  while (top) {
    int b = stack[--top];
    if (b == to) return 1;
    top = push_succ(f, b, -1, stack, top, seen);
  }
  return 0;
}

/* 1 if event range [from, nev) of block b has var as a plain-use argument of
 * a call inside loop `loop`. */
static int uses_in(flow_cx* cx, int b, int from, int var, int loop) {
  const flow_fn* f = flow_cx_fn(cx);
  for (int j = from; j < f->b[b].nev; j++) {
    const flow_ev* g = &f->b[b].ev[j];
    if (g->kind != FE_CALL || g->loop < 0 || !loop_within(f, g->loop, loop)) continue;
    const flow_callinfo* gi = flow_cx_callinfo(cx, b, j);
    for (int k = 0; k < g->nargs && k < 16; k++)
      if (g->args[k].var == var && !g->args[k].addr && gi->role[k] == FR_USE) return 1;
  }
  return 0;
}

/* 1 if the connection the connect (event ci of block cb) put into var is
 * used (a plain-use argument of a call) inside loop `loop` on a path from the
 * connect that does not take the NULL or bad-status side of a test of var
 * and is not past a release of var: a per-iteration connection that does
 * work. Uses on the failure side only (a retry loop reporting the failed
 * attempt, then finishing it) do not count. -1 out of memory. */
static int used_in_loop(flow_cx* cx, int cb, int ci, int var, int loop) {
  const flow_fn* f = flow_cx_fn(cx);
  int n = f->nb, top = 0, used = 0;
  int* stack = malloc((size_t)n * sizeof *stack);
  uint8_t* seen = calloc((size_t)n, 1);
  if (!stack || !seen) {
    free(stack);
    free(seen);
    return -1;
  }
  stack[top++] = cb;
  seen[cb] = 1;
  while (top && !used) {
    int b = stack[--top];
    int from = b == cb ? ci + 1 : 0;
    if (uses_in(cx, b, from, var, loop)) {
      used = 1;
      break;
    }
    if (drops(cx, b, var, from)) continue;
    int ns = null_side(&f->b[b], var);
    top = push_succ(f, b, ns, stack, top, seen);
  }
  free(stack);
  free(seen);
  return used;
}

/* 1 if the connect (event ci of block cb, into var) is a reconnect that
 * keeps its connection: every path from the entry to it passes the NULL
 * (or bad status) side of a test of var, and some path from it comes
 * back to such a test without finishing var or setting it to NULL (so
 * the next iteration skips the connect). -1 out of memory. */
static int kept_reconnect(flow_cx* cx, int cb, int ci, int var) {
  const flow_fn* f = flow_cx_fn(cx);
  int n = f->nb, guards = 0;
  for (int b = 0; b < n; b++) guards += null_side(&f->b[b], var) >= 0;
  if (!guards) return 0;
  int* stack = malloc((size_t)n * sizeof *stack);
  uint8_t* seen = calloc((size_t)n, 1);
  if (!stack || !seen) {
    free(stack);
    free(seen);
    return -1;
  }
  /* 1: from the entry without the NULL sides of the guards */
  int top = 0, reach = 0;
  stack[top++] = 0;
  seen[0] = 1;
  while (top && !reach) {
    int b = stack[--top];
    if (b == cb) reach = 1;
    int ns = null_side(&f->b[b], var);
    top = push_succ(f, b, ns, stack, top, seen);
  }
  int kept = 0;
  /* the guards whose NULL side leads to the connect */
  uint8_t* before = calloc((size_t)n, 1);
  if (!before) {
    free(stack);
    free(seen);
    return -1;
  }
  for (int b = 0; b < n && !reach; b++) {
    int ns = null_side(&f->b[b], var);
    if (ns >= 0 && reaches(f, f->b[b].succ[ns], cb, stack, seen)) before[b] = 1;
  }
  memset(seen, 0, (size_t)n);
  if (!reach && !drops(cx, cb, var, ci + 1)) {
    /* 2: from the connect back to a guard before it, keeping var (a test of
     * the new connection's status after the connect is not one) */
    top = 0;
    top = push_succ(f, cb, -1, stack, top, seen);
    while (top && !kept) {
      int b = stack[--top];
      if (before[b] && null_side(&f->b[b], var) >= 0) {
        kept = 1;
        break;
      }
      if (drops(cx, b, var, 0)) continue;
      top = push_succ(f, b, -1, stack, top, seen);
    }
  }
  free(stack);
  free(seen);
  free(before);
  return kept;
}

static int cil_on(flow_cx* cx, const flow_event* ev) {
  (void)ev;
  const flow_fn* f = flow_cx_fn(cx);
  if (flow_cx_unit(cx)->in_pool_module) return FLOW_CONTINUE; /* the pool owns its reconnects */
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->kind != FE_CALL || !flow_cx_callinfo(cx, b, i)->connect || e->loop < 0 ||
          e->dest != FD_VAR || e->var < 0 || used_in_loop(cx, b, i, e->var, e->loop) != 1)
        continue;
      int kept = kept_reconnect(cx, b, i, e->var);
      if (kept) continue; /* a reconnect that keeps the connection (or out of memory: silent) */
      char msg[512];
      snprintf(msg, sizeof msg,
               "connection '%s' is opened inside a loop and used there: connect once before the loop or lease from a pool",
               f->vars[e->var].name);
      flow_report(cx, "connect-in-loop", e->line, e->col, e->eline, e->ecol, e->var, NULL, -1, msg, NULL);
    }
  return FLOW_CONTINUE;
}

const flow_rule flow_rule_connect_in_loop = {"connect-in-loop", 1u << FLOW_EV_FUNCTION, 0, cil_on};

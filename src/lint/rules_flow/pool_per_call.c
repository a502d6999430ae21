/* pool_per_call.c - pool-per-call: a pool created and closed within one function other than main(); a pool handed out (returned, stored, *out) is not one. */
#include <stdio.h>
#include <string.h>

#include "engine/flow_rule.h"
#include "rules_flow/registry.h"

/* The place a pool-creating call e (ci) puts its pool in, or -1. */
static int created_pool(const flow_ev* e, const flow_callinfo* ci) {
  if (ci->pool_create_arg >= 0 && ci->pool_create_arg < e->nargs && e->args[ci->pool_create_arg].addr)
    return e->args[ci->pool_create_arg].var;
  if (ci->pool_create_arg == -2 && e->dest == FD_VAR) return e->var;
  return -1;
}

/* 1 if pool place pv is returned or stored somewhere in f. */
static int handed_out(const flow_fn* f, int pv) {
  for (int b = 0; b < f->nb; b++) {
    if (f->b[b].term == FT_RETURN && f->b[b].ret_var == pv) return 1;
    for (int j = 0; j < f->b[b].nev; j++)
      if (f->b[b].ev[j].kind == FE_ESCAPE && f->b[b].ev[j].var == pv) return 1;
  }
  return 0;
}

/* 1 if some call of f destroys pool place pv. */
static int closed_here(flow_cx* cx, int pv) {
  const flow_fn* f = flow_cx_fn(cx);
  for (int b = 0; b < f->nb; b++)
    for (int j = 0; j < f->b[b].nev; j++) {
      const flow_ev* g = &f->b[b].ev[j];
      if (g->kind != FE_CALL) continue;
      const flow_callinfo* gi = flow_cx_callinfo(cx, b, j);
      if (gi->pool_destroy_arg >= 0 && gi->pool_destroy_arg < g->nargs && g->args[gi->pool_destroy_arg].var == pv)
        return 1;
    }
  return 0;
}

static int ppc_on(flow_cx* cx, const flow_event* ev) {
  (void)ev;
  const flow_fn* f = flow_cx_fn(cx);
  if (!f->name || !strcmp(f->name, "main")) return FLOW_CONTINUE;
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->kind != FE_CALL) continue;
      int pv = created_pool(e, flow_cx_callinfo(cx, b, i));
      /* closing a pool handed out on a failure path is cleanup, not a pool per call */
      if (pv < 0 || handed_out(f, pv) || !closed_here(cx, pv)) continue;
      char msg[512];
      snprintf(msg, sizeof msg, "pool '%s' is created and closed within %s(): create it once at start-up and share it",
               f->vars[pv].name, f->name);
      flow_report(cx, "pool-per-call", e->line, e->col, e->eline, e->ecol, pv, NULL, -1, msg, NULL);
    }
  return FLOW_CONTINUE;
}

const flow_rule flow_rule_pool_per_call = {"pool-per-call", 1u << FLOW_EV_FUNCTION, 0, ppc_on};

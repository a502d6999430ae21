/* connect_in_loop.c - connect-in-loop: a connection opened inside a loop and queried in the same loop (a per-iteration connection); retry loops that only test the status stay silent. */
#include <stdio.h>

#include "engine/flow_rule.h"
#include "rules_flow/registry.h"

/* 1 if loop inner lies within loop outer (or is it). */
static int loop_within(const flow_fn* f, int inner, int outer) {
  for (int l = inner; l >= 0; l = f->loop_parent[l])
    if (l == outer) return 1;
  return 0;
}

/* 1 if place var is a plain-use argument of a call inside loop `loop`. */
static int used_in_loop(flow_cx* cx, int var, int loop) {
  const flow_fn* f = flow_cx_fn(cx);
  for (int b = 0; b < f->nb; b++)
    for (int j = 0; j < f->b[b].nev; j++) {
      const flow_ev* g = &f->b[b].ev[j];
      if (g->kind != FE_CALL || g->loop < 0 || !loop_within(f, g->loop, loop)) continue;
      const flow_callinfo* gi = flow_cx_callinfo(cx, b, j);
      for (int k = 0; k < g->nargs && k < 16; k++)
        if (g->args[k].var == var && !g->args[k].addr && gi->role[k] == FR_USE) return 1;
    }
  return 0;
}

static int cil_on(flow_cx* cx, const flow_event* ev) {
  (void)ev;
  const flow_fn* f = flow_cx_fn(cx);
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->kind != FE_CALL || !flow_cx_callinfo(cx, b, i)->connect || e->loop < 0 ||
          e->dest != FD_VAR || e->var < 0 || !used_in_loop(cx, e->var, e->loop))
        continue;
      char msg[512];
      snprintf(msg, sizeof msg,
               "connection '%s' is opened inside a loop and used there: connect once before the loop or lease from a pool",
               f->vars[e->var].name);
      flow_report(cx, "connect-in-loop", e->line, e->col, e->eline, e->ecol, e->var, NULL, -1, msg, NULL);
    }
  return FLOW_CONTINUE;
}

const flow_rule flow_rule_connect_in_loop = {"connect-in-loop", 1u << FLOW_EV_FUNCTION, 0, cil_on};

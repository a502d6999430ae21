/* finish_pooled.c - finish-pooled: PQfinish on a connection leased from a pool (it must go back with the pool's release). */
#include <stdio.h>

#include "engine/flow_rule.h"
#include "rules_flow/registry.h"

/* l.conn of lease l given to a connection release. */
static int fp_member(flow_cx* cx, const flow_event* ev) {
  const flow_var* fv = &flow_cx_fn(cx)->vars[ev->var];
  int leased = (ev->x->kind == FK_POOLED && ev->x->st == FLOW_S_OWNED) || fv->htype == 2;
  if (!leased || ev->role != FR_RELEASE || ev->role_kind != FK_CONN) return FLOW_CONTINUE;
  char msg[512];
  snprintf(msg, sizeof msg, "PQfinish on '%s.conn', a connection leased from the pool: give it back with the pool's release instead",
           fv->name);
  flow_report(cx, "finish-pooled", ev->line, ev->col, ev->eline, ev->ecol, ev->var, NULL, -1, msg, NULL);
  return FLOW_CLAIMED;
}

static int fp_on(flow_cx* cx, const flow_event* ev) {
  if (ev->kind == FLOW_EV_MEMBER_ARG) return fp_member(cx, ev);
  const flow_fn* f = flow_cx_fn(cx);
  char msg[512];
  if (ev->how == FLOW_REL_POOLED) /* a pool whose acquire returns a bare PGconn * (a --model pool) */
    snprintf(msg, sizeof msg, "PQfinish on '%s', a connection leased from a pool at line %u: give it back with the pool's release instead",
             f->vars[ev->var].name, ev->x->acq_line);
  else if (ev->how == FLOW_REL_BORROWED)
    snprintf(msg, sizeof msg, "PQfinish on '%s', a connection leased from the pool '%s': give it back with the pool's release instead",
             f->vars[ev->var].name, f->vars[ev->other].name);
  else
    return FLOW_CONTINUE;
  flow_report(cx, "finish-pooled", ev->line, ev->col, ev->eline, ev->ecol, ev->var, NULL, -1, msg, NULL);
  return FLOW_CONTINUE;
}

const flow_rule flow_rule_finish_pooled = {"finish-pooled", 1u << FLOW_EV_RELEASE | 1u << FLOW_EV_MEMBER_ARG,
                                           0, fp_on};

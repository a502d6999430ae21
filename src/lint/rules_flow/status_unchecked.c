/* status_unchecked.c - status-unchecked: a connection used before PQstatus, or a result's rows read before PQresultStatus; keeps "checked" per place in its own state byte. */
#include <stdio.h>

#include "engine/flow_rule.h"
#include "rules_flow/registry.h"

/* A result's rows read (role FR_ROWREAD). */
static void su_rowread(flow_cx* cx, const flow_event* ev, uint8_t* checked) {
  const flow_vst* x = ev->x;
  if (x->st != FLOW_S_OWNED || x->kind != FK_RESULT || *checked || x->summ) return;
  char msg[512];
  snprintf(msg, sizeof msg, "rows of result '%s' (line %u) are read before PQresultStatus was checked",
           flow_cx_fn(cx)->vars[ev->var].name, x->acq_line);
  flow_report(cx, "status-unchecked", ev->line, ev->col, ev->eline, ev->ecol, ev->var, NULL, -1, msg, NULL);
  *checked = 1;
}

/* A plain use: a libpq call needs a checked connection; a helper may check it. */
static void su_use(flow_cx* cx, const flow_event* ev, uint8_t* checked) {
  const flow_vst* x = ev->x;
  if (x->st == FLOW_S_RELEASED) return;
  if (x->st == FLOW_S_OWNED && x->kind == FK_CONN && !*checked && !x->summ && ev->ci->libpq) {
    char msg[512];
    snprintf(msg, sizeof msg, "connection '%s' acquired at line %u is used before PQstatus was checked",
             flow_cx_fn(cx)->vars[ev->var].name, x->acq_line);
    flow_report(cx, "status-unchecked", ev->line, ev->col, ev->eline, ev->ecol, ev->var, NULL, -1, msg, NULL);
    *checked = 1;
  } else if (!ev->ci->libpq && ev->e->callee) {
    *checked = 1;
  }
}

static int su_on(flow_cx* cx, const flow_event* ev) {
  uint8_t* checked = flow_rule_state(cx, ev->v, ev->var);
  switch (ev->role) {
  case FR_CHECK:
    *checked = 1;
    break;
  case FR_ROWREAD:
    if (ev->x->st != FLOW_S_RELEASED) su_rowread(cx, ev, checked);
    break;
  case FR_RELEASE:
  case FR_DISCARD:
  case FR_ESCAPE:
  case FR_INFO:
    break;
  default:
    su_use(cx, ev, checked);
  }
  return FLOW_CONTINUE;
}

const flow_rule flow_rule_status_unchecked = {"status-unchecked", 1u << FLOW_EV_ARG, 1, su_on};

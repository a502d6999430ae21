/* leaks.c - conn-leak, result-leak, pool-leak (the rule id per resource kind comes from the models): a handle lost while owned, or acquired and never stored. */
#include <stdio.h>

#include "engine/flow_rule.h"
#include "rules_flow/registry.h"
#include "rules_flow/rule_words.h"

/* FLOW_EV_LOST: place ev->var loses the handle it owns. */
static void leak_lost(flow_cx* cx, const flow_event* ev) {
  const flow_fn* f = flow_cx_fn(cx);
  const flow_vst* x = ev->x;
  const char* rule = flow_kind_leak_rule(flow_cx_models(cx), x->kind);
  if (!rule) return;
  const char* name = f->vars[ev->var].name;
  const char* noun = rule_kind_noun(x->kind);
  const char* fix = rule_kind_fix(x->kind);
  char msg[512], step[256];
  if (ev->how == FLOW_LOST_OWNER_FREED) {
    snprintf(msg, sizeof msg, "%s '%s' acquired at line %u is lost when '%s' is freed before it is %s",
             noun, name, x->acq_line, flow_freed_name(f, ev->e, ev->var), fix);
  } else if (ev->how == FLOW_LOST_OVERWRITE) {
    snprintf(msg, sizeof msg, "%s '%s' acquired at line %u is overwritten before it is %s", noun, name,
             x->acq_line, fix);
  } else if (ev->how == FLOW_LOST_TRANSIENT) {
    flow_transient_evidence t; /* the field never outlives a call: no other code releases it */
    flow_cx_transient(cx, ev->var, x->kind, &t);
    snprintf(msg, sizeof msg,
             "%s '%s' acquired at line %u is not %s before the function returns, and no other code "
             "releases that field ('%s' field '%s' never outlives a call: the %d other functions "
             "that store one there, %s among them, have it %s before they return)",
             noun, name, x->acq_line, fix, t.owner ? t.owner : "?", t.field ? t.field : "?", t.nclean,
             t.fn ? t.fn : "?", fix);
  } else if (ev->how == FLOW_LOST_NONLOCAL) {
    snprintf(msg, sizeof msg,
             "%s '%s' acquired at line %u is not %s when the error raised here leaves the function "
             "(no PG_TRY/PG_FINALLY releases it)",
             noun, name, x->acq_line, fix);
  } else {
    snprintf(msg, sizeof msg, "%s '%s' acquired at line %u is not %s on this path", noun, name,
             x->acq_line, fix);
  }
  snprintf(step, sizeof step, ev->how == FLOW_LOST_NONLOCAL ? "'%s' leaks when the error leaves here"
                                                            : "'%s' leaks here", name);
  if (ev->exit_line) { /* lost at a goto/break/return: the path goes on to the exit */
    char end[256];
    snprintf(end, sizeof end, "'%s' is still not %s here", name, fix);
    flow_report_lost(cx, rule, ev, msg, step, end);
    return;
  }
  flow_report(cx, rule, ev->line, ev->col, ev->eline, ev->ecol, ev->var, x, ev->path, msg, step);
}

/* FLOW_EV_DISCARDED: the handle acquired by ev->e is never stored. */
static void leak_discarded(flow_cx* cx, const flow_event* ev) {
  int kind = ev->ci->ret_kind;
  const char* rule = flow_kind_leak_rule(flow_cx_models(cx), kind);
  if (!rule) return;
  const char* callee = ev->e->callee ? ev->e->callee : "this call";
  char msg[512];
  if (ev->how == 2)
    snprintf(msg, sizeof msg, "the %s returned by %s() is only compared with NULL and never %s", rule_kind_noun(kind),
             callee, rule_kind_fix(kind));
  else if (ev->how)
    snprintf(msg, sizeof msg, "the %s returned by %s() is passed to %s() and never %s", rule_kind_noun(kind),
             callee, ev->outer->callee ? ev->outer->callee : "a call", rule_kind_fix(kind));
  else
    snprintf(msg, sizeof msg, "the %s returned by %s() is discarded without being %s", rule_kind_noun(kind),
             callee, rule_kind_fix(kind));
  flow_report(cx, rule, ev->line, ev->col, ev->eline, ev->ecol, -1, NULL, -1, msg, NULL);
}

static int leaks_on(flow_cx* cx, const flow_event* ev) {
  if (ev->kind == FLOW_EV_LOST) leak_lost(cx, ev);
  else leak_discarded(cx, ev);
  return FLOW_CONTINUE;
}

const flow_rule flow_rule_leaks = {"leaks", 1u << FLOW_EV_LOST | 1u << FLOW_EV_DISCARDED, 0, leaks_on};

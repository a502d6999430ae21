/* use_after_release.c - use-after-release: a handle used after it was released, or a pointer into a released result; once per bug on a path. */
#include <stdio.h>

#include "engine/flow_rule.h"
#include "rules_flow/registry.h"
#include "rules_flow/rule_bug.h"
#include "rules_flow/rule_words.h"

static int uar_on(flow_cx* cx, const flow_event* ev) {
  int first = rule_bug_first(cx, ev);
  if (first <= 0 || ev->kind == FLOW_EV_RELEASE) return FLOW_CONTINUE; /* no bug, the same bug, or double-release's */
  const flow_vst* x = ev->x;
  const flow_fn* f = flow_cx_fn(cx);
  const char* name = f->vars[ev->var].name;
  char msg[512], where[64];
  rule_bug_where(where, sizeof where, x->rel_line, ev->line);
  if (x->dangling && x->borrow_of >= 0)
    snprintf(msg, sizeof msg, "'%s' points into '%s', which was released%s", name,
             f->vars[x->borrow_of].name, where);
  else
    snprintf(msg, sizeof msg, "%s '%s' is used after it was released%s", rule_kind_noun(x->kind), name, where);
  flow_report(cx, "use-after-release", ev->line, ev->col, ev->eline, ev->ecol, ev->var, NULL, -1, msg, NULL);
  return FLOW_CONTINUE;
}

const flow_rule flow_rule_use_after_release = {
    "use-after-release", 1u << FLOW_EV_USE_RELEASED | 1u << FLOW_EV_MEMBER_ARG | 1u << FLOW_EV_RELEASE, 1,
    uar_on};

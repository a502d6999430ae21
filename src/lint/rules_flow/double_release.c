/* double_release.c - double-release: a handle released again (through itself or a copy); once per bug on a path. */
#include <stdio.h>

#include "engine/flow_rule.h"
#include "rules_flow/registry.h"
#include "rules_flow/rule_bug.h"
#include "rules_flow/rule_words.h"

static int dr_on(flow_cx* cx, const flow_event* ev) {
  int first = rule_bug_first(cx, ev);
  if (first <= 0 || ev->kind != FLOW_EV_RELEASE) return FLOW_CONTINUE; /* no bug, the same bug, or a use */
  const flow_vst* o = &ev->v[ev->other]; /* the owner the release goes to */
  char msg[512], where[64];
  rule_bug_where(where, sizeof where, o->rel_line, ev->line);
  snprintf(msg, sizeof msg, "%s '%s' is released again; it was already released%s",
           rule_kind_noun(o->kind ? o->kind : ev->role_kind), flow_cx_fn(cx)->vars[ev->var].name, where);
  flow_report(cx, "double-release", ev->line, ev->col, ev->eline, ev->ecol, ev->other, NULL, -1, msg, NULL);
  return FLOW_CONTINUE;
}

const flow_rule flow_rule_double_release = {
    "double-release", 1u << FLOW_EV_RELEASE | 1u << FLOW_EV_USE_RELEASED | 1u << FLOW_EV_MEMBER_ARG, 1, dr_on};

/* double_release.c - double-release: a handle released again (through itself or a copy). */
#include <stdio.h>

#include "engine/flow_rule.h"
#include "rules_flow/registry.h"
#include "rules_flow/rule_words.h"

static int dr_on(flow_cx* cx, const flow_event* ev) {
  if (ev->how != FLOW_REL_NORMAL) return FLOW_CONTINUE;
  const flow_vst* o = &ev->v[ev->other]; /* the owner the release goes to */
  if (o->st != FLOW_S_RELEASED) return FLOW_CONTINUE;
  char msg[512];
  snprintf(msg, sizeof msg, "%s '%s' is released again; it was already released at line %u",
           rule_kind_noun(o->kind ? o->kind : ev->role_kind), flow_cx_fn(cx)->vars[ev->var].name,
           o->rel_line);
  flow_report(cx, "double-release", ev->line, ev->col, ev->eline, ev->ecol, ev->other, NULL, -1, msg, NULL);
  return FLOW_CONTINUE;
}

const flow_rule flow_rule_double_release = {"double-release", 1u << FLOW_EV_RELEASE, 0, dr_on};

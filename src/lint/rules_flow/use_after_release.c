/* use_after_release.c - use-after-release: a handle used after it was released, or a pointer into a released result. */
#include <stdio.h>

#include "engine/flow_rule.h"
#include "rules_flow/registry.h"
#include "rules_flow/rule_words.h"

static int uar_on(flow_cx* cx, const flow_event* ev) {
  const flow_vst* x = ev->x;
  if (ev->kind == FLOW_EV_MEMBER_ARG && !(x->kind == FK_POOLED && x->st == FLOW_S_RELEASED))
    return FLOW_CONTINUE; /* l.conn of a lease given back: a use of it */
  const flow_fn* f = flow_cx_fn(cx);
  const char* name = f->vars[ev->var].name;
  char msg[512];
  if (x->dangling && x->borrow_of >= 0)
    snprintf(msg, sizeof msg, "'%s' points into '%s', which was released at line %u", name,
             f->vars[x->borrow_of].name, x->rel_line);
  else
    snprintf(msg, sizeof msg, "%s '%s' is used after it was released at line %u", rule_kind_noun(x->kind),
             name, x->rel_line);
  flow_report(cx, "use-after-release", ev->line, ev->col, ev->eline, ev->ecol, ev->var, NULL, -1, msg, NULL);
  return FLOW_CONTINUE;
}

const flow_rule flow_rule_use_after_release = {
    "use-after-release", 1u << FLOW_EV_USE_RELEASED | 1u << FLOW_EV_MEMBER_ARG, 0, uar_on};

/* held_members.c - conn-leak / result-leak on a member of a parameter that holds its handle on entry: overwritten or freed with its owner without being released, in a function that releases it on other paths (tested non-NULL), or where the run's evidence says its (record, field) owns the handle (engine/path_owner.c). */
#include <stdio.h>

#include "engine/flow_rule.h"
#include "rules_flow/registry.h"
#include "rules_flow/rule_words.h"

static int held_on(flow_cx* cx, const flow_event* ev) {
  const flow_fn* f = flow_cx_fn(cx);
  const char* rule = flow_kind_leak_rule(flow_cx_models(cx), ev->role_kind);
  if (!rule) return FLOW_CONTINUE;
  const char* name = f->vars[ev->var].name;
  const char* noun = rule_kind_noun(ev->role_kind);
  const char* fix = rule_kind_fix(ev->role_kind);
  char msg[600];
  flow_owner_evidence ow;
  flow_global_evidence gw;
  if (!ev->other && flow_cx_global(cx, ev->var, &gw)) {
    /* no release here: no function of the file releases the static global or copies it out */
    snprintf(msg, sizeof msg,
             "%s '%s', held on entry, is overwritten before it is %s (static '%s' holds %ss: %s "
             "stores one at line %u; no function of this file releases it or copies it out)",
             noun, name, fix, gw.name, noun, gw.acq_fn, gw.acq_line);
  } else if (!ev->other && flow_cx_owner(cx, ev->var, &ow)) {
    /* no release here: the run's evidence says the field owns its handle */
    char why[300];
    if (!ow.rel_fn)
      snprintf(why, sizeof why,
               "'%s' field '%s' owns %ss: %s stores a new one there at line %u, and the code of "
               "its file never releases it or hands it elsewhere",
               ow.owner, ow.field, noun, ow.acq_fn, ow.acq_line);
    else
      snprintf(why, sizeof why,
               "'%s' field '%s' owns %ss: %s stores %s there at line %u, %s releases one "
               "through it at line %u",
               ow.owner, ow.field, noun, ow.acq_fn,
               ow.acq_param ? "the one its caller hands it" : "a new one", ow.acq_line, ow.rel_fn,
               ow.rel_line);
    if (ev->how == FLOW_LOST_OWNER_FREED)
      snprintf(msg, sizeof msg, "%s '%s', held on entry, is lost when '%s' is freed before it is %s (%s)",
               noun, name, flow_freed_name(f, ev->e, ev->var), fix, why);
    else
      snprintf(msg, sizeof msg, "%s '%s', held on entry, is overwritten before it is %s (%s)", noun,
               name, fix, why);
  } else if (ev->how == FLOW_LOST_REPLACED)
    snprintf(msg, sizeof msg,
             "%s '%s' may still hold the %s it had on entry and is overwritten by a new one before "
             "it is %s (this function %s it at line %d on another path)",
             noun, name, noun, fix, fix, ev->other);
  else if (ev->how == FLOW_LOST_OWNER_FREED)
    snprintf(msg, sizeof msg,
             "%s '%s', non-NULL on this path, is lost when '%s' is freed before it is %s (this "
             "function %s it at line %d on another path)",
             noun, name, flow_freed_name(f, ev->e, ev->var), fix, fix, ev->other);
  else
    snprintf(msg, sizeof msg,
             "%s '%s', non-NULL on this path, is overwritten before it is %s (this function %s it "
             "at line %d on another path)",
             noun, name, fix, fix, ev->other);
  /* the code flow starts at the function, where the member came in with its handle */
  flow_vst y = *ev->x;
  y.acq_line = f->line;
  y.acq_col = 1;
  y.path = -1;
  char step[256];
  snprintf(step, sizeof step, "'%s' leaks here", name);
  flow_report(cx, rule, ev->line, ev->col, ev->eline, ev->ecol, ev->var, &y, ev->path, msg, step);
  return FLOW_CONTINUE;
}

const flow_rule flow_rule_held_members = {"held-members", 1u << FLOW_EV_HELD_LOST, 0, held_on};

/* rule_bug.c - one report per bug for the released-handle rules (use-after-release, double-release). */
#include <stdio.h>

#include "rules_flow/rule_bug.h"

/* 1 if ev is a released-handle bug: a use after release, a member of a
 * released lease used, or a release of an owner already released. */
static int is_bug(const flow_event* ev) {
  switch (ev->kind) {
  case FLOW_EV_USE_RELEASED: return 1;
  case FLOW_EV_MEMBER_ARG: return ev->x->kind == FK_POOLED && ev->x->st == FLOW_S_RELEASED;
  case FLOW_EV_RELEASE:
    return ev->how == FLOW_REL_NORMAL && ev->other >= 0 && ev->v[ev->other].st == FLOW_S_RELEASED;
  default: return 0;
  }
}

int rule_bug_first(flow_cx* cx, const flow_event* ev) {
  if (ev->var < 0 || !is_bug(ev)) return -1;
  uint8_t* a = flow_rule_state(cx, ev->v, ev->var);
  uint8_t* b = ev->kind == FLOW_EV_RELEASE && ev->other >= 0 ? flow_rule_state(cx, ev->v, ev->other) : a;
  int seen = *a || *b;
  *a = *b = 1;
  return !seen;
}

void rule_bug_where(char* buf, size_t len, unsigned rel_line, unsigned line) {
  if (rel_line == line) snprintf(buf, len, " on an earlier pass through this line");
  else snprintf(buf, len, " at line %u", rel_line);
}

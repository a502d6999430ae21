/* path_emit.c - hands the engine's events to the path rules of the registry, each with its own bytes of rule state. */
#include <string.h>

#include "engine/path.h"

flow_event flow_ev_make(flow_event_kind k, int block, const flow_ev* e, vst* v, int var, int path) {
  flow_event ev;
  memset(&ev, 0, sizeof ev);
  ev.kind = k;
  ev.block = block;
  ev.e = e;
  ev.v = v;
  ev.var = var;
  ev.x = v && var >= 0 ? &v[var] : NULL;
  ev.other = -1;
  ev.arg = -1;
  ev.role = FR_USE;
  ev.role_kind = FK_NONE;
  ev.path = path;
  if (e) {
    ev.line = e->line, ev.col = e->col, ev.eline = e->eline, ev.ecol = e->ecol;
  }
  return ev;
}

void flow_emit(actx* a, const flow_event* ev) {
  unsigned off = 0;
  for (const flow_rule* const* r = flow_rules; *r; off += (*r)->nstate, r++) {
    if (!((*r)->events & (1u << ev->kind))) continue;
    a->rule_off = off;
    if ((*r)->on(a, ev) == FLOW_CLAIMED) break;
  }
}

unsigned flow_rules_state_size(void) {
  unsigned n = 0;
  for (const flow_rule* const* r = flow_rules; *r; r++) n += (*r)->nstate;
  return n;
}

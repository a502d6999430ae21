/* double_release.c - double-release: a handle released again (through itself or a copy); once per bug on a path. */
#include <stdio.h>

#include "engine/flow_rule.h"
#include "rules_flow/registry.h"
#include "rules_flow/rule_bug.h"
#include "rules_flow/rule_words.h"

/* 1 if loop `inner` lies within loop `outer` (or is it). */
static int loop_within(const flow_fn* f, int inner, int outer) {
  for (int l = inner; l >= 0; l = f->loop_parent[l])
    if (l == outer) return 1;
  return 0;
}

/* 1 if place var (or its owner o) gets a new handle from an acquire inside
 * loop L written after line `after` (later in the loop body). */
static int reacquired_in_loop(flow_cx* cx, int L, int var, int o, unsigned after) {
  const flow_fn* f = flow_cx_fn(cx);
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->kind != FE_CALL || e->loop < 0 || e->line <= after || !loop_within(f, e->loop, L)) continue;
      const flow_callinfo* ci = flow_cx_callinfo(cx, b, i);
      if (e->dest == FD_VAR && (e->var == var || e->var == o) && ci->ret_kind != FK_NONE) return 1;
      if (ci->out_kind != FK_NONE && ci->out_arg >= 0 && ci->out_arg < e->nargs &&
          (e->args[ci->out_arg].var == var || e->args[ci->out_arg].var == o))
        return 1;
    }
  return 0;
}

/* The loop of the call at `line` that releases var or o, or -1. */
static int release_loop(flow_cx* cx, unsigned line, int var, int o) {
  const flow_fn* f = flow_cx_fn(cx);
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->kind != FE_CALL || e->line != line) continue;
      const flow_callinfo* ci = flow_cx_callinfo(cx, b, i);
      for (int k = 0; k < e->nargs && k < 16; k++)
        if ((e->args[k].var == var || e->args[k].var == o) && ci->role[k] == FR_RELEASE) return e->loop;
    }
  return -1;
}

static int dr_on(flow_cx* cx, const flow_event* ev) {
  int first = rule_bug_first(cx, ev);
  if (first <= 0 || ev->kind != FLOW_EV_RELEASE) return FLOW_CONTINUE; /* no bug, the same bug, or a use */
  const flow_vst* o = &ev->v[ev->other]; /* the owner the release goes to */
  /* the earlier release sits at the top of a loop body that gets a new
   * handle into the place further down on some path (pg_dumpall's `if
   * (conn_opts) PQconninfoFree(conn_opts); ... if (connection_string)
   * conn_opts = PQconninfoParse(...)`): the path that skips the new handle
   * after the release rests on a condition the walk cannot correlate across
   * iterations. Ownership cannot be decided: silent, and the rest of this
   * path with it (marked above). A release after the loop of a handle
   * acquired then released in its body is still reported. */
  int L = release_loop(cx, o->rel_line, ev->var, ev->other);
  if (L >= 0 && reacquired_in_loop(cx, L, ev->var, ev->other, o->rel_line)) return FLOW_CONTINUE;
  char msg[512], where[64];
  rule_bug_where(where, sizeof where, o->rel_line, ev->line);
  snprintf(msg, sizeof msg, "%s '%s' is released again; it was already released%s",
           rule_kind_noun(o->kind ? o->kind : ev->role_kind), flow_cx_fn(cx)->vars[ev->var].name, where);
  flow_report(cx, "double-release", ev->line, ev->col, ev->eline, ev->ecol, ev->other, NULL, -1, msg, NULL);
  return FLOW_CONTINUE;
}

const flow_rule flow_rule_double_release = {
    "double-release", 1u << FLOW_EV_RELEASE | 1u << FLOW_EV_USE_RELEASED | 1u << FLOW_EV_MEMBER_ARG, 1, dr_on};

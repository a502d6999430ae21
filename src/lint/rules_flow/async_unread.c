/* async_unread.c - async-unread: a command sent with PQsendQuery* whose results were not read with PQgetResult until it returned NULL before the next command on the same connection. */
#include <stdio.h>
#include <string.h>

#include "engine/flow_rule.h"
#include "rules_flow/registry.h"

/* Private bytes of a connection place: [0] 1 while a sent command's results
 * are unread; [1..2] 1 + the place the last PQgetResult(c) went to (its NULL
 * test ends the command); [3..5] the line of the send; [6..7] 1 + the place
 * the send's return value went to (rv = PQsendQuery(...); if (rv == 0): a
 * send that failed sent nothing). */
enum { AU_PENDING = 0, AU_GOT = 1, AU_LINE = 3, AU_SENT = 6, AU_NSTATE = 8 };

static int get16(const uint8_t* p) { return p[0] | p[1] << 8; }
static void put16(uint8_t* p, unsigned v) { p[0] = v & 255, p[1] = (v >> 8) & 255; }

static unsigned get24(const uint8_t* p) { return p[0] | (unsigned)p[1] << 8 | (unsigned)p[2] << 16; }
static void put24(uint8_t* p, unsigned v) { p[0] = v & 255, p[1] = (v >> 8) & 255, p[2] = (v >> 16) & 255; }

/* 1 if calls c match callee with the connection in argument arg. */
static int matches(const model_calls* c, const char* callee, int arg) {
  int i = model_calls_match(c, callee);
  return i >= 0 && c->v[i].arg == arg;
}

/* 1 if function f calls one of the pipeline-mode functions: several
 * commands may be in flight there, by design. */
static int uses_pipeline(const flow_fn* f, const model_set* m) {
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->kind == FE_CALL && e->callee && model_calls_match(&m->async_pipeline, e->callee) >= 0) return 1;
    }
  return 0;
}

/* FLOW_EV_ARG: the connection ev->var is argument ev->arg of a call. */
static void au_arg(flow_cx* cx, const flow_event* ev) {
  const model_set* m = flow_cx_models(cx);
  const flow_ev* e = ev->e;
  uint8_t* s = flow_rule_state(cx, ev->v, ev->var);
  const char* callee = e->callee;
  if (!callee || ev->role == FR_RELEASE || ev->role == FR_ESCAPE || !ev->ci->libpq) {
    memset(s, 0, AU_NSTATE); /* finished, handed on, or given to a helper that may read the results */
    return;
  }
  if (matches(&m->async_get, callee, ev->arg)) {
    put16(s + AU_GOT, e->dest == FD_VAR && e->var >= 0 ? (unsigned)e->var + 1 : 0);
    return;
  }
  if (!matches(&m->async_commands, callee, ev->arg) && !matches(&m->async_send, callee, ev->arg)) return;
  const flow_fn* f = flow_cx_fn(cx);
  if (s[AU_PENDING] && !uses_pipeline(f, m)) {
    char msg[512];
    snprintf(msg, sizeof msg,
             "%s() starts a command on '%s' while the results of the command sent at line %u are unread: "
             "call PQgetResult until it returns NULL first",
             callee, f->vars[ev->var].name, get24(s + AU_LINE));
    flow_report(cx, "async-unread", ev->line, ev->col, ev->eline, ev->ecol, ev->var, NULL, -1, msg, NULL);
  }
  memset(s, 0, AU_NSTATE);
  if (matches(&m->async_send, callee, ev->arg)) {
    s[AU_PENDING] = 1;
    put24(s + AU_LINE, e->line);
    put16(s + AU_SENT, e->dest == FD_VAR && e->var >= 0 ? (unsigned)e->var + 1 : 0);
  }
}

/* 1 if branch side `side` (0 true, 1 false) of condition c means its
 * value was 0 (c: value OP 0 with OP == or !=). */
static int side_zero(const flow_cond* c, int side) {
  if (c->val != 0) return 0;
  if (c->op == '=') return side == 0;
  if (c->op == '!') return side == 1;
  return 0;
}

/* 1 if the branch ev decided that the send pending on place p (state s)
 * returned 0 (failed: nothing was sent). */
static int send_failed(flow_cx* cx, const flow_event* ev, int p, const uint8_t* s) {
  const flow_block* B = ev->b;
  const flow_cond* c = &B->cond;
  if (!side_zero(c, ev->how)) return 0;
  if (c->kind == FC_VAR) return c->var >= 0 && c->var + 1 == get16(s + AU_SENT);
  if (c->kind != FC_CALL || c->evi < 0 || c->evi >= B->nev) return 0;
  const flow_ev* e = &B->ev[c->evi];
  const model_set* m = flow_cx_models(cx);
  int i = e->callee ? model_calls_match(&m->async_send, e->callee) : -1;
  if (i < 0) return 0;
  int arg = m->async_send.v[i].arg;
  return arg >= 0 && arg < e->nargs && e->args[arg].var == p && get24(s + AU_LINE) == e->line;
}

/* FLOW_EV_TEST: a branch where the last PQgetResult(c) is known NULL, or where the send
 * returned 0, ends c's command. */
static void au_test(flow_cx* cx, const flow_event* ev) {
  const flow_fn* f = flow_cx_fn(cx);
  for (int c = 0; c < f->nvars; c++) {
    if (!flow_cx_tracked(cx, c)) continue;
    uint8_t* s = flow_rule_state(cx, ev->v, c);
    if (!s[AU_PENDING]) continue;
    if (send_failed(cx, ev, c, s)) {
      memset(s, 0, AU_NSTATE);
      continue;
    }
    int got = get16(s + AU_GOT) - 1;
    if (got < 0 || got >= f->nvars) continue;
    const flow_vst* r = &ev->v[got];
    if (r->st == FLOW_S_NULL || r->nul == 1) memset(s, 0, AU_NSTATE);
  }
}

static int au_on(flow_cx* cx, const flow_event* ev) {
  if (ev->kind == FLOW_EV_TEST) au_test(cx, ev);
  else au_arg(cx, ev); /* the model's `arg` says which argument is the connection */
  return FLOW_CONTINUE;
}

const flow_rule flow_rule_async_unread = {"async-unread", 1u << FLOW_EV_ARG | 1u << FLOW_EV_TEST,
                                          AU_NSTATE, au_on};

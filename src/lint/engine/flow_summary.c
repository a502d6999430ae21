/* flow_summary.c - function summaries over all units (returns a handle, releases/takes an argument, never returns) and the flow_check entry point with the loop/pool scans. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/flow_ir.h"

#define ROUNDS 8

void flow_dump(const flow_unit* u);

/* Resets the facts of s to "nothing known" for function f; keeps its
 * identity (name, owner, unit, is_static, hdr, seq). */
static void sum_init(flow_sum* s, const flow_fn* f) {
  flow_sum id = *s;
  memset(s, 0, sizeof *s);
  s->name = id.name;
  s->owner = id.owner;
  s->unit = id.unit;
  s->is_static = id.is_static;
  s->hdr = id.hdr;
  s->seq = id.seq;
  s->ret_kind = FK_NONE;
  s->nargs = f->nparams < 16 ? f->nparams : 16;
  for (int i = 0; i < 16; i++) {
    s->arg_role[i] = FR_USE;
    s->arg_kind[i] = FK_NONE;
    s->out_kind[i] = FK_NONE;
  }
}

/* 1 when two summaries say the same thing about a function (the fixed point and the clash test use it). */
int flow_sum_equal(const flow_sum* a, const flow_sum* b) {
  return a->ret_kind == b->ret_kind && a->noreturn == b->noreturn &&
         a->ret_okonly == b->ret_okonly && a->ret_or_arg == b->ret_or_arg &&
         !memcmp(a->arg_role, b->arg_role, sizeof a->arg_role) &&
         !memcmp(a->arg_kind, b->arg_kind, sizeof a->arg_kind) &&
         !memcmp(a->out_kind, b->out_kind, sizeof a->out_kind);
}

static int cmp_slot(const void* x, const void* y) {
  const flow_sum *a = x, *b = y;
  int c = strcmp(a->name, b->name);
  if (c) return c;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* 1 if a header definition of this name already has a slot (one per name). */
static int have_header_slot(const flow_summaries* s, const char* name) {
  for (size_t i = 0; i < s->n; i++)
    if (s->v[i].hdr && !strcmp(s->v[i].name, name)) return 1;
  return 0;
}

flow_summaries* flow_summaries_build(flow_unit* const* units, size_t n, const model_set* m) {
  flow_summaries* s = calloc(1, sizeof *s);
  int** slot_of = calloc(n ? n : 1, sizeof *slot_of);
  if (!s || !slot_of) {
    free(s);
    free(slot_of);
    return NULL;
  }
  /* a slot per definition in a file of the run (flow_sum_find picks the
   * caller's own, or the only one), and one per name for the functions of
   * included headers (the same code in every unit that includes it) */
  for (size_t i = 0; i < n; i++) {
    if (!units[i]) continue;
    for (int j = 0; j < units[i]->nfns; j++) {
      const flow_fn* f = &units[i]->fns[j];
      if (!f->name || (f->in_header && have_header_slot(s, f->name))) continue;
      if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 32;
        flow_sum* nv = realloc(s->v, nc * sizeof *nv);
        if (!nv) goto oom;
        s->v = nv;
        s->cap = nc;
      }
      flow_sum* su = &s->v[s->n];
      memset(su, 0, sizeof *su);
      su->name = strdup(f->name);
      if (!su->name) goto oom;
      su->owner = f;
      su->unit = units[i];
      su->is_static = f->is_static;
      su->hdr = f->in_header;
      su->seq = s->n;
      sum_init(su, f);
      s->n++;
    }
  }
  if (s->n) qsort(s->v, s->n, sizeof *s->v, cmp_slot);
  /* definitions are analysed in file order (callees usually come first) */
  for (size_t i = 0; i < n; i++) {
    if (!units[i] || !units[i]->nfns) continue;
    slot_of[i] = malloc((size_t)units[i]->nfns * sizeof **slot_of);
    if (!slot_of[i]) goto oom;
    for (int j = 0; j < units[i]->nfns; j++) slot_of[i][j] = -1;
  }
  for (size_t k = 0; k < s->n; k++)
    for (size_t i = 0; i < n; i++)
      if (s->v[k].unit == units[i]) {
        slot_of[i][s->v[k].owner - units[i]->fns] = (int)k;
        break;
      }
  /* iterate: callers see the summaries computed so far */
  for (int round = 0; round < ROUNDS; round++) {
    int changed = 0;
    for (size_t i = 0; i < n; i++) {
      if (!units[i]) continue;
      for (int j = 0; j < units[i]->nfns; j++) {
        if (slot_of[i][j] < 0) continue;
        const flow_fn* f = &units[i]->fns[j];
        flow_sum* slot = &s->v[slot_of[i][j]];
        flow_sum next = *slot;
        sum_init(&next, f);
        int rc = flow_analyze(units[i], f, s, m, NULL, NULL, &next);
        if (rc < 0) goto oom;
        if (rc == 1) next.noreturn = 0;
        if (!flow_sum_equal(&next, slot)) {
          *slot = next;
          changed = 1;
        }
      }
    }
    if (!changed) break;
  }
  for (size_t i = 0; i < n; i++) free(slot_of[i]);
  free(slot_of);
  return s;
oom:
  for (size_t i = 0; i < n; i++) free(slot_of[i]);
  free(slot_of);
  flow_summaries_free(s);
  return NULL;
}

void flow_summaries_free(flow_summaries* s) {
  if (!s) return;
  for (size_t i = 0; i < s->n; i++) free(s->v[i].name);
  free(s->v);
  free(s);
}

/* ---- scans that need no paths ------------------------------------------------ */

static int loop_within(const flow_fn* f, int inner, int outer) {
  for (int l = inner; l >= 0; l = f->loop_parent[l])
    if (l == outer) return 1;
  return 0;
}

static int add_simple(const flow_unit* u, const flow_fn* f, const model_set* m,
                      const lint_rules_on* on, finding_list* out, const char* rule,
                      const flow_ev* e, const char* msg) {
  if (on && !lint_rule_enabled(on, rule)) return 0;
  const model_rule* r = model_rule_find(m, rule);
  finding fd;
  memset(&fd, 0, sizeof fd);
  fd.rule = r ? r->id : rule;
  fd.level = r ? r->level : FINDING_WARNING;
  unsigned el = e->eline, ec = e->ecol;
  if (el < e->line || (el == e->line && ec <= e->col)) {
    el = e->line;
    ec = e->col + 1;
  }
  if (finding_loc_set(&fd.loc, u->path, e->line, e->col, el, ec, NULL) < 0) return PQL_ENOMEM;
  fd.message = strdup(msg);
  fd.function = f->name ? strdup(f->name) : NULL;
  if (!fd.message) {
    finding_free(&fd);
    return PQL_ENOMEM;
  }
  return finding_list_push(out, &fd);
}

/* connect-in-loop: a connection opened inside a loop and queried in the
 * same loop (a per-iteration connection). Retry/reconnect loops, which only
 * test the status (and finish a failed attempt) before leaving the loop,
 * stay silent. pool-per-call: a pool created and closed in one function
 * other than main(). */
static int scan_fn(const flow_unit* u, const flow_fn* f, const flow_summaries* s,
                   const model_set* m, const lint_rules_on* on, finding_list* out) {
  int rc = 0;
  for (int b = 0; b < f->nb && !rc; b++) {
    for (int i = 0; i < f->b[b].nev && !rc; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->kind != FE_CALL) continue;
      flow_callinfo ci;
      flow_classify(m, s, u, e, &ci);
      if (ci.connect && e->loop >= 0 && e->dest == FD_VAR && e->var >= 0) {
        int used = 0;
        for (int b2 = 0; b2 < f->nb && !used; b2++)
          for (int j = 0; j < f->b[b2].nev && !used; j++) {
            const flow_ev* g = &f->b[b2].ev[j];
            if (g->kind != FE_CALL || g->loop < 0 || !loop_within(f, g->loop, e->loop)) continue;
            flow_callinfo gi;
            flow_classify(m, s, u, g, &gi);
            for (int k = 0; k < g->nargs && k < 16; k++)
              if (g->args[k].var == e->var && !g->args[k].addr && gi.role[k] == FR_USE) used = 1;
          }
        if (used) {
          char msg[512];
          snprintf(msg, sizeof msg,
                   "connection '%s' is opened inside a loop and used there: connect once before the loop or lease from a pool",
                   f->vars[e->var].name);
          rc = add_simple(u, f, m, on, out, "connect-in-loop", e, msg);
        }
      }
      int pv = -1;
      if (ci.pool_create_arg >= 0 && ci.pool_create_arg < e->nargs && e->args[ci.pool_create_arg].addr)
        pv = e->args[ci.pool_create_arg].var;
      else if (ci.pool_create_arg == -2 && e->dest == FD_VAR)
        pv = e->var;
      if (pv >= 0 && f->name && strcmp(f->name, "main")) {
        /* handed out (*out = pool, return pool, stored): closing it on a
         * failure path is cleanup, not a pool per call */
        int closed = 0, handed = 0;
        for (int b2 = 0; b2 < f->nb && !handed; b2++) {
          if (f->b[b2].term == FT_RETURN && f->b[b2].ret_var == pv) handed = 1;
          for (int j = 0; j < f->b[b2].nev && !handed; j++)
            if (f->b[b2].ev[j].kind == FE_ESCAPE && f->b[b2].ev[j].var == pv) handed = 1;
        }
        if (handed) closed = -1;
        for (int b2 = 0; b2 < f->nb && !closed; b2++)
          for (int j = 0; j < f->b[b2].nev && !closed; j++) {
            const flow_ev* g = &f->b[b2].ev[j];
            if (g->kind != FE_CALL) continue;
            flow_callinfo gi;
            flow_classify(m, s, u, g, &gi);
            if (gi.pool_destroy_arg >= 0 && gi.pool_destroy_arg < g->nargs &&
                g->args[gi.pool_destroy_arg].var == pv)
              closed = 1;
          }
        if (closed > 0) {
          char msg[512];
          snprintf(msg, sizeof msg,
                   "pool '%s' is created and closed within %s(): create it once at start-up and share it",
                   f->vars[pv].name, f->name);
          rc = add_simple(u, f, m, on, out, "pool-per-call", e, msg);
        }
      }
    }
  }
  return rc;
}

void flow_gaveup_free(lint_file* lf) {
  for (size_t i = 0; i < lf->ngave_up; i++) free(lf->gave_up[i].function);
  free(lf->gave_up);
  lf->gave_up = NULL;
  lf->ngave_up = 0;
}

/* Appends f to lf->gave_up; PQL_ENOMEM or 0. */
static int note_gave_up(lint_file* lf, const flow_fn* f) {
  lint_gaveup* nv = realloc(lf->gave_up, (lf->ngave_up + 1) * sizeof *nv);
  if (!nv) return PQL_ENOMEM;
  lf->gave_up = nv;
  nv[lf->ngave_up].function = strdup(f->name ? f->name : "?");
  nv[lf->ngave_up].line = f->line;
  if (!nv[lf->ngave_up].function) return PQL_ENOMEM;
  lf->ngave_up++;
  return 0;
}

int flow_check(const flow_unit* u, const flow_summaries* s, const model_set* m,
               const lint_rules_on* on, finding_list* out, lint_file* lf) {
  if (!u) return 0;
  if (getenv("PQL_FLOW_DUMP")) flow_dump(u);
  for (int i = 0; i < u->nfns; i++) {
    if (u->fns[i].in_header) continue; /* reported where the header itself is analysed */
    int rc = flow_analyze(u, &u->fns[i], s, m, on, out, NULL);
    if (rc < 0) return rc;
    if (rc == 1 && lf && note_gave_up(lf, &u->fns[i]) < 0) return PQL_ENOMEM;
    rc = scan_fn(u, &u->fns[i], s, m, on, out);
    if (rc < 0) return rc;
  }
  return 0;
}

/* Debug aid: PQL_FLOW_DUMP=1 prints the lowered IR of each unit to stderr. */
void flow_dump(const flow_unit* u);
void flow_dump(const flow_unit* u) {
  static const char* const ek[] = {"CALL", "ASSIGN", "NULLSET", "CONST", "OTHERSET", "ESCAPE", "USE", "SCOPE_END"};
  for (int i = 0; i < u->nfns; i++) {
    const flow_fn* f = &u->fns[i];
    fprintf(stderr, "fn %s (%d blocks, %d vars)\n", f->name, f->nb, f->nvars);
    for (int b = 0; b < f->nb; b++) {
      const flow_block* B = &f->b[b];
      fprintf(stderr, " b%d:", b);
      for (int j = 0; j < B->nev; j++) {
        const flow_ev* e = &B->ev[j];
        fprintf(stderr, " %s@%u(%s v%d v2%d d%d)", ek[e->kind], e->line, e->callee ? e->callee : "", e->var, e->var2, e->dest);
      }
      fprintf(stderr, " | term %d ->", B->term);
      for (int k = 0; k < B->nsucc; k++) fprintf(stderr, " b%d", B->succ[k]);
      if (B->term == 1) fprintf(stderr, " cond k%d v%d op%c %lld", B->cond.kind, B->cond.var, B->cond.op ? B->cond.op : '?', B->cond.val);
      fprintf(stderr, "\n");
    }
  }
}

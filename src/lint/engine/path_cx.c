/* path_cx.c - what a path rule may ask the engine: the function, the models, call classifications, its own state bytes, and findings with path steps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "engine/path.h"

const flow_fn* flow_cx_fn(const flow_cx* cx) { return cx->f; }
const flow_unit* flow_cx_unit(const flow_cx* cx) { return cx->u; }
const model_set* flow_cx_models(const flow_cx* cx) { return cx->m; }
const flow_callinfo* flow_cx_callinfo(const flow_cx* cx, int b, int evi) { return &cx->cis[b][evi]; }
int flow_cx_tracked(const flow_cx* cx, int var) { return var >= 0 && cx->rel[var]; }

uint8_t* flow_rule_state(flow_cx* cx, flow_vst* v, int var) {
  return v[var].rs + cx->rule_off;
}

/* 1 if key was noted in this function; else notes it and returns 0 (no
 * memory: 1, nothing reported). */
static int seen_str(actx* a, const char* buf) {
  for (int i = 0; i < a->nkeys; i++)
    if (!strcmp(a->keys[i], buf)) return 1;
  if (a->nkeys == a->capkeys) {
    int nc = a->capkeys ? a->capkeys * 2 : 16;
    char** nk = realloc(a->keys, (size_t)nc * sizeof *nk);
    if (!nk) return 1;
    a->keys = nk;
    a->capkeys = nc;
  }
  a->keys[a->nkeys] = strdup(buf);
  if (a->keys[a->nkeys]) a->nkeys++;
  return 0;
}

/* 1 if (rule, line, col, var) was reported in this function, or, with x (a
 * finding about a handle), (rule, line, col, x's acquire): one handle held
 * by two copies (opts and the cursor o = opts) is one bug, reported once.
 * Notes both keys. */
static int seen_key(actx* a, const char* rule, unsigned line, unsigned col, int var, const vst* x) {
  char buf[160], abuf[160];
  snprintf(buf, sizeof buf, "%s:%u:%u:%d", rule, line, col, var);
  int seen = seen_str(a, buf);
  if (x) {
    snprintf(abuf, sizeof abuf, "%s:%u:%u:a%u.%u", rule, line, col, x->acq_line, x->acq_col);
    seen |= seen_str(a, abuf);
  }
  return seen;
}

/* Adds one step (or related location) at (line, col..eline, ecol) to f. */
static void add_step(finding* f, const char* file, unsigned line, unsigned col, unsigned eline,
                     unsigned ecol, const char* msg, int related) {
  finding_loc l;
  memset(&l, 0, sizeof l);
  if (finding_loc_set(&l, file, line, col, eline, ecol, msg) == 0) {
    if (related) finding_add_related(f, &l);
    finding_add_step(f, &l);
  }
  free(l.file);
  free(l.msg);
}

/* The branch steps between path node stop (excluded) and path, in order. */
static void add_branch_steps(actx* a, finding* f, int path, int stop) {
  static const char* const txt[] = {"", "taking the true branch", "taking the false branch",
                                    "taking this case", "entering the loop", "leaving the loop"};
  int idx[64], n = 0;
  for (int p = path; p >= 0 && p != stop && n < 64; p = a->pn[p].parent)
    if (a->pn[p].what != 0 &&
        !(n && a->pn[idx[n - 1]].line == a->pn[p].line && a->pn[idx[n - 1]].col == a->pn[p].col &&
          a->pn[idx[n - 1]].what == a->pn[p].what))
      idx[n++] = p;
  for (int i = n - 1; i >= 0; i--) {
    const pnode* pn = &a->pn[idx[i]];
    add_step(f, a->u->path, pn->line, pn->col, pn->line, pn->col + 1, txt[pn->what], 0);
  }
}

/* The acquire of x, then the branch steps between it and path node path, in order. */
static void add_path_steps(actx* a, finding* f, int var, const vst* x, int path) {
  char sbuf[256];
  snprintf(sbuf, sizeof sbuf, "'%s' acquired here", var >= 0 ? a->f->vars[var].name : "handle");
  add_step(f, a->u->path, x->acq_line, x->acq_col, x->acq_line, x->acq_col + 1, sbuf, 1);
  add_branch_steps(a, f, path, x->path);
}

/* 1 if path node anc is path or one of its parents. */
static int path_has(const actx* a, int path, int anc) {
  for (int p = path; p >= 0; p = a->pn[p].parent)
    if (p == anc) return 1;
  return anc < 0;
}

/* flow_report, with an end step at (end_line, end_col) when end_line (see flow_report_lost). */
static void report(flow_cx* a, const char* rule, unsigned line, unsigned col, unsigned eline,
                   unsigned ecol, int var, const flow_vst* x, int path, const char* msg,
                   const char* last_step, unsigned end_line, unsigned end_col, const char* end_step) {
  if (!a->out || a->err) return;
  if (a->on && !lint_rule_enabled(a->on, rule)) return;
  if (seen_key(a, rule, line, col, var, x)) return;
  const model_rule* r = model_rule_find(a->m, rule);
  finding f;
  memset(&f, 0, sizeof f);
  f.rule = r ? r->id : rule;
  f.level = r ? r->level : FINDING_WARNING;
  if (!eline || eline < line || (eline == line && ecol <= col)) {
    eline = line;
    ecol = col + 1;
  }
  if (finding_loc_set(&f.loc, a->u->path, line, col, eline, ecol, NULL) < 0) goto oom;
  f.message = strdup(msg);
  f.function = a->f->name ? strdup(a->f->name) : NULL;
  if (!f.message) goto oom;
  if (x && x->acq_line) {
    if (end_line && path_has(a, path, x->lost_path) && path_has(a, x->lost_path, x->path)) {
      /* acquire .. the place it was lost, then on to the exit */
      add_path_steps(a, &f, var, x, x->lost_path);
      if (last_step) add_step(&f, a->u->path, line, col, eline, ecol, last_step, 0);
      add_branch_steps(a, &f, path, x->lost_path);
      if (end_step) add_step(&f, a->u->path, end_line, end_col, end_line, end_col + 1, end_step, 0);
      last_step = NULL;
    } else {
      add_path_steps(a, &f, var, x, path);
    }
  }
  if (last_step) add_step(&f, a->u->path, line, col, eline, ecol, last_step, 0);
  if (finding_list_push(a->out, &f) < 0) a->err = PQL_ENOMEM;
  return;
oom:
  finding_free(&f);
  a->err = PQL_ENOMEM;
}

void flow_report(flow_cx* a, const char* rule, unsigned line, unsigned col, unsigned eline,
                 unsigned ecol, int var, const flow_vst* x, int path, const char* msg,
                 const char* last_step) {
  report(a, rule, line, col, eline, ecol, var, x, path, msg, last_step, 0, 0, NULL);
}

void flow_report_lost(flow_cx* a, const char* rule, const flow_event* ev, const char* msg,
                      const char* lost_step, const char* end_step) {
  report(a, rule, ev->line, ev->col, ev->eline, ev->ecol, ev->var, ev->x, ev->path, msg, lost_step,
         ev->exit_line, ev->exit_col, end_step);
}

/* path_lost.c - where a handle is lost: per owner (and its copies), the blocks from which something may still release it, and the goto/break/continue/return a path takes straight out of them. */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "engine/path.h"

#define LOST_MAX_CELLS (4u << 20) /* groups x blocks: above it, losses stay at the exits */

static int uf_find(int* p, int x) {
  while (p[x] != x) x = p[x] = p[p[x]];
  return x;
}

/* 1 if argument k of call e (classified ci) may release or take over what it gets. */
static int arg_may_release(const flow_ev* e, const flow_callinfo* ci, int k) {
  int role = k < 16 ? ci->role[k] : FR_USE;
  if (role == FR_RELEASE || role == FR_DISCARD || role == FR_ESCAPE) return 1;
  return !ci->libpq || e->args[k].addr; /* a function of the program, or &h: may free or keep it */
}

/* Marks in m (one byte per group) the groups block b may release or hand over. */
static void block_mentions(actx* a, int b, uint8_t* m, int ng) {
  const flow_block* B = &a->f->b[b];
  const int* g = a->lgroup;
  memset(m, 0, (size_t)ng);
  if (B->term == FT_RETURN && B->ret_var >= 0 && g[B->ret_var] >= 0) m[g[B->ret_var]] = 1;
  for (int i = 0; i < B->nev; i++) {
    const flow_ev* e = &B->ev[i];
    if (e->kind == FE_ESCAPE && e->var >= 0 && g[e->var] >= 0) m[g[e->var]] = 1;
    if (e->kind == FE_ASSIGN && e->var2 >= 0 && g[e->var2] >= 0) m[g[e->var2]] = 1;
    if (e->kind != FE_CALL) continue;
    for (int k = 0; k < e->nargs; k++) {
      int v = e->args[k].var;
      if (v >= 0 && g[v] >= 0 && arg_may_release(e, &a->cis[b][i], k)) m[g[v]] = 1;
    }
  }
}

int path_lost_prepare(actx* a) {
  const flow_fn* f = a->f;
  int n = f->nvars, nb = f->nb;
  a->lgroup = malloc((size_t)(n ? n : 1) * sizeof *a->lgroup);
  int* parent = malloc((size_t)(n ? n : 1) * sizeof *parent);
  if (!a->lgroup || !parent) {
    free(parent);
    return PQL_ENOMEM;
  }
  for (int i = 0; i < n; i++) parent[i] = i;
  for (int b = 0; b < nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->kind == FE_ASSIGN && e->var >= 0 && e->var2 >= 0 && a->rel[e->var] == 3 && a->rel[e->var2] == 3)
        parent[uf_find(parent, e->var)] = uf_find(parent, e->var2);
    }
  int ng = 0;
  for (int i = 0; i < n; i++) a->lgroup[i] = -1;
  for (int i = 0; i < n; i++) {
    if (a->rel[i] != 3) continue;
    int r = uf_find(parent, i);
    if (a->lgroup[r] < 0) a->lgroup[r] = ng++;
    a->lgroup[i] = a->lgroup[r];
  }
  free(parent);
  a->nlgroups = ng;
  if (!ng || (size_t)ng * (size_t)nb > LOST_MAX_CELLS) {
    a->nlgroups = 0;
    return 0;
  }
  a->lowners = malloc((size_t)n * sizeof *a->lowners);
  a->lreach = calloc((size_t)ng * (size_t)nb, 1);
  /* predecessors, as one array (CSR) */
  int* npred = calloc((size_t)nb + 1, sizeof *npred);
  int nedges = 0;
  for (int b = 0; b < nb; b++) nedges += f->b[b].nsucc;
  int* pred = malloc((size_t)(nedges ? nedges : 1) * sizeof *pred);
  int* fill = calloc((size_t)nb + 1, sizeof *fill);
  int* stack = malloc((size_t)(nb ? nb : 1) * sizeof *stack);
  uint8_t* m = malloc((size_t)ng);
  int rc = 0;
  if (!a->lowners || !a->lreach || !npred || !pred || !fill || !stack || !m) {
    rc = PQL_ENOMEM;
    goto out;
  }
  for (int i = 0; i < n; i++)
    if (a->lgroup[i] >= 0) a->lowners[a->nlowners++] = i;
  for (int b = 0; b < nb; b++)
    for (int k = 0; k < f->b[b].nsucc; k++) {
      int s = f->b[b].succ[k];
      if (s >= 0 && s < nb) npred[s + 1]++;
    }
  for (int b = 0; b < nb; b++) npred[b + 1] += npred[b];
  for (int b = 0; b < nb; b++)
    for (int k = 0; k < f->b[b].nsucc; k++) {
      int s = f->b[b].succ[k];
      if (s >= 0 && s < nb) pred[npred[s] + fill[s]++] = b;
    }
  /* seeds: the blocks that mention a group; then backwards to every block
   * that reaches one */
  for (int b = 0; b < nb; b++) {
    block_mentions(a, b, m, ng);
    for (int g = 0; g < ng; g++)
      if (m[g]) a->lreach[(size_t)g * nb + b] = 1;
  }
  for (int g = 0; g < ng; g++) {
    uint8_t* r = a->lreach + (size_t)g * nb;
    int top = 0;
    for (int b = 0; b < nb; b++)
      if (r[b]) stack[top++] = b;
    while (top) {
      int b = stack[--top];
      for (int p = npred[b]; p < npred[b + 1]; p++)
        if (!r[pred[p]]) r[pred[p]] = 1, stack[top++] = pred[p];
    }
  }
out:
  free(npred);
  free(pred);
  free(fill);
  free(stack);
  free(m);
  if (rc) a->nlgroups = 0;
  return rc;
}

void path_lost_enter(actx* a, int b, vst* v, int path) {
  if (!a->nlgroups) return;
  const flow_block* B = &a->f->b[b];
  int jump = (B->term == FT_GOTO && B->jump) || B->term == FT_RETURN;
  for (int k = 0; k < a->nlowners; k++) {
    int i = a->lowners[k];
    vst* x = &v[i];
    if (x->st != S_OWNED) continue;
    if (a->lreach[(size_t)a->lgroup[i] * a->f->nb + b]) {
      x->lost_line = x->lost_col = 0;
      x->lost_armed = 1;
    } else {
      /* only a jump straight out of the code that could release it is where
       * it is lost; past a branch or a join, the exit is as good a place */
      if (x->lost_armed && jump) x->lost_line = B->line, x->lost_col = B->col, x->lost_path = path;
      x->lost_armed = 0;
    }
  }
}

void path_lost_free(actx* a) {
  free(a->lgroup);
  free(a->lreach);
  free(a->lowners);
  a->lgroup = a->lowners = NULL;
  a->lreach = NULL;
  a->nlgroups = a->nlowners = 0;
}

/* path_frees.c - calls that free the memory of an argument (free, g_free, pfree by the models' frees_memory; a function of the run that passes its parameter to one on every path, by its summary): an owner freed this way loses the handles its fields hold. */
#include <stdlib.h>
#include <string.h>

#include "engine/path.h"

unsigned frees_call(const actx* a, const flow_ev* e) {
  const char* name = e->callee ? e->callee : e->macro; /* an indirect call: its macro's name */
  if (e->kind != FE_CALL || !name) return 0;
  unsigned mask = 0;
  int mi = a->m ? model_calls_match(&a->m->frees_memory, name) : -1;
  if (mi >= 0 && a->m->frees_memory.v[mi].arg >= 0 && a->m->frees_memory.v[mi].arg < 16)
    mask |= 1u << a->m->frees_memory.v[mi].arg;
  else if (!strcmp(name, "free")) /* without the models (unit tests): the C library's */
    mask |= 1u;
  const flow_sum* s = e->callee ? flow_sum_find(a->s, e->callee, a->u) : NULL;
  if (s && s != a->sum) mask |= s->frees_mem;
  return mask;
}

/* 1 when call e frees var (passed plainly, not &var or var->f). */
static int frees_var(const actx* a, const flow_ev* e, int var) {
  unsigned m = frees_call(a, e);
  for (int k = 0; m && k < e->nargs && k < 16; k++)
    if ((m & (1u << k)) && e->args[k].var == var && !e->args[k].addr && !e->args[k].member)
      return 1;
  return 0;
}

/* 1 when every path from the entry to a return passes through a call that
 * frees parameter var, or tests var NULL on the way (nothing to free), and
 * var is never assigned nor passed to another call (a helper that may
 * release the handles in its fields first: destroy(s) { close_all(s);
 * free(s); } must not read as "frees s with its handles"). */
static int frees_on_every_path(const actx* a, int var) {
  const flow_fn* f = a->f;
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->var == var && (e->kind == FE_ASSIGN || e->kind == FE_NULLSET ||
                            e->kind == FE_OTHERSET || (e->kind == FE_CALL && e->dest == FD_VAR)))
        return 0;
      if (e->kind == FE_CALL)
        for (int k = 0; k < e->nargs; k++)
          if (e->args[k].var == var && (e->args[k].addr || !frees_var(a, e, var))) return 0;
    }
  char* seen = calloc((size_t)f->nb + 1, 1);
  int* todo = malloc(((size_t)f->nb + 1) * sizeof *todo);
  if (!seen || !todo) {
    free(seen);
    free(todo);
    return 0;
  }
  int n = 0, ok = 1;
  if (f->nb) todo[n++] = 0, seen[0] = 1;
  while (n && ok) {
    const flow_block* B = &f->b[todo[--n]];
    int freed = 0;
    for (int i = 0; i < B->nev && !freed; i++) freed = frees_var(a, &B->ev[i], var);
    if (freed) continue;
    if (B->term == FT_RETURN || B->term == FT_END) ok = 0;
    for (int s = 0; s < B->nsucc; s++) {
      const flow_cond* c = &B->cond;
      if (B->term == FT_BRANCH && c->kind == FC_VAR && c->var == var && c->val == 0 &&
          ((c->op == '=' && s == 0) || (c->op == '!' && s == 1)))
        continue; /* the side where var is NULL */
      int t = B->succ[s];
      if (t >= 0 && t < f->nb && !seen[t]) seen[t] = 1, todo[n++] = t;
    }
  }
  free(seen);
  free(todo);
  return ok;
}

void frees_summary(actx* a) {
  if (!a->sum || !a->cis) return;
  const flow_fn* f = a->f;
  for (int i = 0; i < f->nvars; i++) {
    int p = f->vars[i].param;
    if (p >= 0 && p < 16 && f->vars[i].ptr && f->vars[i].field_of < 0 && frees_on_every_path(a, i))
      a->sum->frees_mem |= 1u << p;
  }
}

/* flow_sumtab.c - the table of summaries by name: which summary a call uses, comparing two, freeing the table. */
#include <stdlib.h>
#include <string.h>

#include "ir/flow_ir.h"

/* 1 when a and b release the same members of parameters (same order, roles, kinds). */
static int flow_sum_members_equal(const flow_sum* a, const flow_sum* b) {
  if (a->nmem != b->nmem) return 0;
  for (int i = 0; i < a->nmem; i++) {
    const flow_sum_member *x = &a->mem[i], *y = &b->mem[i];
    if (x->arg != y->arg || x->kind != y->kind || x->role != y->role || x->nulled != y->nulled ||
        strcmp(x->path, y->path))
      return 0;
  }
  return 1;
}

/* 1 when a and b may change the same globals. */
static int flow_sum_globals_equal(const flow_sum* a, const flow_sum* b) {
  if (a->gw_all != b->gw_all || a->ngw != b->ngw) return 0;
  for (int i = 0; i < a->ngw; i++)
    if (strcmp(a->gw[i], b->gw[i])) return 0;
  return 1;
}

/* 1 when a and b say the same about out-parameters filled on some returns and about the
 * globals they store into, release and copy out (engine/path_outparam.c, path_globev.c). */
static int flow_sum_outglob_equal(const flow_sum* a, const flow_sum* b) {
  if (a->outret != b->outret || a->outret_all != b->outret_all || a->out_undec != b->out_undec ||
      a->out_nulls != b->out_nulls || a->ent_rel != b->ent_rel ||
      memcmp(a->of_lo, b->of_lo, sizeof a->of_lo) || memcmp(a->of_hi, b->of_hi, sizeof a->of_hi) ||
      memcmp(a->on_lo, b->on_lo, sizeof a->on_lo) || memcmp(a->on_hi, b->on_hi, sizeof a->on_hi) ||
      a->ngl != b->ngl || a->gl_all != b->gl_all)
    return 0;
  for (int i = 0; i < a->ngl; i++) {
    const flow_sum_glob *x = &a->gl[i], *y = &b->gl[i];
    if (strcmp(x->name, y->name) || x->acq != y->acq || x->rel != y->rel || x->out != y->out)
      return 0;
  }
  return 1;
}

/* 1 when two summaries say the same thing about a function (the fixed point and the clash test use it). */
int flow_sum_equal(const flow_sum* a, const flow_sum* b) {
  return flow_sum_outglob_equal(a, b) && a->ret_kind == b->ret_kind && a->noreturn == b->noreturn &&
         a->ret_okonly == b->ret_okonly && a->ret_or_arg == b->ret_or_arg &&
         !memcmp(a->arg_role, b->arg_role, sizeof a->arg_role) &&
         !memcmp(a->arg_kind, b->arg_kind, sizeof a->arg_kind) &&
         !memcmp(a->out_kind, b->out_kind, sizeof a->out_kind) && flow_sum_members_equal(a, b) &&
         flow_sum_globals_equal(a, b) &&
         a->noreturn_nz == b->noreturn_nz && a->nonlocal_nz == b->nonlocal_nz &&
         !memcmp(a->rel_nz, b->rel_nz, sizeof a->rel_nz) &&
         !memcmp(a->rel_z, b->rel_z, sizeof a->rel_z) && a->nonlocal == b->nonlocal &&
         a->nonlocal_param == b->nonlocal_param && a->nonlocal_min == b->nonlocal_min &&
         a->nonlocal_max == b->nonlocal_max &&
         a->broken == b->broken && a->relret == b->relret &&
         !memcmp(a->relret_val, b->relret_val, sizeof a->relret_val) &&
         !memcmp(a->ur_lo, b->ur_lo, sizeof a->ur_lo) && !memcmp(a->ur_hi, b->ur_hi, sizeof a->ur_hi);
}

const flow_sum* flow_sum_find(const flow_summaries* s, const char* name, const flow_unit* u) {
  if (!s || !name || !s->n) return NULL;
  /* s->v is sorted by name: the first slot of this name */
  size_t lo = 0, hi = s->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(s->v[mid].name, name) < 0) lo = mid + 1;
    else hi = mid;
  }
  const flow_sum *own = NULL, *other = NULL, *hdr = NULL;
  int clash = 0;
  for (size_t i = lo; i < s->n && !strcmp(s->v[i].name, name); i++) {
    const flow_sum* x = &s->v[i];
    if (x->hdr) {
      if (!hdr) hdr = x;
    } else if (x->unit == u) {
      if (!own) own = x;
    } else if (!x->is_static) {
      if (other && !flow_sum_equal(other, x)) clash = 1;
      if (!other) other = x;
    }
  }
  if (own) return own;
  if (other) return clash ? NULL : other;
  return hdr;
}

void flow_summaries_free(flow_summaries* s) {
  if (!s) return;
  for (size_t i = 0; i < s->n; i++) free(s->v[i].name);
  free(s->v);
  free(s);
}


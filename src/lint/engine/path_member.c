/* path_member.c - member summaries: a function that releases a member of a parameter (PQfinish(w->conn)) says so in its summary, and a call applies that release to the caller's place for the member. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "engine/path.h"

void member_entry(const flow_fn* f, vst* v0) {
  for (int i = 0; i < f->nvars; i++)
    if (member_param(f, i, NULL) >= 0) v0[i].orig = 1;
}

/* The entry of sum for (arg, path), added when missing; NULL when the
 * table is full (the member is then not summarised: no release for callers). */
static flow_sum_member* member_slot(flow_sum* s, int arg, const char* path) {
  for (int i = 0; i < s->nmem; i++)
    if (s->mem[i].arg == arg && !strcmp(s->mem[i].path, path)) return &s->mem[i];
  if (s->nmem == FLOW_SUM_MEMBERS || strlen(path) >= sizeof s->mem[0].path) return NULL;
  flow_sum_member* m = &s->mem[s->nmem++];
  memset(m, 0, sizeof *m);
  m->arg = arg;
  m->kind = FK_NONE;
  m->role = FR_USE;
  snprintf(m->path, sizeof m->path, "%s", path);
  return m;
}

void member_exit(actx* a, const vst* v) {
  for (int i = 0; i < a->f->nvars; i++) {
    const char* path;
    int p = member_param(a->f, i, &path);
    if (p < 0 || !a->rel[i]) continue;
    const vst* x = &v[i];
    if (x->prel && (x->st == S_RELEASED || x->st == S_NULL)) {
      flow_sum_member* m = member_slot(a->sum, p, path);
      if (!m) continue;
      m->some = 1;
      m->kind = x->pkind;
      if (x->st == S_NULL && m->nulled != 2) m->nulled = 1;
      else m->nulled = 2;
    } else if (x->st != S_NULL && x->nul != 1) {
      /* still held, or no longer known (handed on, reassigned): not a release on this return */
      flow_sum_member* m = member_slot(a->sum, p, path);
      if (m) m->nots = 1;
    }
  }
}

void member_finish(flow_sum* s) {
  int n = 0;
  for (int i = 0; i < s->nmem; i++) {
    flow_sum_member m = s->mem[i];
    if (!m.some) continue;
    m.role = m.nots ? FR_ESCAPE : FR_RELEASE;
    m.nulled = m.nulled == 1;
    m.some = m.nots = 0;
    s->mem[n++] = m;
  }
  s->nmem = n;
}

/* The caller's place for member path `path` of argument ar (a pointer, or
 * &s of a struct value), or -1 when the caller never names it. */
static int caller_place(const actx* a, const flow_arg* ar, const char* path) {
  const flow_var* bv = &a->f->vars[ar->var];
  char name[600];
  if (!strcmp(path, "*")) { /* *p: &c is c itself, an own PGconn **q passed on is *q */
    if (ar->addr && bv->ptr && !bv->ptrptr && bv->field_of < 0) return ar->var;
    if (ar->addr || !bv->ptrptr) return -1;
    snprintf(name, sizeof name, "*%s", bv->name);
  } else if (ar->addr && !bv->ptr) snprintf(name, sizeof name, "%s.%s", bv->name, path + 2);
  else if (!ar->addr && bv->ptr) snprintf(name, sizeof name, "%s%s", bv->name, path);
  else return -1;
  for (int i = 0; i < a->f->nvars; i++)
    if (a->f->vars[i].field_of == ar->var && !strcmp(a->f->vars[i].name, name)) return i;
  return -1;
}

int member_call(actx* a, int bi, const flow_ev* e, vst* v, int path, int* kept, vst* keep) {
  if (!e->callee) return 0;
  const flow_sum* s = flow_sum_find(a->s, e->callee, a->u);
  if (!s || !s->nmem) return 0;
  int nk = 0;
  for (int i = 0; i < s->nmem && nk < FLOW_SUM_MEMBERS; i++) {
    const flow_sum_member* m = &s->mem[i];
    if (m->role != FR_RELEASE || m->arg >= e->nargs) continue;
    const flow_arg* ar = &e->args[m->arg];
    if (ar->var < 0 || ar->member || ar->subobj || ar->inner) continue;
    int fj = caller_place(a, ar, m->path);
    if (fj < 0 || !a->rel[fj]) continue;
    path_release(a, bi, e, v, fj, m->kind, path);
    if (m->nulled) set_null(&v[fj]); /* the callee left the caller's place NULL */
    kept[nk] = fj;
    keep[nk++] = v[fj];
  }
  return nk;
}

int member_prepare(actx* a) {
  const flow_fn* f = a->f;
  a->mrel = calloc((size_t)(f->nvars ? f->nvars : 1), 1);
  a->mrel_line = calloc((size_t)(f->nvars ? f->nvars : 1), sizeof *a->mrel_line);
  if (!a->mrel || !a->mrel_line) return PQL_ENOMEM;
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->kind != FE_CALL || !a->cis[b]) continue;
      const flow_callinfo* ci = &a->cis[b][i];
      for (int k = 0; k < e->nargs && k < 16; k++) {
        int v = e->args[k].var;
        if (v < 0 || e->args[k].addr || ci->role[k] != FR_RELEASE || ci->role_kind[k] < 0 ||
            ci->role_kind[k] > FK_RESULT || a->mrel[v])
          continue;
        a->mrel[v] = (uint8_t)(1 + ci->role_kind[k]);
        a->mrel_line[v] = e->line;
      }
    }
  return 0;
}

void member_dropped(actx* a, int bi, const flow_ev* e, vst* v, int var, int path, int how) {
  const vst* x = &v[var];
  if (!a->mrel || !a->f->vars[var].htype || x->st != S_NONE || !x->orig || x->nul == 1 ||
      (member_param(a->f, var, NULL) < 0 && !a->f->vars[var].global && !owner_alias_field(a, var)))
    return;
  if (!(a->mrel[var] & 0x7f)) { /* no release of it here: the run's evidence may tell */
    if (globev_dropped(a, bi, e, v, var, path, how) || owner_dropped(a, bi, e, v, var, path, how) ||
        x->nul != 2)
      return;
    if (!(a->mrel[var] & 0x80)) a->undecided++; /* borrowed or owned, cannot tell: once per */
    a->mrel[var] |= 0x80;                       /* place and function */
    return;
  }
  if (x->nul != 2) {
    outparam_replaced(a, bi, e, v, var, path); /* not known non-NULL: a reconnect over it? */
    return;
  }
  flow_event ev = flow_ev_make(FLOW_EV_HELD_LOST, bi, e, v, var, path);
  ev.how = how;
  ev.role_kind = (a->mrel[var] & 0x7f) - 1;
  ev.other = (int)a->mrel_line[var];
  flow_emit(a, &ev);
}

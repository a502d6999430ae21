/* path_globev.c - static handle globals as a closed world: only their file can touch them, so when its functions store new handles into one and none releases it or copies it out, a reset that may drop a live handle is a leak (summary facts per function, the decision in pass 2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/path.h"

/* The entry of s for global name, added when missing; NULL when the table is full (gl_all:
 * the function's facts are then incomplete, and no global of its file is decided). */
static flow_sum_glob* gl_slot(flow_sum* s, const char* name) {
  for (int i = 0; i < s->ngl; i++)
    if (!strcmp(s->gl[i].name, name)) return &s->gl[i];
  if (s->ngl == FLOW_SUM_GLOB || strlen(name) >= sizeof s->gl[0].name) {
    s->gl_all = 1;
    return NULL;
  }
  flow_sum_glob* g = &s->gl[s->ngl++];
  memset(g, 0, sizeof *g);
  snprintf(g->name, sizeof g->name, "%s", name);
  return g;
}

/* Records a fact about global var of f: what 'a' acquire (kind k), 'r' release, 'o' copy out. */
static void gl_note(flow_sum* s, const flow_var* fv, int what, int k, unsigned line) {
  flow_sum_glob* g = gl_slot(s, fv->name);
  if (!g) return;
  if (what == 'o') {
    g->out = 1;
    return;
  }
  unsigned char bit = (unsigned char)(k >= FK_CONN && k <= FK_RESULT ? 1u << k : 0);
  if (what == 'a') {
    if (!g->acq) g->acq_line = line;
    g->acq |= bit;
  } else {
    if (!g->rel) g->rel_line = line;
    g->rel |= bit ? bit : 0x80; /* a release of another kind is still a release */
  }
}

/* 1 when call ci returns a new connection or result (by a model or a summary, not a guess). */
static int fresh_return(const flow_callinfo* ci) {
  return (ci->ret_kind == FK_CONN || ci->ret_kind == FK_RESULT) && !ci->ret_guess &&
         ci->ret_borrow < 0 && !ci->ret_or_arg;
}

/* Global argument k of call e (classified ci) in f: a release, a read, or a copy out. */
static void gl_arg(actx* a, const flow_ev* e, const flow_callinfo* ci, int k) {
  const flow_fn* f = a->f;
  const flow_var* fv = &f->vars[e->args[k].var];
  int role = k < 16 ? ci->role[k] : FR_USE;
  if (e->args[k].addr) {
    gl_note(a->sum, fv, 'o', 0, e->line); /* &conn: anyone may fill, keep or free it */
  } else if (role == FR_RELEASE || role == FR_DISCARD) {
    gl_note(a->sum, fv, 'r', k < 16 ? ci->role_kind[k] : FK_NONE, e->line);
  } else if (ci->libpq) {
    /* PQexec(conn, ..), PQstatus(conn): libpq reads it */
  } else {
    /* a function of the run that only reads its argument and returns no handle it could
     * have given back; anything else (outside the run, keeps it, returns a handle) may
     * keep or release it elsewhere */
    const flow_sum* cs = e->callee ? flow_sum_find(a->s, e->callee, a->u) : NULL;
    int reads = (cs && !cs->broken && role == FR_USE && e->ret_type == FK_NONE && !e->args[k].member) ||
                (e->args[k].fmtarg && role == FR_USE); /* printed by a format: read only */
    if (!reads) gl_note(a->sum, fv, 'o', 0, e->line);
  }
}

void globev_summary(actx* a) {
  const flow_fn* f = a->f;
  flow_sum* s = a->sum;
  if (!s || !a->cis) return;
  int n = f->nvars ? f->nvars : 1;
  int* fresh = calloc((size_t)n, sizeof *fresh); /* per local: 1 + kind of a new handle it gets */
  if (!fresh) { /* no memory: facts unknown, no global of this file is decided */
    s->gl_all = 1;
    return;
  }
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->kind == FE_CALL && a->cis[b] && e->dest == FD_VAR && e->var >= 0 &&
          !f->vars[e->var].global && fresh_return(&a->cis[b][i]))
        fresh[e->var] = 1 + a->cis[b][i].ret_kind;
    }
  for (int b = 0; b < f->nb; b++) {
    const flow_block* B = &f->b[b];
    if (B->term == FT_RETURN && B->ret_var >= 0 && f->vars[B->ret_var].global)
      gl_note(s, &f->vars[B->ret_var], 'o', 0, B->line); /* return conn; */
    for (int i = 0; i < B->nev; i++) {
      const flow_ev* e = &B->ev[i];
      int gv = e->var >= 0 && f->vars[e->var].global;
      if (e->kind == FE_ASSIGN && e->var2 >= 0 && e->var2 != e->var && f->vars[e->var2].global)
        gl_note(s, &f->vars[e->var2], 'o', 0, e->line); /* c = conn: the copy may be released */
      if (e->kind == FE_ASSIGN && gv && e->var2 >= 0 && fresh[e->var2])
        gl_note(s, &f->vars[e->var], 'a', fresh[e->var2] - 1, e->line); /* conn = c */
      if (e->kind == FE_ESCAPE && gv) gl_note(s, &f->vars[e->var], 'o', 0, e->line);
      if (e->kind != FE_CALL || !a->cis[B - f->b]) continue;
      const flow_callinfo* ci = &a->cis[b][i];
      if (gv && e->dest == FD_VAR && fresh_return(ci))
        gl_note(s, &f->vars[e->var], 'a', ci->ret_kind, e->line); /* conn = PQconnectdb(..) */
      for (int k = 0; k < e->nargs; k++)
        if (e->args[k].var >= 0 && f->vars[e->args[k].var].global && !e->args[k].inner)
          gl_arg(a, e, ci, k);
    }
  }
  free(fresh);
}

int globev_dropped(actx* a, int bi, const flow_ev* e, vst* v, int var, int path, int how) {
  const flow_var* fv = &a->f->vars[var];
  if (fv->global != 1 || fv->field_of >= 0) return 0; /* an extern one: the run may not be all */
  /* may still hold a handle: tested non-NULL, or reset to NULL in a function that frees or
   * releases something (a close); an open function's first store is not a drop */
  if (v[var].nul != 2 && !(a->teardown && e->kind == FE_NULLSET)) return 0;
  int k = globev_evidence(a->s, a->u, fv->name, NULL, NULL);
  if (!k) return 0;
  flow_event ev = flow_ev_make(FLOW_EV_HELD_LOST, bi, e, v, var, path);
  ev.how = how;
  ev.role_kind = k - 1;
  ev.other = 0; /* the evidence is the file's (flow_cx_global) */
  flow_emit(a, &ev);
  return 1;
}

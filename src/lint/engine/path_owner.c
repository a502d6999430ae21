/* path_owner.c - run-wide ownership of (record, field) places: the functions that store new handles into a field and release them through it (summaries), and an owner's teardown that drops a field still holding the handle it came in with. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "engine/path.h"

/* The kinds of handle this evidence is about: connections and results. */
static int own_kind(int k) { return k == FK_CONN || k == FK_RESULT; }

/* Records in sum that f's field place var gets a new handle of kind k
 * (rel 0) or releases one (rel 1) at line, or (rel 2, records defined in
 * their file only) gets a value that is not a new handle, or (rel 3) gets a handle-typed
 * parameter as it came (also a rel 2 store for the closed world). A record or field name too
 * long for the table, or a full table (own_all), is not recorded: no evidence. */
static void own_add(flow_sum* sum, const flow_var* fv, int k, int rel, unsigned line) {
  if (rel == 2 && !fv->owner_local) return; /* a store of another value: only the closed world asks */
  if (!fv->owner || !fv->owner_field || strlen(fv->owner) >= sizeof sum->own[0].owner ||
      strlen(fv->owner_field) >= sizeof sum->own[0].field)
    return;
  flow_sum_own* o = NULL;
  for (int i = 0; i < sum->nown && !o; i++)
    if (!strcmp(sum->own[i].owner, fv->owner) && !strcmp(sum->own[i].field, fv->owner_field))
      o = &sum->own[i];
  if (!o) {
    if (sum->nown == FLOW_SUM_OWN) {
      sum->own_all = 1;
      return;
    }
    o = &sum->own[sum->nown++];
    memset(o, 0, sizeof *o);
    snprintf(o->owner, sizeof o->owner, "%s", fv->owner);
    snprintf(o->field, sizeof o->field, "%s", fv->owner_field);
  }
  unsigned char bit = (unsigned char)(1u << k);
  if (rel == 3) {
    if (!o->pst) o->pst_line = line;
    o->pst = 1;
    if (fv->owner_local) o->esc = 1;
  } else if (rel == 2) {
    o->esc = 1;
  } else if (rel) {
    if (!o->rel) o->rel_line = line;
    o->rel |= bit;
  } else {
    if (!o->acq) o->acq_line = line;
    o->acq |= bit;
  }
}

/* 1 when call ci acquires a new handle of a tracked kind through its return
 * value (by a model or a summary; never one guessed from a name). */
static int fresh_return(const flow_callinfo* ci) {
  return own_kind(ci->ret_kind) && !ci->ret_guess && ci->ret_borrow < 0;
}

/* 1 when param var p (a pointer) keeps its entry value and its pointee is reached only through
 * a view: p is never written, its address never taken, and no field of it is named (so a
 * `v = (T *)p` after a test of p still sees the caller's fields untouched). */
static int param_untouched(const flow_fn* f, int p) {
  for (int i = 0; i < f->nvars; i++)
    if (f->vars[i].field_of == p) return 0;
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->var == p && e->kind != FE_USE && e->kind != FE_SCOPE_END && e->kind != FE_ESCAPE &&
          (e->kind != FE_CALL || e->dest == FD_VAR))
        return 0;
      for (int k = 0; k < e->nargs; k++)
        if (e->args[k].var == p && e->args[k].addr) return 0;
    }
  return 1;
}

/* 1 when var p is a handle-typed parameter that keeps its entry value (param_untouched): it
 * holds the caller's handle wherever it is read. */
static int param_as_came(const flow_fn* f, int p) {
  return f->vars[p].param >= 0 && f->vars[p].htype == 1 && f->vars[p].field_of < 0 &&
         param_untouched(f, p);
}

void owner_summary(actx* a) {
  const flow_fn* f = a->f;
  flow_sum* s = a->sum;
  if (!s || !a->cis) return;
  int n = f->nvars ? f->nvars : 1;
  int* fresh = calloc((size_t)n, sizeof *fresh); /* per local: 1 + kind of a new handle it gets */
  int* copy = malloc((size_t)n * sizeof *copy);  /* per local: the field it is a copy of, or -1 */
  if (!fresh || !copy) { /* no memory: no evidence from this function (silent, never wrong) */
    free(fresh);
    free(copy);
    return;
  }
  for (int i = 0; i < n; i++) copy[i] = -1;
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->kind == FE_CALL && a->cis[b] && e->dest == FD_VAR && e->var >= 0 &&
          fresh_return(&a->cis[b][i]))
        fresh[e->var] = 1 + a->cis[b][i].ret_kind;
      if (e->kind == FE_ASSIGN && e->var >= 0 && e->var2 >= 0 && f->vars[e->var].field_of < 0 &&
          f->vars[e->var2].owner)
        copy[e->var] = e->var2; /* c = s->conn: releasing c releases the field's handle */
    }
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->kind == FE_ASSIGN && e->var >= 0 && e->var2 >= 0 && f->vars[e->var].owner &&
          fresh[e->var2] && f->vars[e->var2].field_of < 0)
        own_add(s, &f->vars[e->var], fresh[e->var2] - 1, 0, e->line); /* s->conn = conn */
      else if (e->kind == FE_ASSIGN && e->var >= 0 && e->var2 >= 0 && f->vars[e->var].owner &&
               param_as_came(f, e->var2))
        own_add(s, &f->vars[e->var], FK_CONN, 3, e->line); /* m->res = res (a parameter) */
      else if ((e->kind == FE_ASSIGN || e->kind == FE_OTHERSET) && e->var >= 0 &&
               f->vars[e->var].owner)
        own_add(s, &f->vars[e->var], FK_CONN, 2, e->line); /* s->conn = param, t->conn, ... */
      if (e->kind != FE_CALL || !a->cis[b]) continue;
      const flow_callinfo* ci = &a->cis[b][i];
      if (e->dest == FD_VAR && e->var >= 0 && f->vars[e->var].owner && fresh_return(ci))
        own_add(s, &f->vars[e->var], ci->ret_kind, 0, e->line); /* s->conn = PQconnectdb(..) */
      else if (e->dest == FD_VAR && e->var >= 0 && f->vars[e->var].owner)
        own_add(s, &f->vars[e->var], FK_CONN, 2, e->line); /* s->conn = borrowed(..) */
      for (int k = 0; k < e->nargs && k < 16; k++) {
        const flow_arg* ar = &e->args[k];
        if (ar->var < 0 || ar->member || ar->inner) continue;
        int fv = f->vars[ar->var].owner ? ar->var : !ar->addr ? copy[ar->var] : -1;
        if (fv < 0) continue;
        if (ar->addr && fv == ar->var && ci->out_arg == k && own_kind(ci->out_kind))
          own_add(s, &f->vars[fv], ci->out_kind, 0, e->line); /* open(&s->conn) */
        else if (!ar->addr && ci->role[k] == FR_RELEASE && own_kind(ci->role_kind[k]))
          own_add(s, &f->vars[fv], ci->role_kind[k], 1, e->line); /* PQfinish(s->conn) */
      }
    }
  free(fresh);
  free(copy);
}

void owner_keep(flow_sum* slot, const flow_sum* next) {
  memcpy(slot->own, next->own, sizeof slot->own);
  slot->nown = next->nown;
  slot->own_all = next->own_all;
}

/* a->palias: each local pointer whose one write is `v = param` and whose address is never
 * taken, where the write is in the entry block (before any branch) or, outside any loop, after
 * tests of a param that keeps its entry value (`if (!con) return; c = (T *)con;`, kamailio
 * db_postgres_free_connection). */
static void alias_prepare(actx* a) {
  const flow_fn* f = a->f;
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->kind == FE_CALL)
        for (int k = 0; k < e->nargs; k++)
          if (e->args[k].var >= 0 && e->args[k].addr && !e->args[k].member && !e->args[k].subobj)
            a->palias[e->args[k].var] = 0xff; /* &db (not &db->lock): it may be changed */
      if (e->var < 0 || e->kind == FE_USE || e->kind == FE_SCOPE_END || e->kind == FE_ESCAPE ||
          (e->kind == FE_CALL && e->dest != FD_VAR) || (e->kind == FE_OTHERSET && e->val == 1))
        continue; /* (`T *v;` declares, it does not write) */
      const flow_var* fv = &f->vars[e->var];
      int view = e->kind == FE_ASSIGN && e->val == 0 && e->var2 >= 0 && fv->ptr && fv->param < 0 &&
                 fv->field_of < 0 && !fv->global && f->vars[e->var2].param >= 0 &&
                 f->vars[e->var2].param < 16 && f->vars[e->var2].field_of < 0 && !a->palias[e->var] &&
                 (b == 0 || (e->loop < 0 && param_untouched(f, e->var2)));
      a->palias[e->var] = view ? (uint8_t)(1 + f->vars[e->var2].param) : 0xff;
    }
  for (int i = 0; i < f->nvars; i++)
    if (a->palias[i] == 0xff) a->palias[i] = 0;
}

int owner_alias_field(const actx* a, int var) {
  int b = a->f->vars[var].field_of;
  return a->palias && b >= 0 && a->palias[b] && a->f->vars[var].owner;
}

void owner_alias_entry(const actx* a, int bi, const flow_ev* e, vst* v) {
  (void)bi; /* the one write of a view (alias_prepare chose where it may be) */
  if (e->kind != FE_ASSIGN || !a->palias || !a->palias[e->var]) return;
  for (int i = 0; i < a->f->nvars; i++)
    if (a->f->vars[i].field_of == e->var && a->f->vars[i].owner) v[i].orig = 1;
}

int owner_prepare(actx* a) {
  const flow_fn* f = a->f;
  a->owning = calloc((size_t)(f->nvars ? f->nvars : 1), 1);
  a->palias = calloc((size_t)(f->nvars ? f->nvars : 1), 1);
  a->tdroot = calloc((size_t)(f->nvars ? f->nvars : 1), 1);
  if (!a->owning || !a->palias || !a->tdroot) return PQL_ENOMEM;
  int td_all = 0;
  alias_prepare(a);
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      /* a field copied to another place (c = s->conn) may be released or kept through the
         copy: its own state says nothing then (silent) */
      if (e->kind == FE_ASSIGN && e->var2 >= 0 && e->var != e->var2) a->owning[e->var2] = 1;
      if (e->kind != FE_CALL || !a->cis[b]) continue;
      const flow_callinfo* ci = &a->cis[b][i];
      unsigned fm = frees_call(a, e);
      if (fm) a->teardown = 1;
      for (int k = 0; k < e->nargs && k < 16; k++) {
        int rv = e->args[k].var;
        if ((fm & (1u << k)) && rv >= 0 && !e->args[k].addr && f->vars[rv].field_of < 0)
          a->tdroot[rv] = 1; /* free(s), free(s->priv) */
        if (ci->role[k] == FR_RELEASE) a->teardown = 1;
        if (ci->role[k] == FR_RELEASE && rv >= 0 && !e->args[k].member) {
          if (f->vars[rv].field_of >= 0) a->tdroot[f->vars[rv].field_of] = 1; /* PQclear(s->res) */
          else if (f->vars[rv].param >= 0 || f->vars[rv].global) td_all = 1;  /* PQfinish(conn) */
        }
        /* a field handed to a call that may keep it (a list, a callback's data): the owner
           may be freed with its handle safe elsewhere (silent) */
        int av = e->args[k].var;
        if (av >= 0 && a->f->vars[av].owner && !ci->libpq && !e->args[k].fmtarg &&
            (ci->role[k] == FR_ESCAPE || ci->role[k] == FR_USE || e->args[k].addr))
          a->owning[av] = 1;
      }
    }
  for (int i = 0; td_all && i < f->nvars; i++) a->tdroot[i] = 1;
  return 0;
}

/* 1 when resetting place var to NULL here drops what it held: the function tears down the
 * struct var lies in (a->tdroot of its base), not an init or open function that resets
 * fields it never saw filled while it releases only handles of its own. */
static int teardown_of(const actx* a, int var) {
  int b = a->f->vars[var].field_of;
  return b >= 0 && a->tdroot && a->tdroot[b];
}

int owner_dropped(actx* a, int bi, const flow_ev* e, vst* v, int var, int path, int how) {
  if (!a->owning || a->owning[var] == 1) return 0;
  int k = 0;
  if (!a->owning[var]) {
    k = owner_owning(a, var, NULL, NULL, NULL);
    a->owning[var] = (uint8_t)(k > 0 ? 1 + k : 1);
    if (k <= 0) {
      /* stored new and never released, but other files may name the field: undecided */
      if (k < 0 && v[var].nul != 2 &&
          (how == FLOW_LOST_OWNER_FREED || (teardown_of(a, var) && e->kind == FE_NULLSET)))
        a->undecided++; /* (tested non-NULL: member_dropped counts it) */
      return 0;
    }
  }
  /* not tested non-NULL: the entry value may be NULL (an init function resets a field that
   * never held anything, an open function stores the first handle); only a teardown (it
   * frees the owner, or resets the field to NULL in a function that tears down the struct
   * the field lies in: teardown_of) is taken to drop a live handle */
  if (v[var].nul != 2 && how != FLOW_LOST_OWNER_FREED && !(teardown_of(a, var) && e->kind == FE_NULLSET))
    return 0;
  flow_event ev = flow_ev_make(FLOW_EV_HELD_LOST, bi, e, v, var, path);
  ev.how = how;
  ev.role_kind = a->owning[var] - 2;
  ev.other = 0; /* no release in this function: the evidence is run-wide (flow_cx_owner) */
  flow_emit(a, &ev);
  return 1;
}

/* path_state.c - the handle model's small steps on one path's state: identity (hash, copy), resets, copies handing ownership back, losses. */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "engine/path.h"

/* The identity of a state for joining: every field of the places that can
 * matter but the path node. */
uint64_t state_hash(const vst* v, int n, const uint8_t* rel) {
  uint64_t h = 1469598103934665603ULL;
  for (int i = 0; i < n; i++) {
    if (!rel[i]) continue;
    const vst* x = &v[i];
    uint64_t rs = 1469598103934665603ULL; /* every rule byte */
    for (size_t k = 0; k < sizeof x->rs; k++) rs = (rs ^ x->rs[k]) * 1099511628211ULL;
    /* the same fields as ever, packed into six words (each field has bits of its own) */
    uint64_t parts[] = {
        (uint64_t)x->st | (uint64_t)x->kind << 8 | (uint64_t)x->nul << 16 | (uint64_t)x->summ << 24 |
            (uint64_t)x->fk << 32 | (uint64_t)x->pending << 40 | (uint64_t)x->orig << 48 |
            (uint64_t)x->dangling << 56,
        (uint64_t)x->filled | (uint64_t)x->prel << 32 | (uint64_t)x->statok << 40 | (uint64_t)x->okonly << 44 |
            (uint64_t)x->cmpr << 48 | (uint64_t)x->fromp << 56,
        (uint64_t)(uint16_t)x->borrow_of | (uint64_t)(uint16_t)x->link << 16 |
            (uint64_t)(uint16_t)x->alias << 32 | (uint64_t)(uint16_t)x->cmpv << 48,
        (uint64_t)x->val,
        (uint64_t)x->acq_line | (uint64_t)x->rel_line << 32,
        (uint64_t)(uint16_t)x->eqv | (uint64_t)(unsigned)i << 16 | (uint64_t)(uint16_t)x->crel << 48,
        (uint64_t)x->crelv, rs};
    for (size_t j = 0; j < sizeof parts / sizeof *parts; j++) {
      h = (h ^ parts[j]) * 0x9e3779b97f4a7c15ULL;
      h ^= h >> 29;
    }
  }
  return h;
}

vst* state_dup(actx* a, const vst* v) {
  size_t sz = (size_t)(a->f->nvars ? a->f->nvars : 1) * sizeof *v;
  vst* n = malloc(sz);
  if (!n) {
    a->err = PQL_ENOMEM;
    return NULL;
  }
  memcpy(n, v, (size_t)a->f->nvars * sizeof *v);
  return n;
}

void reset_var(vst* x) {
  memset(x, 0, sizeof *x);
  x->borrow_of = x->link = x->alias = -1;
  x->outb = x->oute = -1;
}

void set_null(vst* x) {
  uint8_t k = x->kind, pk = x->pkind, pr = x->prel && x->st == S_RELEASED;
  reset_var(x);
  x->st = S_NULL;
  x->kind = k;
  x->nul = 1;
  x->prel = pr; /* the caller's handle released, then the place set to NULL: still a release */
  x->pkind = pr ? pk : 0;
}

/* var was written: relations other variables knew about it are void. */
void wrote(actx* a, vst* v, int var) {
  for (int i = 0; i < a->f->nvars; i++) {
    if (v[i].cmpv == var + 1) v[i].cmpv = 0, v[i].cmpr = 0;
    if (v[i].eqv == var + 1) v[i].eqv = 0;
    if (v[i].crel == var + 1) v[i].crel = 0, v[i].st = S_ESCAPED; /* rc lost before its test */
  }
}

int is_leakable(const vst* x) {
  return x->st == S_OWNED && FK_LEAKABLE(x->kind) && !x->crel; /* crel: undecided, silent */
}

int new_pnode(actx* a, int parent, unsigned line, unsigned col, int what, int var) {
  if (a->npn == a->cappn) {
    int nc = a->cappn ? a->cappn * 2 : 256;
    pnode* np = realloc(a->pn, (size_t)nc * sizeof *np);
    if (!np) {
      a->err = PQL_ENOMEM;
      return parent;
    }
    a->pn = np;
    a->cappn = nc;
  }
  a->pn[a->npn] = (pnode){parent, line, col, what, var};
  return a->npn++;
}

/* The base variable b was passed on, reassigned or taken the address of:
 * what its handle fields hold is no longer known here. */
void forget_fields(actx* a, vst* v, int b) {
  for (int i = 0; i < a->f->nvars; i++)
    if (a->f->vars[i].field_of == b) {
      if (v[i].st == S_OWNED) v[i].st = S_ESCAPED;
      else reset_var(&v[i]);
    }
}

void undecided_once(actx* a, int key) {
  for (int i = 0; i < a->nundec_calls; i++)
    if (a->undec_calls[i] == key) return;
  if (a->nundec_calls < 32) a->undec_calls[a->nundec_calls++] = key;
  a->undecided++;
}

/* Pointers borrowed from handle h (PQgetvalue's strings) dangle from here. */
void mark_dangling(actx* a, vst* v, int h, unsigned line) {
  for (int i = 0; i < a->f->nvars; i++)
    if (v[i].borrow_of == h && v[i].st == S_NONE) {
      v[i].dangling = 1;
      v[i].rel_line = line;
    }
}

/* x (a copy that gave its ownership to x->alias) escapes or is taken over:
 * so is the handle its owner holds. */
void escape_owner(vst* v, vst* x) {
  if (x->st != S_MOVED || x->alias < 0) return;
  vst* o = &v[x->alias];
  if (o->st == S_OWNED && o->acq_line == x->acq_line && o->acq_col == x->acq_col) o->st = S_ESCAPED;
}

/* The owner var is about to lose its handle (overwrite, end of scope).
 * If another variable still holds a copy of it (var = other earlier, and
 * other was not changed since: S_MOVED to var with the same acquire),
 * ownership goes back to that one and 1 is returned; else 0. */
static int hand_back(actx* a, vst* v, int var) {
  const vst* x = &v[var];
  for (int i = 0; i < a->f->nvars; i++) {
    vst* h = &v[i];
    if (i == var || !a->rel[i] || h->st != S_MOVED || h->alias != var) continue;
    if (h->acq_line != x->acq_line || h->acq_col != x->acq_col) continue;
    uint8_t orig = h->orig;
    *h = *x;
    h->orig = orig;
    h->alias = -1;
    return 1;
  }
  return 0;
}

void lose(actx* a, vst* v, int var, int path, unsigned line, unsigned col, unsigned eline,
          unsigned ecol, int how) {
  if (hand_back(a, v, var)) return;
  flow_event ev = flow_ev_make(FLOW_EV_LOST, -1, NULL, v, var, path);
  ev.how = how;
  ev.line = line, ev.col = col, ev.eline = eline, ev.ecol = ecol;
  flow_emit(a, &ev);
}

void lose_freed(actx* a, vst* v, int var, int path, const flow_ev* e) {
  if (hand_back(a, v, var)) return;
  flow_event ev = flow_ev_make(FLOW_EV_LOST, -1, e, v, var, path);
  ev.how = FLOW_LOST_OWNER_FREED;
  flow_emit(a, &ev);
}

void lose_at_end(actx* a, vst* v, int var, int path, unsigned line, unsigned col, int at_exit, int how) {
  if (!at_exit && hand_back(a, v, var)) return; /* at the exit every copy dies too */
  flow_event ev = flow_ev_make(FLOW_EV_LOST, -1, NULL, v, var, path);
  ev.how = how;
  ev.line = ev.eline = line, ev.col = col, ev.ecol = col + 1;
  if (v[var].lost_line && (v[var].lost_line != line || v[var].lost_col != col)) {
    ev.exit_line = line, ev.exit_col = col; /* lost at the goto/break/return before it */
    ev.line = ev.eline = v[var].lost_line, ev.col = v[var].lost_col, ev.ecol = ev.col + 1;
  }
  flow_emit(a, &ev);
}

void use_released(actx* a, int block, const flow_ev* e, vst* v, int var, int path) {
  flow_event ev = flow_ev_make(FLOW_EV_USE_RELEASED, block, e, v, var, path);
  ev.how = v[var].dangling && v[var].borrow_of >= 0;
  flow_emit(a, &ev);
}

/* flow_check.c - the path analysis: per function, a bounded forward walk over the CFG with a state per variable; leak, use-after-release, double-release, finish-pooled and status-unchecked findings; function summaries. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/flow_ir.h"

#define MAX_POPS 100000     /* (block, state) visits per function */
#define MAX_PER_BLOCK 48    /* distinct states per block before widening (x2: flags too, x8: give up) */

/* Handle states of a variable. */
enum { S_NONE = 0, S_OWNED, S_NULL, S_RELEASED, S_ESCAPED, S_MOVED };

typedef struct vst {
  uint8_t st, kind, nul, checked, summ, fk, pending, orig, dangling, prel, pkind;
  uint8_t statok;  /* a connection whose PQstatus was tested == CONNECTION_OK on this path */
  uint8_t okonly;  /* from a helper that returns NULL or an OK connection (summary) */
  uint8_t cmpr;    /* relation to var cmpv-1 known on this path: bits 1 <, 2 ==, 4 > */
  int16_t cmpv;    /* 1 + the other variable of that relation, or 0 */
  uint8_t fromp;   /* 1 + the parameter whose original value this holds, or 0 */
  int16_t eqv;     /* 1 + a variable this handle may be (a helper returning its argument
                      or a new handle): not ours where equal to it, or 0 */
  int16_t borrow_of, link, alias;
  long long val;
  unsigned acq_line, acq_col, rel_line;
  int path; /* path node at the acquire (not part of the key) */
} vst;

typedef struct pnode {
  int parent;
  unsigned line, col;
  int what; /* 0 acquired (var), 1 true branch, 2 false branch, 3 case, 4 loop entered, 5 loop left */
  int var;
} pnode;

typedef struct item {
  int block;
  int path;
  vst* v;
} item;

typedef struct actx {
  const flow_unit* u;
  const flow_fn* f;
  const flow_summaries* s;
  const model_set* m;
  const lint_rules_on* on;
  finding_list* out;
  flow_sum* sum;
  pnode* pn;
  int npn, cappn;
  item* stack;
  int nstack, capstack;
  uint64_t** seen;  /* per block: hashes */
  int* nseen;
  char** keys;      /* reported (rule, line, col, var) */
  int nkeys, capkeys;
  flow_callinfo** cis; /* per block, per event: the call's classification (cached) */
  uint8_t* loopvar;    /* per var: tested by a loop condition (widened last) */
  uint8_t* rel;        /* per var: 1 if it can matter (handle, borrowed pointer, tested) */
  uint8_t* localfield; /* per var: a handle field of a local struct value that never escapes
                          (h.conn of `Handle h;`): it dies with the struct, so it can leak */
  int err;
  int reached_exit;
  int gave_up;
} actx;

static const char* kind_noun(int k) {
  return k == FK_CONN ? "connection" : k == FK_RESULT ? "result" : k == FK_POOLED ? "pooled connection" : "handle";
}

static const char* kind_fix(int k) {
  return k == FK_CONN ? "finished" : k == FK_RESULT ? "cleared" : "released to the pool";
}

static int new_pnode(actx* a, int parent, unsigned line, unsigned col, int what, int var) {
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

/* ---- findings ------------------------------------------------------------ */

static int seen_key(actx* a, const char* rule, unsigned line, unsigned col, int var) {
  char buf[160];
  snprintf(buf, sizeof buf, "%s:%u:%u:%d", rule, line, col, var);
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

/* Adds a finding at (line, col..ecol). With var >= 0 and v given, the
 * steps follow the path from the var's acquire to here. */
static void report(actx* a, const char* rule, unsigned line, unsigned col, unsigned eline,
                   unsigned ecol, int var, const vst* v, int path, const char* msg,
                   const char* last_step) {
  if (!a->out || a->err) return;
  if (a->on && !lint_rule_enabled(a->on, rule)) return;
  if (seen_key(a, rule, line, col, var)) return;
  const model_rule* r = model_rule_find(a->m, rule);
  finding f;
  memset(&f, 0, sizeof f);
  f.rule = r ? r->id : rule;
  f.level = r ? r->level : FINDING_WARNING;
  if (!eline || eline < line || (eline == line && ecol <= col)) {
    eline = line;
    ecol = col + 1;
  }
  const char* file = a->u->path;
  if (finding_loc_set(&f.loc, file, line, col, eline, ecol, NULL) < 0) goto oom;
  f.message = strdup(msg);
  f.function = a->f->name ? strdup(a->f->name) : NULL;
  if (!f.message) goto oom;
  if (v && v->acq_line) {
    char sbuf[256];
    const char* name = var >= 0 ? a->f->vars[var].name : "handle";
    snprintf(sbuf, sizeof sbuf, "'%s' acquired here", name);
    finding_loc l;
    memset(&l, 0, sizeof l);
    if (finding_loc_set(&l, file, v->acq_line, v->acq_col, v->acq_line, v->acq_col + 1, sbuf) == 0) {
      finding_add_related(&f, &l);
      finding_add_step(&f, &l);
    }
    free(l.file);
    free(l.msg);
    /* branch steps between the acquire and here, in order */
    int idx[64], n = 0;
    for (int p = path; p >= 0 && p != v->path && n < 64; p = a->pn[p].parent)
      if (a->pn[p].what != 0 &&
          !(n && a->pn[idx[n - 1]].line == a->pn[p].line && a->pn[idx[n - 1]].col == a->pn[p].col &&
            a->pn[idx[n - 1]].what == a->pn[p].what))
        idx[n++] = p;
    for (int i = n - 1; i >= 0; i--) {
      const pnode* pn = &a->pn[idx[i]];
      static const char* const txt[] = {"", "taking the true branch", "taking the false branch",
                                        "taking this case", "entering the loop", "leaving the loop"};
      memset(&l, 0, sizeof l);
      if (finding_loc_set(&l, file, pn->line, pn->col, pn->line, pn->col + 1, txt[pn->what]) == 0)
        finding_add_step(&f, &l);
      free(l.file);
      free(l.msg);
    }
  }
  if (last_step) {
    finding_loc l;
    memset(&l, 0, sizeof l);
    if (finding_loc_set(&l, file, line, col, eline, ecol, last_step) == 0) finding_add_step(&f, &l);
    free(l.file);
    free(l.msg);
  }
  if (finding_list_push(a->out, &f) < 0) a->err = PQL_ENOMEM;
  return;
oom:
  finding_free(&f);
  a->err = PQL_ENOMEM;
}

static void report_leak(actx* a, int var, const vst* v, int path, unsigned line, unsigned col,
                        unsigned eline, unsigned ecol, int overwrite) {
  const char* rule = flow_kind_leak_rule(a->m, v->kind);
  if (!rule) return;
  const char* name = a->f->vars[var].name;
  char msg[512], step[256];
  if (overwrite == 2)
    snprintf(msg, sizeof msg, "%s '%s' acquired at line %u is lost when '%s' is freed before it is %s",
             kind_noun(v->kind), name, v->acq_line,
             a->f->vars[var].field_of >= 0 ? a->f->vars[a->f->vars[var].field_of].name : name,
             kind_fix(v->kind));
  else if (overwrite)
    snprintf(msg, sizeof msg, "%s '%s' acquired at line %u is overwritten before it is %s",
             kind_noun(v->kind), name, v->acq_line, kind_fix(v->kind));
  else
    snprintf(msg, sizeof msg, "%s '%s' acquired at line %u is not %s on this path",
             kind_noun(v->kind), name, v->acq_line, kind_fix(v->kind));
  snprintf(step, sizeof step, "'%s' leaks here", name);
  report(a, rule, line, col, eline, ecol, var, v, path, msg, step);
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

/* var loses its handle here: a leak unless a copy still holds it. */
static void lose(actx* a, vst* v, int var, int path, unsigned line, unsigned col,
                 unsigned eline, unsigned ecol, int overwrite) {
  if (hand_back(a, v, var)) return;
  report_leak(a, var, &v[var], path, line, col, eline, ecol, overwrite);
}

/* x (a copy that gave its ownership to x->alias) escapes or is taken over:
 * so is the handle its owner holds. */
static void escape_owner(vst* v, vst* x) {
  if (x->st != S_MOVED || x->alias < 0) return;
  vst* o = &v[x->alias];
  if (o->st == S_OWNED && o->acq_line == x->acq_line && o->acq_col == x->acq_col) o->st = S_ESCAPED;
}

/* ---- state helpers --------------------------------------------------------- */

static uint64_t state_hash(const vst* v, int n, const uint8_t* rel) {
  uint64_t h = 1469598103934665603ULL;
  for (int i = 0; i < n; i++) {
    if (!rel[i]) continue;
    const vst* x = &v[i];
    uint64_t parts[] = {x->st, x->kind, x->nul, x->checked, x->summ, x->fk, x->pending,
                        x->orig, x->dangling, (uint64_t)(uint16_t)x->borrow_of,
                        (uint64_t)(uint16_t)x->link, (uint64_t)(uint16_t)x->alias,
                        (uint64_t)x->val, x->acq_line, x->rel_line, x->prel,
                        (uint64_t)x->statok | (uint64_t)x->okonly << 1,
                        (uint64_t)x->cmpr | (uint64_t)(uint16_t)x->cmpv << 8,
                        (uint64_t)x->fromp | (uint64_t)(uint16_t)x->eqv << 8};
    for (size_t j = 0; j < sizeof parts / sizeof *parts; j++) {
      h ^= parts[j] + 0x9e3779b97f4a7c15ULL;
      h *= 1099511628211ULL;
    }
  }
  return h;
}

static vst* state_dup(actx* a, const vst* v) {
  size_t sz = (size_t)(a->f->nvars ? a->f->nvars : 1) * sizeof *v;
  vst* n = malloc(sz);
  if (!n) {
    a->err = PQL_ENOMEM;
    return NULL;
  }
  memcpy(n, v, (size_t)a->f->nvars * sizeof *v);
  return n;
}

/* Pushes (block, state) unless an identical state was seen there; takes v. */
static void push(actx* a, int block, int path, vst* v) {
  if (!v) return;
  if (block < 0 || block >= a->f->nb) {
    free(v);
    return;
  }
  uint64_t h = state_hash(v, a->f->nvars, a->rel);
  int n = a->nseen[block];
  for (int i = 0; i < n; i++)
    if (a->seen[block][i] == h) {
      free(v);
      return;
    }
  if (n >= MAX_PER_BLOCK) {
    /* widen: forget relations and NULL facts of untracked variables, then
     * flag facts */
    for (int i = 0; i < a->f->nvars; i++) {
      if ((n >= 2 * MAX_PER_BLOCK && !a->loopvar[i]) || n >= 4 * MAX_PER_BLOCK) {
        v[i].fk = 0;
        v[i].val = 0;
      }
      v[i].cmpv = 0; /* relations between variables (i < n) go first */
      v[i].cmpr = 0;
      if (v[i].st == S_NONE) v[i].nul = 0;
    }
    h = state_hash(v, a->f->nvars, a->rel);
    for (int i = 0; i < n; i++)
      if (a->seen[block][i] == h) {
        free(v);
        return;
      }
    if (n >= 8 * MAX_PER_BLOCK) {
      a->gave_up = 1;
      free(v);
      return;
    }
  }
  if ((n & (n - 1)) == 0) {
    uint64_t* ns = realloc(a->seen[block], (size_t)(n ? n * 2 : 4) * sizeof *ns);
    if (!ns) {
      a->err = PQL_ENOMEM;
      free(v);
      return;
    }
    a->seen[block] = ns;
  }
  a->seen[block][a->nseen[block]++] = h;
  /* bound the memory of pending states (each is nvars wide) to ~256 MB */
  if ((size_t)a->nstack * (size_t)(a->f->nvars ? a->f->nvars : 1) * sizeof(vst) > ((size_t)256 << 20)) {
    a->gave_up = 1;
    free(v);
    return;
  }
  if (a->nstack == a->capstack) {
    int nc = a->capstack ? a->capstack * 2 : 64;
    item* ni = realloc(a->stack, (size_t)nc * sizeof *ni);
    if (!ni) {
      a->err = PQL_ENOMEM;
      free(v);
      return;
    }
    a->stack = ni;
    a->capstack = nc;
  }
  a->stack[a->nstack++] = (item){block, path, v};
}

static void reset_var(vst* x) {
  memset(x, 0, sizeof *x);
  x->borrow_of = x->link = x->alias = -1;
}

/* var was written: relations other variables knew about it are void. */
static void wrote(actx* a, vst* v, int var) {
  for (int i = 0; i < a->f->nvars; i++) {
    if (v[i].cmpv == var + 1) v[i].cmpv = 0, v[i].cmpr = 0;
    if (v[i].eqv == var + 1) v[i].eqv = 0;
  }
}

static int is_leakable(const vst* x) {
  return x->st == S_OWNED && x->kind <= FK_POOLED;
}

/* ---- events ---------------------------------------------------------------- */

/* The base variable b was passed on, reassigned or taken the address of:
 * what its handle fields hold is no longer known here. */
static void forget_fields(actx* a, vst* v, int b) {
  for (int i = 0; i < a->f->nvars; i++)
    if (a->f->vars[i].field_of == b) {
      if (v[i].st == S_OWNED) v[i].st = S_ESCAPED;
      else reset_var(&v[i]);
    }
}

static void mark_dangling(actx* a, vst* v, int h, unsigned line) {
  for (int i = 0; i < a->f->nvars; i++)
    if (v[i].borrow_of == h && v[i].st == S_NONE) {
      v[i].dangling = 1;
      v[i].rel_line = line;
    }
}

static void use_after(actx* a, const flow_ev* e, int var, const vst* x) {
  char msg[512];
  const char* name = a->f->vars[var].name;
  if (x->dangling && x->borrow_of >= 0)
    snprintf(msg, sizeof msg, "'%s' points into '%s', which was released at line %u",
             name, a->f->vars[x->borrow_of].name, x->rel_line);
  else
    snprintf(msg, sizeof msg, "%s '%s' is used after it was released at line %u",
             kind_noun(x->kind), name, x->rel_line);
  report(a, "use-after-release", e->line, e->col, e->eline, e->ecol, var, NULL, -1, msg, NULL);
}

static void do_release(actx* a, const flow_ev* e, vst* v, int var, int role_kind, int path) {
  vst* x = &v[var];
  const flow_var* fv = &a->f->vars[var];
  if (role_kind == FK_CONN && x->kind == FK_POOLED && x->st == S_OWNED) {
    /* a pool whose acquire returns a bare PGconn * (a --model pool) */
    char msg[512];
    snprintf(msg, sizeof msg, "PQfinish on '%s', a connection leased from a pool at line %u: give it back with the pool's release instead",
             fv->name, x->acq_line);
    report(a, "finish-pooled", e->line, e->col, e->eline, e->ecol, var, NULL, -1, msg, NULL);
    x->st = S_RELEASED;
    x->rel_line = e->line;
    return;
  }
  if (x->borrow_of >= 0 && role_kind == FK_CONN &&
      (v[x->borrow_of].kind == FK_POOLED || a->f->vars[x->borrow_of].htype == 2)) {
    char msg[512];
    snprintf(msg, sizeof msg, "PQfinish on '%s', a connection leased from the pool '%s': give it back with the pool's release instead",
             fv->name, a->f->vars[x->borrow_of].name);
    report(a, "finish-pooled", e->line, e->col, e->eline, e->ecol, var, NULL, -1, msg, NULL);
    return;
  }
  if (x->st == S_MOVED && x->alias >= 0 && v[x->alias].st == S_OWNED &&
      v[x->alias].acq_line == x->acq_line) {
    x->st = S_RELEASED;
    x->rel_line = e->line;
    var = x->alias;
    x = &v[var];
  }
  int from_param = fv->param >= 0 && x->orig && role_kind != FK_NONE;
  switch (x->st) {
  case S_NULL:
    return; /* PQclear(NULL) */
  case S_RELEASED: {
    char msg[512];
    snprintf(msg, sizeof msg, "%s '%s' is released again; it was already released at line %u",
             kind_noun(x->kind ? x->kind : role_kind), fv->name, x->rel_line);
    report(a, "double-release", e->line, e->col, e->eline, e->ecol, var, NULL, -1, msg, NULL);
    return;
  }
  default:
    if (x->st != S_OWNED) x->kind = (uint8_t)(role_kind < 0 ? 0 : role_kind);
    x->st = S_RELEASED;
    x->rel_line = e->line;
    x->orig = 0;
    if (from_param) {
      x->prel = 1; /* the caller's handle: a summary fact if a return is reached */
      x->pkind = (uint8_t)role_kind;
    }
    mark_dangling(a, v, var, e->line);
  }
  (void)path;
}

/* Applies a call event; returns 1 if the path ends here (noreturn). */
static int do_call(actx* a, int bi, const flow_ev* e, const flow_callinfo* cip, vst* v, int* path) {
  const flow_callinfo ci = *cip;
  /* free(s): a handle field that got an acquire in this function and is
   * still held (not released, NULLed, copied out, or handed on with s) is
   * lost with the struct */
  if (e->callee && !strcmp(e->callee, "free") && e->nargs >= 1 && e->args[0].var >= 0 &&
      !e->args[0].addr && !e->args[0].member) {
    int b = e->args[0].var;
    for (int fj = 0; fj < a->f->nvars; fj++)
      if (a->f->vars[fj].field_of == b && a->rel[fj] && is_leakable(&v[fj])) {
        lose(a, v, fj, *path, e->line, e->col, e->eline, e->ecol, 2);
        reset_var(&v[fj]);
      }
  }
  /* an acquire written as the argument of a call that only reads it
   * (PQresultStatus(PQexec(...)), PQntuples(PQexec(...))): dropped there */
  for (int i = 0; i < e->nargs && i < 16; i++) {
    int ii = e->args[i].inner - 1;
    if (ii < 0 || ii >= a->f->b[bi].nev) continue;
    const flow_ev* ie = &a->f->b[bi].ev[ii];
    const flow_callinfo* ic = &a->cis[bi][ii];
    if (ie->kind != FE_CALL || (ic->ret_kind != FK_RESULT && ic->ret_kind != FK_CONN)) continue;
    int r = ci.role[i];
    int reads = r == FR_CHECK || r == FR_ROWREAD || r == FR_INFO || ci.ret_borrow == i ||
                (r == FR_USE && ci.libpq);
    if (!reads) continue;
    const char* rule = flow_kind_leak_rule(a->m, ic->ret_kind);
    char msg[512];
    snprintf(msg, sizeof msg, "the %s returned by %s() is passed to %s() and never %s",
             kind_noun(ic->ret_kind), ie->callee ? ie->callee : "this call",
             e->callee ? e->callee : "a call", kind_fix(ic->ret_kind));
    if (rule) report(a, rule, ie->line, ie->col, ie->eline, ie->ecol, -1, NULL, -1, msg, NULL);
  }
  for (int i = 0; i < e->nargs; i++)
    if (e->args[i].var >= 0 && !(ci.libpq && e->args[i].member) && !e->args[i].subobj)
      forget_fields(a, v, e->args[i].var);
  for (int i = 0; i < e->nargs; i++) {
    const flow_arg* ar = &e->args[i];
    if (ar->var < 0 || !a->rel[ar->var]) continue;
    int role = i < 16 ? ci.role[i] : FR_USE;
    int rk = i < 16 ? ci.role_kind[i] : FK_NONE;
    vst* x = &v[ar->var];
    const flow_var* fv = &a->f->vars[ar->var];
    if (ar->member && !ar->addr) {
      /* l.conn: the connection borrowed from lease l */
      if (((x->kind == FK_POOLED && x->st == S_OWNED) || fv->htype == 2) && role == FR_RELEASE &&
          rk == FK_CONN) {
        char msg[512];
        snprintf(msg, sizeof msg, "PQfinish on '%s.conn', a connection leased from the pool: give it back with the pool's release instead",
                 fv->name);
        report(a, "finish-pooled", e->line, e->col, e->eline, e->ecol, ar->var, NULL, -1, msg, NULL);
      } else if (x->kind == FK_POOLED && x->st == S_RELEASED) {
        use_after(a, e, ar->var, x);
      }
      continue;
    }
    if (ar->addr && ar->member) continue;
    if (i == ci.out_arg && ar->addr) continue; /* handled below */
    if (ar->addr && role == FR_USE) {
      /* &var to an unknown function: it may fill, free or keep it */
      wrote(a, v, ar->var);
      x->cmpv = 0;
      x->cmpr = 0;
      if (x->st == S_OWNED) x->st = S_ESCAPED;
      if (!fv->ptr) {
        x->fk = 0;
        x->link = -1;
      }
      continue;
    }
    if (role == FR_ESCAPE && rk == FK_RESULT && x->kind != FK_RESULT)
      role = FR_USE; /* a constructor keeps results, not connections */
    if (x->dangling && role != FR_RELEASE) {
      use_after(a, e, ar->var, x);
      x->dangling = 0;
      continue;
    }
    switch (role) {
    case FR_RELEASE:
    case FR_DISCARD:
      do_release(a, e, v, ar->var, rk, *path);
      break;
    case FR_ESCAPE:
      if (x->st == S_RELEASED) use_after(a, e, ar->var, x);
      escape_owner(v, x);
      if (x->st == S_OWNED) x->st = S_ESCAPED;
      if (a->sum && fv->param >= 0 && fv->param < 16 && x->orig &&
          a->sum->arg_role[fv->param] == FR_USE)
        a->sum->arg_role[fv->param] = FR_ESCAPE;
      break;
    case FR_CHECK:
    case FR_INFO:
      if (x->st == S_RELEASED) use_after(a, e, ar->var, x);
      if (role == FR_CHECK) x->checked = 1;
      break;
    case FR_ROWREAD:
      if (x->st == S_RELEASED) {
        use_after(a, e, ar->var, x);
      } else if (x->st == S_OWNED && x->kind == FK_RESULT && !x->checked && !x->summ) {
        char msg[512];
        snprintf(msg, sizeof msg, "rows of result '%s' (line %u) are read before PQresultStatus was checked",
                 fv->name, x->acq_line);
        report(a, "status-unchecked", e->line, e->col, e->eline, e->ecol, ar->var, NULL, -1, msg, NULL);
        x->checked = 1;
      }
      break;
    default: /* FR_USE */
      /* a call that talks to the server may turn the connection bad: a
       * later PQstatus != CONNECTION_OK no longer means NULL */
      x->okonly = 0;
      if (x->st == S_RELEASED) {
        use_after(a, e, ar->var, x);
      } else if (x->st == S_OWNED && x->kind == FK_CONN && !x->checked && !x->summ && ci.libpq) {
        char msg[512];
        snprintf(msg, sizeof msg, "connection '%s' acquired at line %u is used before PQstatus was checked",
                 fv->name, x->acq_line);
        report(a, "status-unchecked", e->line, e->col, e->eline, e->ecol, ar->var, NULL, -1, msg, NULL);
        x->checked = 1;
      } else if (!ci.libpq && e->callee) {
        x->checked = 1; /* a helper may check it */
      }
      break;
    }
  }
  if (ci.noreturn) return 1;
  /* the return value */
  if (e->dest == FD_VAR && e->var >= 0) { /* st = next_state() */
    forget_fields(a, v, e->var);
    wrote(a, v, e->var);
  }
  if (e->dest == FD_VAR && e->var >= 0 && a->rel[e->var]) {
    int d = e->var;
    int in_args = 0;
    for (int i = 0; i < e->nargs; i++)
      if (e->args[i].var == d) in_args = 1;
    if (is_leakable(&v[d]) && !in_args)
      lose(a, v, d, *path, e->line, e->col, e->eline, e->ecol, 1);
    vst* x = &v[d];
    reset_var(x);
    if (ci.ret_kind != FK_NONE && ci.ret_kind != FK_POOL) {
      x->st = S_OWNED;
      x->kind = (uint8_t)ci.ret_kind;
      x->summ = (uint8_t)ci.ret_summary;
      x->okonly = (uint8_t)(ci.ret_kind == FK_CONN && ci.ret_okonly);
      if (ci.ret_or_arg) {
        /* the helper returns its argument or a new handle: ours only where
         * it differs from that argument (a test d != arg decides) */
        int k = ci.ret_or_arg - 1;
        int u = k < e->nargs && !e->args[k].addr && !e->args[k].member ? e->args[k].var : -1;
        if (u < 0 || u == d) {
          reset_var(x);
          return 0;
        }
        x->eqv = (int16_t)(u + 1);
      }
      x->acq_line = e->line;
      x->acq_col = e->col;
      *path = new_pnode(a, *path, e->line, e->col, 0, d);
      x->path = *path;
    } else if (ci.ret_borrow >= 0 && ci.ret_borrow < e->nargs && e->args[ci.ret_borrow].var >= 0) {
      x->borrow_of = (int16_t)e->args[ci.ret_borrow].var;
    } else if (ci.out_kind != FK_NONE && ci.out_arg < e->nargs && e->args[ci.out_arg].var >= 0) {
      x->link = (int16_t)e->args[ci.out_arg].var;
    }
  } else if (e->dest == FD_NONE && ci.ret_kind != FK_NONE && ci.ret_kind != FK_POOL) {
    const char* rule = flow_kind_leak_rule(a->m, ci.ret_kind);
    char msg[512];
    snprintf(msg, sizeof msg, "the %s returned by %s() is discarded without being %s",
             kind_noun(ci.ret_kind), e->callee ? e->callee : "this call", kind_fix(ci.ret_kind));
    if (rule) report(a, rule, e->line, e->col, e->eline, e->ecol, -1, NULL, -1, msg, NULL);
  } else if (e->dest == FD_RETURN && a->sum && ci.ret_kind != FK_NONE && ci.ret_kind != FK_POOL) {
    a->sum->ret_kind = ci.ret_kind;
    if (!ci.ret_okonly) a->sum->ret_notok = 1;
  } else if (e->dest == FD_ESCAPE && a->sum && e->var2 >= 0 && e->var2 < 16 &&
             ci.ret_kind != FK_NONE && ci.ret_kind != FK_POOL) {
    a->sum->out_kind[e->var2] = ci.ret_kind;
  }
  /* out-parameter acquire (&var) */
  if (ci.out_kind != FK_NONE && ci.out_kind != FK_POOL && ci.out_arg >= 0 && ci.out_arg < e->nargs &&
      e->args[ci.out_arg].var >= 0 && e->args[ci.out_arg].addr && !e->args[ci.out_arg].member) {
    int d = e->args[ci.out_arg].var;
    if (is_leakable(&v[d]) && !ci.ret_summary) /* a helper filling *out may free the old value */
      lose(a, v, d, *path, e->line, e->col, e->eline, e->ecol, 1);
    vst* x = &v[d];
    reset_var(x);
    x->st = S_OWNED;
    x->kind = (uint8_t)ci.out_kind;
    x->summ = (uint8_t)ci.ret_summary;
    x->pending = 1;
    x->acq_line = e->line;
    x->acq_col = e->col;
    *path = new_pnode(a, *path, e->line, e->col, 0, d);
    x->path = *path;
  }
  return 0;
}

/* Applies the events of block b to v; returns 1 if the path ended (noreturn). */
static int run_events(actx* a, int bi, vst* v, int* path) {
  const flow_block* B = &a->f->b[bi];
  for (int i = 0; i < B->nev; i++) {
    const flow_ev* e = &B->ev[i];
    vst* x = e->var >= 0 && a->rel[e->var] ? &v[e->var] : NULL;
    if (e->var >= 0 && e->kind != FE_CALL && e->kind != FE_USE && e->kind != FE_SCOPE_END) {
      forget_fields(a, v, e->var);
      wrote(a, v, e->var);
    }
    if (e->kind == FE_ASSIGN && x && a->f->vars[e->var].field_of >= 0) {
      /* s->res = r: r is stored into the struct (as an escape) */
      if (is_leakable(x)) lose(a, v, e->var, *path, e->line, e->col, e->eline, e->ecol, 1);
      reset_var(x);
      if (e->var2 >= 0 && a->rel[e->var2]) {
        vst* w = &v[e->var2];
        const flow_var* fv = &a->f->vars[e->var2];
        if (a->sum && fv->param >= 0 && fv->param < 16 && w->orig && a->sum->arg_role[fv->param] == FR_USE)
          a->sum->arg_role[fv->param] = FR_ESCAPE;
        if (w->st == S_OWNED || w->st == S_MOVED) w->st = S_ESCAPED;
      }
      continue;
    }
    switch (e->kind) {
    case FE_CALL:
      if (do_call(a, bi, e, &a->cis[bi][i], v, path)) return 1;
      break;
    case FE_ASSIGN: {
      if (!x || e->var2 < 0 || !a->rel[e->var2]) break;
      vst* w = &v[e->var2];
      if (e->val == 1) { /* c = l.conn */
        if (is_leakable(x)) lose(a, v, e->var, *path, e->line, e->col, e->eline, e->ecol, 1);
        reset_var(x);
        if (w->kind == FK_POOLED || a->f->vars[e->var2].htype == 2) x->borrow_of = (int16_t)e->var2;
        break;
      }
      if (e->var == e->var2) break;
      if (is_leakable(x) && !(w->st == S_MOVED && w->alias == e->var))
        lose(a, v, e->var, *path, e->line, e->col, e->eline, e->ecol, 1);
      *x = *w;
      x->orig = 0;
      x->alias = -1;
      if (w->st == S_OWNED) {
        w->st = S_MOVED;
        w->alias = (int16_t)e->var;
      }
      break;
    }
    case FE_NULLSET:
      if (!x) break;
      if (a->rel[e->var] < 3) { /* a borrowed pointer: only forget what it pointed into */
        reset_var(x);
        break;
      }
      if (is_leakable(x)) lose(a, v, e->var, *path, e->line, e->col, e->eline, e->ecol, 1);
      {
        uint8_t k = x->kind;
        reset_var(x);
        x->st = S_NULL;
        x->kind = k;
        x->nul = 1;
      }
      break;
    case FE_CONST:
      if (!x) break;
      reset_var(x);
      x->fk = 1;
      x->val = e->val;
      break;
    case FE_OTHERSET:
      if (!x) break;
      if (is_leakable(x)) lose(a, v, e->var, *path, e->line, e->col, e->eline, e->ecol, 1);
      reset_var(x);
      break;
    case FE_ESCAPE:
      if (a->sum && e->var2 >= 0 && e->var2 < 16) {
        if (x && x->st == S_OWNED)
          a->sum->out_kind[e->var2] = x->kind;
        else if (!x || x->st != S_NULL)
          a->sum->out_mixed[e->var2] = 1;
      }
      if (!x) break;
      if (a->sum) {
        const flow_var* fv = &a->f->vars[e->var];
        if (fv->param >= 0 && fv->param < 16 && x->orig && a->sum->arg_role[fv->param] == FR_USE)
          a->sum->arg_role[fv->param] = FR_ESCAPE;
      }
      escape_owner(v, x);
      if (x->st == S_OWNED || x->st == S_MOVED) x->st = S_ESCAPED;
      break;
    case FE_USE:
      if (!x) break;
      if (x->dangling || x->st == S_RELEASED) {
        use_after(a, e, e->var, x);
        x->dangling = 0;
      }
      break;
    case FE_SCOPE_END:
      for (int j = 0; j < e->nvars; j++) {
        int vi = e->vars[j];
        if (!a->rel[vi]) continue;
        vst* y = &v[vi];
        if (a->f->vars[vi].cleanup) {
          reset_var(y);
          continue;
        }
        if (is_leakable(y)) lose(a, v, vi, *path, e->line, e->col, e->line, e->col + 1, 0);
        reset_var(y);
        for (int fj = 0; fj < a->f->nvars; fj++) /* h.conn dies with h */
          if (a->localfield[fj] && a->f->vars[fj].field_of == vi && a->rel[fj]) {
            if (is_leakable(&v[fj])) lose(a, v, fj, *path, e->line, e->col, e->line, e->col + 1, 0);
            reset_var(&v[fj]);
          }
      }
      break;
    }
  }
  return 0;
}

/* ---- conditions ---------------------------------------------------------------- */

static int eval_op(int op, long long x, long long k) {
  switch (op) {
  case '=': return x == k;
  case '!': return x != k;
  case '<': return x < k;
  case 'l': return x <= k;
  case '>': return x > k;
  case 'g': return x >= k;
  }
  return -1;
}

/* Decides which branches are feasible and refines the state for each:
 * vt/vf get the states (NULL if infeasible). Takes v. */
static void split(actx* a, const flow_block* B, vst* v, vst** vt, vst** vf) {
  const flow_cond* c = &B->cond;
  *vt = *vf = NULL;
  int var = -1, link = -1;
  if (c->kind == FC_VAR) {
    var = c->var;
    if (v[var].link >= 0) link = v[var].link;
  } else if (c->kind == FC_CALL && c->evi >= 0 && c->evi < B->nev) {
    const flow_ev* e = &B->ev[c->evi];
    const flow_callinfo ci = a->cis[B - a->f->b][c->evi];
    if (ci.out_kind != FK_NONE && ci.out_arg >= 0 && ci.out_arg < e->nargs) link = e->args[ci.out_arg].var;
  }
  if (link >= 0 && v[link].st == S_OWNED && v[link].pending) {
    /* the acquire returns 0 on success, a negative code on failure: a
     * branch that admits only success acquired, only failure did not */
    long long k = c->val;
    long long fails[3] = {-1, k < 0 ? k : -2, k < 0 ? k - 1 : -3};
    int s_in[2] = {0, 0}, f_in[2] = {0, 0}, ok = 1;
    int r0 = eval_op(c->op, 0, k);
    if (r0 < 0) ok = 0;
    else s_in[r0 ? 0 : 1] = 1;
    for (int i = 0; i < 3 && ok; i++) {
      int r = eval_op(c->op, fails[i], k);
      if (r < 0) ok = 0;
      else f_in[r ? 0 : 1] = 1;
    }
    if (ok && (s_in[0] != f_in[0] || s_in[1] != f_in[1])) {
      vst* other = state_dup(a, v);
      if (!other) {
        free(v);
        return;
      }
      vst* br[2] = {v, other};
      for (int b = 0; b < 2; b++) {
        /* the status variable keeps what the branch knows (0 or not 0), for
         * later tests of it once the acquire is resolved */
        if (s_in[b] && !f_in[b]) {
          br[b][link].pending = 0;
          if (var >= 0 && a->rel[var] && !a->f->vars[var].ptr) {
            br[b][var].fk = 1;
            br[b][var].val = 0;
          }
        } else if (f_in[b] && !s_in[b]) {
          reset_var(&br[b][link]);
          if (var >= 0 && a->rel[var] && !a->f->vars[var].ptr) {
            br[b][var].fk = 2;
            br[b][var].val = 0;
          }
        }
      }
      *vt = br[0];
      *vf = br[1];
      return;
    }
  }
  if (c->kind == FC_CALL && c->evi >= 0 && c->evi < B->nev && c->val == 0 &&
      (c->op == '=' || c->op == '!')) {
    /* PQstatus(x) == / != CONNECTION_OK: the OK branch knows x is OK; the
     * other one knows that x from a helper returning NULL or an OK
     * connection is NULL */
    const flow_ev* e = &B->ev[c->evi];
    int x = e->nargs >= 1 && !e->args[0].addr && !e->args[0].member ? e->args[0].var : -1;
    if (x >= 0 && a->rel[x] && e->callee && !strcmp(e->callee, "PQstatus")) {
      vst* other = state_dup(a, v);
      if (!other) {
        free(v);
        return;
      }
      vst* okb = c->op == '=' ? v : other;
      vst* badb = c->op == '=' ? other : v;
      okb[x].statok = 1;
      if (okb[x].st == S_OWNED) okb[x].nul = 2;
      if (badb[x].st == S_OWNED && badb[x].okonly) {
        uint8_t k = badb[x].kind;
        reset_var(&badb[x]);
        badb[x].st = S_NULL;
        badb[x].kind = k;
        badb[x].nul = 1;
      }
      *vt = v;
      *vf = other;
      return;
    }
  }
  if (c->kind == FC_VAR2 && c->var >= 0 && c->var2 >= 0 && a->rel[c->var] && a->rel[c->var2]) {
    int p = c->var;
    int w0 = c->var2;
    int dv = v[p].eqv == w0 + 1 ? p : v[w0].eqv == p + 1 ? w0 : -1;
    if (dv >= 0 && (c->op == '=' || c->op == '!')) {
      /* d == arg: the helper gave the argument back (not ours); d != arg:
       * a new handle, ours */
      vst* other = state_dup(a, v);
      if (!other) {
        free(v);
        return;
      }
      vst* eq = c->op == '=' ? v : other;
      vst* ne = c->op == '=' ? other : v;
      reset_var(&eq[dv]);
      ne[dv].eqv = 0;
      *vt = v;
      *vf = other;
      return;
    }
    /* i < n: what earlier tests of the pair decided on this path */
    static const uint8_t bits[128] = {['<'] = 1, ['l'] = 3, ['='] = 2, ['g'] = 6, ['>'] = 4, ['!'] = 5};
    int w = c->var2;
    uint8_t q = c->op > 0 && c->op < 128 ? bits[c->op] : 0;
    if (!q) {
      *vt = v;
      *vf = state_dup(a, v);
      return;
    }
    uint8_t known = 7;
    if (v[p].cmpv == w + 1) known &= v[p].cmpr;
    if (v[w].cmpv == p + 1) /* w R var: mirror it */
      known &= (uint8_t)((v[w].cmpr & 2) | (v[w].cmpr & 1 ? 4 : 0) | (v[w].cmpr & 4 ? 1 : 0));
    if (!known) known = 7; /* contradicting facts: decide nothing */
    uint8_t kt = known & q, kf = known & (uint8_t)~q & 7;
    vst* other = kt && kf ? state_dup(a, v) : NULL;
    if (kt && kf && !other) {
      free(v);
      return;
    }
    vst* tv = kt ? v : NULL;
    vst* fv = kt ? other : v;
    if (tv) tv[p].cmpv = (int16_t)(w + 1), tv[p].cmpr = kt;
    if (fv && kf) fv[p].cmpv = (int16_t)(w + 1), fv[p].cmpr = kf;
    *vt = tv;
    *vf = kf ? fv : NULL;
    return;
  }
  if (var < 0 || !a->rel[var]) {
    *vt = v;
    *vf = state_dup(a, v);
    return;
  }
  vst* x = &v[var];
  if (a->f->vars[var].ptr && a->rel[var] < 3) { /* a pointer that never owns a handle */
    *vt = v;
    *vf = state_dup(a, v);
    return;
  }
  if (a->f->vars[var].ptr && c->val == 0 && (c->op == '=' || c->op == '!')) {
    int isnull = -1; /* -1 unknown */
    if (x->st == S_NULL || x->nul == 1) isnull = 1;
    else if (x->st == S_RELEASED || x->nul == 2) isnull = 0;
    int want_null_true = c->op == '=';
    if (isnull >= 0) {
      if ((isnull == 1) == want_null_true) *vt = v;
      else *vf = v;
      return;
    }
    vst* n = state_dup(a, v);
    if (!n) {
      free(v);
      return;
    }
    /* v: non-null, n: null */
    v[var].nul = 2;
    n[var].nul = 1;
    if (n[var].st == S_OWNED || n[var].st == S_MOVED || n[var].st == S_ESCAPED) n[var].st = S_NULL;
    *vt = want_null_true ? n : v;
    *vf = want_null_true ? v : n;
    return;
  }
  if (x->fk == 1) {
    int r = eval_op(c->op, x->val, c->val);
    if (r == 1) *vt = v;
    else if (r == 0) *vf = v;
    else {
      *vt = v;
      *vf = state_dup(a, v);
    }
    return;
  }
  if (x->fk == 2 && x->val == c->val && (c->op == '=' || c->op == '!')) {
    if (c->op == '!') *vt = v;
    else *vf = v;
    return;
  }
  if (x->nul == 2 && c->val == 0 && (c->op == '=' || c->op == '!')) {
    /* known non-zero (x != 0 learnt before another x != k) */
    if (c->op == '!') *vt = v;
    else *vf = v;
    return;
  }
  vst* n = state_dup(a, v);
  if (!n) {
    free(v);
    return;
  }
  if (c->op == '=' || c->op == '!') {
    vst* eq = c->op == '=' ? v : n;
    vst* ne = c->op == '=' ? n : v;
    eq[var].fk = 1;
    eq[var].val = c->val;
    eq[var].nul = c->val != 0 ? 2 : 0; /* a non-pointer: nul 2 = known non-zero */
    ne[var].fk = 2;
    ne[var].val = c->val;
    if (c->val == 0) ne[var].nul = 2;
  }
  *vt = v;
  *vf = n;
}

/* Leaving a `for` loop whose body assigns a handle variable that was
 * released before the loop: that state is the zero-iteration path (the
 * release happened outside the loop), which the code means never to take
 * (for (i = 0; i < retries; i++) conn = connect...). The variable's value
 * is unknown there rather than released: no use-after-release or
 * double-release claim on it. */
static void zero_trip(actx* a, const flow_block* B, vst* v) {
  if (!v) return;
  const flow_fn* f = a->f;
  int L = B->for_loop - 1;
  for (int i = 0; i < f->nvars; i++) {
    if (v[i].st != S_RELEASED || !a->rel[i]) continue;
    int assigned = 0, released_inside = 0;
    for (int b = 0; b < f->nb && !released_inside; b++)
      for (int j = 0; j < f->b[b].nev; j++) {
        const flow_ev* e = &f->b[b].ev[j];
        int inside = 0;
        for (int l = e->loop; l >= 0; l = f->loop_parent[l])
          if (l == L) inside = 1;
        if (!inside) continue;
        if (e->var == i && ((e->kind == FE_CALL && e->dest == FD_VAR) || e->kind == FE_ASSIGN))
          assigned = 1;
        if (e->kind == FE_CALL && e->line == v[i].rel_line)
          for (int k = 0; k < e->nargs; k++)
            if (e->args[k].var == i) released_inside = 1;
      }
    if (assigned && !released_inside) reset_var(&v[i]);
  }
}

/* ---- the walk ---------------------------------------------------------------------- */

static void at_exit_leaks(actx* a, const flow_block* B, vst* v, int path, int ret_var) {
  for (int i = 0; i < a->f->nvars; i++) {
    if (i == ret_var) continue;
    if (a->f->vars[i].cleanup || (a->f->vars[i].field_of >= 0 && !a->localfield[i])) continue;
    if (v[i].st == S_MOVED && v[i].alias == ret_var) continue;
    if (ret_var >= 0 && v[ret_var].st == S_MOVED && v[ret_var].alias == i &&
        v[ret_var].acq_line == v[i].acq_line && v[ret_var].acq_col == v[i].acq_col)
      continue; /* returns a copy that still holds i's handle */
    if (is_leakable(&v[i])) report_leak(a, i, &v[i], path, B->line, B->col, B->line, B->col + 1, 0);
  }
  int rv = ret_var;
  if (rv >= 0 && v[rv].st == S_MOVED && v[rv].alias >= 0 && v[v[rv].alias].st == S_OWNED &&
      v[v[rv].alias].acq_line == v[rv].acq_line && v[v[rv].alias].acq_col == v[rv].acq_col)
    rv = v[rv].alias; /* returns a copy of the owner's handle */
  if (a->sum && rv >= 0 && v[rv].st == S_OWNED && v[rv].kind <= FK_POOLED) {
    a->sum->ret_kind = v[rv].kind;
    if (!v[rv].statok && !v[rv].okonly) a->sum->ret_notok = 1;
  }
  else if (a->sum && B->term == FT_RETURN && !B->ret_other && ret_var >= 0 &&
           v[ret_var].fromp && v[ret_var].st != S_NULL && v[ret_var].nul != 1 &&
           a->f->vars[ret_var].ptr)
    a->sum->ret_argp |= 1 << (v[ret_var].fromp - 1); /* returns a parameter as it came */
  else if (a->sum && B->term == FT_RETURN &&
           (B->ret_other || (ret_var >= 0 && v[ret_var].st != S_NULL && v[ret_var].nul != 1 &&
                             a->f->vars[ret_var].ptr)))
    a->sum->ret_mixed = 1;
  if (a->sum)
    for (int i = 0; i < a->f->nvars; i++) {
      int p = a->f->vars[i].param;
      if (p < 0 || p >= 16) continue;
      if (v[i].prel && v[i].st == S_RELEASED) {
        a->sum->rel_some[p] = 1;
        a->sum->arg_kind[p] = v[i].pkind;
      } else if (v[i].st != S_NULL && v[i].nul != 1) {
        a->sum->rel_not[p] = 1;
      }
    }
}

static void cleanup(actx* a) {
  for (int i = 0; i < a->f->nb; i++) {
    free(a->seen[i]);
    if (a->cis) free(a->cis[i]);
  }
  free(a->cis);
  free(a->rel);
  free(a->localfield);
  free(a->loopvar);
  free(a->seen);
  free(a->nseen);
  free(a->stack);
  free(a->pn);
  for (int i = 0; i < a->nkeys; i++) free(a->keys[i]);
  free(a->keys);
}

/* Classifies every call once and marks the variables that can matter:
 * handles (acquired, released, checked, borrowed from, leases), variables
 * tested in conditions, and copies of these. Returns 0 or PQL_ENOMEM. */
static int prepare(actx* a) {
  const flow_fn* f = a->f;
  a->cis = calloc((size_t)f->nb, sizeof *a->cis);
  a->rel = calloc((size_t)(f->nvars ? f->nvars : 1), 1);
  a->loopvar = calloc((size_t)(f->nvars ? f->nvars : 1), 1);
  if (!a->cis || !a->rel || !a->loopvar) return PQL_ENOMEM;
  for (int v = 0; v < f->nvars; v++)
    if (f->vars[v].htype) a->rel[v] = 3;
  for (int b = 0; b < f->nb; b++) {
    const flow_block* B = &f->b[b];
    if (B->term == FT_RETURN && B->ret_var >= 0 && f->vars[B->ret_var].ptr && !a->rel[B->ret_var])
      a->rel[B->ret_var] = 1;
    if (!B->nev) continue;
    a->cis[b] = calloc((size_t)B->nev, sizeof **a->cis);
    if (!a->cis[b]) return PQL_ENOMEM;
    for (int i = 0; i < B->nev; i++) {
      const flow_ev* e = &B->ev[i];
      if (e->kind == FE_ESCAPE && e->var >= 0 && f->vars[e->var].param >= 0 && f->vars[e->var].htype)
        a->rel[e->var] = 3;
      if (e->kind != FE_CALL) continue;
      flow_callinfo* ci = &a->cis[b][i];
      flow_classify(a->m, a->s, a->u, e, ci);
      if (e->dest == FD_VAR && e->var >= 0 && ci->ret_kind != FK_NONE)
        a->rel[e->var] = 3; /* an owner */
      else if (e->dest == FD_VAR && e->var >= 0 && (ci->ret_borrow >= 0 || ci->out_kind != FK_NONE) &&
               a->rel[e->var] < 2)
        a->rel[e->var] = 2; /* a borrowed pointer, an acquire status */
      for (int k = 0; k < e->nargs; k++) {
        int v = e->args[k].var;
        if (v < 0) continue;
        int role = k < 16 ? ci->role[k] : FR_USE;
        int handle_role = role == FR_RELEASE || role == FR_DISCARD || role == FR_CHECK ||
                          (role != FR_USE && f->vars[v].htype);
        if ((k == ci->out_arg && e->args[k].addr) || f->vars[v].htype)
          a->rel[v] = 3;
        else if ((handle_role || e->args[k].member) && a->rel[v] < 2)
          a->rel[v] = 2;
      }
    }
  }
  /* a tested variable matters if a second test or a constant store can
   * correlate with the test (flags); tested once, it cannot */
  int* tests = calloc((size_t)(f->nvars ? f->nvars : 1), sizeof *tests);
  uint8_t* consts = calloc((size_t)(f->nvars ? f->nvars : 1), 1);
  if (!tests || !consts) {
    free(tests);
    free(consts);
    return PQL_ENOMEM;
  }
  for (int b = 0; b < f->nb; b++) {
    const flow_block* B = &f->b[b];
    if (B->term == FT_BRANCH && B->cond.kind == FC_VAR && B->cond.var >= 0) {
      tests[B->cond.var]++;
      if (B->loopcond) a->loopvar[B->cond.var] = 1;
    }
    if (B->term == FT_BRANCH && B->cond.kind == FC_VAR2 && B->cond.var >= 0 && B->cond.var2 >= 0) {
      /* a relation (i < n) matters only if the same pair is tested again
       * (after the loop); one test per loop counter would only multiply
       * the states */
      int x1 = B->cond.var, x2 = B->cond.var2, same = 0;
      for (int b2 = 0; b2 < f->nb && same < 2; b2++) {
        const flow_cond* c2 = &f->b[b2].cond;
        if (f->b[b2].term == FT_BRANCH && c2->kind == FC_VAR2 &&
            ((c2->var == x1 && c2->var2 == x2) || (c2->var == x2 && c2->var2 == x1)))
          same++;
      }
      if (same >= 2) {
        tests[x1] += 2;
        tests[x2] += 2;
        if (B->loopcond) a->loopvar[x1] = a->loopvar[x2] = 1;
      }
    }
    for (int i = 0; i < B->nev; i++)
      if ((B->ev[i].kind == FE_CONST || B->ev[i].kind == FE_NULLSET) && B->ev[i].var >= 0)
        consts[B->ev[i].var] = 1;
  }
  for (int v = 0; v < f->nvars; v++)
    if (!a->rel[v] && (tests[v] >= 2 || (tests[v] && consts[v]))) a->rel[v] = 1;
  free(tests);
  free(consts);
  /* handle fields of local struct values that never escape (no &h, no copy,
   * not passed, not returned): they die with the struct */
  a->localfield = calloc((size_t)(f->nvars ? f->nvars : 1), 1);
  uint8_t* esc = calloc((size_t)(f->nvars ? f->nvars : 1), 1);
  if (!a->localfield || !esc) {
    free(esc);
    return PQL_ENOMEM;
  }
  for (int b = 0; b < f->nb; b++) {
    const flow_block* B = &f->b[b];
    if (B->term == FT_RETURN && B->ret_var >= 0) esc[B->ret_var] = 1;
    for (int i = 0; i < B->nev; i++) {
      const flow_ev* e = &B->ev[i];
      if (e->kind == FE_ESCAPE && e->var >= 0) esc[e->var] = 1;
      if (e->kind == FE_ASSIGN && e->var2 >= 0) esc[e->var2] = 1;
      if (e->kind == FE_CALL)
        for (int k = 0; k < e->nargs; k++)
          if (e->args[k].var >= 0 && !e->args[k].subobj) esc[e->args[k].var] = 1;
    }
  }
  for (int v = 0; v < f->nvars; v++) {
    int base = f->vars[v].field_of;
    if (base >= 0 && !f->vars[base].ptr && f->vars[base].param < 0 && !esc[base] &&
        f->vars[base].field_of < 0)
      a->localfield[v] = 1;
  }
  free(esc);
  for (int v = 0; v < f->nvars; v++) /* tested pointers that never own: NULL facts are useless */
    if (a->rel[v] == 1 && f->vars[v].ptr) a->rel[v] = 0;
  for (int round = 0; round < 3; round++)
    for (int b = 0; b < f->nb; b++)
      for (int i = 0; i < f->b[b].nev; i++) {
        const flow_ev* e = &f->b[b].ev[i];
        if (e->kind == FE_ASSIGN && e->var >= 0 && e->var2 >= 0 && (a->rel[e->var] || a->rel[e->var2])) {
          uint8_t r = a->rel[e->var] > a->rel[e->var2] ? a->rel[e->var] : a->rel[e->var2];
          a->rel[e->var] = a->rel[e->var2] = r;
        }
      }
  return 0;
}

int flow_analyze(const flow_unit* u, const flow_fn* f, const flow_summaries* s,
                 const model_set* m, const lint_rules_on* on, finding_list* out, flow_sum* sum) {
  if (!f->nb || f->broken) return 0;
  actx a;
  memset(&a, 0, sizeof a);
  a.u = u;
  a.f = f;
  a.s = s;
  a.m = m;
  a.on = on;
  a.out = out;
  a.sum = sum;
  a.seen = calloc((size_t)f->nb, sizeof *a.seen);
  a.nseen = calloc((size_t)f->nb, sizeof *a.nseen);
  vst* v0 = calloc((size_t)(f->nvars ? f->nvars : 1), sizeof *v0);
  if (!a.seen || !a.nseen || !v0) {
    free(a.seen);
    free(a.nseen);
    free(v0);
    return PQL_ENOMEM;
  }
  for (int i = 0; i < f->nvars; i++) {
    reset_var(&v0[i]);
    if (f->vars[i].param >= 0) v0[i].orig = 1;
    if (f->vars[i].param >= 0 && f->vars[i].param < 16) v0[i].fromp = (uint8_t)(f->vars[i].param + 1);
  }
  if (prepare(&a) < 0) {
    free(v0);
    cleanup(&a);
    return PQL_ENOMEM;
  }
  push(&a, 0, -1, v0);
  int max_pops = MAX_POPS;
  int pops = 0;
  while (a.nstack && !a.err) {
    if (++pops > max_pops) {
      a.gave_up = 1;
      break;
    }
    item it = a.stack[--a.nstack];
    const flow_block* B = &f->b[it.block];
    vst* v = it.v;
    int path = it.path;
    if (run_events(&a, it.block, v, &path)) {
      free(v);
      continue;
    }
    switch (B->term) {
    case FT_GOTO:
      if (B->nsucc) push(&a, B->succ[0], path, v);
      else free(v);
      break;
    case FT_SWITCH:
      for (int i = 0; i < B->nsucc; i++) push(&a, B->succ[i], path, i + 1 < B->nsucc ? state_dup(&a, v) : v);
      if (!B->nsucc) free(v);
      break;
    case FT_BRANCH: {
      vst *vt, *vf;
      split(&a, B, v, &vt, &vf);
      if (B->for_loop) zero_trip(&a, B, B->negated ? vt : vf);
      int both = vt && vf;
      int wt = B->loopcond ? (B->negated ? 5 : 4) : B->negated ? 2 : 1;
      int wf = B->loopcond ? (B->negated ? 4 : 5) : B->negated ? 1 : 2;
      if (vt) push(&a, B->succ[0], both ? new_pnode(&a, path, B->line, B->col, wt, -1) : path, vt);
      if (vf) push(&a, B->succ[1], both ? new_pnode(&a, path, B->line, B->col, wf, -1) : path, vf);
      break;
    }
    case FT_RETURN:
    case FT_END:
      a.reached_exit = 1;
      at_exit_leaks(&a, B, v, path, B->term == FT_RETURN ? B->ret_var : -1);
      free(v);
      break;
    default:
      free(v);
    }
  }
  while (a.nstack) free(a.stack[--a.nstack].v);
  if (sum && !a.gave_up && !a.err && !a.reached_exit) sum->noreturn = 1;
  /* released on every return: a release for callers; on some: taken over */
  if (sum) {
    for (int p = 0; p < 16; p++) {
      if (sum->rel_some[p]) sum->arg_role[p] = sum->rel_not[p] ? FR_ESCAPE : FR_RELEASE;
      if (sum->out_mixed[p]) sum->out_kind[p] = FK_NONE;
    }
    if (sum->ret_mixed) sum->ret_kind = FK_NONE;
    /* a new handle or one parameter as it came: callers own it where it
     * differs from that argument */
    if (sum->ret_argp && sum->ret_kind != FK_NONE && !(sum->ret_argp & (sum->ret_argp - 1)))
      sum->ret_or_arg = __builtin_ctz((unsigned)sum->ret_argp) + 1;
    else if (sum->ret_argp)
      sum->ret_kind = FK_NONE;
    sum->ret_okonly = sum->ret_kind == FK_CONN && !sum->ret_notok;
  }
  if (a.gave_up && out && getenv("PQL_FLOW_WHY")) {
    fprintf(stderr, "%s: pops %d; tracked:", f->name, pops);
    for (int i = 0; i < f->nvars; i++)
      if (a.rel[i]) fprintf(stderr, " %s(%d%s)", f->vars[i].name, a.rel[i], a.loopvar[i] ? ",loop" : "");
    fprintf(stderr, "\n");
  }
  if (a.gave_up && out)
    pql_warnf("%s: %s(): path analysis stopped after too many paths; findings there may be incomplete",
              u->path, f->name ? f->name : "?");
  int rc = a.err ? a.err : a.gave_up;
  cleanup(&a);
  return rc;
}

/* cache_format.c - one field list per struct, run forwards to write a cache entry and backwards to read it (a new field is one line here and a CACHE_FORMAT_VERSION bump). */
#include "run/cache_format.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/flow_ir.h"

/* Writer or reader; the field lists below do not know which. */
typedef struct io {
  int reading;
  uint8_t** buf; /* writing */
  size_t *len, *cap;
  const uint8_t* p; /* reading */
  size_t left;
  int err; /* 0, -1 (bad bytes) or PQL_ENOMEM; once set, every io_* is a no-op */
} io;

static void io_raw(io* x, void* v, size_t n) {
  if (x->err) return;
  if (x->reading) {
    if (n > x->left) {
      x->err = -1;
      return;
    }
    memcpy(v, x->p, n);
    x->p += n;
    x->left -= n;
    return;
  }
  if (*x->len + n > *x->cap) {
    size_t nc = *x->cap ? *x->cap * 2 : 4096;
    while (nc < *x->len + n) nc *= 2;
    uint8_t* nb = realloc(*x->buf, nc);
    if (!nb) {
      x->err = PQL_ENOMEM;
      return;
    }
    *x->buf = nb;
    *x->cap = nc;
  }
  memcpy(*x->buf + *x->len, v, n);
  *x->len += n;
}

/* Integers as 8 little-endian bytes. */
static void io_i64(io* x, long long* v) {
  uint8_t b[8];
  if (!x->reading) {
    unsigned long long u = (unsigned long long)*v;
    for (int i = 0; i < 8; i++) b[i] = (uint8_t)(u >> (8 * i));
  }
  io_raw(x, b, 8);
  if (x->reading && !x->err) {
    unsigned long long u = 0;
    for (int i = 0; i < 8; i++) u |= (unsigned long long)b[i] << (8 * i);
    *v = (long long)u;
  }
}

static void io_int(io* x, int* v) {
  long long t = *v;
  io_i64(x, &t);
  if (x->reading && !x->err) {
    if (t < INT_MIN || t > INT_MAX) x->err = -1;
    else *v = (int)t;
  }
}

static void io_uns(io* x, unsigned* v) {
  long long t = *v;
  io_i64(x, &t);
  if (x->reading && !x->err) {
    if (t < 0 || t > UINT_MAX) x->err = -1;
    else *v = (unsigned)t;
  }
}

/* A string or NULL. */
static void io_str(io* x, char** s) {
  long long n = x->reading ? 0 : *s ? (long long)strlen(*s) : -1;
  io_i64(x, &n);
  if (x->err || n < 0) return;
  if (!x->reading) {
    io_raw(x, *s, (size_t)n);
    return;
  }
  if ((unsigned long long)n > x->left) {
    x->err = -1;
    return;
  }
  char* r = malloc((size_t)n + 1);
  if (!r) {
    x->err = PQL_ENOMEM;
    return;
  }
  io_raw(x, r, (size_t)n);
  r[n] = 0;
  if (x->err || memchr(r, 0, (size_t)n)) {
    free(r);
    if (!x->err) x->err = -1;
    return;
  }
  *s = r;
}

/* An array of *n elements of size sz: the count, and when reading a zeroed
 * allocation (*arr and *n set only once it exists, so a half-read struct
 * frees cleanly). Returns 1 if the elements are to be visited. */
static int io_array(io* x, void** arr, int* n, size_t sz) {
  int k = *n;
  io_int(x, &k);
  if (x->err) return 0;
  if (!x->reading) return k > 0;
  if (k < 0 || (size_t)k > x->left / 8 + 1) { /* every element is at least 8 bytes */
    x->err = -1;
    return 0;
  }
  if (k == 0) return 0;
  void* a = calloc((size_t)k, sz);
  if (!a) {
    x->err = PQL_ENOMEM;
    return 0;
  }
  *arr = a;
  *n = k;
  return 1;
}

/* ---- the field lists: add a field here (both directions) and bump the version ---- */

static void io_arg(io* x, flow_arg* a) {
  io_int(x, &a->var);
  io_int(x, &a->addr);
  io_int(x, &a->member);
  io_int(x, &a->voidp);
  io_int(x, &a->inner);
  io_int(x, &a->subobj);
  io_int(x, &a->fvar1);
  io_int(x, &a->fmtarg);
  io_int(x, &a->isconst);
  io_i64(x, &a->cval);
  io_str(x, &a->mpath);
}

static void io_ev(io* x, flow_ev* e) {
  int kind = (int)e->kind;
  io_int(x, &kind);
  e->kind = (flow_ev_kind)kind;
  io_uns(x, &e->line);
  io_uns(x, &e->col);
  io_uns(x, &e->eline);
  io_uns(x, &e->ecol);
  io_int(x, &e->var);
  io_int(x, &e->var2);
  io_i64(x, &e->val);
  io_int(x, &e->dest);
  io_str(x, &e->callee);
  io_str(x, &e->macro);
  io_int(x, &e->decl_noreturn);
  io_int(x, &e->ret_type);
  io_int(x, &e->ret_plain);
  if (io_array(x, (void**)&e->args, &e->nargs, sizeof *e->args))
    for (int i = 0; i < e->nargs; i++) io_arg(x, &e->args[i]);
  if (io_array(x, (void**)&e->vars, &e->nvars, sizeof *e->vars))
    for (int i = 0; i < e->nvars; i++) io_int(x, &e->vars[i]);
  io_int(x, &e->loop);
}

static void io_cond(io* x, flow_cond* c) {
  io_int(x, &c->kind);
  io_int(x, &c->var);
  io_int(x, &c->evi);
  io_int(x, &c->op);
  io_i64(x, &c->val);
  io_int(x, &c->var2);
}

static void io_block(io* x, flow_block* b) {
  if (io_array(x, (void**)&b->ev, &b->nev, sizeof *b->ev))
    for (int i = 0; i < b->nev; i++) io_ev(x, &b->ev[i]);
  b->cap = b->nev;
  io_int(x, &b->term);
  if (io_array(x, (void**)&b->succ, &b->nsucc, sizeof *b->succ))
    for (int i = 0; i < b->nsucc; i++) io_int(x, &b->succ[i]);
  io_cond(x, &b->cond);
  io_int(x, &b->ret_var);
  io_int(x, &b->ret_other);
  io_int(x, &b->ret_const);
  io_i64(x, &b->ret_val);
  io_uns(x, &b->line);
  io_uns(x, &b->col);
  io_int(x, &b->loopcond);
  io_int(x, &b->negated);
  io_int(x, &b->for_loop);
  io_int(x, &b->jump);
}

static void io_var(io* x, flow_var* v) {
  io_str(x, &v->name);
  io_uns(x, &v->line);
  io_int(x, &v->param);
  io_int(x, &v->ptr);
  io_int(x, &v->ptrptr);
  io_int(x, &v->htype);
  io_int(x, &v->field_of);
  io_int(x, &v->global);
  io_int(x, &v->cleanup);
  io_str(x, &v->cleanup_fn);
  io_int(x, &v->raii);
  io_str(x, &v->owner);
  io_str(x, &v->owner_field);
  io_int(x, &v->owner_local);
}

/* flow_fn.unmodelled is a static string of the lowering: written as its
 * index here, read back as the same string (one the table lacks makes the
 * write fail: the unit is then not cached, or not spilled). */
static const char* const unmodelled_why[] = {
    "template (its instantiations are not analysed)",
    "smart pointer to a handle with a deleter that is not PQclear/PQfinish",
    "try/catch in a function with a raw handle local (exceptional paths approximated)",
};
#define NUNMODELLED ((int)(sizeof unmodelled_why / sizeof *unmodelled_why))

static void io_unmodelled(io* x, const char** why) {
  int k = -1;
  if (!x->reading && *why) {
    for (int i = 0; i < NUNMODELLED && k < 0; i++)
      if (!strcmp(*why, unmodelled_why[i])) k = i;
    if (k < 0 && !x->err) x->err = PQL_EINVAL;
  }
  io_int(x, &k);
  if (!x->reading || x->err) return;
  if (k < -1 || k >= NUNMODELLED) x->err = -1;
  else *why = k < 0 ? NULL : unmodelled_why[k];
}

static void io_fn(io* x, flow_fn* f) {
  io_str(x, &f->name);
  io_int(x, &f->is_static);
  io_uns(x, &f->line);
  if (io_array(x, (void**)&f->vars, &f->nvars, sizeof *f->vars))
    for (int i = 0; i < f->nvars; i++) io_var(x, &f->vars[i]);
  if (io_array(x, (void**)&f->b, &f->nb, sizeof *f->b))
    for (int i = 0; i < f->nb; i++) io_block(x, &f->b[i]);
  io_int(x, &f->nparams);
  io_int(x, &f->broken);
  io_int(x, &f->in_header);
  if (io_array(x, (void**)&f->loop_parent, &f->nloops, sizeof *f->loop_parent))
    for (int i = 0; i < f->nloops; i++) io_int(x, &f->loop_parent[i]);
  if (io_array(x, (void**)&f->fuses, &f->nfuses, sizeof *f->fuses))
    for (int i = 0; i < f->nfuses; i++) io_str(x, &f->fuses[i]);
  io_unmodelled(x, &f->unmodelled);
  io_uns(x, &f->unmodelled_line);
}

static void io_unit(io* x, flow_unit* u) {
  io_str(x, &u->path);
  if (io_array(x, (void**)&u->fns, &u->nfns, sizeof *u->fns))
    for (int i = 0; i < u->nfns; i++) io_fn(x, &u->fns[i]);
}

static void io_loc(io* x, finding_loc* l) {
  io_str(x, &l->file);
  io_uns(x, &l->line);
  io_uns(x, &l->col);
  io_uns(x, &l->end_line);
  io_uns(x, &l->end_col);
  io_str(x, &l->msg);
}

/* A finding; its rule id is written as a string and read back as the
 * catalogue's own pointer (m). */
static void io_finding(io* x, finding* f, const model_set* m) {
  char* rule = x->reading ? NULL : (char*)f->rule;
  io_str(x, &rule);
  if (x->reading) {
    const model_rule* r = rule && !x->err ? model_rule_find(m, rule) : NULL;
    if (!r && !x->err) x->err = -1; /* a rule this run does not know: not this run's entry */
    f->rule = r ? r->id : NULL;
    free(rule);
  }
  int level = (int)f->level;
  io_int(x, &level);
  f->level = (finding_level)level;
  io_loc(x, &f->loc);
  io_str(x, &f->message);
  io_str(x, &f->function);
  int n = (int)f->nsteps;
  if (io_array(x, (void**)&f->steps, &n, sizeof *f->steps)) {
    f->nsteps = (size_t)n;
    for (int i = 0; i < n; i++) io_loc(x, &f->steps[i]);
  }
  n = (int)f->nrelated;
  if (io_array(x, (void**)&f->related, &n, sizeof *f->related)) {
    f->nrelated = (size_t)n;
    for (int i = 0; i < n; i++) io_loc(x, &f->related[i]);
  }
}

/* The entry: parse facts, findings, then the unit (flag 0/1). */
static void io_entry(io* x, cache_entry* e, const model_set* m) {
  io_int(x, &e->parse_errors);
  io_str(x, &e->first_error);
  int nf = (int)e->findings.n;
  io_int(x, &nf);
  if (x->reading && !x->err && (nf < 0 || (size_t)nf > x->left / 8)) x->err = -1;
  for (int i = 0; i < nf && !x->err; i++) {
    if (!x->reading) {
      io_finding(x, &e->findings.v[i], m);
      continue;
    }
    finding f;
    memset(&f, 0, sizeof f);
    io_finding(x, &f, m);
    if (x->err) {
      finding_free(&f);
    } else if (finding_list_push(&e->findings, &f)) {
      x->err = PQL_ENOMEM;
    }
  }
  int have = e->unit != NULL;
  io_int(x, &have);
  if (x->err || !have) return;
  if (x->reading) {
    e->unit = calloc(1, sizeof *e->unit);
    if (!e->unit) {
      x->err = PQL_ENOMEM;
      return;
    }
  }
  io_unit(x, e->unit);
}

int cache_format_write(const cache_entry* e, uint8_t** buf, size_t* len, size_t* cap) {
  io x = {.reading = 0, .buf = buf, .len = len, .cap = cap};
  io_entry(&x, (cache_entry*)e, NULL);
  return x.err == PQL_EINVAL ? PQL_EINVAL : x.err ? PQL_ENOMEM : 0;
}

int cache_format_read(const uint8_t* p, size_t len, const model_set* m, cache_entry* e) {
  memset(e, 0, sizeof *e);
  finding_list_init(&e->findings);
  io x = {.reading = 1, .p = p, .left = len};
  io_entry(&x, e, m);
  if (!x.err && x.left) x.err = -1; /* trailing bytes: not what was written */
  if (x.err) {
    cache_entry_free(e);
    return x.err == PQL_ENOMEM ? PQL_ENOMEM : -1;
  }
  return 0;
}

void cache_entry_free(cache_entry* e) {
  free(e->first_error);
  finding_list_free(&e->findings);
  flow_unit_free(e->unit);
  memset(e, 0, sizeof *e);
}

/* spill.c - the spill store: lowered units past a memory budget are written (in the pass-1 cache's format) to one unlinked temporary file and read back one at a time for the summaries and pass 2. */
#include "run/spill.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/error.h"
#include "base/tmpfiles.h"
#include "ir/flow_ir.h"
#include "run/cache_format.h"

enum { SP_MEM = 0, SP_OUT, SP_IN }; /* full in memory (never written) / on disk, skeleton in the unit / back in memory */

typedef struct sp_rec {
  int state;
  size_t bytes;      /* estimate of the full IR */
  off_t off;         /* SP_OUT, SP_IN: where its bytes are */
  size_t len;
  flow_fn* skel;     /* SP_IN: the skeleton (one allocation: sp_skeleton), put back by spill_done */
  int nskel;
  flow_unit* u;      /* SP_OUT, SP_IN: the unit (spill_free takes its skeleton back out) */
} sp_rec;

struct spill {
  size_t budget;     /* 0: no limit */
  sp_rec* rec;
  size_t n;
  pthread_mutex_t mu;
  size_t mem, peak;  /* estimated bytes of full IR in memory */
  int fd;            /* -1 until the first spill; -2 after a failure to create it */
  off_t end;
  int warned;
  size_t written, loads;
  char name[4096];   /* for messages: the temporary's name (unlinked at once) */
};

/* n bytes allocated, with 16 bytes of malloc overhead. */
static size_t SP_ALLOC(size_t n) { return n ? n + 16 : 0; }

size_t spill_unit_bytes(const flow_unit* u) {
  size_t b = SP_ALLOC((size_t)u->nfns * sizeof *u->fns);
  for (int i = 0; i < u->nfns; i++) {
    const flow_fn* f = &u->fns[i];
    b += f->name ? SP_ALLOC(strlen(f->name) + 1) : 0;
    b += SP_ALLOC((size_t)f->nvars * sizeof *f->vars) + SP_ALLOC((size_t)f->nb * sizeof *f->b) +
         SP_ALLOC((size_t)f->nloops * sizeof(int));
    for (int v = 0; v < f->nvars; v++) {
      b += f->vars[v].name ? SP_ALLOC(strlen(f->vars[v].name) + 1) : 0;
      b += f->vars[v].cleanup_fn ? SP_ALLOC(strlen(f->vars[v].cleanup_fn) + 1) : 0;
    }
    for (int k = 0; k < f->nb; k++) {
      const flow_block* B = &f->b[k];
      b += SP_ALLOC((size_t)B->cap * sizeof *B->ev) + SP_ALLOC((size_t)B->nsucc * sizeof(int));
      for (int e = 0; e < B->nev; e++) {
        const flow_ev* ev = &B->ev[e];
        b += ev->callee ? SP_ALLOC(strlen(ev->callee) + 1) : 0;
        b += SP_ALLOC((size_t)ev->nargs * sizeof *ev->args) + SP_ALLOC((size_t)ev->nvars * sizeof(int));
      }
    }
  }
  return b;
}

spill* spill_new(size_t n, size_t budget) {
  spill* sp = calloc(1, sizeof *sp);
  if (!sp) return NULL;
  sp->rec = calloc(n ? n : 1, sizeof *sp->rec);
  if (!sp->rec) {
    free(sp);
    return NULL;
  }
  sp->budget = budget;
  sp->n = n;
  sp->fd = -1;
  pthread_mutex_init(&sp->mu, NULL);
  return sp;
}

/* Frees an array of functions (through flow_unit_free, which owns the IR's layout). */
static void fns_free(flow_fn* fns, int n) {
  flow_unit* t = calloc(1, sizeof *t);
  if (!t) return; /* leaks the IR rather than guess its layout */
  t->fns = fns;
  t->nfns = n;
  flow_unit_free(t);
}

void spill_free(spill* sp) {
  if (!sp) return;
  for (size_t i = 0; i < sp->n; i++) {
    sp_rec* r = &sp->rec[i];
    if (r->state == SP_IN) {
      free(r->skel);
    } else if (r->state == SP_OUT && r->u) { /* the unit holds the skeleton: not flow_unit_free's */
      free(r->u->fns);
      r->u->fns = NULL;
      r->u->nfns = 0;
    }
  }
  if (sp->fd >= 0) close(sp->fd);
  pthread_mutex_destroy(&sp->mu);
  free(sp->rec);
  free(sp);
}

/* Opens the spill file (under the lock): created under $TMPDIR (else /tmp)
 * with the signals blocked until it is registered, then unlinked at once,
 * so it never outlives the process. 0 or -1. */
static int sp_open(spill* sp) {
  if (sp->fd >= 0) return 0;
  if (sp->fd == -2) return -1;
  const char* dir = getenv("TMPDIR");
  if (!dir || !*dir) dir = "/tmp";
  char path[4096];
  snprintf(path, sizeof path, "%s/pqlint-spill.XXXXXX", dir);
  int fd = tmpfiles_create(path);
  if (fd < 0) {
    pql_warnf("%s: cannot create the spill file (%s); the lowered files stay in memory", path, strerror(errno));
    sp->fd = -2;
    return -1;
  }
  unlink(path);
  tmpfiles_forget(path);
  snprintf(sp->name, sizeof sp->name, "%s", path);
  sp->fd = fd;
  return 0;
}

/* ---- skeletons ---------------------------------------------------------
 * A spilled unit's functions are replaced by what the file selection
 * (select_after_lowering: names, handle-typed variables, callees and their
 * return types) and the summaries (slots: name, static, header, nparams;
 * the dependency scan: callee names) read, in one allocation per unit:
 * the flow_fn array, one block per distinct list of distinct callees (the
 * functions that call the same names share it), their call events, one
 * handle-typed variable shared by all, and the strings, each once. */

/* Strings of one skeleton, each once: open addressing over offsets into chars. */
typedef struct sk_strs {
  char* chars;
  size_t len, cap;
  size_t* tab; /* 1 + offset, or 0 */
  size_t tcap, n;
} sk_strs;

static size_t sk_hash(const char* s) {
  size_t h = 1469598103934665603u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

/* The offset of s in st (added when missing), or (size_t)-1 on ENOMEM. */
static size_t sk_str(sk_strs* st, const char* s) {
  if (2 * (st->n + 1) > st->tcap) {
    size_t nc = st->tcap ? st->tcap * 2 : 256;
    size_t* nt = calloc(nc, sizeof *nt);
    if (!nt) return (size_t)-1;
    for (size_t i = 0; i < st->tcap; i++) {
      if (!st->tab[i]) continue;
      size_t j = sk_hash(st->chars + st->tab[i] - 1) & (nc - 1);
      while (nt[j]) j = (j + 1) & (nc - 1);
      nt[j] = st->tab[i];
    }
    free(st->tab);
    st->tab = nt;
    st->tcap = nc;
  }
  size_t j = sk_hash(s) & (st->tcap - 1);
  for (; st->tab[j]; j = (j + 1) & (st->tcap - 1))
    if (!strcmp(st->chars + st->tab[j] - 1, s)) return st->tab[j] - 1;
  size_t n = strlen(s) + 1;
  if (st->len + n > st->cap) {
    size_t nc = (st->len + n) * 2;
    char* nv = realloc(st->chars, nc);
    if (!nv) return (size_t)-1;
    st->chars = nv;
    st->cap = nc;
  }
  memcpy(st->chars + st->len, s, n);
  st->tab[j] = st->len + 1;
  st->n++;
  st->len += n;
  return st->len - n;
}

/* One callee of a skeleton: the offset of its name ((size_t)-1: indirect) and its return type. */
typedef struct sk_call {
  size_t name;
  int ret_type;
} sk_call;

/* The distinct callees of f into *out (malloc'd, *n of them; a callee's
 * return type is the first one seen that is not FK_NONE). 0 or -1 (ENOMEM). */
static int sk_calls(sk_strs* st, const flow_fn* f, sk_call** out, int* n) {
  int ncalls = 0;
  for (int k = 0; k < f->nb; k++)
    for (int e = 0; e < f->b[k].nev; e++) ncalls += f->b[k].ev[e].kind == FE_CALL;
  *out = NULL;
  *n = 0;
  if (!ncalls) return 0;
  sk_call* c = malloc((size_t)ncalls * sizeof *c);
  if (!c) return -1;
  int m = 0;
  for (int k = 0; k < f->nb; k++)
    for (int e = 0; e < f->b[k].nev; e++) {
      const flow_ev* ev = &f->b[k].ev[e];
      if (ev->kind != FE_CALL) continue;
      if (!ev->callee && ev->ret_type == FK_NONE) continue; /* indirect: only its return type matters */
      size_t name = ev->callee ? sk_str(st, ev->callee) : (size_t)-1;
      if (ev->callee && name == (size_t)-1) {
        free(c);
        return -1;
      }
      int x = 0; /* a function calls few distinct names */
      while (x < m && c[x].name != name) x++;
      if (x == m) c[m++] = (sk_call){name, ev->ret_type};
      else if (c[x].ret_type == FK_NONE) c[x].ret_type = ev->ret_type;
    }
  *out = c;
  *n = m;
  return 0;
}

/* The skeleton of u's functions, in one allocation (free() it; the
 * flow_fn array is at its start). NULL on ENOMEM. */
static flow_fn* sp_skeleton(const flow_unit* u) {
  sk_strs st = {0};
  int nf = u->nfns;
  sk_call** calls = calloc(nf ? (size_t)nf : 1, sizeof *calls);
  int* ncalls = calloc(nf ? (size_t)nf : 1, sizeof *ncalls);
  int* blk = malloc((nf ? (size_t)nf : 1) * sizeof *blk);    /* per function: its block */
  size_t* names = malloc((nf ? (size_t)nf : 1) * sizeof *names);
  size_t* bh = NULL; /* blocks by the hash of their call list: 1 + function index that made it */
  size_t bcap = 1;
  while (bcap < 2 * (size_t)(nf ? nf : 1)) bcap *= 2;
  bh = calloc(bcap, sizeof *bh);
  flow_fn* sk = NULL;
  int ok = calls && ncalls && blk && names && bh;
  int nblocks = 0;
  size_t nev = 0;
  for (int i = 0; i < nf && ok; i++) {
    const flow_fn* f = &u->fns[i];
    names[i] = f->name ? sk_str(&st, f->name) : (size_t)-1;
    if (f->name && names[i] == (size_t)-1) ok = 0;
    if (!ok || sk_calls(&st, f, &calls[i], &ncalls[i])) {
      ok = 0;
      break;
    }
    size_t h = 14695981039346656037u ^ (size_t)ncalls[i];
    for (int c = 0; c < ncalls[i]; c++) h = (h ^ calls[i][c].name ^ ((size_t)calls[i][c].ret_type << 48)) * 1099511628211u;
    size_t j = h & (bcap - 1);
    blk[i] = -1;
    for (; bh[j]; j = (j + 1) & (bcap - 1)) {
      int o = (int)bh[j] - 1;
      int same = ncalls[o] == ncalls[i];
      for (int c = 0; same && c < ncalls[i]; c++)
        same = calls[o][c].name == calls[i][c].name && calls[o][c].ret_type == calls[i][c].ret_type;
      if (same) {
        blk[i] = blk[o];
        break;
      }
    }
    if (blk[i] < 0) {
      bh[j] = (size_t)i + 1;
      blk[i] = nblocks++;
      nev += (size_t)ncalls[i];
    }
  }
  if (ok) {
    size_t need = (size_t)nf * sizeof(flow_fn) + (size_t)nblocks * sizeof(flow_block) +
                  nev * sizeof(flow_ev) + sizeof(flow_var) + st.len;
    sk = calloc(1, need ? need : 1);
    ok = sk != NULL;
  }
  if (ok) {
    flow_block* bl = (flow_block*)(sk + nf);
    flow_ev* evs = (flow_ev*)(bl + nblocks);
    flow_var* hv = (flow_var*)(evs + nev);
    char* chars = (char*)(hv + 1);
    if (st.len) memcpy(chars, st.chars, st.len);
    hv->htype = 1;
    hv->param = -1;
    hv->field_of = -1;
    int made = 0;
    for (int i = 0; i < nf; i++) {
      const flow_fn* f = &u->fns[i];
      flow_fn* s = &sk[i];
      s->is_static = f->is_static;
      s->line = f->line;
      s->nparams = f->nparams;
      s->broken = f->broken;
      s->in_header = f->in_header;
      s->unmodelled = f->unmodelled;
      s->unmodelled_line = f->unmodelled_line;
      s->name = names[i] == (size_t)-1 ? NULL : chars + names[i];
      int hv_here = 0;
      for (int v = 0; v < f->nvars && !hv_here; v++) hv_here = f->vars[v].htype != 0;
      if (hv_here) {
        s->vars = hv;
        s->nvars = 1;
      }
      s->b = &bl[blk[i]];
      s->nb = 1;
      if (blk[i] == made) { /* the first function with this call list fills its block */
        flow_block* B = &bl[made++];
        B->term = FT_END;
        B->ret_var = -1;
        B->ev = ncalls[i] ? evs : NULL;
        B->nev = B->cap = ncalls[i];
        for (int c = 0; c < ncalls[i]; c++) {
          flow_ev* d = evs++;
          d->kind = FE_CALL;
          d->var = d->var2 = -1;
          d->loop = -1;
          d->ret_type = calls[i][c].ret_type;
          d->callee = calls[i][c].name == (size_t)-1 ? NULL : chars + calls[i][c].name;
        }
      }
    }
  }
  for (int i = 0; calls && i < nf; i++) free(calls[i]);
  free(calls);
  free(ncalls);
  free(blk);
  free(names);
  free(bh);
  free(st.chars);
  free(st.tab);
  if (!ok) {
    free(sk);
    return NULL;
  }
  return sk;
}

/* Writes len bytes at off. 0 or -1 (errno). */
static int sp_pwrite(int fd, const uint8_t* p, size_t len, off_t off) {
  while (len) {
    ssize_t w = pwrite(fd, p, len, off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    p += w, len -= (size_t)w, off += w;
  }
  return 0;
}

void spill_admit(spill* sp, size_t i, flow_unit* u) {
  if (!sp || !u || i >= sp->n) return;
  sp_rec* r = &sp->rec[i];
  size_t b = spill_unit_bytes(u);
  pthread_mutex_lock(&sp->mu);
  r->bytes = b;
  int keep = sp->mem + b <= sp->budget || sp->fd == -2;
  if (keep) {
    sp->mem += b;
    if (sp->mem > sp->peak) sp->peak = sp->mem;
    r->state = SP_MEM;
    pthread_mutex_unlock(&sp->mu);
    return;
  }
  pthread_mutex_unlock(&sp->mu);
  cache_entry e;
  memset(&e, 0, sizeof e);
  e.unit = u;
  uint8_t* buf = NULL;
  size_t len = 0, cap = 0;
  int rc = cache_format_write(&e, &buf, &len, &cap);
  flow_fn* sk = rc == 0 ? sp_skeleton(u) : NULL;
  pthread_mutex_lock(&sp->mu);
  off_t off = 0;
  if (sk && sp_open(sp) == 0) {
    off = sp->end;
    sp->end += (off_t)len;
  } else {
    rc = -1;
  }
  int fd = sp->fd;
  pthread_mutex_unlock(&sp->mu);
  if (rc == 0 && sp_pwrite(fd, buf, len, off) != 0) {
    pthread_mutex_lock(&sp->mu);
    if (!sp->warned++)
      pql_warnf("%s: cannot write the spill file (%s); lowered files stay in memory", sp->name, strerror(errno));
    pthread_mutex_unlock(&sp->mu);
    rc = -1;
  }
  free(buf);
  if (rc != 0) { /* kept in memory, over the budget */
    free(sk);
    pthread_mutex_lock(&sp->mu);
    sp->mem += b;
    if (sp->mem > sp->peak) sp->peak = sp->mem;
    r->state = SP_MEM;
    pthread_mutex_unlock(&sp->mu);
    return;
  }
  fns_free(u->fns, u->nfns);
  u->fns = sk;
  pthread_mutex_lock(&sp->mu);
  r->state = SP_OUT;
  r->u = u;
  r->off = off;
  r->len = len;
  sp->written++;
  pthread_mutex_unlock(&sp->mu);
}

int spill_load(spill* sp, size_t i, flow_unit* u) {
  if (!sp || !u || i >= sp->n || sp->rec[i].state != SP_OUT) return 0;
  sp_rec* r = &sp->rec[i];
  uint8_t* buf = malloc(r->len ? r->len : 1);
  if (!buf) return PQL_ENOMEM;
  size_t got = 0;
  while (got < r->len) {
    ssize_t n = pread(sp->fd, buf + got, r->len - got, r->off + (off_t)got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      pql_errorf("%s: cannot read the spill file back (%s)", sp->name, n < 0 ? strerror(errno) : "short read");
      free(buf);
      return PQL_EIO;
    }
    got += (size_t)n;
  }
  cache_entry e;
  int rc = cache_format_read(buf, r->len, NULL, &e);
  free(buf);
  if (rc == PQL_ENOMEM) return rc;
  if (rc || !e.unit || e.unit->nfns != u->nfns) {
    if (rc == 0) cache_entry_free(&e);
    pql_errorf("%s: the spill file holds other bytes than were written", sp->name);
    return PQL_EIO;
  }
  r->skel = u->fns;
  r->nskel = u->nfns;
  u->fns = e.unit->fns;
  e.unit->fns = NULL;
  e.unit->nfns = 0;
  cache_entry_free(&e);
  pthread_mutex_lock(&sp->mu);
  r->state = SP_IN;
  sp->loads++;
  sp->mem += r->bytes;
  if (sp->mem > sp->peak) sp->peak = sp->mem;
  pthread_mutex_unlock(&sp->mu);
  return 0;
}

void spill_done(spill* sp, size_t i, flow_unit* u) {
  if (!sp || !u || i >= sp->n || sp->rec[i].state != SP_IN) return;
  sp_rec* r = &sp->rec[i];
  pthread_mutex_lock(&sp->mu);
  int evict = sp->mem > sp->budget;
  if (evict) sp->mem -= r->bytes;
  pthread_mutex_unlock(&sp->mu);
  if (!evict) return;
  fns_free(u->fns, u->nfns);
  u->fns = r->skel;
  u->nfns = r->nskel;
  r->skel = NULL;
  r->state = SP_OUT;
}

void spill_stats(const spill* sp, size_t* written, size_t* loads, size_t* file_bytes, size_t* peak) {
  *written = sp ? sp->written : 0;
  *loads = sp ? sp->loads : 0;
  *file_bytes = sp ? (size_t)sp->end : 0;
  *peak = sp ? sp->peak : 0;
}

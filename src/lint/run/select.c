/* select.c - decides which files are parsed: own-text model names, names learned from headers' macros and from summaries, and the definers of what handle-holding code calls. */
#include "run/select.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/readfile.h"
#include "base/srclang.h"
#include "ir/flow_ir.h"
#include "parse/scan.h"

/* ---- a string map (open addressing, owned keys) --------------------------- */

typedef struct smap {
  char** keys;
  void** vals;
  size_t cap, n;
} smap;

static uint64_t hash_str(const char* s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

static void smap_free(smap* m, void (*free_val)(void*)) {
  for (size_t i = 0; i < m->cap; i++)
    if (m->keys[i]) {
      free(m->keys[i]);
      if (free_val) free_val(m->vals[i]);
    }
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof *m);
}

/* The slot of key (its value pointer), or NULL when absent. */
static void** smap_get(const smap* m, const char* key) {
  if (!m->cap) return NULL;
  for (size_t i = hash_str(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
    if (!m->keys[i]) return NULL;
    if (!strcmp(m->keys[i], key)) return &m->vals[i];
  }
}

/* The slot of key, added (value NULL) if absent; *added 1 then. NULL on ENOMEM. */
static void** smap_put(smap* m, const char* key, int* added) {
  if (added) *added = 0;
  if ((m->n + 1) * 2 > m->cap) {
    size_t nc = m->cap ? m->cap * 2 : 256;
    char** nk = calloc(nc, sizeof *nk);
    void** nv = calloc(nc, sizeof *nv);
    if (!nk || !nv) {
      free(nk);
      free(nv);
      return NULL;
    }
    for (size_t i = 0; i < m->cap; i++) {
      if (!m->keys[i]) continue;
      size_t j = hash_str(m->keys[i]) & (nc - 1);
      while (nk[j]) j = (j + 1) & (nc - 1);
      nk[j] = m->keys[i];
      nv[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = nk;
    m->vals = nv;
    m->cap = nc;
  }
  size_t i = hash_str(key) & (m->cap - 1);
  for (; m->keys[i]; i = (i + 1) & (m->cap - 1))
    if (!strcmp(m->keys[i], key)) return &m->vals[i];
  m->keys[i] = strdup(key);
  if (!m->keys[i]) return NULL;
  m->vals[i] = NULL;
  m->n++;
  if (added) *added = 1;
  return &m->vals[i];
}

/* ---- the selector ------------------------------------------------------------ */

typedef struct sel_file {
  scan_result sr;
  int scanned;
  int model;     /* own text names a model name, or a string literal holds a secret word */
  int why;       /* SEL_* once chosen */
  char* fn_done; /* per function of its unit: callees already needed */
} sel_file;

/* A header (walked or reached by a quoted include) and its definitions. */
typedef struct sel_header {
  scan_result sr;    /* owned unless walked */
  int walked;
  int* def_state;    /* per def: 0 unknown, 1 names a model name, 2 learned already */
} sel_header;

/* Files (indexes) defining a non-static function of one name. */
typedef struct idx_list {
  size_t* v;
  size_t n;
} idx_list;

struct selector {
  const source_list* src;
  const prefilter* pf;
  const char* const* flags;
  size_t nflags;
  sel_file* f;
  smap learned;      /* names: header macros/inline functions, summaries */
  smap definers;     /* name -> idx_list* */
  smap headers;      /* path -> sel_header* */
  smap needed;       /* names whose summaries the run needs */
  char** newly;      /* names learned since the last batch */
  size_t nnewly, capnewly;
};

static void free_idx(void* p) {
  idx_list* l = p;
  if (l) free(l->v);
  free(l);
}

static void free_header(void* p) {
  sel_header* h = p;
  if (!h) return;
  if (!h->walked) scan_free(&h->sr);
  free(h->def_state);
  free(h);
}

int select_new(const source_list* src, const prefilter* pf, const char* const* flags, size_t nflags,
               selector** out) {
  selector* s = calloc(1, sizeof *s);
  if (!s) return PQL_ENOMEM;
  s->f = calloc(src->n ? src->n : 1, sizeof *s->f);
  if (!s->f) {
    free(s);
    return PQL_ENOMEM;
  }
  s->src = src;
  s->pf = pf;
  s->flags = flags;
  s->nflags = nflags;
  *out = s;
  return 0;
}

void select_free(selector* s) {
  if (!s) return;
  for (size_t i = 0; i < s->src->n; i++) {
    scan_free(&s->f[i].sr);
    free(s->f[i].fn_done);
  }
  free(s->f);
  smap_free(&s->learned, NULL);
  smap_free(&s->definers, free_idx);
  smap_free(&s->headers, free_header);
  smap_free(&s->needed, NULL);
  for (size_t i = 0; i < s->nnewly; i++) free(s->newly[i]);
  free(s->newly);
  free(s);
}

int select_scan(selector* s, size_t i, const char* buf, size_t len) {
  sel_file* f = &s->f[i];
  f->scanned = 1;
  if (scan_text(buf, len, srclang_is_header(s->src->v[i].path), &f->sr)) {
    f->model = 1; /* not scanned: parse it rather than miss it */
    return PQL_ENOMEM;
  }
  f->model = f->sr.secret_words;
  for (size_t k = 0; k < f->sr.nids && !f->model; k++)
    if (prefilter_match_name(s->pf, f->sr.ids[k], strlen(f->sr.ids[k]))) f->model = 1;
  return 0;
}

void select_mark(selector* s, size_t i, int why) {
  if (!s->f[i].why) s->f[i].why = why;
}

int select_reason(const selector* s, size_t i) {
  return s->f[i].why;
}

/* Adds name to the learned names; remembers it as new. 0 or PQL_ENOMEM. */
static int learn(selector* s, const char* name) {
  int added = 0;
  if (!smap_put(&s->learned, name, &added)) return PQL_ENOMEM;
  if (!added) return 0;
  if (s->nnewly == s->capnewly) {
    size_t nc = s->capnewly ? s->capnewly * 2 : 64;
    char** nv = realloc(s->newly, nc * sizeof *nv);
    if (!nv) return PQL_ENOMEM;
    s->newly = nv;
    s->capnewly = nc;
  }
  if (!(s->newly[s->nnewly] = strdup(name))) return PQL_ENOMEM;
  s->nnewly++;
  return 0;
}

int select_learn(selector* s, const char* name) {
  return learn(s, name);
}

static int is_learned(const selector* s, const char* name) {
  return smap_get(&s->learned, name) != NULL;
}

/* -I folders of file i's flags, then of the common flags (at most max). */
static size_t include_dirs(const selector* s, size_t i, const char** dirs, size_t max) {
  size_t n = 0;
  for (int pass = 0; pass < 2; pass++) {
    const char* const* v = pass ? s->flags : (const char* const*)s->src->v[i].args;
    size_t nv = pass ? s->nflags : s->src->v[i].nargs;
    for (size_t k = 0; k < nv && n < max; k++) {
      if (!strcmp(v[k], "-I") || !strcmp(v[k], "-iquote")) {
        if (k + 1 < nv) dirs[n++] = v[++k];
      } else if (!strncmp(v[k], "-I", 2)) {
        dirs[n++] = v[k] + 2;
      }
    }
  }
  return n;
}

/* Reads and scans the header at path once (memo); NULL when unreadable. */
static sel_header* header_at(selector* s, const char* path, int* oom) {
  void** slot = smap_get(&s->headers, path);
  if (slot) return *slot;
  size_t len = 0;
  char* buf = readfile(path, &len);
  slot = smap_put(&s->headers, path, NULL);
  if (!slot) {
    free(buf);
    *oom = 1;
    return NULL;
  }
  if (!buf || memchr(buf, 0, len)) {
    free(buf);
    return NULL; /* remembered as unreadable */
  }
  sel_header* h = calloc(1, sizeof *h);
  if (!h || scan_text(buf, len, 1, &h->sr)) {
    free(h);
    free(buf);
    *oom = 1;
    return NULL;
  }
  free(buf);
  *slot = h;
  return h;
}

/* Visits the quoted includes of a header or file (its folder dir, -I dirs),
 * recursively, each header once: headers are known by their real path, so
 * `#include "../x/y.h"` inside x/ (exim's pdkim/) does not recurse through
 * x/../x/../x/... until the stack overflows. Nested includes are still
 * looked up from the folder the header was found in as written. */
static int visit_includes(selector* s, const scan_result* sr, const char* dir, const char** dirs,
                          size_t ndirs) {
  int oom = 0;
  for (size_t k = 0; k < sr->nincludes && !oom; k++) {
    char path[8192], real[PATH_MAX];
    sel_header* h = NULL;
    int seen = 0;
    for (size_t d = 0; d <= ndirs && !h; d++) {
      if (d == 0) snprintf(path, sizeof path, "%s%s", dir, sr->includes[k]);
      else snprintf(path, sizeof path, "%s/%s", dirs[d - 1], sr->includes[k]);
      const char* id = realpath(path, real) ? real : path;
      seen = smap_get(&s->headers, id) != NULL;
      h = header_at(s, id, &oom);
      if (h && seen) break;
    }
    if (!h || seen) continue;
    const char* slash = strrchr(path, '/');
    char sub[4096];
    snprintf(sub, sizeof sub, "%.*s", slash ? (int)(slash - path + 1) : 0, path);
    if (visit_includes(s, &h->sr, sub, dirs, ndirs)) oom = 1;
  }
  return oom ? PQL_ENOMEM : 0;
}

/* Learns every header definition (macro, inline function) whose body names
 * a model name or a learned name, until nothing changes. */
static int learn_from_headers(selector* s) {
  int changed = 1;
  while (changed) {
    changed = 0;
    for (size_t i = 0; i < s->headers.cap; i++) {
      sel_header* h = s->headers.keys[i] ? s->headers.vals[i] : NULL;
      if (!h) continue;
      if (!h->def_state && h->sr.ndefs) {
        h->def_state = calloc(h->sr.ndefs, sizeof *h->def_state);
        if (!h->def_state) return PQL_ENOMEM;
      }
      for (size_t d = 0; d < h->sr.ndefs; d++) {
        if (h->def_state[d] == 2) continue;
        const scan_def* def = &h->sr.defs[d];
        if (h->def_state[d] == 0) {
          h->def_state[d] = -1;
          for (size_t b = 0; b < def->nbody; b++)
            if (prefilter_match_name(s->pf, def->body[b], strlen(def->body[b]))) h->def_state[d] = 1;
        }
        int hot = h->def_state[d] == 1;
        for (size_t b = 0; b < def->nbody && !hot; b++) hot = is_learned(s, def->body[b]);
        if (hot) {
          h->def_state[d] = 2;
          if (learn(s, def->name)) return PQL_ENOMEM;
          changed = 1;
        }
      }
    }
  }
  return 0;
}

/* Puts the files naming a newly learned name (or a model name) into batch. */
static void take_candidates(selector* s, size_t* batch, size_t* nbatch) {
  for (size_t i = 0; i < s->src->n; i++) {
    sel_file* f = &s->f[i];
    if (f->why || !f->scanned) continue;
    int why = f->model ? SEL_MODEL : SEL_NO;
    for (size_t k = 0; k < s->nnewly && !why; k++)
      if (scan_has(f->sr.ids, f->sr.nids, s->newly[k])) why = SEL_LEARNED;
    if (why) {
      f->why = why;
      batch[(*nbatch)++] = i;
    }
  }
  for (size_t k = 0; k < s->nnewly; k++) free(s->newly[k]);
  s->nnewly = 0;
}

int select_first(selector* s, size_t* batch, size_t* nbatch) {
  *nbatch = 0;
  /* the index of definitions, and the walked headers */
  for (size_t i = 0; i < s->src->n; i++) {
    sel_file* f = &s->f[i];
    if (!f->scanned) continue;
    for (size_t k = 0; k < f->sr.nfdefs; k++) {
      void** slot = smap_put(&s->definers, f->sr.fdefs[k], NULL);
      if (!slot) return PQL_ENOMEM;
      idx_list* l = *slot;
      if (!l && !(l = *slot = calloc(1, sizeof *l))) return PQL_ENOMEM;
      size_t* nv = realloc(l->v, (l->n + 1) * sizeof *nv);
      if (!nv) return PQL_ENOMEM;
      l->v = nv;
      l->v[l->n++] = i;
    }
    if (srclang_is_header(s->src->v[i].path)) {
      void** slot = smap_put(&s->headers, s->src->v[i].path, NULL);
      if (!slot) return PQL_ENOMEM;
      if (!*slot) {
        sel_header* h = calloc(1, sizeof *h);
        if (!h) return PQL_ENOMEM;
        h->sr = f->sr; /* shared, not owned */
        h->walked = 1;
        *slot = h;
      }
    }
  }
  /* headers reached by quoted includes */
  for (size_t i = 0; i < s->src->n; i++) {
    if (!s->f[i].scanned) continue;
    const char* dirs[64];
    size_t nd = include_dirs(s, i, dirs, 64);
    const char* path = s->src->v[i].path;
    const char* slash = strrchr(path, '/');
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path + 1) : 0, path);
    if (visit_includes(s, &s->f[i].sr, dir, dirs, nd)) return PQL_ENOMEM;
  }
  if (learn_from_headers(s)) return PQL_ENOMEM;
  take_candidates(s, batch, nbatch);
  return 0;
}

/* A callee that can hold a handle for the selection: a model name or a learned one. arg is the selector. */
static int model_or_learned(const char* name, void* arg) {
  const selector* s = arg;
  return prefilter_match_name(s->pf, name, strlen(name)) || is_learned(s, name);
}

/* 1 if f can hold a handle (flow_fn_touches with the model and learned names). */
static int fn_touches_handle(const selector* s, const flow_fn* f) {
  return flow_fn_touches(f, model_or_learned, (void*)s);
}

/* Adds f's callees to the needed names; *grew set when one is new. */
static int need_callees(selector* s, const flow_fn* f, int* grew) {
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->kind != FE_CALL || !e->callee) continue;
      int added = 0;
      void** slot = smap_put(&s->needed, e->callee, &added);
      if (!slot) return PQL_ENOMEM;
      if (added) *grew = 1;
    }
  return 0;
}

int select_after_lowering(selector* s, flow_unit* const* units, size_t* batch, size_t* nbatch) {
  *nbatch = 0;
  int grew = 1;
  while (grew) {
    grew = 0;
    for (size_t i = 0; i < s->src->n; i++) {
      const flow_unit* u = units[i];
      if (!u || !u->nfns) continue;
      sel_file* sf = &s->f[i];
      if (!sf->fn_done && !(sf->fn_done = calloc((size_t)u->nfns, 1))) return PQL_ENOMEM;
      for (int j = 0; j < u->nfns; j++) {
        const flow_fn* f = &u->fns[j];
        if (sf->fn_done[j]) continue;
        if (!(f->name && smap_get(&s->needed, f->name)) && !fn_touches_handle(s, f)) continue;
        sf->fn_done[j] = 1;
        if (f->name) {
          int added = 0;
          if (!smap_put(&s->needed, f->name, &added)) return PQL_ENOMEM;
          if (added) grew = 1;
        }
        if (need_callees(s, f, &grew)) return PQL_ENOMEM;
      }
    }
  }
  for (size_t k = 0; k < s->needed.cap; k++) {
    if (!s->needed.keys[k]) continue;
    void** slot = smap_get(&s->definers, s->needed.keys[k]);
    if (!slot) continue;
    const idx_list* l = *slot;
    for (size_t j = 0; j < l->n; j++)
      if (!s->f[l->v[j]].why) {
        s->f[l->v[j]].why = SEL_SUMMARY;
        batch[(*nbatch)++] = l->v[j];
      }
  }
  return 0;
}

/* 1 if a summary says something a caller's handle depends on. */
static int sum_interesting(const flow_sum* su) {
  if (su->ret_kind != FK_NONE) return 1;
  for (int i = 0; i < su->nargs && i < 16; i++)
    if (su->arg_role[i] != FR_USE || su->out_kind[i] != FK_NONE) return 1;
  return 0;
}

int select_after_summaries(selector* s, const flow_summaries* sums, size_t* batch, size_t* nbatch) {
  *nbatch = 0;
  for (size_t i = 0; sums && i < sums->n; i++)
    if (sums->v[i].sum && sum_interesting(sums->v[i].sum) && learn(s, sums->v[i].name)) return PQL_ENOMEM;
  if (s->nnewly && learn_from_headers(s)) return PQL_ENOMEM;
  /* a summary-only file that names a learned name is a candidate now */
  for (size_t i = 0; i < s->src->n; i++) {
    sel_file* f = &s->f[i];
    if (f->why != SEL_SUMMARY) continue;
    for (size_t k = 0; k < s->nnewly; k++)
      if (scan_has(f->sr.ids, f->sr.nids, s->newly[k])) {
        f->why = SEL_LEARNED;
        break;
      }
  }
  take_candidates(s, batch, nbatch);
  return 0;
}

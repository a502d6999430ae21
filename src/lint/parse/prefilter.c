/* prefilter.c - combines the models' name patterns into one PCRE2-JIT regex and scans raw file bytes with it. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "parse/prefilter.h"

#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/readfile.h"
#include "parse/incline.h"

struct prefilter {
  char* pattern;
  pcre2_code* re;  /* NULL: accept everything */
  pcre2_code* names_re;  /* the model names only (no secret words); NULL: every name matches */
  int no_names;          /* the models name nothing (names_re is NULL and no name matches) */
};

typedef struct sbuf {
  char* s;
  size_t n, cap;
  int oom;
} sbuf;

static void sb_put(sbuf* b, const char* s, size_t n) {
  if (b->oom) return;
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + n + 1) cap *= 2;
    char* ns = realloc(b->s, cap);
    if (!ns) {
      b->oom = 1;
      return;
    }
    b->s = ns;
    b->cap = cap;
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = 0;
}

/* Appends "|(?:P)" where P is pat without its unescaped ^ and $ outside
 * character classes: a name pattern becomes a substring search. */
static void add_pattern(sbuf* b, const char* pat) {
  if (!pat || !*pat) return;
  sb_put(b, b->n ? "|(?:" : "(?:", b->n ? 4 : 3);
  int in_class = 0;
  for (const char* p = pat; *p; p++) {
    if (*p == '\\' && p[1]) {
      sb_put(b, p, 2);
      p++;
      continue;
    }
    if (in_class) {
      if (*p == ']') in_class = 0;
    } else if (*p == '[') {
      in_class = 1;
      if (p[1] == '^') { /* keep a negated class intact */
        sb_put(b, p, 2);
        p++;
        continue;
      }
      if (p[1] == ']') {
        sb_put(b, p, 2);
        p++;
        continue;
      }
    } else if (*p == '^' || *p == '$') {
      continue;
    }
    sb_put(b, p, 1);
  }
  sb_put(b, ")", 1);
}

static void add_calls(sbuf* b, const model_calls* c) {
  for (size_t i = 0; i < c->n; i++) add_pattern(b, c->v[i].pattern);
}

int prefilter_new(const model_set* m, prefilter** out) {
  prefilter* p = calloc(1, sizeof *p);
  if (!p) return PQL_ENOMEM;
  sbuf b = {0};
  add_pattern(&b, "password");
  add_pattern(&b, "postgres");
  size_t secret_len = b.n; /* "(?:password)|(?:postgres)" */
  for (size_t i = 0; m && i < m->nresources; i++) {
    const model_resource* r = &m->resources[i];
    add_calls(&b, &r->acquire);
    add_calls(&b, &r->release);
    add_calls(&b, &r->discard);
    add_calls(&b, &r->borrow);
    add_calls(&b, &r->check);
    if (r->type) add_pattern(&b, r->type);
  }
  if (m) {
    add_calls(&b, &m->connect);
    add_calls(&b, &m->takes_ownership);
    add_calls(&b, &m->conninfo);
    add_calls(&b, &m->params);
  }
  for (size_t i = 0; m && i < m->npools; i++) {
    const model_pool* pl = &m->pools[i];
    add_calls(&b, &pl->acquire);
    add_calls(&b, &pl->release);
    add_calls(&b, &pl->discard);
    add_calls(&b, &pl->create);
    add_calls(&b, &pl->destroy);
    add_calls(&b, &pl->size_args);
    for (size_t k = 0; k < pl->nsize_fields; k++) {
      add_pattern(&b, pl->size_fields[k].type_pattern);
      add_pattern(&b, pl->size_fields[k].field_pattern);
    }
  }
  if (b.oom) {
    free(b.s);
    free(p);
    return PQL_ENOMEM;
  }
  p->pattern = b.s;
  int err = 0;
  PCRE2_SIZE off = 0;
  p->re = pcre2_compile((PCRE2_SPTR)b.s, b.n, PCRE2_NO_AUTO_CAPTURE, &err, &off, NULL);
  if (p->re) pcre2_jit_compile(p->re, PCRE2_JIT_COMPLETE); /* no JIT: the interpreter still works */
  if (p->re && b.n > secret_len + 1) { /* the same alternation without the two secret words */
    p->names_re = pcre2_compile((PCRE2_SPTR)b.s + secret_len + 1, b.n - secret_len - 1,
                                PCRE2_NO_AUTO_CAPTURE, &err, &off, NULL);
    if (p->names_re) pcre2_jit_compile(p->names_re, PCRE2_JIT_COMPLETE);
  }
  p->no_names = p->re && b.n <= secret_len + 1;
  *out = p;
  return 0;
}

void prefilter_free(prefilter* p) {
  if (!p) return;
  pcre2_code_free(p->re);
  pcre2_code_free(p->names_re);
  free(p->pattern);
  free(p);
}

const char* prefilter_pattern(const prefilter* p) {
  return p ? p->pattern : NULL;
}

int prefilter_match(const prefilter* p, const char* buf, size_t len) {
  if (memchr(buf, 0, len)) return PQL_EINPUT;
  if (!p || !p->re) return 1;
  pcre2_match_data* md = pcre2_match_data_create(1, NULL);
  if (!md) return 1; /* out of memory: parse rather than miss */
  int rc = pcre2_match(p->re, (PCRE2_SPTR)buf, len, 0, 0, md, NULL);
  pcre2_match_data_free(md);
  return rc >= 0 ? 1 : (rc == PCRE2_ERROR_NOMATCH ? 0 : 1);
}

int prefilter_match_name(const prefilter* p, const char* name, size_t len) {
  if (!p || p->no_names) return 0;
  if (!p->names_re) return 1;
  pcre2_match_data* md = pcre2_match_data_create(1, NULL);
  if (!md) return 1;
  int rc = pcre2_match(p->names_re, (PCRE2_SPTR)name, len, 0, 0, md, NULL);
  pcre2_match_data_free(md);
  return rc >= 0 ? 1 : (rc == PCRE2_ERROR_NOMATCH ? 0 : 1);
}

int prefilter_read(const char* path, size_t max, char** buf, size_t* len, char* errbuf,
                   size_t errlen) {
  *len = 0;
  *buf = readfile_max(path, max, len);
  if (!*buf && errno == READFILE_ETOOBIG) return PQL_ETOOBIG;
  if (!*buf) {
    snprintf(errbuf, errlen, "%s: cannot read the file: %s", path, readfile_strerror(errno));
    return PQL_EINPUT;
  }
  return 0;
}

/* each_quoted_include's hand-over to incline_each. */
typedef struct quoted_walk {
  int (*fn)(const char*, size_t, void*);
  void* ctx;
} quoted_walk;

static int quoted_line(const incline* l, void* arg) {
  const quoted_walk* w = arg;
  return l->quoted && !l->next ? w->fn(l->name, l->len, w->ctx) : 0;
}

/* Calls fn(name, len, ctx) for each `#include "name"` of buf; stops when fn returns non-zero and returns that. */
static int each_quoted_include(const char* buf, size_t len, int (*fn)(const char*, size_t, void*),
                               void* ctx) {
  quoted_walk w = {fn, ctx};
  return incline_each(buf, len, quoted_line, &w);
}

typedef struct inc_ctx {
  const prefilter* p;
  char dir[4096];              /* the including file's folder, with a trailing '/' (or "") */
  const char* const* idirs;    /* -I folders */
  size_t nidirs;
  int depth;
  int budget;  /* headers left to read */
} inc_ctx;

/* Reads the header `name` beside the includer, else in the -I folders. */
static int read_header(const inc_ctx* c, const char* name, size_t n, char* path, size_t plen,
                       char** buf, size_t* len) {
  snprintf(path, plen, "%s%.*s", c->dir, (int)n, name);
  if ((*buf = readfile(path, len))) return 0;
  for (size_t i = 0; i < c->nidirs; i++) {
    snprintf(path, plen, "%s/%.*s", c->idirs[i], (int)n, name);
    if ((*buf = readfile(path, len))) return 0;
  }
  return -1;
}

static int scan_header(const char* name, size_t n, void* vctx) {
  inc_ctx* c = vctx;
  if (c->budget <= 0) return 0;
  c->budget--;
  char path[8192];
  char* buf = NULL;
  size_t len = 0;
  if (read_header(c, name, n, path, sizeof path, &buf, &len)) return 0;
  int hit = prefilter_match(c->p, buf, len) == 1;
  if (!hit && c->depth > 1) {
    inc_ctx sub = *c;
    sub.depth--;
    const char* slash = strrchr(path, '/');
    snprintf(sub.dir, sizeof sub.dir, "%.*s", slash ? (int)(slash - path + 1) : 0, path);
    hit = each_quoted_include(buf, len, scan_header, &sub) == 1;
    c->budget = sub.budget;
  }
  free(buf);
  return hit;
}

int prefilter_match_includes(const prefilter* p, const char* path, const char* buf, size_t len,
                             const char* const* idirs, size_t nidirs) {
  inc_ctx c = {.p = p, .idirs = idirs, .nidirs = nidirs, .depth = 3, .budget = 32};
  const char* slash = strrchr(path, '/');
  snprintf(c.dir, sizeof c.dir, "%.*s", slash ? (int)(slash - path + 1) : 0, path);
  return each_quoted_include(buf, len, scan_header, &c) == 1;
}

/* scan.c - tokenises raw C and C++ bytes just enough to list identifiers, file-scope definitions and macro bodies (no preprocessing). */
#define _GNU_SOURCE /* memmem */
#include "parse/scan.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"

typedef struct tok {
  const char* s;
  unsigned n;
} tok;

typedef struct tokv {
  tok* v;
  size_t n, cap;
  int oom;
} tokv;

/* A definition while scanning: tokens [lo, hi) of the token vector are its body. */
typedef struct rawdef {
  tok name;
  int is_macro, is_static;
  size_t lo, hi;
} rawdef;

typedef struct defv {
  rawdef* v;
  size_t n, cap;
  int oom;
} defv;

static void tv_push(tokv* t, const char* s, size_t n) {
  if (t->oom) return;
  if (t->n == t->cap) {
    size_t nc = t->cap ? t->cap * 2 : 1024;
    tok* nv = realloc(t->v, nc * sizeof *nv);
    if (!nv) {
      t->oom = 1;
      return;
    }
    t->v = nv;
    t->cap = nc;
  }
  t->v[t->n].s = s;
  t->v[t->n].n = (unsigned)n;
  t->n++;
}

static rawdef* dv_push(defv* d) {
  if (d->oom) return NULL;
  if (d->n == d->cap) {
    size_t nc = d->cap ? d->cap * 2 : 64;
    rawdef* nv = realloc(d->v, nc * sizeof *nv);
    if (!nv) {
      d->oom = 1;
      return NULL;
    }
    d->v = nv;
    d->cap = nc;
  }
  memset(&d->v[d->n], 0, sizeof d->v[d->n]);
  return &d->v[d->n++];
}

static int tok_cmp(const void* a, const void* b) {
  const tok *x = a, *y = b;
  unsigned m = x->n < y->n ? x->n : y->n;
  int c = memcmp(x->s, y->s, m);
  if (c) return c;
  return x->n < y->n ? -1 : x->n > y->n;
}

/* Sorts v[0..n) in place and returns its distinct names as malloc'd strings
 * in *out (sorted), or -1 on ENOMEM. */
static int distinct(tok* v, size_t n, char*** out, size_t* nout) {
  *out = NULL;
  *nout = 0;
  if (!n) return 0;
  qsort(v, n, sizeof *v, tok_cmp);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (i == 0 || tok_cmp(&v[i - 1], &v[i])) k++;
  char** r = malloc(k * sizeof *r);
  if (!r) return -1;
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    if (i && !tok_cmp(&v[i - 1], &v[i])) continue;
    r[j] = strndup(v[i].s, v[i].n);
    if (!r[j]) {
      while (j) free(r[--j]);
      free(r);
      return -1;
    }
    j++;
  }
  *out = r;
  *nout = k;
  return 0;
}

static void free_strv(char** v, size_t n) {
  for (size_t i = 0; i < n; i++) free(v[i]);
  free(v);
}

void scan_free(scan_result* r) {
  if (!r) return;
  free_strv(r->ids, r->nids);
  free_strv(r->fdefs, r->nfdefs);
  for (size_t i = 0; i < r->ndefs; i++) {
    free(r->defs[i].name);
    free_strv(r->defs[i].body, r->defs[i].nbody);
  }
  free(r->defs);
  free_strv(r->includes, r->nincludes);
  memset(r, 0, sizeof *r);
}

int scan_has(char* const* v, size_t n, const char* name) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(v[mid], name);
    if (!c) return 1;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return 0;
}

static int is_id0(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static int is_id(char c) {
  return is_id0(c) || (c >= '0' && c <= '9');
}

/* Attribute-like names that precede or follow a declarator's parameters. */
static int attr_name(const char* s, unsigned n) {
  return (n >= 2 && s[0] == '_' && s[1] == '_') || (n > 13 && !memcmp(s, "pg_attribute_", 13));
}

/* The scanner's state (one pass over the bytes). */
typedef struct sc {
  const char* start;
  const char* p;
  const char* end;
  tokv ids;
  defv defs;
  tokv incs;
  int secret;
  int cxx;          /* C++-only syntax seen in code */
  int line_start;   /* only blanks since the last newline */
  int col0;         /* the current character is in column 0 */
  /* file scope (C++: namespace and extern "C" braces are file scope too) */
  int depth;        /* brace depth */
  int base;         /* brace depth of the innermost open namespace/extern "C" body, else 0 */
  unsigned long long open_ns; /* bit d: the brace opened at depth d is a namespace/extern body */
  int saw_ns;       /* `namespace` or `extern` since the last ';' or '}' at file scope */
  int pdepth;       /* paren depth at brace depth 0 */
  int saw_static, saw_eq;
  tok cand;         /* first NAME( at file scope since the last ';' or '}' */
  rawdef* cur;      /* function being scanned (index into defs via cur_i) */
  size_t cur_i;
  int in_fn;
} sc;

/* Skips a comment or literal starting at s->p if there is one; 1 if it did. */
static int skip_comment_or_literal(sc* s) {
  const char* p = s->p;
  if (p + 1 < s->end && p[0] == '/' && p[1] == '*') {
    const char* q = p + 2;
    while (q + 1 < s->end && !(q[0] == '*' && q[1] == '/')) q++;
    s->p = q + 1 < s->end ? q + 2 : s->end;
    return 1;
  }
  if (p + 1 < s->end && p[0] == '/' && p[1] == '/') {
    const char* q = p + 2;
    while (q < s->end && *q != '\n') {
      if (*q == '\\' && q + 1 < s->end) q++;
      q++;
    }
    s->p = q;
    return 1;
  }
  if (*p == '"' || *p == '\'') {
    char quote = *p;
    const char* q = p + 1;
    while (q < s->end && *q != quote && *q != '\n') {
      if (*q == '\\' && q + 1 < s->end) q++;
      q++;
    }
    if (quote == '"' && !s->secret) {
      size_t n = (size_t)(q - p);
      if ((n >= 8 && memmem(p, n, "password", 8)) || (n >= 8 && memmem(p, n, "postgres", 8)))
        s->secret = 1;
    }
    s->p = q < s->end && *q == quote ? q + 1 : q;
    return 1;
  }
  return 0;
}

/* Skips a C++ raw string literal (R"d(...)d", with an L, u, U or u8 prefix)
 * starting at s->p; 1 if there was one. Its text may hold quotes and newlines. */
static int skip_raw_string(sc* s) {
  const char* p = s->p;
  if (s->end - p < 3) return 0;
  if (*p == 'u' && p + 1 < s->end && p[1] == '8') p += 2;
  else if (*p == 'L' || *p == 'u' || *p == 'U') p++;
  if (p + 1 >= s->end || p[0] != 'R' || p[1] != '"') return 0;
  const char* d = p + 2;
  const char* q = d;
  while (q < s->end && *q != '(' && q - d <= 16 && *q != ' ' && *q != '\\' && *q != '\n') q++;
  if (q >= s->end || *q != '(') return 0;
  size_t dn = (size_t)(q - d);
  for (const char* r = q + 1; r < s->end; r++) {
    if (*r == ')' && (size_t)(s->end - r) >= dn + 2 && !memcmp(r + 1, d, dn) && r[1 + dn] == '"') {
      if (!s->secret && (memmem(q, (size_t)(r - q), "password", 8) || memmem(q, (size_t)(r - q), "postgres", 8)))
        s->secret = 1;
      s->p = r + dn + 2;
      return 1;
    }
  }
  s->p = s->end;
  return 1;
}

/* Skips a number at s->p, with C23/C++14 digit separators (1'000'000). */
static void skip_number(sc* s) {
  while (s->p < s->end) {
    if (is_id(*s->p) || *s->p == '.') s->p++;
    else if (*s->p == '\'' && s->p + 1 < s->end && is_id(s->p[1])) s->p++;
    else break;
  }
}

/* Reads an identifier at s->p (is_id0); returns it and advances. */
static tok read_id(sc* s) {
  tok t = {s->p, 0};
  while (s->p < s->end && is_id(*s->p)) s->p++;
  t.n = (unsigned)(s->p - t.s);
  return t;
}

static void skip_blanks(sc* s) {
  while (s->p < s->end) {
    if (*s->p == ' ' || *s->p == '\t' || *s->p == '\r' || *s->p == '\f' || *s->p == '\v') s->p++;
    else if (*s->p == '\\' && s->p + 1 < s->end && s->p[1] == '\n') s->p += 2;
    else if (s->p + 1 < s->end && s->p[0] == '/' && s->p[1] == '*') skip_comment_or_literal(s);
    else break;
  }
}

/* A directive at s->p ('#'): include lines are skipped (their name is
 * recorded when quoted), a #define becomes a definition whose body is the
 * rest of the logical line; identifiers of other directives count. */
static void directive(sc* s) {
  s->p++;
  skip_blanks(s);
  tok d = {s->p, 0};
  if (s->p < s->end && is_id0(*s->p)) d = read_id(s);
  int is_include = (d.n == 7 && !memcmp(d.s, "include", 7)) || (d.n == 6 && !memcmp(d.s, "import", 6)) ||
                   (d.n == 12 && !memcmp(d.s, "include_next", 12));
  if (is_include) {
    skip_blanks(s);
    if (s->p < s->end && *s->p == '"') {
      const char* q = s->p + 1;
      while (q < s->end && *q != '"' && *q != '\n') q++;
      if (q < s->end && *q == '"' && q > s->p + 1) tv_push(&s->incs, s->p + 1, (size_t)(q - s->p - 1));
    }
    while (s->p < s->end && *s->p != '\n') {
      if (*s->p == '\\' && s->p + 1 < s->end) s->p++;
      s->p++;
    }
    return;
  }
  rawdef* md = NULL;
  if (d.n == 6 && !memcmp(d.s, "define", 6)) {
    skip_blanks(s);
    if (s->p < s->end && is_id0(*s->p)) {
      tok name = read_id(s);
      md = dv_push(&s->defs);
      if (md) {
        md->name = name;
        md->is_macro = 1;
        md->lo = s->ids.n;
      }
    }
  }
  /* the rest of the logical line */
  while (s->p < s->end && *s->p != '\n') {
    char c = *s->p;
    if (c == '\\' && s->p + 1 < s->end && s->p[1] == '\n') {
      s->p += 2;
    } else if (skip_comment_or_literal(s)) {
    } else if (is_id0(c)) {
      tok t = read_id(s);
      tv_push(&s->ids, t.s, t.n);
    } else if (c >= '0' && c <= '9') {
      skip_number(s);
    } else {
      s->p++;
    }
  }
  if (md && !s->defs.oom) s->defs.v[s->defs.n - 1].hi = s->ids.n;
}

/* The next non-blank byte after p (or 0 at the end); *at is where it is. */
static char next_code(const sc* s, const char* p, const char** at) {
  while (p < s->end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
  *at = p;
  return p < s->end ? *p : 0;
}

/* Notes C++-only syntax at identifier t (just read; s->p is after it). */
static void cxx_syntax_at(sc* s, tok t) {
  const char* q;
  char c = next_code(s, s->p, &q);
  if (t.n == 9 && !memcmp(t.s, "namespace", 9)) {
    if (c == '{') s->cxx = 1;
    else if (is_id0(c)) {
      const char* r = q;
      while (r < s->end && is_id(*r)) r++;
      const char* w;
      char d = next_code(s, r, &w);
      if (d == '{' || (d == ':' && w + 1 < s->end && w[1] == ':')) s->cxx = 1;
    }
  } else if (t.n == 8 && !memcmp(t.s, "template", 8)) {
    if (c == '<') s->cxx = 1;
  } else if (t.n == 7 && !memcmp(t.s, "nullptr", 7)) {
    s->cxx = 1;
  } else if ((t.n == 6 && !memcmp(t.s, "public", 6)) || (t.n == 7 && !memcmp(t.s, "private", 7)) ||
             (t.n == 9 && !memcmp(t.s, "protected", 9))) {
    if (c == ':' && !(q + 1 < s->end && q[1] == ':')) {
      const char* w;
      char d = next_code(s, q + 1, &w);
      if (!(d >= '0' && d <= '9')) s->cxx = 1; /* an access specifier (a bitfield
                                                  `int private : 1` has a width) */
    }
  }
}

static void reset_decl(sc* s) {
  s->saw_static = s->saw_eq = s->saw_ns = 0;
  s->cand.n = 0;
  s->pdepth = 0;
}

/* A token of code at file scope or in a body (punctuation or an identifier). */
static void code_char(sc* s) {
  char c = *s->p;
  if (is_id0(c)) {
    tok t = read_id(s);
    tv_push(&s->ids, t.s, t.n);
    if (!s->cxx) cxx_syntax_at(s, t);
    if (s->depth == s->base) {
      if (t.n == 6 && !memcmp(t.s, "static", 6)) s->saw_static = 1;
      if ((t.n == 9 && !memcmp(t.s, "namespace", 9)) || (t.n == 6 && !memcmp(t.s, "extern", 6)))
        s->saw_ns = 1;
      if (s->pdepth == 0 && !s->cand.n && !attr_name(t.s, t.n)) {
        const char* q = s->p;
        while (q < s->end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')) q++;
        if (q < s->end && *q == '(') {
          s->cand = t;
          /* C++ Class::method( out of class: the name is "Class::method", as lowered */
          const char* b = t.s;
          if (b - s->start >= 3 && b[-1] == ':' && b[-2] == ':' && is_id(b[-3])) {
            b -= 2;
            while (b > s->start && is_id(b[-1])) b--;
            if (is_id0(*b)) {
              s->cand.s = b;
              s->cand.n = (unsigned)(t.s + t.n - b);
            }
          }
        }
      }
    }
    return;
  }
  if (c >= '0' && c <= '9') {
    skip_number(s);
    return;
  }
  s->p++;
  if (c == '{') {
    if (s->col0) s->depth = s->base; /* resynchronise: a body opens in column 0 */
    if (s->depth == s->base) {
      if (s->saw_ns && !s->cand.n && !s->saw_eq && s->depth < 64) {
        /* namespace N { / extern "C" {: what follows is at file scope */
        s->open_ns |= 1ull << s->depth;
        s->depth++;
        s->base = s->depth;
        reset_decl(s);
        return;
      }
      if (s->cand.n && !s->saw_eq && s->pdepth == 0) {
        rawdef* fd = dv_push(&s->defs);
        if (fd) {
          fd->name = s->cand;
          fd->is_static = s->saw_static;
          fd->lo = s->ids.n;
          s->cur_i = s->defs.n - 1;
          s->in_fn = 1;
        }
      }
      reset_decl(s);
    }
    s->depth++;
  } else if (c == '}') {
    if (s->col0 && s->depth > s->base + 1) s->depth = s->base + 1;
    if (s->depth > 0) s->depth--;
    if (s->depth < 64 && (s->open_ns >> s->depth & 1)) {
      /* the end of a namespace body */
      s->open_ns &= ~(1ull << s->depth);
      s->base = 0;
      for (int d = s->depth - 1; d >= 0; d--)
        if (s->open_ns >> d & 1) {
          s->base = d + 1;
          break;
        }
      reset_decl(s);
    } else if (s->depth == s->base) {
      if (s->in_fn && !s->defs.oom) s->defs.v[s->cur_i].hi = s->ids.n;
      s->in_fn = 0;
      reset_decl(s);
    }
  } else if (s->depth == s->base) {
    if (c == ';') reset_decl(s);
    else if (c == '=' && s->pdepth == 0) s->saw_eq = 1;
    else if (c == '(') s->pdepth++;
    else if (c == ')' && s->pdepth > 0) s->pdepth--;
  }
}

int scan_text(const char* buf, size_t len, int want_bodies, scan_result* r) {
  memset(r, 0, sizeof *r);
  sc s;
  memset(&s, 0, sizeof s);
  s.p = buf;
  s.start = buf;
  s.end = buf + len;
  s.line_start = 1;
  while (s.p < s.end) {
    char c = *s.p;
    s.col0 = s.p == buf || s.p[-1] == '\n';
    if (c == '\n') {
      s.line_start = 1;
      s.p++;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      s.p++;
      continue;
    }
    if (c == '#' && s.line_start) {
      directive(&s);
      continue;
    }
    s.line_start = 0;
    if (skip_comment_or_literal(&s)) continue;
    if (is_id0(c) && skip_raw_string(&s)) continue;
    code_char(&s);
  }
  if (s.in_fn && !s.defs.oom) s.defs.v[s.cur_i].hi = s.ids.n;
  int rc = s.ids.oom || s.defs.oom || s.incs.oom ? -1 : 0;
  r->secret_words = s.secret;
  r->cxx_syntax = s.cxx;
  /* non-static file-scope functions */
  tokv fd = {0};
  for (size_t i = 0; !rc && i < s.defs.n; i++)
    if (!s.defs.v[i].is_macro && !s.defs.v[i].is_static) tv_push(&fd, s.defs.v[i].name.s, s.defs.v[i].name.n);
  if (fd.oom) rc = -1;
  if (!rc && distinct(fd.v, fd.n, &r->fdefs, &r->nfdefs)) rc = -1;
  free(fd.v);
  if (!rc && want_bodies && s.defs.n) {
    r->defs = calloc(s.defs.n, sizeof *r->defs);
    if (!r->defs) rc = -1;
    for (size_t i = 0; !rc && i < s.defs.n; i++) {
      rawdef* d = &s.defs.v[i];
      scan_def* o = &r->defs[r->ndefs++];
      o->name = strndup(d->name.s, d->name.n);
      o->is_macro = d->is_macro;
      o->is_static = d->is_static;
      size_t hi = d->hi > d->lo ? d->hi : d->lo;
      tok* copy = hi > d->lo ? malloc((hi - d->lo) * sizeof *copy) : NULL;
      if (!o->name || (hi > d->lo && !copy)) rc = -1;
      if (!rc && copy) {
        memcpy(copy, s.ids.v + d->lo, (hi - d->lo) * sizeof *copy);
        if (distinct(copy, hi - d->lo, &o->body, &o->nbody)) rc = -1;
      }
      free(copy);
    }
  }
  if (!rc && s.incs.n) {
    r->includes = calloc(s.incs.n, sizeof *r->includes);
    if (!r->includes) rc = -1;
    for (size_t i = 0; !rc && i < s.incs.n; i++) {
      r->includes[i] = strndup(s.incs.v[i].s, s.incs.v[i].n);
      if (!r->includes[i]) rc = -1;
      else r->nincludes++;
    }
  }
  if (!rc && distinct(s.ids.v, s.ids.n, &r->ids, &r->nids)) rc = -1;
  free(s.ids.v);
  free(s.defs.v);
  free(s.incs.v);
  if (rc) {
    scan_free(r);
    return PQL_ENOMEM;
  }
  return 0;
}

/* includes.c - finds include folders when no compile database gives them: pqpool.h by pqlint's prefix, the tree's include and quoted-include folders. */
#include "input/includes.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/error.h"
#include "base/readfile.h"

#ifndef PQL_SOURCE_DIR
#define PQL_SOURCE_DIR ""
#endif
#ifndef PQL_BINARY_DIR
#define PQL_BINARY_DIR ""
#endif

/* Adds dir to l unless it is there already. 0 or PQL_ENOMEM. */
static int inc_add(cli_list* l, const char* dir) {
  for (size_t i = 0; i < l->n; i++)
    if (!strcmp(l->v[i], dir)) return 0;
  return cli_list_push(l, dir);
}

/* 1 if dir/pqpool.h exists, 0 if not; PQL_EINPUT (said on stderr, naming
 * the path) if dir/pqpool.h does not fit in a path. */
static int has_pqpool(const char* dir) {
  char p[PATH_MAX];
  int n = snprintf(p, sizeof p, "%s/pqpool.h", dir);
  if (n < 0 || (size_t)n >= sizeof p) {
    pql_errorf("%s/pqpool.h: path longer than %d bytes", dir, PATH_MAX - 1);
    return PQL_EINPUT;
  }
  return access(p, R_OK) == 0;
}

/* pqpool.h by pqlint's own place: <prefix>/include for <prefix>/bin/pqlint,
 * and, for a pqlint inside the build tree, the source tree's src/pool and the
 * build tree's src/pool (the generated pqpool_version.h that pqpool.h includes). */
static int inc_pool(const char* exe, includes_found* out) {
  char self[PATH_MAX], real[PATH_MAX];
  if (!exe) {
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return 0;
    self[n] = 0;
    exe = self;
  }
  if (!realpath(exe, real)) return 0;
  char* slash = strrchr(real, '/');
  if (!slash) return 0;
  *slash = 0; /* <prefix>/bin */
  char bin[PATH_MAX];
  snprintf(bin, sizeof bin, "%s", real);
  slash = strrchr(real, '/');
  if (slash) {
    *slash = 0;
    char inc[PATH_MAX + 16];
    snprintf(inc, sizeof inc, "%s/include", real[0] ? real : "");
    int has = has_pqpool(inc);
    if (has < 0) return has;
    if (has && inc_add(&out->pool, inc)) return PQL_ENOMEM;
  }
  char build[PATH_MAX];
  if (PQL_BINARY_DIR[0] && realpath(PQL_BINARY_DIR, build)) {
    size_t n = strlen(build);
    if (!strncmp(bin, build, n) && (bin[n] == '/' || !bin[n])) {
      char pool[PATH_MAX + 16];
      snprintf(pool, sizeof pool, "%s/src/pool", PQL_SOURCE_DIR);
      int has = has_pqpool(pool);
      if (has < 0) return has;
      if (has) {
        if (inc_add(&out->pool, pool)) return PQL_ENOMEM;
        snprintf(pool, sizeof pool, "%s/src/pool", build);
        if (inc_add(&out->pool, pool)) return PQL_ENOMEM;
      }
    }
  }
  return 0;
}

/* The folder named "include" nearest above abs (a file), written to dir; 0 if none. */
static int include_ancestor(const char* abs, char* dir, size_t len) {
  snprintf(dir, len, "%s", abs);
  for (char* slash = strrchr(dir, '/'); slash && slash != dir; slash = strrchr(dir, '/')) {
    *slash = 0;
    const char* base = strrchr(dir, '/');
    if (base && !strcmp(base + 1, "include")) return 1;
  }
  return 0;
}

/* The headers of src by absolute path, sorted, for the suffix lookups. */
typedef struct inc_headers {
  char** v;
  size_t n;
} inc_headers;

static int cmp_str(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

/* 1 if header `name` (as a quoted include writes it) is one of h under some
 * folder; that folder goes to dir. Picks the first in sorted order. */
static int inc_resolve(const inc_headers* h, const char* name, char* dir, size_t len) {
  size_t nl = strlen(name);
  for (size_t i = 0; i < h->n; i++) {
    size_t hl = strlen(h->v[i]);
    if (hl > nl && h->v[i][hl - nl - 1] == '/' && !strcmp(h->v[i] + hl - nl, name)) {
      snprintf(dir, len, "%.*s", (int)(hl - nl - 1), h->v[i]);
      return 1;
    }
  }
  return 0;
}

/* Scans text for #include "NAME" lines; a NAME that does not resolve beside
 * the file (folder fdir) but is a header of the tree adds its folder. */
static int inc_quoted(const inc_headers* h, const char* fdir, const char* text, includes_found* out) {
  for (const char* p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
    const char* q = p;
    while (*q == ' ' || *q == '\t') q++;
    if (*q != '#') continue;
    q++;
    while (*q == ' ' || *q == '\t') q++;
    if (strncmp(q, "include", 7)) continue;
    q += 7;
    while (*q == ' ' || *q == '\t') q++;
    if (*q != '"') continue;
    const char* e = strchr(q + 1, '"');
    const char* nl = strchr(q + 1, '\n');
    if (!e || (nl && nl < e) || e - q - 1 <= 0 || e - q - 1 >= 512) continue;
    char name[512], cand[PATH_MAX + 520], dir[PATH_MAX];
    snprintf(name, sizeof name, "%.*s", (int)(e - q - 1), q + 1);
    if (name[0] == '/') continue;
    snprintf(cand, sizeof cand, "%s/%s", fdir, name);
    if (access(cand, F_OK) == 0) continue; /* found beside the file, as the compiler does */
    const char* n = name;
    while (n[0] == '.' && n[1] == '/') n += 2;
    if (strstr(n, "../")) continue;
    if (inc_resolve(h, n, dir, sizeof dir) && inc_add(&out->tree, dir)) return PQL_ENOMEM;
  }
  return 0;
}

static int inc_tree(const source_list* src, includes_found* out) {
  inc_headers h = {calloc(src->n + 1, sizeof *h.v), 0};
  if (!h.v) return PQL_ENOMEM;
  int rc = 0;
  char abs[PATH_MAX], dir[PATH_MAX];
  for (size_t i = 0; i < src->n && !rc; i++) {
    if (!realpath(src->v[i].path, abs)) continue;
    if (include_ancestor(abs, dir, sizeof dir)) rc = inc_add(&out->tree, dir);
    size_t n = strlen(abs);
    if (!rc && n > 2 && !strcmp(abs + n - 2, ".h") && !(h.v[h.n++] = strdup(abs))) rc = PQL_ENOMEM;
  }
  if (h.n) qsort(h.v, h.n, sizeof *h.v, cmp_str);
  for (size_t i = 0; i < src->n && !rc; i++) {
    const source_file* f = &src->v[i];
    if (!realpath(f->path, abs)) continue;
    char* slash = strrchr(abs, '/');
    if (slash) *slash = 0;
    size_t len = 0;
    char* text = f->contents ? NULL : readfile(f->path, &len);
    const char* t = f->contents ? f->contents : text;
    if (t) rc = inc_quoted(&h, abs, t, out);
    free(text);
  }
  for (size_t i = 0; i < h.n; i++) free(h.v[i]);
  free(h.v);
  if (out->tree.n) qsort(out->tree.v, out->tree.n, sizeof *out->tree.v, cmp_str);
  return rc;
}

int includes_discover(const source_list* src, const char* exe, includes_found* out) {
  memset(out, 0, sizeof *out);
  int rc = inc_pool(exe, out);
  return rc ? rc : inc_tree(src, out);
}

int includes_apply(const includes_found* in, source_file* f) {
  size_t add = in->pool.n * 2 + in->tree.n;
  if (!add) return 0;
  char** v = realloc(f->args, (f->nargs + add) * sizeof *v);
  if (!v) return PQL_ENOMEM;
  f->args = v;
  for (size_t i = 0; i < in->tree.n; i++) {
    size_t n = strlen(in->tree.v[i]) + 3;
    if (!(v[f->nargs] = malloc(n))) return PQL_ENOMEM;
    snprintf(v[f->nargs++], n, "-I%s", in->tree.v[i]);
  }
  for (size_t i = 0; i < in->pool.n; i++) {
    if (!(v[f->nargs] = strdup("-idirafter"))) return PQL_ENOMEM;
    f->nargs++;
    if (!(v[f->nargs] = strdup(in->pool.v[i]))) return PQL_ENOMEM;
    f->nargs++;
  }
  return 0;
}

void includes_free(includes_found* in) {
  cli_list_free(&in->pool);
  cli_list_free(&in->tree);
}

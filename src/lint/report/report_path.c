/* report_path.c - a finding's path relative to the repository root (%SRCROOT%), for SARIF, GitHub annotations and JSON. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report_internal.h"

/* Drops "." and empty components and resolves ".." in absolute path p. */
static void rp_normalise(char* p) {
  char* out = p;
  const char* s = p;
  while (*s) {
    while (*s == '/') s++;
    const char* b = s;
    while (*s && *s != '/') s++;
    size_t n = (size_t)(s - b);
    if (n == 0 || (n == 1 && b[0] == '.')) continue;
    if (n == 2 && b[0] == '.' && b[1] == '.') {
      while (out > p && out[-1] != '/') out--;
      if (out > p) out--;
      continue;
    }
    *out++ = '/';
    memmove(out, b, n);
    out += n;
  }
  if (out == p) *out++ = '/';
  *out = 0;
}

/* The part of abs under root ("" for root itself), or NULL. */
static const char* rp_under(const char* abs, const char* root) {
  size_t n = strlen(root);
  if (n == 1) return abs + 1;
  if (strncmp(abs, root, n) || (abs[n] != '/' && abs[n])) return NULL;
  return abs[n] ? abs + n + 1 : abs + n;
}

char* report_abs_path(const lint_run* run, const char* file) {
  const char* base = run->cwd ? run->cwd : run->srcroot;
  char cwd[PATH_MAX];
  if (!base) base = getcwd(cwd, sizeof cwd) ? cwd : "/";
  size_t n = strlen(base) + strlen(file) + 2;
  char* abs = malloc(n);
  if (!abs) return NULL;
  if (file[0] == '/') snprintf(abs, n, "%s", file);
  else snprintf(abs, n, "%s/%s", base, file);
  rp_normalise(abs);
  return abs;
}

char* report_repo_path(const lint_run* run, const char* file) {
  if (!run->srcroot) return strdup(file); /* no root known: the path as given */
  char* abs = report_abs_path(run, file);
  if (!abs) return abs;
  char root[PATH_MAX];
  snprintf(root, sizeof root, "%s", run->srcroot);
  rp_normalise(root);
  const char* rel = rp_under(abs, root);
  if (!rel || !*rel) { /* perhaps under the root once symlinks are resolved */
    char ra[PATH_MAX], rr[PATH_MAX];
    if (realpath(abs, ra) && realpath(root, rr) && (rel = rp_under(ra, rr)) && *rel) {
      char* r = strdup(rel);
      free(abs);
      return r;
    }
    return abs;
  }
  char* r = strdup(rel);
  free(abs);
  return r;
}

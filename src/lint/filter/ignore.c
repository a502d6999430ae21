/* ignore.c - drops the findings of rules that per_file_ignores turns off for matching files. */
#include "filter/ignore.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"

/* 1 if file matches glob, as the excludes match (sources_excluded). */
static int ign_match(const lint_run* run, const char* glob, const char* file) {
  const char* p = file;
  while (p[0] == '.' && p[1] == '/') p += 2;
  if (fnmatch(glob, p, 0) == 0) return 1;
  const char* base = strrchr(p, '/');
  if (!strchr(glob, '/') && fnmatch(glob, base ? base + 1 : p, 0) == 0) return 1;
  char* abs = report_abs_path(run, file);
  int hit = abs && fnmatch(glob, abs, 0) == 0;
  free(abs);
  return hit;
}

size_t ignore_apply(lint_run* run, const char* glob, char* const* rules, size_t nrules) {
  size_t out = 0, dropped = 0;
  finding_list* l = &run->findings;
  for (size_t i = 0; i < l->n; i++) {
    finding* f = &l->v[i];
    int off = 0;
    for (size_t r = 0; !off && r < nrules && f->rule && f->loc.file; r++)
      off = !strcmp(rules[r], f->rule) && ign_match(run, glob, f->loc.file);
    if (off) {
      finding_free(f);
      dropped++;
      continue;
    }
    if (out != i) l->v[out] = *f;
    out++;
  }
  l->n = out;
  return dropped;
}

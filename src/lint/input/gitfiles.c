/* gitfiles.c - lists a work tree folder's files with git ls-files (never through a shell) so the walk honours .gitignore. */
#include "input/gitfiles.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "input/capture.h"

/* 1 if a .git (folder or file) is at or above dir. */
static int gf_in_work_tree(const char* dir) {
  char d[PATH_MAX];
  if (!realpath(dir, d)) return 0;
  for (;;) {
    char probe[PATH_MAX + 8];
    struct stat st;
    snprintf(probe, sizeof probe, "%s/.git", d[0] ? d : "");
    if (stat(probe, &st) == 0) return 1;
    char* slash = strrchr(d, '/');
    if (!slash) return 0;
    *slash = 0; /* "/a" -> "" stands for the root */
  }
}

static int gf_cmp(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

int gitfiles_list(const char* dir, gitfiles* g) {
  memset(g, 0, sizeof *g);
  if (!gf_in_work_tree(dir)) return 0;
  const char* argv[] = {"git", "-C", dir, "ls-files", "-co", "--exclude-standard", "-z", NULL};
  char* out = NULL;
  size_t len = 0;
  /* git's own complaints (a .git that is not a repository) are not ours to print */
  int saved = dup(2), null = open("/dev/null", O_WRONLY);
  if (null >= 0) dup2(null, 2);
  int st = capture_output(argv, &out, &len);
  if (saved >= 0) dup2(saved, 2);
  if (saved >= 0) close(saved);
  if (null >= 0) close(null);
  if (st != 0) { /* no git, or git refused: walk as without it */
    free(out);
    return 0;
  }
  size_t cnt = 0;
  for (size_t i = 0; i < len; i++) cnt += out[i] == 0;
  g->v = calloc(cnt + 1, sizeof *g->v);
  if (!g->v) {
    free(out);
    return PQL_ENOMEM;
  }
  for (size_t off = 0; off < len;) {
    const char* name = out + off;
    off += strlen(name) + 1;
    if (!*name) continue;
    if (!(g->v[g->n] = strdup(name))) {
      free(out);
      gitfiles_free(g);
      return PQL_ENOMEM;
    }
    g->n++;
  }
  free(out);
  qsort(g->v, g->n, sizeof *g->v, gf_cmp);
  g->on = 1;
  return 0;
}

int gitfiles_has(const gitfiles* g, const char* rel) {
  while (rel[0] == '.' && rel[1] == '/') rel += 2;
  return g->n && bsearch(&rel, g->v, g->n, sizeof *g->v, gf_cmp) != NULL;
}

void gitfiles_free(gitfiles* g) {
  for (size_t i = 0; i < g->n; i++) free(g->v[i]);
  free(g->v);
  memset(g, 0, sizeof *g);
}

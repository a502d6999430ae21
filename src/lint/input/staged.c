/* staged.c - runs git (never through a shell) to list the staged files and read their staged contents. */
#include "input/staged.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/error.h"
#include "base/srclang.h"
#include "base/readfile.h"
#include "input/capture.h"


char* staged_git_root(void) {
  const char* argv[] = {"git", "rev-parse", "--show-toplevel", NULL};
  char* out = NULL;
  size_t len = 0;
  int rc = capture_output(argv, &out, &len);
  if (rc != 0 || len == 0) {
    free(out);
    return NULL;
  }
  while (len && (out[len - 1] == '\n' || out[len - 1] == '\r')) out[--len] = 0;
  return out;
}


/* 1 if absolute path p equals or lies under one of within. */
static int is_within(const char* p, const char* const* within, size_t n) {
  if (n == 0) return 1;
  for (size_t i = 0; i < n; i++) {
    size_t k = strlen(within[i]);
    if (strncmp(p, within[i], k) == 0 && (p[k] == 0 || p[k] == '/')) return 1;
  }
  return 0;
}

const char* staged_next_name(const char* names, size_t len, size_t* off) {
  if (*off >= len) return NULL;
  const char* name = names + *off;
  const char* nul = memchr(name, '\0', len - *off);
  *off = nul ? (size_t)(nul - names) + 1 : len + 1; /* an unterminated last name ends at names[len] */
  return name;
}

int staged_add_blob(source_list* l, const char* name, char* bytes, size_t blen) {
  if (sources_add(l, name)) {
    free(bytes);
    return PQL_ENOMEM;
  }
  l->v[l->n - 1].contents = bytes;
  l->v[l->n - 1].len = blen;
  /* later readers of its text (suppressions, baselines, fingerprints) see these bytes */
  return readfile_override(name, bytes, blen) ? PQL_ENOMEM : 0;
}

int staged_collect(source_list* l, const char* const* within, size_t nwithin,
                   const char* const* excludes, size_t nexcludes, char* errbuf, size_t errlen) {
  const char* argv[] = {"git", "diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z", NULL};
  char* names = NULL;
  size_t len = 0;
  int rc = capture_output(argv, &names, &len);
  if (rc != 0) {
    snprintf(errbuf, errlen, "--staged: 'git diff --cached' failed (is this a git repository?)");
    free(names);
    return PQL_EINPUT;
  }
  char root[PATH_MAX];
  if (!getcwd(root, sizeof root)) root[0] = 0;
  int err = 0;
  const char* name;
  for (size_t off = 0; !err && (name = staged_next_name(names, len, &off));) {
    if (!*name || !srclang_is_source(name) || sources_excluded(name, excludes, nexcludes)) continue;
    char abs[PATH_MAX * 2];
    snprintf(abs, sizeof abs, "%s/%s", root, name);
    if (!is_within(abs, within, nwithin)) continue;
    char spec[PATH_MAX + 2];
    snprintf(spec, sizeof spec, ":%s", name);
    const char* show[] = {"git", "show", spec, NULL};
    char* bytes = NULL;
    size_t blen = 0;
    if (capture_output(show, &bytes, &blen) != 0) {
      snprintf(errbuf, errlen, "%s: cannot read the staged contents ('git show %s' failed)", name, spec);
      free(bytes);
      err = PQL_EINPUT;
      break;
    }
    err = staged_add_blob(l, name, bytes, blen);
    if (err) snprintf(errbuf, errlen, "out of memory");
  }
  free(names);
  return err;
}

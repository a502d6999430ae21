/* incguard.c - before libclang opens a file's includes: refuses a file that includes a FIFO, socket or device of the tree (libclang would block on it or read /dev/zero until memory runs out). */
#include "parse/incguard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/readfile.h"
#include "parse/incline.h"

#define IG_DEPTH 4     /* levels of includes followed */
#define IG_BUDGET 256  /* headers read at most per file */

typedef struct ig_ctx {
  const char** dirs;   /* -I, -iquote, -isystem, -idirafter folders, in order */
  size_t ndirs;
  int budget;
  char* why;
  size_t whylen;
} ig_ctx;

/* Adds the folder of include option a (with its value in next, for the
 * two-argument form) to c->dirs; returns how many arguments it used (0: not one). */
static int ig_option(ig_ctx* c, const char* a, const char* next) {
  static const char* const opts[] = {"-I", "-iquote", "-isystem", "-idirafter", NULL};
  for (int i = 0; opts[i]; i++) {
    size_t n = strlen(opts[i]);
    if (strncmp(a, opts[i], n)) continue;
    if (a[n]) {
      c->dirs[c->ndirs++] = a + n;
      return 1;
    }
    if (!next) return 1;
    c->dirs[c->ndirs++] = next;
    return 2;
  }
  return 0;
}

static int ig_file(ig_ctx* c, const char* path, const char* buf, size_t len, int depth);

/* Resolves one include (quoted: beside the includer first) like the
 * preprocessor does, as far as the tree goes: the first candidate that
 * exists is the one libclang opens. 1 if it is not a regular file (c->why
 * set), else 0 (after following it when depth allows). */
static int ig_include(ig_ctx* c, const char* includer, const char* name, size_t n, int quoted,
                      int depth) {
  char cand[8192];
  struct stat st;
  size_t k = 0;
  int found = 0;
  if (name[0] == '/') {
    snprintf(cand, sizeof cand, "%.*s", (int)n, name);
    found = stat(cand, &st) == 0;
  } else {
    if (quoted) {
      const char* slash = strrchr(includer, '/');
      snprintf(cand, sizeof cand, "%.*s%.*s", slash ? (int)(slash - includer + 1) : 0, includer,
               (int)n, name);
      found = stat(cand, &st) == 0;
    }
    for (; !found && k < c->ndirs; k++) {
      snprintf(cand, sizeof cand, "%s/%.*s", c->dirs[k], (int)n, name);
      found = stat(cand, &st) == 0;
    }
  }
  if (!found || S_ISDIR(st.st_mode)) return 0; /* a system header, or libclang's own error */
  if (!S_ISREG(st.st_mode)) {
    snprintf(c->why, c->whylen, "not parsed: it includes %.*s (%s): %s", (int)n, name, cand,
             readfile_strerror(readfile_kind_errno(st.st_mode)));
    return 1;
  }
  if (depth <= 1 || c->budget <= 0) return 0;
  c->budget--;
  size_t hl = 0;
  char* h = readfile(cand, &hl);
  if (!h) return 0;
  int r = ig_file(c, cand, h, hl, depth - 1);
  free(h);
  return r;
}

/* What ig_file hands to each include line. */
typedef struct ig_walk {
  ig_ctx* c;
  const char* path;
  int depth;
} ig_walk;

static int ig_line(const incline* l, void* arg) {
  ig_walk* w = arg;
  return ig_include(w->c, w->path, l->name, l->len, l->quoted, w->depth);
}

/* Checks every #include line of buf (the text of path): 1 as soon as one
 * leads to a special file, else 0. */
static int ig_file(ig_ctx* c, const char* path, const char* buf, size_t len, int depth) {
  ig_walk w = {c, path, depth};
  return incline_each(buf, len, ig_line, &w) ? 1 : 0;
}

int incguard_check(const char* path, const char* buf, size_t len, const char* const* args,
                   size_t nargs, const char* const* extra, size_t nextra, char* why, size_t whylen) {
  ig_ctx c = {.dirs = malloc((nargs + nextra + 1) * sizeof(char*)), .budget = IG_BUDGET,
              .why = why, .whylen = whylen};
  if (!c.dirs) return 0; /* out of memory: parse as before */
  for (size_t i = 0; i < nargs;) {
    int used = ig_option(&c, args[i], i + 1 < nargs ? args[i + 1] : NULL);
    i += used ? (size_t)used : 1;
  }
  for (size_t i = 0; i < nextra;) {
    int used = ig_option(&c, extra[i], i + 1 < nextra ? extra[i + 1] : NULL);
    i += used ? (size_t)used : 1;
  }
  int r = ig_file(&c, path, buf, len, IG_DEPTH);
  free(c.dirs);
  return r;
}

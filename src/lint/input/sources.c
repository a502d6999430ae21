/* sources.c - collects the input files: walks folders (sorted, no loops, no build folders), applies excludes. */
#include "input/sources.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/error.h"
#include "base/readfile.h"
#include "base/srclang.h"
#include "input/gitfiles.h"

int sources_add(source_list* l, const char* path) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    source_file* v = realloc(l->v, cap * sizeof *v);
    if (!v) return PQL_ENOMEM;
    l->v = v;
    l->cap = cap;
  }
  source_file* f = &l->v[l->n];
  memset(f, 0, sizeof *f);
  f->path = strdup(path);
  if (!f->path) return PQL_ENOMEM;
  l->n++;
  return 0;
}

static void source_file_free(source_file* f) {
  free(f->path);
  for (size_t i = 0; i < f->nargs; i++) free(f->args[i]);
  free(f->args);
  free(f->contents);
}

void sources_free(source_list* l) {
  for (size_t i = 0; i < l->n; i++) source_file_free(&l->v[i]);
  free(l->v);
  memset(l, 0, sizeof *l);
}

int sources_excluded(const char* path, const char* const* globs, size_t n) {
  return sources_excluded_by(path, globs, n) >= 0;
}

long sources_excluded_by(const char* path, const char* const* globs, size_t n) {
  if (n == 0) return -1;
  const char* p = path;
  while (p[0] == '.' && p[1] == '/') p += 2;
  const char* base = strrchr(p, '/');
  base = base ? base + 1 : p;
  char abs[PATH_MAX];
  int have_abs = realpath(path, abs) != NULL;
  for (size_t i = 0; i < n; i++) {
    const char* g = globs[i];
    if (fnmatch(g, p, 0) == 0 || (!strchr(g, '/') && fnmatch(g, base, 0) == 0) ||
        (have_abs && fnmatch(g, abs, 0) == 0))
      return (long)i;
  }
  return -1;
}

/* Folders never walked into: VCS, hidden, build output, dependencies. */
static int skip_dir(const char* name) {
  if (name[0] == '.') return 1;
  if (!strncmp(name, "build", 5) || !strncmp(name, "cmake-build-", 12)) return 1;
  return !strcmp(name, "CMakeFiles") || !strcmp(name, "node_modules") ||
         !strcmp(name, "_build") || !strcmp(name, "__pycache__");
}


/* The folders entered so far (dev, ino), an open-addressing hash set: a
 * symlink back up, or to a folder walked already, is not followed. */
typedef struct seen_set {
  struct seen_key { dev_t dev; ino_t ino; int used; } * v;
  size_t n, cap;  /* cap: a power of two */
} seen_set;

static size_t seen_slot(const seen_set* s, dev_t dev, ino_t ino) {
  size_t h = ((size_t)ino * 0x9E3779B97F4A7C15ULL) ^ (size_t)dev;
  size_t i = h & (s->cap - 1);
  while (s->v[i].used && !(s->v[i].dev == dev && s->v[i].ino == ino)) i = (i + 1) & (s->cap - 1);
  return i;
}

/* 1 if (dev, ino) was seen already, else records it and returns 0 (-1 ENOMEM). */
static int seen_add(seen_set* s, dev_t dev, ino_t ino) {
  if ((s->n + 1) * 2 > s->cap) {
    seen_set bigger = {calloc(s->cap ? s->cap * 2 : 64, sizeof *s->v), 0, s->cap ? s->cap * 2 : 64};
    if (!bigger.v) return -1;
    for (size_t i = 0; i < s->cap; i++) {
      if (!s->v[i].used) continue;
      bigger.v[seen_slot(&bigger, s->v[i].dev, s->v[i].ino)] = s->v[i];
      bigger.n++;
    }
    free(s->v);
    *s = bigger;
  }
  size_t i = seen_slot(s, dev, ino);
  if (s->v[i].used) return 1;
  s->v[i].dev = dev;
  s->v[i].ino = ino;
  s->v[i].used = 1;
  s->n++;
  return 0;
}

static int cmp_str(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

typedef struct walk_ctx {
  source_list* l;
  seen_set dirs;
  const char* const* excludes;
  size_t nexcludes;
  sources_opts* o;
  gitfiles git;          /* the files git lists under the input folder (git.n == 0 && !git.on: no git) */
  size_t root_len;       /* bytes of a walked path before its part relative to the input folder */
  char* errbuf;
  size_t errlen;
} walk_ctx;

/* 1 if path p is left out by an exclude glob (counted, first glob noted). */
static int walk_excluded(walk_ctx* w, const char* p) {
  long g = sources_excluded_by(p, w->excludes, w->nexcludes);
  if (g < 0) return 0;
  if (w->o->nexcluded++ == 0) w->o->first_glob = g;
  return 1;
}

/* 1 if git ignores the walked file p (the input folder is in a git work tree
 * and git does not list it). */
static int walk_gitignored(walk_ctx* w, const char* p) {
  if (!w->git.on) return 0;
  if (gitfiles_has(&w->git, p + w->root_len)) return 0;
  w->o->ngitignored++;
  return 1;
}

/* Walks folder dir (already recorded in seen) in sorted order. */
static int walk(walk_ctx* w, const char* dir) {
  DIR* d = opendir(dir);
  if (!d) {
    snprintf(w->errbuf, w->errlen, "%s: cannot read the folder: %s", dir, strerror(errno));
    return PQL_EINPUT;
  }
  char** names = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  struct dirent* e;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      char** v = realloc(names, cap * sizeof *v);
      if (!v) { rc = PQL_ENOMEM; break; }
      names = v;
    }
    if (!(names[n] = strdup(e->d_name))) { rc = PQL_ENOMEM; break; }
    n++;
  }
  closedir(d);
  if (n) qsort(names, n, sizeof *names, cmp_str);
  for (size_t i = 0; i < n && rc == 0; i++) {
    size_t plen = strlen(dir) + strlen(names[i]) + 2;
    char* p = malloc(plen);
    if (!p) { rc = PQL_ENOMEM; break; }
    if (!strcmp(dir, ".")) snprintf(p, plen, "%s", names[i]);
    else if (dir[strlen(dir) - 1] == '/') snprintf(p, plen, "%s%s", dir, names[i]);
    else snprintf(p, plen, "%s/%s", dir, names[i]);
    struct stat st;
    if (stat(p, &st) != 0) { /* dangling symlink: nothing to analyse */
      free(p);
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      if (!skip_dir(names[i]) && !walk_excluded(w, p)) {
        int s = seen_add(&w->dirs, st.st_dev, st.st_ino);
        if (s < 0) rc = PQL_ENOMEM;
        else if (s == 0) rc = walk(w, p);
      }
    } else if (S_ISREG(st.st_mode) && srclang_is_source(names[i]) && !walk_excluded(w, p) &&
               !walk_gitignored(w, p)) {
      rc = sources_add(w->l, p);
    } else if (!S_ISREG(st.st_mode) && srclang_is_source(names[i]) && !walk_excluded(w, p)) {
      /* a FIFO, socket or device named like C source: never opened, noted */
      if (w->o->nspecial++ == 0) {
        snprintf(w->o->first_special, sizeof w->o->first_special, "%s", p);
        w->o->first_special_errno = readfile_kind_errno(st.st_mode);
      }
    }
    free(p);
  }
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  return rc;
}

int sources_collect(source_list* l, const char* const* inputs, size_t ninputs,
                    const char* const* excludes, size_t nexcludes, char* errbuf, size_t errlen) {
  sources_opts o = {.force_exclude = 1};
  return sources_collect_ex(l, inputs, ninputs, excludes, nexcludes, &o, errbuf, errlen);
}

/* Walks input folder `dir`: with o->use_git inside a git work tree, only
 * the files git lists. 0 or a PQL_E* code (errbuf set). */
static int walk_input(walk_ctx* w, const char* dir) {
  int rc = 0;
  memset(&w->git, 0, sizeof w->git);
  if (w->o->use_git && gitfiles_list(dir, &w->git) == PQL_ENOMEM) return PQL_ENOMEM;
  size_t n = strlen(dir);
  w->root_len = !strcmp(dir, ".") ? 0 : n + (dir[n - 1] == '/' ? 0 : 1);
  rc = walk(w, dir);
  gitfiles_free(&w->git);
  return rc;
}

int sources_collect_ex(source_list* l, const char* const* inputs, size_t ninputs,
                       const char* const* excludes, size_t nexcludes, sources_opts* o,
                       char* errbuf, size_t errlen) {
  walk_ctx w = {l, {0}, excludes, nexcludes, o, {0}, 0, errbuf, errlen};
  o->nexcluded = o->ngitignored = o->nspecial = 0;
  o->first_special[0] = 0;
  o->first_glob = -1;
  int rc = 0;
  for (size_t i = 0; i < ninputs && rc == 0; i++) {
    struct stat st;
    if (stat(inputs[i], &st) != 0) {
      snprintf(errbuf, errlen, "%s: %s", inputs[i], strerror(errno));
      rc = PQL_EINPUT;
    } else if (S_ISDIR(st.st_mode)) {
      int s = seen_add(&w.dirs, st.st_dev, st.st_ino);
      if (s < 0) rc = PQL_ENOMEM;
      else if (s == 0) rc = walk_input(&w, inputs[i]);
    } else if (!S_ISREG(st.st_mode)) { /* a FIFO, socket or device: an error, never opened */
      snprintf(errbuf, errlen, "%s: %s", inputs[i], readfile_strerror(readfile_kind_errno(st.st_mode)));
      rc = PQL_EINPUT;
    } else if (!o->force_exclude || !walk_excluded(&w, inputs[i])) {
      rc = sources_add(l, inputs[i]); /* an explicit file is analysed whatever its name */
    }
  }
  free(w.dirs.v);
  if (rc == PQL_ENOMEM) snprintf(errbuf, errlen, "out of memory");
  return rc;
}

static int cmp_source(const void* a, const void* b) {
  return strcmp(((const source_file*)a)->path, ((const source_file*)b)->path);
}

void sources_sort(source_list* l) {
  if (l->n < 2) return;
  qsort(l->v, l->n, sizeof *l->v, cmp_source);
  size_t out = 1;
  for (size_t i = 1; i < l->n; i++) {
    if (strcmp(l->v[i].path, l->v[out - 1].path) == 0) {
      source_file_free(&l->v[i]);
      continue;
    }
    l->v[out++] = l->v[i];
  }
  l->n = out;
}

/* FNV-1a, 64 bit, over the path without a leading "./". */
static uint64_t path_hash(const char* p) {
  while (p[0] == '.' && p[1] == '/') p += 2;
  uint64_t h = 1469598103934665603ULL;
  for (; *p; p++) {
    h ^= (unsigned char)*p;
    h *= 1099511628211ULL;
  }
  return h;
}

int sources_in_shard(const char* path, unsigned k, unsigned n) {
  if (n <= 1) return 1;
  return path_hash(path) % n == (uint64_t)(k - 1);
}

void sources_shard(source_list* l, unsigned k, unsigned n) {
  size_t out = 0;
  for (size_t i = 0; i < l->n; i++) {
    if (sources_in_shard(l->v[i].path, k, n)) l->v[out++] = l->v[i];
    else source_file_free(&l->v[i]);
  }
  l->n = out;
}

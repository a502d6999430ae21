/* model_match.c - queries on a loaded model_set: call patterns, resources, rules, pool-module globs. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <fnmatch.h>
#include <limits.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/error.h"
#include "model/model.h"

static pthread_key_t md_key;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;

static void md_free(void* p) { pcre2_match_data_free(p); }
static void md_init(void) { pthread_key_create(&md_key, md_free); }

/* This thread's match data (one ovector pair is all a yes/no match needs);
 * NULL out of memory. Freed when the thread exits. */
static pcre2_match_data* thread_md(void) {
  pthread_once(&md_once, md_init);
  pcre2_match_data* md = pthread_getspecific(md_key);
  if (!md) {
    md = pcre2_match_data_create(1, NULL);
    if (md && pthread_setspecific(md_key, md)) {
      pcre2_match_data_free(md);
      md = NULL;
    }
  }
  return md;
}

int model_re_match(const void* re, const char* s) {
  if (!re || !s) return 0;
  pcre2_match_data* md = thread_md();
  if (!md) return 0;
  return pcre2_match(re, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) >= 0;
}

int model_calls_match(const model_calls* calls, const char* name) {
  if (!calls || !name) return -1;
  for (size_t i = 0; i < calls->n; i++)
    if (model_re_match(calls->v[i].re, name)) return (int)i;
  return -1;
}

const model_resource* model_find_acquire(const model_set* m, const char* callee, int* idx) {
  for (size_t i = 0; m && i < m->nresources; i++) {
    int k = model_calls_match(&m->resources[i].acquire, callee);
    if (k >= 0) {
      if (idx) *idx = k;
      return &m->resources[i];
    }
  }
  return NULL;
}

/* Release first, then discard (a discard also ends the handle). */
const model_resource* model_find_release(const model_set* m, const char* callee, int* idx) {
  for (size_t i = 0; m && i < m->nresources; i++) {
    int k = model_calls_match(&m->resources[i].release, callee);
    if (k >= 0) {
      if (idx) *idx = k;
      return &m->resources[i];
    }
  }
  for (size_t i = 0; m && i < m->nresources; i++) {
    int k = model_calls_match(&m->resources[i].discard, callee);
    if (k >= 0) {
      if (idx) *idx = k;
      return &m->resources[i];
    }
  }
  return NULL;
}

const model_rule* model_rule_find(const model_set* m, const char* id) {
  for (size_t i = 0; m && id && i < m->nrules; i++)
    if (!strcmp(m->rules[i].id, id)) return &m->rules[i];
  return NULL;
}

/* 1 if glob matches path or one of its trailing sub-paths of whole
 * components (glob "lib/db/" + "*" matches "x/lib/db/db.c"). A leading
 * "./" of the glob is ignored; a glob ending in '/' means everything under
 * that folder. */
static int glob_match(const char* glob, const char* path) {
  while (glob[0] == '.' && glob[1] == '/') glob += 2;
  size_t n = strlen(glob);
  if (n && glob[n - 1] == '/') {
    char folder[PATH_MAX + 2];
    if (n + 2 > sizeof folder) return 0;
    memcpy(folder, glob, n);
    folder[n] = '*';
    folder[n + 1] = 0;
    return glob_match(folder, path);
  }
  for (const char* p = path; p;) {
    while (*p == '/') p++;
    if (!*p) break;
    if (!fnmatch(glob, p, 0)) return 1;
    p = strchr(p, '/');
  }
  return !fnmatch(glob, path, 0);
}

/* The absolute form of path (realpath, else cwd + "/" + path) into buf; 0 or -1. */
static int absolute(const char* path, char* buf, size_t len) {
  if (realpath(path, buf)) return 0;
  if (path[0] == '/') {
    if (strlen(path) >= len) return -1;
    strcpy(buf, path);
    return 0;
  }
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) return -1;
  size_t n = (size_t)snprintf(buf, len, "%s/%s", cwd, path);
  return n < len ? 0 : -1;
}

static int any_glob(const model_set* m, const char* path, const char* const* extra, size_t nextra) {
  for (size_t i = 0; m && i < m->npools; i++)
    for (size_t k = 0; k < m->pools[i].nmodule_globs; k++)
      if (glob_match(m->pools[i].module_globs[k], path)) return 1;
  for (size_t i = 0; i < nextra; i++)
    if (extra[i] && glob_match(extra[i], path)) return 1;
  return 0;
}

int model_in_pool_module(const model_set* m, const char* path, const char* const* extra_globs,
                         size_t nextra) {
  if (!path) return 0;
  if (any_glob(m, path, extra_globs, nextra)) return 1;
  char abs[PATH_MAX];
  return !absolute(path, abs, sizeof abs) && strcmp(abs, path) &&
         any_glob(m, abs, extra_globs, nextra);
}

/* PQL_EMODEL with errbuf filled if a pattern of calls matches callee with
 * an `arg` (or, for params, arg + 1 too) that the call does not have. */
static int check_list(const model_calls* c, const char* callee, int nargs, int extra,
                      const char* where, char* errbuf, size_t errlen) {
  for (size_t i = 0; c && i < c->n; i++) {
    int need = c->v[i].arg + extra;
    if (c->v[i].arg < 0 || need < nargs || !model_re_match(c->v[i].re, callee)) continue;
    if (errbuf && errlen)
      snprintf(errbuf, errlen,
               "%s: \"arg\": %d names argument %d of %s(), but %s() is called with %d argument%s at %s",
               c->v[i].origin ? c->v[i].origin : "a model", c->v[i].arg, need + 1, callee, callee, nargs,
               nargs == 1 ? "" : "s", where);
    return PQL_EMODEL;
  }
  return 0;
}

int model_check_call(const model_set* m, const char* callee, int nargs, const char* where,
                     char* errbuf, size_t errlen) {
  if (!m || !callee) return 0;
  int rc = 0;
  for (size_t i = 0; i < m->nresources && !rc; i++) {
    const model_resource* r = &m->resources[i];
    const model_calls* all[] = {&r->acquire, &r->release, &r->discard, &r->borrow,
                                &r->check,   &r->reads,   &r->info};
    for (size_t k = 0; k < sizeof all / sizeof *all && !rc; k++)
      rc = check_list(all[k], callee, nargs, 0, where, errbuf, errlen);
  }
  for (size_t i = 0; i < m->npools && !rc; i++) {
    const model_pool* p = &m->pools[i];
    const model_calls* all[] = {&p->acquire, &p->release, &p->discard,
                                &p->create,  &p->destroy, &p->size_args};
    for (size_t k = 0; k < sizeof all / sizeof *all && !rc; k++)
      rc = check_list(all[k], callee, nargs, 0, where, errbuf, errlen);
  }
  const model_calls* top[] = {&m->takes_ownership, &m->conninfo,   &m->password,
                              &m->async_send,      &m->async_get,  &m->async_commands,
                              &m->async_pipeline};
  for (size_t k = 0; k < sizeof top / sizeof *top && !rc; k++)
    rc = check_list(top[k], callee, nargs, 0, where, errbuf, errlen);
  if (!rc) rc = check_list(&m->params, callee, nargs, 1, where, errbuf, errlen);
  return rc;
}

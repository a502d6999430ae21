/* driver.c - runs the analysis: pass 1 per file in worker threads, then summaries, then pass 2, then a deterministic merge. */
#define _GNU_SOURCE /* qsort_r */
#include "run/driver.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/error.h"
#include "ir/flow.h"
#include "parse/parse.h"
#include "parse/prefilter.h"

/* What one file produced; written by exactly one worker, read after join. */
typedef struct file_slot {
  lint_file lf;
  finding_list findings;
  flow_unit* unit;
  int mine;       /* 1: in the share this run reports */
  char* input_error;  /* "PATH: reason" for an unreadable or binary file */
} file_slot;

typedef struct shared {
  const source_list* src;
  const driver_opts* o;
  prefilter* pf;
  file_slot* slots;
  flow_summaries* sums;
  int pass;               /* 1 or 2 */
  size_t* order;          /* file indexes, biggest file first (NULL: input order) */
  atomic_size_t next;     /* next position in order to take */
  atomic_size_t done;     /* files finished in this pass */
} shared;

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The -I folders of a file's flags then of the common flags, then asks the
 * prefilter whether a quoted include mentions a model name. */
static int includes_hit(shared* s, const source_file* sf, const char* buf, size_t len) {
  const char* dirs[64];
  size_t n = 0;
  for (int pass = 0; pass < 2; pass++) {
    const char* const* v = pass ? s->o->flags : (const char* const*)sf->args;
    size_t nv = pass ? s->o->nflags : sf->nargs;
    for (size_t i = 0; i < nv && n < 64; i++) {
      if (!strcmp(v[i], "-I") || !strcmp(v[i], "-iquote")) {
        if (i + 1 < nv) dirs[n++] = v[++i];
      } else if (!strncmp(v[i], "-I", 2)) {
        dirs[n++] = v[i] + 2;
      }
    }
  }
  return prefilter_match_includes(s->pf, sf->path, buf, len, dirs, n);
}

/* Pass 1 on file i: read, prefilter, parse, check, lower, dispose. */
static void pass1_file(shared* s, parse_ctx* pc, size_t i) {
  const source_file* sf = &s->src->v[i];
  file_slot* slot = &s->slots[i];
  char err[1024];
  char* buf = NULL;
  size_t len = 0;
  if (sf->contents) {
    buf = sf->contents;
    len = sf->len;
  } else if (prefilter_read(sf->path, &buf, &len, err, sizeof err)) {
    slot->input_error = strdup(err);
    return;
  }
  int hit = prefilter_match(s->pf, buf, len);
  if (hit == PQL_EINPUT) {
    snprintf(err, sizeof err, "%s: binary file (it contains NUL bytes), not C source", sf->path);
    slot->input_error = strdup(err);
  } else if (hit == 0 && !includes_hit(s, sf, buf, len)) {
    slot->lf.skipped = 1;
  } else {
    CXTranslationUnit tu = NULL;
    int rc = parse_file(pc, sf->path, buf, len, (const char* const*)sf->args, sf->nargs,
                        s->o->flags, s->o->nflags, &tu, &slot->lf);
    if (rc == 0 && tu) {
      lint_tu t = {tu, sf->path, s->o->models, s->o->rules,
                   model_in_pool_module(s->o->models, sf->path, s->o->pool_globs,
                                        s->o->npool_globs)};
      if (slot->mine) {
        rc = check_syntactic(&t, &slot->findings);
        if (rc) pql_warnf("%s: syntactic checks stopped early: %s", sf->path, pql_strerror(rc));
      }
      rc = flow_lower(&t, &slot->unit);
      if (rc) {
        pql_warnf("%s: path analysis skipped: %s", sf->path, pql_strerror(rc));
        slot->unit = NULL;
      }
      if (slot->lf.parse_errors > 0) slot->lf.touching_fns = flow_unit_touching(slot->unit, s->o->models);
      clang_disposeTranslationUnit(tu);
    }
  }
  if (buf != sf->contents) free(buf);
}

static void* worker(void* arg) {
  shared* s = arg;
  parse_ctx* pc = s->pass == 1 ? parse_ctx_new() : NULL;
  if (s->pass == 1 && !pc) pql_errorf("cannot create a libclang index (out of memory)");
  for (;;) {
    size_t k = atomic_fetch_add(&s->next, 1);
    if (k >= s->src->n) break;
    size_t i = s->order ? s->order[k] : k;
    file_slot* slot = &s->slots[i];
    if (s->pass == 1) {
      if (pc) pass1_file(s, pc, i);
    } else if (slot->mine && slot->unit) {
      int rc = flow_check(slot->unit, s->sums, s->o->models, s->o->rules, &slot->findings,
                          &slot->lf);
      if (rc) pql_warnf("%s: path analysis stopped early: %s", slot->lf.path, pql_strerror(rc));
    }
    atomic_fetch_add(&s->done, 1);
  }
  parse_ctx_free(pc);
  return NULL;
}

/* Sizes for scheduling: big files first, so no thread is left with one
 * big file at the end (the output does not depend on the order). */
static int cmp_by_size(const void* a, const void* b, void* arg) {
  const off_t* sort_sizes = arg;
  size_t x = *(const size_t*)a, y = *(const size_t*)b;
  if (sort_sizes[x] != sort_sizes[y]) return sort_sizes[x] > sort_sizes[y] ? -1 : 1;
  return x < y ? -1 : x > y;
}

/* The schedule: indexes of src by decreasing size; NULL on ENOMEM. */
static size_t* schedule(const source_list* src) {
  size_t* order = malloc((src->n ? src->n : 1) * sizeof *order);
  off_t* sizes = malloc((src->n ? src->n : 1) * sizeof *sizes);
  if (!order || !sizes) {
    free(order);
    free(sizes);
    return NULL;
  }
  for (size_t i = 0; i < src->n; i++) {
    struct stat st;
    order[i] = i;
    sizes[i] = src->v[i].contents ? (off_t)src->v[i].len
                                  : (stat(src->v[i].path, &st) == 0 ? st.st_size : 0);
  }
  qsort_r(order, src->n, sizeof *order, cmp_by_size, sizes);
  free(sizes);
  return order;
}

/* Prints "pqlint: N/M files, T s" over itself on stderr. */
static void show_progress(const char* what, size_t done, size_t total, double elapsed) {
  fprintf(stderr, "\r\033[Kpqlint: %s %zu/%zu files, %.1f s", what, done, total, elapsed);
  fflush(stderr);
}

/* Runs one pass over all files in nthreads threads (the caller's thread
 * shows progress). Returns 0 or PQL_ENOMEM if no thread could start. */
static int run_pass(shared* s, unsigned nthreads, int progress, double t0) {
  atomic_store(&s->next, 0);
  atomic_store(&s->done, 0);
  pthread_t* th = calloc(nthreads, sizeof *th);
  if (!th) return PQL_ENOMEM;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 16u << 20); /* libclang recurses deeply on big ASTs */
  unsigned started = 0;
  for (unsigned i = 0; i < nthreads; i++)
    if (pthread_create(&th[i], &attr, worker, s) == 0) th[started++] = th[i];
  pthread_attr_destroy(&attr);
  if (started == 0) worker(s); /* no thread: do the work here */
  int shown = 0;
  int live = progress && isatty(2); /* a line that rewrites itself needs a terminal */
  double after = progress >= 2 ? 0.0 : 1.0; /* forced: at once; on a terminal: long runs only */
  while (started && atomic_load(&s->done) < s->src->n) {
    usleep(100000);
    double el = now_seconds() - t0;
    if (live && el > after) {
      show_progress(s->pass == 1 ? "parsed" : "checked", atomic_load(&s->done), s->src->n, el);
      shown = 1;
    }
  }
  for (unsigned i = 0; i < started; i++) pthread_join(th[i], NULL);
  if (progress >= 2) { /* forced (--progress): the final count stays visible */
    if (shown) fputs("\r\033[K", stderr);
    fprintf(stderr, "pqlint: %s %zu/%zu files, %.1f s\n", s->pass == 1 ? "parsed" : "checked",
            s->src->n, s->src->n, now_seconds() - t0);
  } else if (shown) {
    fputs("\r\033[K", stderr);
    fflush(stderr);
  }
  free(th);
  return 0;
}

void driver_run_free(lint_run* run) {
  finding_list_free(&run->findings);
  for (size_t i = 0; i < run->nfiles; i++) {
    free(run->files[i].path);
    free(run->files[i].first_error);
    free(run->files[i].incomplete);
    flow_gaveup_free(&run->files[i]);
  }
  free(run->files);
  run->files = NULL;
  run->nfiles = 0;
}

int driver_run(const source_list* src, const driver_opts* o, lint_run* run) {
  double t0 = now_seconds();
  memset(run, 0, sizeof *run);
  finding_list_init(&run->findings);
  run->models = o->models;
  shared s = {.src = src, .o = o, .pass = 1};
  s.slots = calloc(src->n ? src->n : 1, sizeof *s.slots);
  if (!s.slots || prefilter_new(o->models, &s.pf)) {
    free(s.slots);
    pql_errorf("out of memory");
    return PQL_ENOMEM;
  }
  for (size_t i = 0; i < src->n; i++) {
    finding_list_init(&s.slots[i].findings);
    s.slots[i].lf.path = strdup(src->v[i].path);
    s.slots[i].mine = o->shard_n ? sources_in_shard(src->v[i].path, o->shard_k, o->shard_n) : 1;
  }
  unsigned jobs = o->jobs;
  if (jobs == 0) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    jobs = n > 0 ? (unsigned)n : 1;
  }
  if (src->n && jobs > src->n) jobs = (unsigned)src->n;
  if (jobs == 0) jobs = 1;
  s.order = schedule(src); /* NULL: input order, still correct */
  int rc = run_pass(&s, jobs, o->progress, t0);

  /* summaries over every unit (all shares), then pass 2 on this share */
  if (rc == 0) {
    flow_unit** units = calloc(src->n ? src->n : 1, sizeof *units);
    if (!units) rc = PQL_ENOMEM;
    for (size_t i = 0; units && i < src->n; i++) units[i] = s.slots[i].unit;
    if (units) {
      s.sums = flow_summaries_build(units, src->n, o->models);
      free(units);
      if (!s.sums) rc = PQL_ENOMEM;
    }
  }
  if (rc == 0) {
    s.pass = 2;
    rc = run_pass(&s, jobs, o->progress, t0);
  }
  flow_summaries_free(s.sums);

  /* merge in input order, then sort: the same report whatever the thread count */
  int input_errors = 0;
  run->files = calloc(src->n ? src->n : 1, sizeof *run->files);
  if (!run->files && rc == 0) rc = PQL_ENOMEM;
  for (size_t i = 0; i < src->n; i++) {
    file_slot* slot = &s.slots[i];
    if (slot->input_error) {
      pql_errorf("%s", slot->input_error);
      input_errors++;
      free(slot->input_error);
    }
    if (rc == 0 && finding_list_move(&run->findings, &slot->findings)) rc = PQL_ENOMEM;
    finding_list_free(&slot->findings);
    flow_unit_free(slot->unit);
    if (run->files && slot->mine) {
      run->files[run->nfiles++] = slot->lf;
    } else {
      free(slot->lf.path);
      free(slot->lf.first_error);
      free(slot->lf.incomplete);
      flow_gaveup_free(&slot->lf);
    }
  }
  free(s.slots);
  free(s.order);
  prefilter_free(s.pf);
  finding_list_sort(&run->findings);
  run->seconds = now_seconds() - t0;
  if (rc == PQL_ENOMEM) pql_errorf("out of memory");
  if (rc == 0 && input_errors) rc = PQL_EINPUT;
  return rc;
}

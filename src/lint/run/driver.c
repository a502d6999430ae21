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
#include "run/select.h"

/* What one file produced; written by exactly one worker, read after join. */
typedef struct file_slot {
  lint_file lf;
  finding_list findings;
  flow_unit* unit;
  int mine;       /* 1: in the share this run reports */
  char* input_error;  /* "PATH: reason" for an unreadable or binary file */
  char* model_error;  /* a model call pattern whose `arg` this file's calls do not have */
} file_slot;

typedef struct shared {
  const source_list* src;
  const driver_opts* o;
  prefilter* pf;
  file_slot* slots;
  flow_summaries* sums;
  selector* sel;          /* which files are parsed (run/select.c) */
  int pass;               /* 0 (read and scan), 1 (parse a batch) or 2 */
  size_t* order;          /* file indexes, biggest file first (NULL: input order) */
  size_t* batch;          /* pass 1: the file indexes to parse now */
  size_t nbatch;
  off_t* sizes;           /* per file, for scheduling (NULL: unknown) */
  atomic_size_t next;     /* next position in order to take */
  atomic_size_t done;     /* files finished in this pass */
} shared;

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* PQL_TIMING=1: one stderr line per phase (for bench/lint_bench.sh and profiling). */
static void phase(const char* what, size_t n, double t0) {
  static int on = -1;
  if (on < 0) on = getenv("PQL_TIMING") != NULL;
  if (on) fprintf(stderr, "pqlint-timing: %-10s %5zu files %7.3f s\n", what, n, now_seconds() - t0);
}

/* Pass 0 on file i: read it, refuse a binary file, scan its text for the selector. */
static void pass0_file(shared* s, size_t i) {
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
  if (memchr(buf, 0, len)) {
    snprintf(err, sizeof err, "%s: binary file (it contains NUL bytes), not C source", sf->path);
    slot->input_error = strdup(err);
  } else if (select_scan(s->sel, i, buf, len)) {
    pql_warnf("%s: out of memory while scanning; the file is parsed", sf->path);
  }
  if (buf != sf->contents) free(buf);
}

/* Pass 1 on file i (chosen by the selector): read, parse, check, lower, dispose. */
static void pass1_file(shared* s, parse_ctx* pc, size_t i) {
  const source_file* sf = &s->src->v[i];
  file_slot* slot = &s->slots[i];
  char err[1024];
  char* buf = NULL;
  size_t len = 0;
  if (slot->input_error) return;
  if (sf->contents) {
    buf = sf->contents;
    len = sf->len;
  } else if (prefilter_read(sf->path, &buf, &len, err, sizeof err)) {
    slot->input_error = strdup(err);
    return;
  }
  {
    double ta = now_seconds();
    CXTranslationUnit tu = NULL;
    int rc = parse_file(pc, sf->path, buf, len, (const char* const*)sf->args, sf->nargs,
                        s->o->flags, s->o->nflags, &tu, &slot->lf);
    double tb = now_seconds();
    if (rc == 0 && tu) {
      lint_tu t = {tu, sf->path, s->o->models, s->o->rules,
                   model_in_pool_module(s->o->models, sf->path, s->o->pool_globs,
                                        s->o->npool_globs)};
      if (slot->mine) {
        rc = check_syntactic(&t, &slot->findings);
        if (rc) pql_warnf("%s: syntactic checks stopped early: %s", sf->path, pql_strerror(rc));
      }
      double tc = now_seconds();
      rc = flow_lower(&t, &slot->unit);
      double td = now_seconds();
      if (getenv("PQL_TIMING"))
        fprintf(stderr, "pqlint-timing: file %s parse %.3f check %.3f lower %.3f\n", sf->path, tb - ta, tc - tb, td - tc);
      if (rc) {
        pql_warnf("%s: path analysis skipped: %s", sf->path, pql_strerror(rc));
        slot->unit = NULL;
      } else {
        flow_unit_set_pool_module(slot->unit, t.in_pool_module);
        char mer[1024];
        if (flow_unit_check_args(slot->unit, s->o->models, mer, sizeof mer) == PQL_EMODEL)
          slot->model_error = strdup(mer);
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
  size_t total = s->pass == 1 ? s->nbatch : s->src->n;
  for (;;) {
    size_t k = atomic_fetch_add(&s->next, 1);
    if (k >= total) break;
    size_t i = s->pass == 1 ? s->batch[k] : s->order ? s->order[k] : k;
    file_slot* slot = &s->slots[i];
    if (s->pass == 0) {
      pass0_file(s, i);
    } else if (s->pass == 1) {
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

/* The schedule: indexes of src by decreasing size (the sizes stay in
 * *sizes_out, malloc'd); NULL on ENOMEM. */
static size_t* schedule(const source_list* src, off_t** sizes_out) {
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
  *sizes_out = sizes;
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
  size_t total = s->pass == 1 ? s->nbatch : s->src->n;
  double drawn = -1.0; /* when the line was last drawn */
  while (live && started && atomic_load(&s->done) < total) {
    usleep(5000); /* short naps: a pass ends when its last file does, not on the next tick */
    double el = now_seconds() - t0;
    if (el > after && el - drawn >= 0.1) {
      drawn = el;
      show_progress(s->pass == 0 ? "read" : s->pass == 1 ? "parsed" : "checked", atomic_load(&s->done), total, el);
      shown = 1;
    }
  }
  for (unsigned i = 0; i < started; i++) pthread_join(th[i], NULL);
  if (progress >= 2) { /* forced (--progress): the final count stays visible */
    if (shown) fputs("\r\033[K", stderr);
    if (s->pass == 2) /* pass 0 is quick; pass 1 runs per batch and driver_run sums it up */
      fprintf(stderr, "pqlint: %s %zu/%zu files, %.1f s\n", s->pass == 1 ? "parsed" : "checked",
              total, total, now_seconds() - t0);
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
  s.order = schedule(src, &s.sizes); /* NULL: input order, still correct */
  s.batch = malloc((src->n ? src->n : 1) * sizeof *s.batch);
  int rc = s.batch && !select_new(src, s.pf, o->flags, o->nflags, &s.sel) ? 0 : PQL_ENOMEM;
  if (rc == 0) { /* pass 0: read and scan every file */
    s.pass = 0;
    rc = run_pass(&s, jobs, 0, t0);
    phase("read+scan", src->n, t0);
  }
  if (rc == 0) rc = select_first(s.sel, s.batch, &s.nbatch);
  phase("select", s.nbatch, t0);
  flow_unit** units = calloc(src->n ? src->n : 1, sizeof *units);
  if (!units && rc == 0) rc = PQL_ENOMEM;
  /* parse what the selector asks for, lower, learn; until it asks for nothing */
  while (rc == 0) {
    if (s.nbatch) {
      if (s.sizes) qsort_r(s.batch, s.nbatch, sizeof *s.batch, cmp_by_size, s.sizes);
      s.pass = 1;
      rc = run_pass(&s, jobs, o->progress, t0);
      for (size_t k = 0; k < s.nbatch; k++) units[s.batch[k]] = s.slots[s.batch[k]].unit;
      phase("parse", s.nbatch, t0);
      if (rc) break;
    }
    rc = select_after_lowering(s.sel, units, s.batch, &s.nbatch);
    if (rc || s.nbatch) continue;
    flow_summaries_free(s.sums);
    s.sums = flow_summaries_build(units, src->n, o->models);
    if (!s.sums) {
      rc = PQL_ENOMEM;
      break;
    }
    phase("summaries", 0, t0);
    rc = select_after_summaries(s.sel, s.sums, s.batch, &s.nbatch);
    if (rc == 0 && !s.nbatch) rc = select_after_lowering(s.sel, units, s.batch, &s.nbatch);
    if (rc || !s.nbatch) break;
  }
  free(units);
  for (size_t i = 0; i < src->n && rc == 0; i++) /* the first in input order: deterministic */
    if (s.slots[i].model_error) {
      pql_errorf("%s", s.slots[i].model_error);
      rc = PQL_EMODEL;
    }
  for (size_t i = 0; s.sel && i < src->n; i++) {
    int why = select_reason(s.sel, i);
    if (why == SEL_NO && !s.slots[i].input_error) s.slots[i].lf.skipped = 1;
    if (why == SEL_SUMMARY && s.slots[i].mine) run->nsummary_only++;
  }
  if (o->progress >= 2 && s.sel) {
    size_t np = 0, nsk = 0;
    for (size_t i = 0; i < src->n; i++) {
      np += select_reason(s.sel, i) != SEL_NO;
      nsk += s.slots[i].lf.skipped != 0;
    }
    fprintf(stderr, "pqlint: parsed %zu/%zu files (%zu skipped by the prefilter), %.1f s\n", np, src->n,
            nsk, now_seconds() - t0);
  }
  if (rc == 0) {
    s.pass = 2;
    rc = run_pass(&s, jobs, o->progress, t0);
    phase("check", src->n, t0);
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
    free(slot->model_error);
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
  free(s.sizes);
  free(s.batch);
  select_free(s.sel);
  prefilter_free(s.pf);
  finding_list_sort(&run->findings);
  run->seconds = now_seconds() - t0;
  if (rc == PQL_ENOMEM) pql_errorf("out of memory");
  if (rc == 0 && input_errors) rc = PQL_EINPUT;
  return rc;
}

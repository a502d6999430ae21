/* driver.c - runs the analysis: pass 1 per file in worker threads, then summaries, then pass 2, then a deterministic merge. */
#define _GNU_SOURCE /* qsort_r */
#include "run/driver.h"

#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/deadline.h"
#include "base/error.h"
#include "base/fmtsize.h"
#include "ir/flow.h"
#include "ir/flow_ir.h"
#include "parse/incguard.h"
#include "parse/parse.h"
#include "parse/prefilter.h"
#include "run/select.h"
#include "run/spill.h"
#include "run/sumfile.h"

/* What one file produced; written by exactly one worker, read after join. */
typedef struct file_slot {
  lint_file lf;
  finding_list findings;
  flow_unit* unit;
  int mine;       /* 1: in the share this run reports */
  char* input_error;  /* "PATH: reason" for an unreadable or binary file */
  char* model_error;  /* a model call pattern whose `arg` this file's calls do not have */
  int too_big;        /* 1: over --max-file-size, not read further nor parsed */
  int timed_out;      /* 1: past --file-timeout; findings and unit dropped */
  double spent;       /* seconds of the file's budget used in pass 1 */
  size_t steps;       /* deadline polls made in pass 1 (the test knob counts them) */
} file_slot;

/* What one worker thread is parsing, for the watchdog (run_pass). */
typedef struct worker_watch {
  atomic_size_t file;   /* index + 1 of the file being parsed; 0: none */
  _Atomic double since; /* when that parse began (deadline_now) */
} worker_watch;

typedef struct shared {
  const source_list* src;
  const driver_opts* o;
  prefilter* pf;
  file_slot* slots;
  flow_summaries* sums;
  selector* sel;          /* which files are parsed (run/select.c) */
  spill* sp;              /* lowered units past the memory budget, on disk (run/spill.c) */
  atomic_int spill_failed; /* a spilled unit could not be read back: the run fails */
  int pass;               /* 0 (read and scan), 1 (parse a batch) or 2 */
  size_t* order;          /* file indexes, biggest file first (NULL: input order) */
  size_t* batch;          /* pass 1: the file indexes to parse now */
  size_t nbatch;
  off_t* sizes;           /* per file, for scheduling (NULL: unknown) */
  atomic_size_t next;     /* next position in order to take */
  atomic_size_t done;     /* files finished in this pass */
  worker_watch* watch;    /* per worker (run_pass), or NULL */
} shared;

/* One worker's argument. */
typedef struct worker_arg {
  shared* s;
  unsigned id;
} worker_arg;


/* malloc_trim(0), except under AddressSanitizer: its allocator is not glibc's, and trimming
 * glibc's arenas there ends in "malloc assertion failure in __malloc_arena_thread_freeres". */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PQL_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define PQL_ASAN 1
#endif
static void pql_malloc_trim(void) {
#ifndef PQL_ASAN
  malloc_trim(0);
#endif
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds of the calling thread (per-file timing is not skewed by a loaded machine). */
static double cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* PQL_TIMING=1: one stderr line per phase (for bench/lint_bench.sh and profiling). */
static void phase(const char* what, size_t n, double t0) {
  static int on = -1;
  if (on < 0) on = getenv("PQL_TIMING") != NULL;
  if (on) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    fprintf(stderr, "pqlint-timing: %-10s %5zu files %7.3f s %7.3f CPU s\n", what, n, now_seconds() - t0,
            (double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
  }
}

/* File over --max-file-size: recorded as incomplete, never parsed. */
static void mark_too_big(const shared* s, file_slot* slot, size_t size) {
  char a[32], b[32], why[128];
  pql_fmt_size(size, a, sizeof a);
  pql_fmt_size(s->o->max_file_size, b, sizeof b);
  if (size > s->o->max_file_size && !strcmp(a, b)) snprintf(a, sizeof a, "%zu bytes", size);
  snprintf(why, sizeof why, "not parsed: %s, larger than --max-file-size %s", a, b);
  slot->too_big = 1;
  slot->lf.not_read = 1;
  free(slot->lf.incomplete);
  slot->lf.incomplete = strdup(why);
}

/* File past --file-timeout (where: the stage it was in): every finding of
 * the file is dropped (a partial list would depend on the machine's speed
 * and the thread count), its give-ups too; lint_file.incomplete says why. */
static void mark_timed_out(const shared* s, file_slot* slot, const char* where) {
  char why[160];
  snprintf(why, sizeof why, "analysis stopped %s after --file-timeout %g s; its findings are dropped",
           where, s->o->file_timeout);
  slot->timed_out = 1;
  finding_list_free(&slot->findings);
  finding_list_init(&slot->findings);
  flow_gaveup_free(&slot->lf);
  free(slot->lf.incomplete);
  slot->lf.incomplete = strdup(why);
}

/* Reads file sf into *buf and *len (its unsaved contents, or from disk). 0; 1 if
 * it is over --max-file-size (marked, nothing read); -1 on an input error
 * (recorded in the slot). */
static int read_source(const shared* s, const source_file* sf, file_slot* slot, char** buf,
                       size_t* len) {
  char err[1024];
  size_t max = s->o->max_file_size;
  if (sf->contents) {
    if (max && sf->len > max) {
      mark_too_big(s, slot, sf->len);
      return 1;
    }
    *buf = sf->contents;
    *len = sf->len;
    return 0;
  }
  int rc = prefilter_read(sf->path, max, buf, len, err, sizeof err);
  if (rc == PQL_ETOOBIG) {
    mark_too_big(s, slot, *len);
    return 1;
  }
  if (rc) {
    slot->input_error = strdup(err);
    return -1;
  }
  return 0;
}

/* Pass 0 on file i: read it, refuse a binary file, scan its text for the selector. */
static void pass0_file(shared* s, size_t i) {
  const source_file* sf = &s->src->v[i];
  file_slot* slot = &s->slots[i];
  char err[1024];
  char* buf = NULL;
  size_t len = 0;
  if (read_source(s, sf, slot, &buf, &len)) return;
  if (memchr(buf, 0, len)) {
    snprintf(err, sizeof err, "%s: binary file (it contains NUL bytes), not C source", sf->path);
    slot->input_error = strdup(err);
  } else if (select_scan(s->sel, i, buf, len)) {
    pql_warnf("%s: out of memory while scanning; the file is parsed", sf->path);
  }
  if (buf != sf->contents) free(buf);
}

/* C++ constructs not modelled in the file's functions: recorded as incomplete analysis. */
static void note_unmodelled(lint_file* lf, const flow_unit* u, const model_set* m) {
  char* why = NULL;
  size_t n = flow_unit_unmodelled(u, m, &why);
  if (!n) return;
  lf->unmodelled_fns = n;
  if (!lf->incomplete) {
    lf->incomplete = why ? why : strdup("C++ constructs not modelled");
    return;
  }
  size_t a = strlen(lf->incomplete), b = why ? strlen(why) : 0;
  char* joined = realloc(lf->incomplete, a + b + 3);
  if (joined && why) {
    memcpy(joined + a, "; ", 2);
    memcpy(joined + a + 2, why, b + 1);
  }
  if (joined) lf->incomplete = joined;
  free(why);
}

/* Pass 1 on file i (chosen by the selector): read, parse, check, lower,
 * dispose. The file's deadline (--file-timeout) is armed here and polled
 * between the stages (libclang's parse itself cannot be interrupted: the
 * watchdog in run_pass bounds it). */
static void pass1_file(shared* s, parse_ctx* pc, size_t i, worker_watch* w) {
  const source_file* sf = &s->src->v[i];
  file_slot* slot = &s->slots[i];
  char* buf = NULL;
  size_t len = 0;
  if (slot->input_error || slot->too_big) return;
  if (read_source(s, sf, slot, &buf, &len)) return;
  char why[1024];
  if (incguard_check(sf->path, buf, len, (const char* const*)sf->args, sf->nargs, s->o->flags,
                     s->o->nflags, why, sizeof why)) { /* a FIFO or device header: never parsed */
    free(slot->lf.incomplete);
    slot->lf.incomplete = strdup(why);
    if (buf != sf->contents) free(buf);
    return;
  }
  int in_pool = model_in_pool_module(s->o->models, sf->path, s->o->pool_globs, s->o->npool_globs);
  cache_key key = {sf->path, (const char* const*)sf->args, sf->nargs, s->o->flags, s->o->nflags, in_pool};
  cache_entry ce;
  {
    double ta = now_seconds();
    if (s->o->cache && cache_get(s->o->cache, &key, buf, len, s->o->models, &ce) == 0) {
      /* what pass 1 made of these very bytes and headers before (only complete files are cached) */
      slot->lf.parse_errors = ce.parse_errors;
      slot->lf.first_error = ce.first_error;
      ce.first_error = NULL;
      if (slot->mine && finding_list_move(&slot->findings, &ce.findings))
        pql_warnf("%s: out of memory while reading the cache", sf->path);
      slot->unit = ce.unit;
      ce.unit = NULL;
      cache_entry_free(&ce);
      flow_unit_set_pool_module(slot->unit, in_pool);
      {
        char mer[1024]; /* the models may differ from the run that wrote the entry */
        if (flow_unit_check_args(slot->unit, s->o->models, mer, sizeof mer) == PQL_EMODEL)
          slot->model_error = strdup(mer);
      }
      if (slot->lf.parse_errors > 0) slot->lf.touching_fns = flow_unit_touching(slot->unit, s->o->models);
      goto out;
    }
    if (s->o->file_timeout > 0) deadline_arm(s->o->file_timeout, 0);
    if (w) {
      atomic_store(&w->since, ta);
      atomic_store(&w->file, i + 1);
    }
    double ca = cpu_seconds();
    CXTranslationUnit tu = NULL;
    int rc = parse_file(pc, sf->path, buf, len, (const char* const*)sf->args, sf->nargs,
                        s->o->flags, s->o->nflags, &tu, &slot->lf);
    if (w) atomic_store(&w->file, 0);
    double cb = cpu_seconds();
    if (rc == 0 && tu && deadline_passed_now()) {
      mark_timed_out(s, slot, "during the parse");
      parse_dispose(tu);
    } else if (rc == 0 && tu) {
      lint_tu t = {tu, sf->path, s->o->models, s->o->rules, in_pool, slot->lf.cxx};
      /* with a cache the findings are kept for a later run that reports this file */
      if (slot->mine || s->o->cache) {
        rc = check_syntactic(&t, &slot->findings);
        if (rc) pql_warnf("%s: syntactic checks stopped early: %s", sf->path, pql_strerror(rc));
      }
      int checks_ok = rc == 0;
      double cc = cpu_seconds();
      if (deadline_passed_now()) {
        mark_timed_out(s, slot, "after the syntactic checks");
        parse_dispose(tu);
        goto out;
      }
      rc = flow_lower(&t, &slot->unit);
      double cd = cpu_seconds();
      if (getenv("PQL_TIMING"))
        fprintf(stderr, "pqlint-timing: file %s parse %.3f check %.3f lower %.3f (CPU s)\n", sf->path, cb - ca, cc - cb, cd - cc);
      if (rc) {
        pql_warnf("%s: path analysis skipped: %s", sf->path, pql_strerror(rc));
        slot->unit = NULL;
        if (!slot->lf.incomplete) { /* not reported as clean: its exit status follows --parse-errors */
          char why[160];
          snprintf(why, sizeof why, "path analysis skipped: %s in lowering", pql_strerror(rc));
          slot->lf.incomplete = strdup(why);
        }
      } else {
        flow_unit_set_pool_module(slot->unit, t.in_pool_module);
        char mer[1024];
        if (flow_unit_check_args(slot->unit, s->o->models, mer, sizeof mer) == PQL_EMODEL)
          slot->model_error = strdup(mer);
      }
      int late = !rc && deadline_passed_now();
      if (slot->lf.parse_errors > 0 || late)
        slot->lf.touching_fns = flow_unit_touching(slot->unit, s->o->models);
      if (late) { /* the unit is dropped: no summary from a timed-out file, and nothing cached */
        mark_timed_out(s, slot, "in lowering");
        flow_unit_free(slot->unit);
        slot->unit = NULL;
      } else if (s->o->cache && checks_ok && rc == 0 && !slot->lf.cxx) { /* C++ units are not cached */
        cache_entry e = {slot->lf.parse_errors, slot->lf.first_error, slot->findings, slot->unit};
        cache_put(s->o->cache, &key, buf, len, tu, &e); /* a failed write only costs the next run */
      }
      if (slot->unit) note_unmodelled(&slot->lf, slot->unit, s->o->models);
      if (!slot->mine) {
        finding_list_free(&slot->findings);
        finding_list_init(&slot->findings);
      }
      parse_dispose(tu);
      pql_malloc_trim(); /* the TU's pages back to the system: the IR is what lives on (PG tree -j2: 167 -> 144 MB peak) */
    }
  out:
    if (slot->unit) spill_admit(s->sp, i, slot->unit); /* over the budget: to disk until needed */
    slot->spent = now_seconds() - ta;
    slot->steps = deadline_steps();
    deadline_disarm();
  }
  if (buf != sf->contents) free(buf);
}

/* Pass 2 on file i: the path rules, with what is left of the file's budget. */
static void pass2_file(shared* s, size_t i) {
  file_slot* slot = &s->slots[i];
  if (spill_load(s->sp, i, slot->unit)) {
    atomic_store(&s->spill_failed, 1);
    return;
  }
  if (s->o->file_timeout > 0) deadline_arm(s->o->file_timeout - slot->spent, slot->steps);
  int rc = flow_check(slot->unit, s->sums, s->o->models, s->o->rules, &slot->findings, &slot->lf);
  if (rc == PQL_ETIMEDOUT || (rc == 0 && deadline_passed_now())) {
    slot->lf.touching_fns = flow_unit_touching(slot->unit, s->o->models);
    mark_timed_out(s, slot, "in the path analysis");
  } else if (rc) {
    pql_warnf("%s: path analysis stopped early: %s", slot->lf.path, pql_strerror(rc));
  }
  deadline_disarm();
  spill_done(s->sp, i, slot->unit);
}

/* The summaries' pager (flow_pager) over the spill store. */
static int page_load(void* ctx, size_t i, flow_unit* u) { return spill_load(ctx, i, u); }
static void page_done(void* ctx, size_t i, flow_unit* u) { spill_done(ctx, i, u); }

static void* worker(void* varg) {
  worker_arg* arg = varg;
  shared* s = arg->s;
  worker_watch* w = s->watch ? &s->watch[arg->id] : NULL;
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
      if (pc) pass1_file(s, pc, i, w);
    } else if (slot->mine && slot->unit && !slot->timed_out) {
      pass2_file(s, i);
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

/* The watchdog of pass 1: a parse (which libclang cannot interrupt)
 * running past twice --file-timeout ends the process with status 2 and an
 * error naming the file; no report has been written at that point, so no
 * report file is replaced and no temporary is left. */
static void watch_parses(const shared* s, unsigned nthreads) {
  double limit = 2 * s->o->file_timeout, now = now_seconds();
  for (unsigned t = 0; t < nthreads; t++) {
    size_t f = atomic_load(&s->watch[t].file);
    double since = atomic_load(&s->watch[t].since);
    if (!f || now - since <= limit) continue;
    pql_errorf("%s: the parse is still running after %.1f s, twice --file-timeout %g s; libclang "
               "cannot be interrupted, so pqlint stops here without a report (exclude the file, "
               "or raise --file-timeout)",
               s->src->v[f - 1].path, now - since, s->o->file_timeout);
    _exit(PQL_EXIT_ERROR);
  }
}

/* Runs one pass over all files in nthreads threads (the caller's thread
 * shows progress and, in pass 1 with a --file-timeout, watches the parses).
 * Returns 0 or PQL_ENOMEM if no thread could start. */
static int run_pass(shared* s, unsigned nthreads, int progress, double t0) {
  atomic_store(&s->next, 0);
  atomic_store(&s->done, 0);
  pthread_t* th = calloc(nthreads, sizeof *th);
  worker_arg* args = calloc(nthreads, sizeof *args);
  s->watch = s->pass == 1 && s->o->file_timeout > 0 ? calloc(nthreads, sizeof *s->watch) : NULL;
  if (!th || !args) {
    free(th);
    free(args);
    free(s->watch);
    s->watch = NULL;
    return PQL_ENOMEM;
  }
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 16u << 20); /* libclang recurses deeply on big ASTs */
  unsigned started = 0;
  for (unsigned i = 0; i < nthreads; i++) {
    args[started] = (worker_arg){s, started};
    if (pthread_create(&th[started], &attr, worker, &args[started]) == 0) started++;
  }
  pthread_attr_destroy(&attr);
  if (started == 0) { /* no thread: do the work here, unwatched */
    free(s->watch);
    s->watch = NULL;
    args[0] = (worker_arg){s, 0};
    worker(&args[0]);
  }
  int shown = 0;
  int live = progress && isatty(2); /* a line that rewrites itself needs a terminal */
  double after = progress >= 2 ? 0.0 : 1.0; /* forced: at once; on a terminal: long runs only */
  size_t total = s->pass == 1 ? s->nbatch : s->src->n;
  double drawn = -1.0; /* when the line was last drawn */
  while ((live || s->watch) && started && atomic_load(&s->done) < total) {
    usleep(5000); /* short naps: a pass ends when its last file does, not on the next tick */
    if (s->watch) watch_parses(s, started);
    if (!live) continue;
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
  free(args);
  free(s->watch);
  s->watch = NULL;
  return 0;
}

/* 1 if a unit with functions is in units but not in built (the units of the
 * last summaries build; a file is lowered once, so a unit never changes).
 * flow_summaries_build reads only the units' functions, so when this is 0 a
 * new build would give the table of the last one (PG tree: the 5 headers
 * parsed after the first summaries have none; 0.41 s of a 4.2 s run). */
static int units_add_functions(flow_unit* const* units, flow_unit* const* built, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (units[i] != built[i] && units[i] && units[i]->nfns) return 1;
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
  s.sp = spill_new(src->n, SPILL_DEFAULT_BUDGET);
  if (!s.slots || !s.sp || prefilter_new(o->models, &s.pf)) {
    free(s.slots);
    spill_free(s.sp);
    pql_errorf("out of memory");
    return PQL_ENOMEM;
  }
  for (size_t i = 0; i < src->n; i++) {
    finding_list_init(&s.slots[i].findings);
    s.slots[i].lf.path = strdup(src->v[i].path);
    s.slots[i].mine = o->sums_out || src->v[i].context ? 0 /* no findings wanted */
                      : o->shard_n ? sources_in_shard(src->v[i].path, o->shard_k, o->shard_n) : 1;
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
  flow_unit** units = calloc(src->n ? src->n : 1, sizeof *units);
  flow_unit** built = calloc(src->n ? src->n : 1, sizeof *built); /* units of s.sums */
  if ((!units || !built) && rc == 0) rc = PQL_ENOMEM;
  if (rc == 0 && o->sums_in) {
    /* a summaries file decided what is parsed and holds every summary: parse
     * only this run's share of it */
    char err[1024];
    int* why = calloc(src->n ? src->n : 1, sizeof *why);
    rc = !why ? PQL_ENOMEM : sumfile_match(o->sums_in, src, o->flags, o->nflags, why, err, sizeof err);
    if (rc == PQL_EINPUT) pql_errorf("%s: %s", o->sums_in_path, err);
    s.nbatch = 0;
    for (size_t i = 0; rc == 0 && i < src->n; i++) {
      select_mark(s.sel, i, why[i]);
      if (why[i] != SEL_NO && s.slots[i].mine) s.batch[s.nbatch++] = i;
    }
    free(why);
    if (rc == 0 && s.nbatch) {
      if (s.sizes) qsort_r(s.batch, s.nbatch, sizeof *s.batch, cmp_by_size, s.sizes);
      s.pass = 1;
      rc = run_pass(&s, jobs, o->progress, t0);
      for (size_t k = 0; k < s.nbatch; k++) units[s.batch[k]] = s.slots[s.batch[k]].unit;
      phase("parse", s.nbatch, t0);
    }
    if (rc == 0 && !(s.sums = sumfile_table(o->sums_in, src, units))) rc = PQL_ENOMEM;
  } else if (rc == 0) {
    rc = select_first(s.sel, s.batch, &s.nbatch);
    phase("select", s.nbatch, t0);
  }
  /* parse what the selector asks for, lower, learn; until it asks for nothing */
  while (rc == 0 && !o->sums_in) {
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
    if (!s.sums || units_add_functions(units, built, src->n)) {
      flow_summaries_free(s.sums);
      flow_pager pg = {page_load, page_done, s.sp};
      s.sums = flow_summaries_build_paged(units, src->n, o->models, &pg);
      if (!s.sums) {
        rc = PQL_ENOMEM;
        break;
      }
      memcpy(built, units, src->n * sizeof *units);
      phase("summaries", 0, t0);
    }
    rc = select_after_summaries(s.sel, s.sums, s.batch, &s.nbatch);
    if (rc == 0 && !s.nbatch) rc = select_after_lowering(s.sel, units, s.batch, &s.nbatch);
    if (rc || !s.nbatch) break;
  }
  if (rc == 0 && o->sums_out) { /* pqlint summaries: the file instead of pass 2 */
    int* why = calloc(src->n ? src->n : 1, sizeof *why);
    for (size_t i = 0; why && i < src->n; i++) why[i] = select_reason(s.sel, i);
    *o->sums_out = why ? sumfile_dump(src, why, o->flags, o->nflags, units, s.sums) : NULL;
    if (!*o->sums_out) rc = PQL_ENOMEM;
    free(why);
  }
  free(units);
  free(built);
  for (size_t i = 0; i < src->n && rc == 0; i++) /* the first in input order: deterministic */
    if (s.slots[i].model_error) {
      pql_errorf("%s", s.slots[i].model_error);
      rc = PQL_EMODEL;
    }
  for (size_t i = 0; s.sel && i < src->n; i++) {
    int why = select_reason(s.sel, i);
    if (why == SEL_NO && !s.slots[i].input_error && !s.slots[i].too_big) s.slots[i].lf.skipped = 1;
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
  if (rc == 0 && !o->sums_out) {
    s.pass = 2;
    rc = run_pass(&s, jobs, o->progress, t0);
    phase("check", src->n, t0);
  }
  flow_summaries_free(s.sums);
  if (getenv("PQL_TIMING")) {
    size_t nw, nl, fb, pk;
    spill_stats(s.sp, &nw, &nl, &fb, &pk);
    fprintf(stderr, "pqlint-timing: spill %zu units written, %zu loads, %zu MB on disk, %zu MB IR peak in memory\n",
            nw, nl, fb >> 20, pk >> 20);
  }
  if (rc == 0 && atomic_load(&s.spill_failed)) rc = PQL_EIO;
  spill_free(s.sp);

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
  run->cache_on = o->cache != NULL;
  cache_stats(o->cache, &run->ncache_read, &run->ncache_rebuilt, &run->ncache_written);
  run->seconds = now_seconds() - t0;
  if (rc == PQL_ENOMEM) pql_errorf("out of memory");
  if (rc == 0 && input_errors) rc = PQL_EINPUT;
  return rc;
}

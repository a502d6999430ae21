/* driver.h - one analysis run: pass 1 (parse, syntactic checks, lowering) in N threads, summaries, pass 2 (flow checks). */
#ifndef PQL_DRIVER_H
#define PQL_DRIVER_H

#include <stddef.h>

#include "base/lint.h"
#include "input/sources.h"
#include "run/cache.h"

typedef struct driver_opts {
  const model_set* models;
  const lint_rules_on* rules;
  const char* const* pool_globs;  /* --pool-module and the config's pool_modules */
  size_t npool_globs;
  const char* const* flags;       /* config "flags", then "-- FLAGS" */
  size_t nflags;
  unsigned jobs;                  /* worker threads; 0 = number of cores */
  int progress;                   /* 0 none; 1 progress line on stderr after 1 s (a terminal); 2 always, one line per pass */
  unsigned shard_k, shard_n;      /* report only files of share K of N (0/0: all) */
  cache* cache;                   /* pass-1 cache (run/cache.h), or NULL */
  const struct sumfile* sums_in;  /* --summaries FILE (run/sumfile.h): what to parse and every summary */
  const char* sums_in_path;
  char** sums_out;                /* pqlint summaries: the summaries file's JSON goes here (malloc'd);
                                     no pass 2, no findings */
} driver_opts;

/* Runs the analysis of every file of src. Fills run->findings (sorted,
 * merged from all threads: identical whatever jobs is), run->files (one
 * per file of src, sorted by path) and run->seconds; run->models is set.
 * With a shard, every file is parsed and lowered (so cross-file summaries
 * are the same in every shard) but only files of the share are checked and
 * listed in run->files. Input errors (unreadable or binary file) are
 * printed on stderr, naming the file, and the return is PQL_EINPUT after
 * the run; other errors: PQL_ENOMEM. The caller frees run with
 * driver_run_free. */
int driver_run(const source_list* src, const driver_opts* o, lint_run* run);
void driver_run_free(lint_run* run);

#endif

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
  size_t max_file_size;           /* bytes; a larger file is not parsed (incomplete); 0 = no limit */
  double file_timeout;            /* seconds of parse plus analysis per file; 0 = no limit */
  size_t memory_budget;           /* bytes of lowered IR kept in memory between the passes (the rest
                                     is spilled: run/spill.c); 0 = none */
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
 * listed in run->files. A file over o->max_file_size is not read further
 * nor parsed, and a file whose parse plus analysis ran past o->file_timeout
 * keeps no finding and no unit (its summaries are not learned if it timed
 * out in pass 1): both are listed with lint_file.incomplete saying why, the
 * same whatever jobs is. A parse that runs past twice the timeout cannot be
 * interrupted (libclang): the watchdog prints an error naming the file and
 * ends the process with status 2 (no report is written). Input errors
 * (unreadable, binary, or not a regular file) are
 * printed on stderr, naming the file, and the return is PQL_EINPUT after
 * the run; other errors: PQL_ENOMEM. The caller frees run with
 * driver_run_free. */
int driver_run(const source_list* src, const driver_opts* o, lint_run* run);
void driver_run_free(lint_run* run);

#endif

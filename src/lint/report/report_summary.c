/* report_summary.c - the one-line summary on stderr: files, findings per level, suppressed, baselined, parse errors, time. */
#include <stdio.h>

#include "base/fmtsize.h"
#include "report/report.h"
#include "report/report_internal.h"

#define C_RED "\033[1;31m"
#define C_YEL "\033[1;33m"
#define C_CYA "\033[1;36m"
#define C_GRN "\033[1;32m"
#define C_OFF "\033[0m"

/* Prints e.g. "pqlint: 12 files, 5 findings (3 errors, 2 warnings, 0 notes),
 * 1 suppressed, 0 baselined, 1 file with parse errors, 0.42 s". Counts only
 * listed findings; colour codes wrap the non-zero counts when color != 0. */
void report_summary(const lint_run* run, FILE* err, int color) {
  size_t lv[3] = {0, 0, 0}, total = 0, perr = 0;
  for (size_t i = 0; i < run->findings.n; i++) {
    const finding* f = &run->findings.v[i];
    if (!report_visible(f)) continue;
    total++;
    lv[f->level <= FINDING_ERROR ? f->level : FINDING_ERROR]++;
  }
  size_t gave_up = 0;
  for (size_t i = 0; i < run->nfiles; i++) {
    if (run->files[i].parse_errors > 0) perr++;
    gave_up += run->files[i].ngave_up;
  }
  const char* on_e = color && lv[FINDING_ERROR] ? C_RED : "";
  const char* on_w = color && lv[FINDING_WARNING] ? C_YEL : "";
  const char* on_n = color && lv[FINDING_NOTE] ? C_CYA : "";
  const char* on_t = !color ? "" : total ? (lv[FINDING_ERROR] ? C_RED : C_YEL) : C_GRN;
  const char* off = color ? C_OFF : "";
  fprintf(err,
          "pqlint: %zu file%s, %s%zu finding%s%s (%s%zu error%s%s, %s%zu warning%s%s, %s%zu note%s%s), "
          "%zu suppressed, %zu baselined, %zu file%s with parse errors, %.2f s\n",
          run->nfiles, run->nfiles == 1 ? "" : "s", on_t, total, total == 1 ? "" : "s", off, on_e,
          lv[2], lv[2] == 1 ? "" : "s", color && lv[2] ? off : "", on_w, lv[1],
          lv[1] == 1 ? "" : "s", color && lv[1] ? off : "", on_n, lv[0], lv[0] == 1 ? "" : "s",
          color && lv[0] ? off : "", run->nsuppressed, run->nbaselined, perr, perr == 1 ? "" : "s",
          run->seconds);
  size_t inc_files, inc_fns;
  report_count_incomplete(run, &inc_files, &inc_fns);
  if (inc_files)
    fprintf(err, "pqlint: %s%zu file%s (%zu function%s that touch a handle) analysed incompletely%s\n",
            color ? C_YEL : "", inc_files, inc_files == 1 ? "" : "s", inc_fns,
            inc_fns == 1 ? "" : "s", color ? C_OFF : "");
  if (gave_up) /* the path analysis stopped early somewhere: say so, even when quiet */
    fprintf(err, "pqlint: path analysis stopped early (too many paths) in %zu function%s; findings there may be incomplete\n",
            gave_up, gave_up == 1 ? "" : "s");
  fflush(err);
}

/* Prints e.g. "pqlint: 336 files walked, 198 skipped by the prefilter, 138
 * parsed (31 only for summaries)" (--summary). */
void report_summary_files(const lint_run* run, FILE* err) {
  size_t nskipped = 0;
  for (size_t i = 0; i < run->nfiles; i++) nskipped += run->files[i].skipped != 0;
  fprintf(err, "pqlint: %zu file%s walked, %zu skipped by the prefilter, %zu parsed (%zu only for summaries)\n",
          run->nfiles, run->nfiles == 1 ? "" : "s", nskipped, run->nfiles - nskipped, run->nsummary_only);
  if (run->cache_on) {
    fprintf(err, "pqlint: cache: %zu file%s read from it, %zu stale or corrupt rebuilt, %zu written",
            run->ncache_read, run->ncache_read == 1 ? "" : "s", run->ncache_rebuilt, run->ncache_written);
    char cap[32];
    pql_fmt_size(run->cache_max_size, cap, sizeof cap);
    if (run->ncache_pruned) /* the size cap (--cache-max-size) */
      fprintf(err, ", %zu least recently used entr%s removed (over the cap of %s)", run->ncache_pruned,
              run->ncache_pruned == 1 ? "y" : "ies", cap);
    fputc('\n', err);
  }
  size_t und = 0;
  for (size_t i = 0; i < run->nfiles; i++) und += run->files[i].undecided;
  if (und) /* the path rules stayed silent about these handles */
    fprintf(err, "pqlint: %zu handle%s passed where ownership cannot be decided (callee not parsed, "
            "released under a flag that is not a constant, or a member or global dropped by a "
            "function that never releases it): no finding about %s\n",
            und, und == 1 ? "" : "s", und == 1 ? "it" : "them");
  fflush(err);
}

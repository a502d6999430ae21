/* report.h - the reporters: text (gcc style), JSON (versioned schema), SARIF 2.1.0, GitHub annotations. */
#ifndef PQL_REPORT_H
#define PQL_REPORT_H

#include <stdio.h>
#include "base/lint.h"

typedef enum report_format {
  REPORT_TEXT,
  REPORT_JSON,
  REPORT_SARIF,
  REPORT_GITHUB
} report_format;

/* Parses "text"/"json"/"sarif"/"github"; -1 if unknown. */
int report_format_parse(const char* s);

/* Writes the report of run to out. Skips suppressed and baselined
 * findings. With run->statistics, text and JSON give the per-rule counts
 * of --statistics instead (another format: PQL_EINVAL). Returns 0 or
 * PQL_EIO. Never analyses. */
int report_write(const lint_run* run, report_format fmt, FILE* out);

/* Writes the report to path atomically: into "path.XXXXXX" beside it, then
 * rename(). On any error the old file is untouched and the temporary is
 * removed; returns PQL_EIO and errbuf says why. */
int report_write_path(const lint_run* run, report_format fmt, const char* path,
                      char* errbuf, size_t errlen);

/* The one-line summary on a terminal: files, findings per level,
 * suppressed, baselined, files with parse errors, time. color: ANSI. */
void report_summary(const lint_run* run, FILE* err, int color);
/* With --summary: files walked, skipped by the prefilter, parsed (and how
 * many of those only for the summaries other files need). */
void report_summary_files(const lint_run* run, FILE* err);

/* Writes text to path atomically (pql_write_atomic). Returns 0, or an
 * error code with errbuf naming the path and the reason. */
int report_write_text(const char* path, const char* text, char* errbuf, size_t errlen);

/* Incomplete analysis (report_incomplete.c): parse errors, give-ups of
 * the path analysis, or a cause another stage recorded in lf->incomplete. */
int report_file_incomplete(const lint_file* lf);           /* 1 if incomplete */
size_t report_file_incomplete_fns(const lint_file* lf);    /* its functions that touch a handle, analysed incompletely */
/* Files and such functions over the run. */
void report_count_incomplete(const lint_run* run, size_t* files, size_t* fns);
/* "reason; 2 parse errors, first: a.c:1:10: ...; path analysis stopped (too
 * many paths) in f()" (malloc'd, the caller frees), or NULL on ENOMEM. */
char* report_file_incomplete_why(const lint_file* lf);

#endif

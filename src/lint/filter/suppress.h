/* suppress.h - inline suppressions: "// pqlint: ignore[rule-id,...] reason" on the reported line or the line above. */
#ifndef PQL_SUPPRESS_H
#define PQL_SUPPRESS_H

#include "base/lint.h"

/* 1 if the source line `line` holds a suppression comment naming rule
 * (or "all"), 0 if not. Pure: the unit tests drive it directly. */
int suppress_line_matches(const char* line, const char* rule);

/* Marks every finding of run whose reported line, or the line above,
 * suppresses its rule; counts them in run->nsuppressed. Reads the files
 * (each once). Returns 0, or PQL_EIO if a file vanished (then the
 * findings of that file are kept). */
int suppress_apply(lint_run* run);

/* What suppress_apply_checked also checks. */
typedef struct suppress_check {
  const model_set* models;     /* the rule catalogue: ids not in it are warned about */
  const lint_rules_on* rules;  /* the rules that ran (NULL: all) */
  int report_unused;           /* --report-unused-suppressions: warn about those that covered no finding */
  size_t nwarnings;            /* out: warnings printed (and kept in run->sup_warnings) */
} suppress_check;

/* suppress_apply, then reads every file of run->files too and prints on
 * stderr (pqlint: warning: FILE:LINE:COL: ...), sorted by file and line, a
 * warning for each suppression id that names no rule of chk->models (with
 * the closest rule id as a suggestion) and, with chk->report_unused, for
 * each one that covered no finding of a rule that ran ("all" included;
 * suppressions of rules turned off in this run are not called unused).
 * Each warning is also appended to run->sup_warnings (the reports carry
 * them; free with suppress_warnings_free). Same returns as suppress_apply
 * (an unreadable file is skipped), and PQL_ENOMEM. */
int suppress_apply_checked(lint_run* run, suppress_check* chk);

/* Frees run->sup_warnings (and zeroes it); safe to call twice. */
void suppress_warnings_free(lint_run* run);

#endif

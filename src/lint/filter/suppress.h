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

#endif

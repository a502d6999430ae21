/* ignore.h - "per_file_ignores" of the configuration: rules that do not apply to the files a glob matches. */
#ifndef PQL_IGNORE_H
#define PQL_IGNORE_H

#include "base/lint.h"

/* Removes from run->findings every finding whose file (as given, its
 * absolute form, or its base name for a glob without '/') matches glob and
 * whose rule is one of rules. Returns how many were removed. */
size_t ignore_apply(lint_run* run, const char* glob, char* const* rules, size_t nrules);

#endif

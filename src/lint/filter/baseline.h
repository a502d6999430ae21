/* baseline.h - baselines: record today's findings, later report only new ones (issue 5). */
#ifndef PQL_BASELINE_H
#define PQL_BASELINE_H

#include "base/lint.h"

/* Writes run's unsuppressed findings as a sorted, stable JSON baseline to
 * path, atomically. Key: rule, path, enclosing function, line-content hash
 * (fingerprint.h, without the ":N"), count. Returns 0 or PQL_EIO (errbuf). */
int baseline_write(const lint_run* run, const char* path, char* errbuf, size_t errlen);

/* Reads the baseline at path and flags the findings it covers
 * (f->baselined = 1, run->nbaselined). Entries that match nothing are
 * stale: *nstale counts them and each is described on stderr as a warning.
 * Returns 0, PQL_EIO or PQL_ECONFIG (bad file: errbuf names file and why). */
int baseline_apply(lint_run* run, const char* path, size_t* nstale, char* errbuf, size_t errlen);

#endif

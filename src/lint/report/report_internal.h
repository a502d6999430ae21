/* report_internal.h - what the reporters (report_*.c) share: one function per format and the source-file cache. */
#ifndef PQL_REPORT_INTERNAL_H
#define PQL_REPORT_INTERNAL_H

#include <stdio.h>
#include "base/lint.h"

/* Each writes the whole report of run to out; 0 or PQL_EIO/PQL_ENOMEM. */
int report_text(const lint_run* run, FILE* out);
int report_json(const lint_run* run, FILE* out);
int report_sarif(const lint_run* run, FILE* out);
int report_github(const lint_run* run, FILE* out);

/* 1 if the reporters list f (neither suppressed nor baselined); report_count.c. */
int report_visible(const finding* f);

/* Listed findings of one rule (report_count.c). */
typedef struct report_rule_count {
  const char* rule;     /* points into the findings' catalogue: not freed */
  finding_level level;  /* the findings' level (the highest if they differ) */
  size_t count;
} report_rule_count;
/* The rules with at least one listed finding, sorted by id, with their
 * counts. *out is malloc'd (NULL when *n == 0), the caller frees it.
 * Returns 0 or PQL_ENOMEM. */
int report_rule_counts(const lint_run* run, report_rule_count** out, size_t* n);

/* --statistics (report_stats.c): per-rule counts instead of the findings,
 * as text or as JSON; 0, PQL_EINVAL (another format), PQL_ENOMEM or PQL_EIO. */
int report_stats(const lint_run* run, int fmt, FILE* out);

/* file (as a finding names it, relative to run->cwd) made absolute and
 * normalised; malloc'd, NULL on ENOMEM. */
char* report_abs_path(const lint_run* run, const char* file);
/* file relative to run->srcroot (the repository root) when it lies under
 * it, else absolute (as given when srcroot is NULL); malloc'd, NULL on ENOMEM. */
char* report_repo_path(const lint_run* run, const char* file);

/* A source file read once for the reporters: its text split into lines
 * (no line ends), and its GitHub line hashes computed on demand. */
typedef struct report_src {
  char* path;        /* as the findings name it */
  char* text;        /* whole file, NUL-terminated; NULL if unreadable */
  size_t len;
  const char** lines;
  size_t* line_len;
  size_t nlines;
  char** hashes;     /* fingerprint_lines(), NULL until asked for */
  size_t nhashes;
  int hashed;
} report_src;

typedef struct report_srcs {
  report_src* v;
  size_t n, cap;
  size_t last;       /* index of the last file looked up (findings come sorted by file) */
} report_srcs;

/* The cached file for path (read at first use). Never NULL unless out of
 * memory; an unreadable file gives an entry with text == NULL. */
report_src* report_src_get(report_srcs* c, const char* path);
/* The primaryLocationLineHash of line (1-based) of path, or NULL. */
const char* report_src_hash(report_srcs* c, const char* path, unsigned line);
/* Converts a 1-based byte column of line to a 1-based UTF-16 code unit
 * column; returns col unchanged when the line cannot be read. */
unsigned report_src_utf16_col(report_srcs* c, const char* path, unsigned line, unsigned col);
void report_srcs_free(report_srcs* c);

#endif

/* lint.h - what flows between the stages: one parsed file (lint_tu), the checks' entry points, and a run's result. */
#ifndef PQL_LINT_H
#define PQL_LINT_H

#include <clang-c/Index.h>
#include "base/finding.h"
#include "model/model.h"

/* Which rules are on: a rule id is enabled unless disabled (--enable/--disable, config). */
typedef struct lint_rules_on {
  char** disabled;
  size_t ndisabled;
  char** enabled;   /* if non-empty, only these */
  size_t nenabled;
} lint_rules_on;

int lint_rule_enabled(const lint_rules_on* on, const char* id);

/* One translation unit, parsed, handed to the checks. Read-only for them. */
typedef struct lint_tu {
  CXTranslationUnit tu;
  const char* path;          /* path as given; findings use this string */
  const model_set* models;
  const lint_rules_on* rules;
  int in_pool_module;        /* 1: this file is (part of) the pool module */
  int cxx;                   /* 1: parsed as C++ */
} lint_tu;

/* Syntactic checks (direct-connect, max-one, hardcoded-secret): appends
 * findings to out. Returns 0, or a negative PQL_E* code (then out may hold
 * a partial list, which the caller frees). Never prints. */
int check_syntactic(const lint_tu* t, finding_list* out);

/* A function whose path analysis stopped early (state budget): its
 * path findings may be incomplete. */
typedef struct lint_gaveup {
  char* function;
  unsigned line;        /* the function's line */
} lint_gaveup;

/* Per-file outcome, for the report's notifications and the summary. */
typedef struct lint_file {
  char* path;
  int parse_errors;     /* count of error/fatal diagnostics */
  char* first_error;    /* "path:line:col: message" of the first one, or NULL */
  int skipped;          /* 1: prefilter found no model name: not parsed */
  int cxx;              /* 1: parsed as C++ (parse/parse.c) */
  lint_gaveup* gave_up; /* functions where the path analysis stopped early, in file order */
  size_t ngave_up;
  size_t undecided;     /* places and handles left silent because who owns them cannot be
                           decided, counted here instead of reported: a handle passed to a callee
                           whose body did not parse or that releases it under a flag that is not
                           a constant; a member or global non-NULL on entry, dropped by a function
                           that never releases it */
  /* Incomplete analysis, one mechanism for every cause (report/report_incomplete.c
   * counts and describes it for every format): parse errors above, give-ups
   * above, and any other cause a stage records here, e.g. the driver for a
   * file over --max-file-size or past --file-timeout. */
  char* incomplete;      /* why the file was analysed incompletely besides parse errors
                          * ("larger than --max-file-size 10 MB"), malloc'd (freed by
                          * driver_run_free), or NULL */
  int not_read;          /* 1: over --max-file-size: never read into memory (later readers skip it) */
  size_t unmodelled_fns; /* C++: functions that touch a handle and use a construct the
                          * analysis does not model (a template, try/catch around a raw
                          * handle, a smart pointer whose deleter it cannot read); the
                          * reasons are in incomplete */
  size_t touching_fns;   /* functions of the file that touch a handle, counted in pass 1
                          * when the parse had errors (they were analysed incompletely) */
} lint_file;

/* A warning about a suppression comment (filter/suppress.c): printed on stderr and carried into
 * the JSON, SARIF and GitHub reports. */
typedef enum lint_sup_kind {
  LINT_SUP_UNKNOWN_RULE,  /* the comment names no rule of the catalogue */
  LINT_SUP_UNUSED,        /* --report-unused-suppressions: it silenced no finding */
} lint_sup_kind;

typedef struct lint_sup_warning {
  lint_sup_kind kind;
  char* file;               /* the path as the file's findings name it */
  unsigned line, col;       /* 1-based; col: the id's first byte in the comment */
  unsigned end_col;         /* the column just after the id */
  char* id;                 /* the rule id as written in the comment */
  char* message;            /* without the location: "unknown rule 'x' in a pqlint suppression (...)" */
} lint_sup_warning;

/* Everything a reporter needs. */
typedef struct lint_run {
  finding_list findings;    /* sorted; suppressed/baselined ones flagged, not removed */
  lint_file* files;         /* sorted by path */
  size_t nfiles;
  const model_set* models;  /* rule catalogue for SARIF */
  const char* srcroot;      /* absolute folder that %SRCROOT% stands for (the repository root) */
  const char* cwd;          /* absolute folder relative file paths are relative to (NULL: srcroot) */
  int color;                /* text report: 1 = ANSI colours */
  int show_source;          /* text report: 1 = the source line and a caret under each finding */
  int statistics;           /* 1: text and JSON reports give per-rule counts instead of the findings (--statistics) */
  size_t nsuppressed, nbaselined;
  lint_sup_warning* sup_warnings; /* by file and line, as printed; freed by suppress_warnings_free */
  size_t nsup_warnings;
  size_t nsummary_only;     /* listed files parsed only for the summaries others need */
  int cache_on;             /* a pass-1 cache was used: the counts below are meaningful */
  size_t ncache_read, ncache_rebuilt, ncache_written; /* entries read, found stale or corrupt, written */
  size_t ncache_pruned;     /* least recently used entries removed after the run (--cache-max-size) */
  unsigned long long cache_max_size; /* the cap they were removed for (bytes) */
  double seconds;
} lint_run;

#endif

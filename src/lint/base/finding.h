/* finding.h - a finding (rule, location, message, path steps) and a growable, sortable list of them. */
#ifndef PQL_FINDING_H
#define PQL_FINDING_H

#include <stddef.h>

typedef enum finding_level {
  FINDING_NOTE = 0,
  FINDING_WARNING = 1,
  FINDING_ERROR = 2
} finding_level;

/* A place in a source file. Lines and columns are 1-based; columns count
 * bytes, as libclang does (reporters convert where a format needs more).
 * end_col is the column just after the last byte (SARIF's convention). */
typedef struct finding_loc {
  char* file;     /* the path as the user gave it (or as found by a walk) */
  unsigned line, col, end_line, end_col;
  char* msg;      /* a step's text ("'conn' acquired here"); NULL for the main location */
} finding_loc;

typedef struct finding {
  const char* rule;      /* rule id, e.g. "conn-leak"; points into the rule catalogue: not freed */
  finding_level level;
  finding_loc loc;       /* where it is reported */
  char* message;         /* one sentence; never repeats a secret */
  char* function;        /* enclosing function, NULL at file scope (baseline key) */
  finding_loc* steps;    /* path: acquired here, branch taken, leaks here (text notes, SARIF codeFlows) */
  size_t nsteps;
  finding_loc* related;  /* SARIF relatedLocations (e.g. the acquire site) */
  size_t nrelated;
  int suppressed;        /* set by the suppression filter; reporters skip suppressed findings */
  int baselined;         /* set by the baseline filter */
} finding;

typedef struct finding_list {
  finding* v;
  size_t n, cap;
} finding_list;

/* All functions below: 0 on success, a negative PQL_E* code on error. */
void finding_list_init(finding_list* l);
/* Moves *f into the list (the list owns its strings from then on). On
 * ENOMEM the finding is freed and PQL_ENOMEM returned. */
int finding_list_push(finding_list* l, finding* f);
/* Appends every finding of src to dst and empties src. */
int finding_list_move(finding_list* dst, finding_list* src);
/* Sorts by file, line, col, rule, message and drops exact duplicates:
 * two runs give the same order whatever the thread count. */
void finding_list_sort(finding_list* l);
void finding_list_free(finding_list* l);
void finding_free(finding* f);

/* Helpers to build a finding; strings are copied. */
int finding_loc_set(finding_loc* loc, const char* file, unsigned line, unsigned col,
                    unsigned end_line, unsigned end_col, const char* msg);
int finding_add_step(finding* f, const finding_loc* step);    /* copies step */
int finding_add_related(finding* f, const finding_loc* loc);  /* copies loc */

const char* finding_level_name(finding_level lv); /* "note", "warning", "error" */

#endif

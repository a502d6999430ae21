/* report_incomplete.c - which files and functions were analysed incompletely, and why, for every format and the exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

int report_file_incomplete(const lint_file* lf) {
  return lf->parse_errors > 0 || lf->ngave_up > 0 || lf->incomplete != NULL;
}

/* Parse errors (or another recorded cause) leave every function that
 * touches a handle incomplete, including those that gave up; C++ constructs
 * not modelled leave only their functions incomplete (unmodelled_fns). */
size_t report_file_incomplete_fns(const lint_file* lf) {
  if (lf->parse_errors > 0 || (lf->incomplete && !lf->unmodelled_fns))
    return lf->touching_fns > lf->ngave_up ? lf->touching_fns : lf->ngave_up;
  return lf->ngave_up + lf->unmodelled_fns;
}

void report_count_incomplete(const lint_run* run, size_t* files, size_t* fns) {
  *files = *fns = 0;
  for (size_t i = 0; i < run->nfiles; i++) {
    if (!report_file_incomplete(&run->files[i])) continue;
    (*files)++;
    *fns += report_file_incomplete_fns(&run->files[i]);
  }
}

/* Appends text to *s (malloc'd, grown); keeps *s as it was on ENOMEM. */
static void why_add(char** s, const char* text) {
  size_t old = strlen(*s), n = strlen(text);
  char* ns = realloc(*s, old + n + 1);
  if (!ns) return;
  memcpy(ns + old, text, n + 1);
  *s = ns;
}

char* report_file_incomplete_why(const lint_file* lf) {
  char* s = calloc(1, 1);
  char num[64];
  if (!s) return NULL;
  if (lf->incomplete) why_add(&s, lf->incomplete);
  if (lf->parse_errors > 0) {
    if (*s) why_add(&s, "; ");
    snprintf(num, sizeof num, "%d parse error%s, first: ", lf->parse_errors,
             lf->parse_errors == 1 ? "" : "s");
    why_add(&s, num);
    why_add(&s, lf->first_error ? lf->first_error : "(unknown)");
  }
  if (lf->ngave_up > 0) {
    if (*s) why_add(&s, "; ");
    why_add(&s, "path analysis stopped (too many paths) in ");
    for (size_t g = 0; g < lf->ngave_up; g++) {
      if (g) why_add(&s, ", ");
      why_add(&s, lf->gave_up[g].function);
      why_add(&s, "()");
    }
  }
  return s;
}

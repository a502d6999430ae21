/* report_text.c - the gcc-style text report: one line per finding, "note:" lines for its path steps. */
#include <stdio.h>

#include "base/error.h"
#include "report/report_internal.h"

/* Writes "path:line:col: level: message [rule]" per listed finding, its
 * steps as notes, then one note per file that had parse errors and one per
 * function where the path analysis stopped early. Returns 0
 * or PQL_EIO. */
int report_text(const lint_run* run, FILE* out) {
  for (size_t i = 0; i < run->findings.n; i++) {
    const finding* f = &run->findings.v[i];
    if (!report_visible(f)) continue;
    fprintf(out, "%s:%u:%u: %s: %s [%s]\n", f->loc.file, f->loc.line, f->loc.col,
            finding_level_name(f->level), f->message, f->rule);
    for (size_t s = 0; s < f->nsteps; s++) {
      const finding_loc* st = &f->steps[s];
      fprintf(out, "%s:%u:%u: note: %s\n", st->file ? st->file : f->loc.file, st->line, st->col,
              st->msg ? st->msg : "");
    }
  }
  for (size_t i = 0; i < run->nfiles; i++) {
    const lint_file* lf = &run->files[i];
    if (lf->parse_errors <= 0) continue;
    fprintf(out, "%s: note: %d parse error%s, analysed as far as it parsed; first: %s\n", lf->path,
            lf->parse_errors, lf->parse_errors == 1 ? "" : "s",
            lf->first_error ? lf->first_error : "(unknown)");
  }
  for (size_t i = 0; i < run->nfiles; i++)
    if (run->files[i].incomplete)
      fprintf(out, "%s: note: analysed incompletely: %s\n", run->files[i].path, run->files[i].incomplete);
  for (size_t i = 0; i < run->nfiles; i++)
    for (size_t g = 0; g < run->files[i].ngave_up; g++)
      fprintf(out, "%s:%u: note: path analysis stopped in %s() after too many paths; findings there may be incomplete\n",
              run->files[i].path, run->files[i].gave_up[g].line, run->files[i].gave_up[g].function);
  return ferror(out) ? PQL_EIO : PQL_OK;
}

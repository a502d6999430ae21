/* report_github.c - GitHub Actions workflow commands: one "::error file=...,line=...::message" per finding. */
#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "report/report_internal.h"

/* Escapes for a command's data: % \r \n (GitHub's escapeData). */
static void gh_put_data(FILE* out, const char* s) {
  for (; s && *s; s++) {
    switch (*s) {
      case '%': fputs("%25", out); break;
      case '\r': fputs("%0D", out); break;
      case '\n': fputs("%0A", out); break;
      default: fputc(*s, out);
    }
  }
}

/* Escapes for a property value: data's escapes plus ':' and ',' (escapeProperty). */
static void gh_put_prop(FILE* out, const char* s) {
  for (; s && *s; s++) {
    switch (*s) {
      case '%': fputs("%25", out); break;
      case '\r': fputs("%0D", out); break;
      case '\n': fputs("%0A", out); break;
      case ':': fputs("%3A", out); break;
      case ',': fputs("%2C", out); break;
      default: fputc(*s, out);
    }
  }
}

static const char* gh_command(finding_level lv) {
  return lv == FINDING_ERROR ? "error" : lv == FINDING_WARNING ? "warning" : "notice";
}

/* One annotation per listed finding, one warning per file with parse
 * errors. Message: "message [rule]" so the rule id shows in the log too.
 * Returns 0 or PQL_EIO. */
int report_github(const lint_run* run, FILE* out) {
  for (size_t i = 0; i < run->findings.n; i++) {
    const finding* f = &run->findings.v[i];
    if (!report_visible(f)) continue;
    fprintf(out, "::%s file=", gh_command(f->level));
    gh_put_prop(out, f->loc.file);
    fprintf(out, ",line=%u,col=%u", f->loc.line, f->loc.col);
    if (f->loc.end_line) fprintf(out, ",endLine=%u", f->loc.end_line);
    if (f->loc.end_col && (!f->loc.end_line || f->loc.end_line == f->loc.line))
      fprintf(out, ",endColumn=%u", f->loc.end_col);
    fputs(",title=", out);
    gh_put_prop(out, f->rule);
    fputs("::", out);
    gh_put_data(out, f->message);
    fputs(" [", out);
    gh_put_data(out, f->rule);
    fputs("]", out);
    for (size_t s = 0; s < f->nsteps; s++) {
      char buf[64];
      snprintf(buf, sizeof buf, "\n  %u:%u: ", f->steps[s].line, f->steps[s].col);
      gh_put_data(out, buf);
      gh_put_data(out, f->steps[s].msg);
    }
    fputc('\n', out);
  }
  for (size_t i = 0; i < run->nfiles; i++) {
    const lint_file* lf = &run->files[i];
    if (lf->parse_errors <= 0) continue;
    fputs("::warning file=", out);
    gh_put_prop(out, lf->path);
    fputs(",title=pqlint parse errors::", out);
    char buf[64];
    snprintf(buf, sizeof buf, "%d parse error%s, analysed as far as it parsed; first: ",
             lf->parse_errors, lf->parse_errors == 1 ? "" : "s");
    gh_put_data(out, buf);
    gh_put_data(out, lf->first_error ? lf->first_error : "(unknown)");
    fputc('\n', out);
  }
  return ferror(out) ? PQL_EIO : PQL_OK;
}

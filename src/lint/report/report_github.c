/* report_github.c - GitHub Actions workflow commands: one "::error file=...,line=...::message" per finding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "report/report.h"
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

#define GH_NOTICE_FILES 20 /* files named in the grouped notice */

/* One notice for every file analysed incompletely (parse errors, give-ups,
 * other causes): the counts, then one line per file (the first
 * GH_NOTICE_FILES), instead of one annotation per file. */
static void gh_incomplete_notice(const lint_run* run, FILE* out) {
  size_t nfiles, nfns;
  report_count_incomplete(run, &nfiles, &nfns);
  if (!nfiles) return;
  char buf[256];
  fputs("::notice title=pqlint%3A analysed incompletely::", out);
  snprintf(buf, sizeof buf, "%zu file%s (%zu function%s that touch a handle) analysed incompletely; "
           "findings there may be missing:", nfiles, nfiles == 1 ? "" : "s", nfns, nfns == 1 ? "" : "s");
  gh_put_data(out, buf);
  size_t shown = 0;
  for (size_t i = 0; i < run->nfiles && shown < GH_NOTICE_FILES; i++) {
    const lint_file* lf = &run->files[i];
    if (!report_file_incomplete(lf)) continue;
    char* rp = report_repo_path(run, lf->path);
    char* why = report_file_incomplete_why(lf);
    gh_put_data(out, "\n");
    gh_put_data(out, rp ? rp : lf->path);
    gh_put_data(out, ": ");
    gh_put_data(out, why ? why : "");
    free(rp);
    free(why);
    shown++;
  }
  if (nfiles > shown) {
    snprintf(buf, sizeof buf, "\n... and %zu more (see the JSON or SARIF report)", nfiles - shown);
    gh_put_data(out, buf);
  }
  fputc('\n', out);
}

/* One ::warning annotation per suppression-comment warning, at the comment's rule id. */
static void gh_sup_warnings(const lint_run* run, FILE* out) {
  for (size_t i = 0; i < run->nsup_warnings; i++) {
    const lint_sup_warning* w = &run->sup_warnings[i];
    char* rp = report_repo_path(run, w->file);
    fputs("::warning file=", out);
    gh_put_prop(out, rp ? rp : w->file);
    free(rp);
    fprintf(out, ",line=%u,col=%u,endLine=%u,endColumn=%u,title=", w->line, w->col, w->line, w->end_col);
    gh_put_prop(out, w->kind == LINT_SUP_UNUSED ? "pqlint: unused suppression" : "pqlint: unknown rule in a suppression");
    fputs("::", out);
    gh_put_data(out, w->message);
    fputc('\n', out);
  }
}

/* One annotation per listed finding, one per suppression-comment warning, then one grouped
 * notice for the files analysed incompletely. Message: "message [rule]" so the rule id shows in the log too.
 * Returns 0 or PQL_EIO. */
int report_github(const lint_run* run, FILE* out) {
  for (size_t i = 0; i < run->findings.n; i++) {
    const finding* f = &run->findings.v[i];
    if (!report_visible(f)) continue;
    fprintf(out, "::%s file=", gh_command(f->level));
    char* rp = report_repo_path(run, f->loc.file); /* GitHub places annotations by repository path */
    gh_put_prop(out, rp ? rp : f->loc.file);
    free(rp);
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
  gh_sup_warnings(run, out);
  gh_incomplete_notice(run, out);
  return ferror(out) ? PQL_EIO : PQL_OK;
}

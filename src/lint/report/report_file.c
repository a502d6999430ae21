/* report_file.c - the format table (name -> writer), dispatching to a writer, and a report file written through pql_write_atomic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/outfile.h"
#include "report/report.h"
#include "report/report_internal.h"

/* The formats, indexed by report_format: the front end only looks a writer
 * up here, and no writer calls back into this file. */
static const struct report_fmt {
  const char* name;
  int (*write)(const lint_run* run, FILE* out);
} report_fmts[] = {
    [REPORT_TEXT] = {"text", report_text},
    [REPORT_JSON] = {"json", report_json},
    [REPORT_SARIF] = {"sarif", report_sarif},
    [REPORT_GITHUB] = {"github", report_github},
};
#define REPORT_NFMTS (sizeof report_fmts / sizeof report_fmts[0])

int report_format_parse(const char* s) {
  if (!s) return -1;
  for (size_t i = 0; i < REPORT_NFMTS; i++)
    if (!strcmp(s, report_fmts[i].name)) return (int)i;
  return -1;
}

int report_write(const lint_run* run, report_format fmt, FILE* out) {
  if ((unsigned)fmt >= REPORT_NFMTS) return PQL_EINVAL;
  int rc = run->statistics ? report_stats(run, fmt, out) : report_fmts[fmt].write(run, out);
  if (rc == 0 && ferror(out)) rc = PQL_EIO;
  return rc;
}


typedef struct report_job {
  const lint_run* run;
  report_format fmt;
} report_job;

static int report_job_write(FILE* out, void* ctx) {
  const report_job* j = ctx;
  return report_write(j->run, j->fmt, out);
}

int report_write_path(const lint_run* run, report_format fmt, const char* path,
                      char* errbuf, size_t errlen) {
  report_job j = {run, fmt};
  return pql_write_atomic(path, "report", report_job_write, &j, errbuf, errlen);
}

/* pql_write_atomic's writer for a plain string. */
static int write_string(FILE* out, void* ctx) {
  const char* t = ctx;
  return fputs(t, out) < 0 || fputc('\n', out) == EOF ? PQL_EIO : 0;
}

int report_write_text(const char* path, const char* text, char* errbuf, size_t errlen) {
  return pql_write_atomic(path, "report", write_string, (void*)text, errbuf, errlen);
}

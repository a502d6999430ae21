/* report_file.c - the format table (name -> writer), dispatching to a writer, and writing a report file atomically. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "base/outfile.h"
#include "base/tmpfiles.h"
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

/* Writes into "path.XXXXXX" in the target's folder, fsyncs, renames over
 * path, then fsyncs the folder. On failure the temporary is removed, the
 * old file is untouched, PQL_EIO (or the writer's code) is returned and
 * errbuf names the path and the reason. */
/* Writes straight into a device or pipe that path names (pql_outfile_special). Returns 0 or an
 * error with errbuf set. */
static int write_special(const char* path, int fd, int (*writer)(FILE* out, void* ctx), void* ctx,
                         char* errbuf, size_t errlen) {
  FILE* f = fdopen(fd, "w");
  if (!f) {
    snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
    close(fd);
    return PQL_EIO;
  }
  errno = 0;
  int rc = writer(f, ctx);
  int saved = errno;
  if (rc == 0 && ferror(f)) rc = PQL_EIO;
  if (fclose(f) != 0 && rc == 0) rc = PQL_EIO, saved = errno;
  if (rc != 0)
    snprintf(errbuf, errlen, "%s: cannot write the report: %s", path,
             rc == PQL_EIO && saved ? strerror(saved) : pql_strerror(rc));
  return rc;
}

int report_atomic_write(const char* path, int (*writer)(FILE* out, void* ctx), void* ctx,
                        char* errbuf, size_t errlen) {
  int sfd;
  int special = pql_outfile_special(path, &sfd, errbuf, errlen);
  if (special < 0) return PQL_EIO;
  if (special) return write_special(path, sfd, writer, ctx, errbuf, errlen);
  size_t plen = strlen(path);
  char* tmp = malloc(plen + 8);
  if (!tmp) {
    snprintf(errbuf, errlen, "%s: out of memory", path);
    return PQL_ENOMEM;
  }
  memcpy(tmp, path, plen);
  memcpy(tmp + plen, ".XXXXXX", 8);
  int fd = tmpfiles_create(tmp); /* removed by SIGINT/SIGTERM/SIGHUP until renamed */
  if (fd < 0) {
    snprintf(errbuf, errlen, "%s: cannot create a temporary file beside it: %s", path,
             strerror(errno));
    free(tmp);
    return PQL_EIO;
  }
  /* mkstemp gives 0600; a report is an ordinary file: honour the umask */
  mode_t um = umask(0);
  umask(um);
  (void)fchmod(fd, 0666 & ~um);
  FILE* f = fdopen(fd, "w");
  if (!f) {
    snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
    close(fd);
    unlink(tmp);
    tmpfiles_forget(tmp);
    free(tmp);
    return PQL_EIO;
  }
  errno = 0;
  int rc = writer(f, ctx);
  int saved = errno;
  if (rc == 0 && ferror(f)) rc = PQL_EIO;
  if (rc == 0 && fflush(f) != 0) rc = PQL_EIO, saved = errno;
  if (rc == 0 && fsync(fileno(f)) != 0) rc = PQL_EIO, saved = errno;
  if (fclose(f) != 0 && rc == 0) rc = PQL_EIO, saved = errno;
  if (rc == 0) tmpfiles_test_pause(); /* test knob: a signal while the temporary exists */
  if (rc == 0 && rename(tmp, path) != 0) rc = PQL_EIO, saved = errno;
  if (rc != 0) {
    snprintf(errbuf, errlen, "%s: cannot write the report: %s", path,
             rc == PQL_EIO && saved ? strerror(saved) : pql_strerror(rc));
    unlink(tmp);
    tmpfiles_forget(tmp);
    free(tmp);
    return rc;
  }
  tmpfiles_forget(tmp);
  /* make the rename itself durable */
  char* dir = dirname(tmp);
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    (void)fsync(dfd);
    close(dfd);
  }
  free(tmp);
  return PQL_OK;
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
  return report_atomic_write(path, report_job_write, &j, errbuf, errlen);
}

/* report_atomic_write's writer for a plain string. */
static int write_string(FILE* out, void* ctx) {
  const char* t = ctx;
  return fputs(t, out) < 0 || fputc('\n', out) == EOF ? PQL_EIO : 0;
}

int report_write_text(const char* path, const char* text, char* errbuf, size_t errlen) {
  return report_atomic_write(path, write_string, (void*)text, errbuf, errlen);
}

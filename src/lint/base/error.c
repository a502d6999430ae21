/* error.c - pqlint's error codes as text, and the tool's own diagnostics on stderr. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/error.h"

static volatile int diag_quiet; /* pql_diag_quiet: set once, before any thread starts */

void pql_diag_quiet(int on) { diag_quiet = on; }

/* Returns a static English text for a PQL_E* code; never NULL. */
const char* pql_strerror(int code) {
  switch (code) {
    case PQL_OK: return "success";
    case PQL_ENOMEM: return "out of memory";
    case PQL_EINVAL: return "invalid argument";
    case PQL_EIO: return "input/output error";
    case PQL_EMODEL: return "invalid model";
    case PQL_ECONFIG: return "invalid configuration";
    case PQL_EPARSE: return "parse failure";
    case PQL_EINPUT: return "bad input file";
    case PQL_ETOOBIG: return "file larger than the size limit";
    case PQL_ETIMEDOUT: return "file timeout";
    default: return "unknown error";
  }
}

/* Formats "pqlint: <kind>: <message>\n" into one buffer and writes it with a
 * single write(2), so lines from several threads never interleave. */
static void error_vprint(const char* kind, const char* fmt, va_list ap) {
  if (diag_quiet) return;
  char buf[4096];
  int n = snprintf(buf, sizeof buf, "pqlint: %s: ", kind);
  if (n < 0) return;
  int m = vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap);
  if (m < 0) m = 0;
  size_t len = (size_t)n + (size_t)m;
  if (len > sizeof buf - 2) len = sizeof buf - 2;
  buf[len++] = '\n';
  fflush(stderr);
  ssize_t w = write(STDERR_FILENO, buf, len);
  (void)w;
}

void pql_errorf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  error_vprint("error", fmt, ap);
  va_end(ap);
}

void pql_warnf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  error_vprint("warning", fmt, ap);
  va_end(ap);
}

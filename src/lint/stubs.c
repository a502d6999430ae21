/* stubs.c - TEMPORARY weak stand-ins for modules other engineers are still writing; each block goes when its module lands. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "error.h"
#include "flow.h"
#include "lint.h"
#include "model.h"
#include "report.h"
#include "suppress.h"

#define WEAK __attribute__((weak))

#if !__has_include("suppress.c")
WEAK int suppress_apply(lint_run* run) { return 0; }
#endif

#if !__has_include("fingerprint.c")
#include "fingerprint.h"
WEAK int fingerprint_lines(const char* text, size_t len, char*** out, size_t* nlines) {
  *out = NULL;
  *nlines = 0;
  return PQL_ENOMEM;
}
WEAK void fingerprint_free(char** hashes, size_t nlines) {}
#endif

#if !__has_include("merge.c")
WEAK int merge_main(int argc, char** argv) {
  fputs("pqlint: error: merge is not implemented yet\n", stderr);
  return 2;
}
#endif

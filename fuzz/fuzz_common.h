/* fuzz_common.h - what every libFuzzer harness shares: quiet reports and diagnostics, and a NUL-terminated copy of the input. */
#ifndef PQL_FUZZ_COMMON_H
#define PQL_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"

/* The input as a NUL-terminated string (malloc'd; the caller frees), or NULL. */
static inline char* fz_cstr(const uint8_t* data, size_t size) {
  char* s = malloc(size + 1);
  if (!s) return NULL;
  memcpy(s, data, size);
  s[size] = '\0';
  return s;
}

/* Every harness, once at start: reports (stdout) go to /dev/null and
 * pqlint's own errors and warnings (stderr) are dropped, so the log holds
 * only libFuzzer's lines and the sanitizers' reports (stderr stays open for
 * them). Defined here, so each harness (one file each) gets the same. */
int LLVMFuzzerInitialize(int* argc, char*** argv) {
  (void)argc;
  (void)argv;
  if (!freopen("/dev/null", "w", stdout)) abort();
  pql_diag_quiet(1);
  return 0;
}

#endif

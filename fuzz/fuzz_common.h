/* fuzz_common.h - what every libFuzzer harness shares: a quiet stdout and a NUL-terminated copy of the input. */
#ifndef PQL_FUZZ_COMMON_H
#define PQL_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The input as a NUL-terminated string (malloc'd; the caller frees), or NULL. */
static inline char* fz_cstr(const uint8_t* data, size_t size) {
  char* s = malloc(size + 1);
  if (!s) return NULL;
  memcpy(s, data, size);
  s[size] = '\0';
  return s;
}

/* Reports go to stdout and warnings to stderr; the harnesses keep stdout quiet. */
static inline void fz_quiet_stdout(void) {
  if (!freopen("/dev/null", "w", stdout)) abort();
}

#endif

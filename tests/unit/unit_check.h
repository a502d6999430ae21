/* unit_check.h - the pass/fail counter every unit test executable shares: check() one assertion, unit_done() the summary line and exit status. */
#ifndef PQL_UNIT_CHECK_H
#define PQL_UNIT_CHECK_H

#include <stdio.h>

static int npass, nfail;

/* Counts one assertion; prints "FAIL: what" when ok is 0. */
static void check(int ok, const char* what) {
  if (ok) npass++;
  else {
    nfail++;
    printf("FAIL: %s\n", what);
  }
}

/* Prints the counts; returns main's exit status: 1 when any check failed. */
static int unit_done(void) {
  printf("%d passed, %d failed\n", npass, nfail);
  return nfail ? 1 : 0;
}

#endif

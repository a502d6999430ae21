/* check_syntactic.h - private to the syntactic checks: the walk context shared by check_syntactic.c and check_{connect,maxone,secret}.c. */
#ifndef PQL_CHECK_SYNTACTIC_H
#define PQL_CHECK_SYNTACTIC_H

#include <clang-c/Index.h>

#include "base/finding.h"
#include "base/lint.h"

#define SYN_DIRECT_CONNECT "direct-connect"
#define SYN_MAX_ONE "max-one"
#define SYN_HARDCODED_SECRET "hardcoded-secret"

typedef struct syn_ctx {
  const lint_tu* t;
  const model_set* m;
  finding_list* out;
  int on_connect, on_maxone, on_secret; /* rules enabled for this run */
  int err;                              /* first negative PQL_E* met; stops the walk */
  CXCursor cur;                         /* the cursor the walk is at (in the main file) */
} syn_ctx;

/* Appends a finding of `rule` at cursor `at` (its file location range in
 * the main file; if `at` lies in another file, e.g. an array initialised
 * in a header, at k->cur instead) with `message` (copied) and the
 * enclosing function's name. The level is the catalogue's default, else `fallback`. Returns 0
 * or PQL_ENOMEM (also recorded in k->err). */
int syn_report(syn_ctx* k, const char* rule, finding_level fallback, CXCursor at,
               const char* message);

/* 1 if the single call pattern calls->v[i] matches name. */
int syn_call_matches(const model_call* c, const char* name);

/* The per-rule visitors, called for every cursor of the main file. */
void syn_connect_visit(syn_ctx* k, CXCursor c);
void syn_maxone_visit(syn_ctx* k, CXCursor c);
void syn_secret_visit(syn_ctx* k, CXCursor c);

#endif

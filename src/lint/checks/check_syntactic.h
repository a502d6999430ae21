/* check_syntactic.h - the syntactic checks' interface: the walk context, the check table entry (one file per check subscribes to the walk's cursors), and the report helpers of syn_report.c. */
#ifndef PQL_CHECK_SYNTACTIC_H
#define PQL_CHECK_SYNTACTIC_H

#include <clang-c/Index.h>

#include "base/finding.h"
#include "base/lint.h"

#define SYN_DIRECT_CONNECT "direct-connect"
#define SYN_MAX_ONE "max-one"
#define SYN_HARDCODED_SECRET "hardcoded-secret"

/* How the syntactic checks divide the work (like the path rules of
 * rules_flow/ and engine/flow_rule.h, on a plain AST walk):
 *
 * - check_syntactic.c walks the main file's AST once and hands every
 *   cursor to each enabled check of the table in syn_registry.c, in order.
 *   It knows no rule.
 * - A check (check_<name>.c) is one `syn_check`: its rule id and its
 *   visitor; it reports with syn_report (syn_report.c). Adding a check: one
 *   file, its line in syn_registry.c, its entry in rules/catalog.json; the
 *   walk does not change. */

#define SYN_MAX_CHECKS 16

typedef struct syn_ctx {
  const lint_tu* t;
  const model_set* m;
  finding_list* out;
  int err;                              /* first negative PQL_E* met; stops the walk */
  CXCursor cur;                         /* the cursor the walk is at (in the main file) */
} syn_ctx;

/* One syntactic check. visit is called for every cursor of the main file
 * (and below its declarations) when the rule is enabled; it reports with
 * syn_report and records a failure in k->err (which stops the walk). */
typedef struct syn_check {
  const char* rule;         /* its rule id (rules/catalog.json) */
  int not_in_pool_module;   /* 1: off in the pool module's files (direct-connect) */
  void (*visit)(syn_ctx* k, CXCursor c);
} syn_check;

/* The checks, in the order they see each cursor (syn_registry.c), NULL-terminated. */
extern const syn_check* const syn_checks[];

extern const syn_check syn_check_connect;
extern const syn_check syn_check_maxone;
extern const syn_check syn_check_secret;

/* Appends a finding of `rule` at cursor `at` (its file location range in
 * the main file; if `at` lies in another file, e.g. an array initialised
 * in a header, at k->cur instead) with `message` (copied) and the
 * enclosing function's name. The level is the catalogue's default, else `fallback`. Returns 0
 * or PQL_ENOMEM (also recorded in k->err). */
int syn_report(syn_ctx* k, const char* rule, finding_level fallback, CXCursor at,
               const char* message);

/* 1 if the single call pattern calls->v[i] matches name. */
int syn_call_matches(const model_call* c, const char* name);

#endif

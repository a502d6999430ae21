/* syn_report.c - the syntactic checks' shared services: report a finding at a cursor, match one call pattern. */
#include <stdlib.h>
#include <string.h>

#include "parse/ast.h"
#include "checks/check_syntactic.h"
#include "base/error.h"

/* 1 if the single call pattern c matches name. */
int syn_call_matches(const model_call* c, const char* name) {
  model_calls one = {(model_call*)c, 1};
  return model_calls_match(&one, name) == 0;
}

/* See check_syntactic.h. */
int syn_report(syn_ctx* k, const char* rule, finding_level fallback, CXCursor at,
               const char* message) {
  const model_rule* r = k->m ? model_rule_find(k->m, rule) : NULL;
  ast_loc l;
  if (!ast_loc_of(at, &l)) {
    at = k->cur;
    ast_loc_of(at, &l);
  }
  finding f;
  memset(&f, 0, sizeof f);
  f.rule = r ? r->id : rule; /* catalogue strings outlive the findings; else a literal */
  f.level = r ? r->level : fallback;
  f.message = strdup(message);
  f.function = ast_enclosing_function_name(at); /* NULL at file scope */
  int rc = f.message ? finding_loc_set(&f.loc, k->t->path, l.line, l.col, l.end_line, l.end_col,
                                       NULL)
                     : PQL_ENOMEM;
  if (rc == 0) return finding_list_push(k->out, &f) ? (k->err = PQL_ENOMEM) : 0;
  free(f.message);
  free(f.function);
  free(f.loc.file);
  return k->err = PQL_ENOMEM;
}

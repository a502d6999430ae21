/* check_syntactic.c - check_syntactic(): one walk over the main file's AST feeding the direct-connect, max-one and hardcoded-secret visitors. */
#include <stdlib.h>
#include <string.h>

#include "parse/ast.h"
#include "checks/check_syntactic.h"
#include "base/error.h"

int syn_call_matches(const model_call* c, const char* name) {
  model_calls one = {(model_call*)c, 1};
  return model_calls_match(&one, name) == 0;
}

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

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData d) {
  syn_ctx* k = d;
  if (k->err) return CXChildVisit_Break;
  /* declarations from headers are not this file's findings (macros used
   * here from a header are placed at their use, so they do count); below
   * a main-file declaration everything is this file's */
  if (clang_getCursorKind(parent) == CXCursor_TranslationUnit && !ast_in_main_file(c))
    return CXChildVisit_Continue;
  k->cur = c;
  if (k->on_connect) syn_connect_visit(k, c);
  if (k->on_maxone) syn_maxone_visit(k, c);
  if (k->on_secret) syn_secret_visit(k, c);
  return k->err ? CXChildVisit_Break : CXChildVisit_Recurse;
}

int check_syntactic(const lint_tu* t, finding_list* out) {
  if (!t || !t->tu || !out) return PQL_EINVAL;
  syn_ctx k;
  memset(&k, 0, sizeof k);
  k.t = t;
  k.m = t->models;
  k.out = out;
  k.on_connect = lint_rule_enabled(t->rules, SYN_DIRECT_CONNECT) && !t->in_pool_module;
  k.on_maxone = lint_rule_enabled(t->rules, SYN_MAX_ONE);
  k.on_secret = lint_rule_enabled(t->rules, SYN_HARDCODED_SECRET);
  if (!k.m || !(k.on_connect || k.on_maxone || k.on_secret)) return 0;
  clang_visitChildren(clang_getTranslationUnitCursor(t->tu), visit, &k);
  return k.err;
}

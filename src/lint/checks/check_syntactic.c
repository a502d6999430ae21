/* check_syntactic.c - check_syntactic(): one walk over the main file's AST, each cursor handed to the enabled checks of syn_registry.c. */
#include <string.h>

#include "parse/ast.h"
#include "checks/check_syntactic.h"
#include "base/error.h"

typedef struct syn_walk {
  syn_ctx k;
  const CXCursor* top; /* ast_top of the TU, or NULL */
  size_t ntop, itop;   /* top-level cursors, and the next one the walk meets */
  const syn_check* on[SYN_MAX_CHECKS + 1]; /* the enabled checks, NULL-terminated */
} syn_walk;

/* The AST visitor: hands main-file cursors to each enabled check. */
static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData d) {
  syn_walk* w = d;
  syn_ctx* k = &w->k;
  if (k->err) return CXChildVisit_Break;
  /* declarations from headers are not this file's findings (macros used
   * here from a header are placed at their use, so they do count); below
   * a main-file declaration everything is this file's */
  if (clang_getCursorKind(parent) == CXCursor_TranslationUnit) {
    /* the walk meets them in ast_top's order: its answer, asked once per TU */
    size_t i = w->itop++;
    int in = w->top && i < w->ntop && clang_equalCursors(w->top[i], c)
                 ? ast_top_in_main(k->t->tu, i)
                 : -1;
    if (in < 0) in = ast_in_main_file(c);
    if (!in) return CXChildVisit_Continue;
  }
  k->cur = c;
  for (const syn_check* const* s = w->on; *s; s++) (*s)->visit(k, c);
  return k->err ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* Runs the enabled syntactic checks on t's main file, appending to out.
 * Returns 0, PQL_EINVAL for a NULL argument, or the first error a check met
 * (PQL_ENOMEM); findings pushed before an error stay in out. */
int check_syntactic(const lint_tu* t, finding_list* out) {
  if (!t || !t->tu || !out) return PQL_EINVAL;
  syn_walk w;
  memset(&w, 0, sizeof w);
  w.k.t = t;
  w.k.m = t->models;
  w.k.out = out;
  size_t n = 0;
  for (const syn_check* const* s = syn_checks; *s && n < SYN_MAX_CHECKS; s++)
    if (lint_rule_enabled(t->rules, (*s)->rule) && !((*s)->not_in_pool_module && t->in_pool_module))
      w.on[n++] = *s;
  if (!w.k.m || !n) return 0;
  if (ast_top(t->tu, &w.top, &w.ntop)) w.top = NULL;
  clang_visitChildren(clang_getTranslationUnitCursor(t->tu), visit, &w);
  return w.k.err;
}

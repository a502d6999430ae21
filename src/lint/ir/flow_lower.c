/* flow_lower.c - lowers each function body of a parsed file from libclang cursors to the flow IR (blocks, events, terminators). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/ast.h"
#include "base/error.h"
#include "ir/flow_ir.h"
#include "ir/flow_macro.h"

#include "ir/lower_ctx.h"

/* ---- functions ---------------------------------------------------------- */

static void fn_free(flow_fn* f) {
  for (int i = 0; i < f->nb; i++) {
    flow_block* B = &f->b[i];
    for (int j = 0; j < B->nev; j++) {
      free(B->ev[j].callee);
      free(B->ev[j].args);
      free(B->ev[j].vars);
    }
    free(B->ev);
    free(B->succ);
  }
  for (int i = 0; i < f->nvars; i++) {
    free(f->vars[i].name);
    free(f->vars[i].cleanup_fn);
  }
  free(f->vars);
  free(f->b);
  free(f->name);
  free(f->loop_parent);
  memset(f, 0, sizeof *f);
}

/* Lowers one function definition into *f. Returns 0 or PQL_ENOMEM. */
static int lower_function(CXTranslationUnit tu, const model_set* m, const flow_macro_uses* mx,
                          CXCursor fnc, flow_fn* f) {
  lctx x;
  memset(&x, 0, sizeof x);
  x.tu = tu;
  x.mx = mx;
  x.models = m;
  x.f = f;
  x.curloop = -1;
  x.expr = lower_expr;
  x.cond = lower_cond;
  x.stmt = lower_stmt;
  memset(f, 0, sizeof *f);
  f->name = ast_spelling(fnc);
  f->is_static = clang_Cursor_getStorageClass(fnc) == CX_SC_Static;
  ast_loc l;
  ast_loc_of(fnc, &l);
  f->line = l.line;
  int np = clang_Cursor_getNumArguments(fnc);
  f->nparams = np < 0 ? 0 : np;
  for (int i = 0; i < f->nparams; i++) {
    int v = lower_var_of_decl(&x, clang_Cursor_getArgument(fnc, (unsigned)i));
    if (v >= 0) f->vars[v].param = i;
  }
  ast_cursors ch = {0};
  ast_children(fnc, &ch);
  CXCursor body = clang_getNullCursor();
  for (size_t i = 0; i < ch.n; i++)
    if (clang_getCursorKind(ch.v[i]) == CXCursor_CompoundStmt) body = ch.v[i];
  ast_cursors_free(&ch);
  x.cur = lower_new_block(&x); /* block 0: entry */
  if (!clang_Cursor_isNull(body)) {
    lower_stmt(&x, body);
    lower_ensure_cur(&x);
    flow_block* B = &f->b[x.cur];
    B->term = FT_END;
    ast_loc_of(body, &l);
    B->line = l.end_line;
    B->col = l.end_col > 1 ? l.end_col - 1 : 1;
  }
  /* blocks never terminated (labels never reached, dead code) end the function */
  for (int i = 0; i < f->nb; i++)
    if (f->b[i].term == FT_GOTO && !f->b[i].succ) f->b[i].term = FT_END;
  for (int i = 0; i < x.nlabels; i++) free(x.labels[i].name);
  free(x.labels);
  free(x.decls);
  for (int i = 0; i < x.nscopes; i++) free(x.scopes[i].vars);
  return x.err;
}

/* 1 if name matches a call pattern of the models that the flow analysis
 * acts on (acquire, release, ... of a resource or a pool, noreturn). */
static int model_names(const model_set* m, const char* name) {
  if (!m || !name) return 0;
  for (size_t r = 0; r < m->nresources; r++) {
    const model_resource* R = &m->resources[r];
    const model_calls* cs[] = {&R->acquire, &R->release, &R->discard, &R->borrow, &R->check};
    for (size_t i = 0; i < sizeof cs / sizeof *cs; i++)
      if (model_calls_match(cs[i], name) >= 0) return 1;
  }
  for (size_t p = 0; p < m->npools; p++) {
    const model_pool* P = &m->pools[p];
    const model_calls* cs[] = {&P->acquire, &P->release, &P->discard, &P->create, &P->destroy};
    for (size_t i = 0; i < sizeof cs / sizeof *cs; i++)
      if (model_calls_match(cs[i], name) >= 0) return 1;
  }
  return model_calls_match(&m->noreturn, name) >= 0;
}

/* A function defined in an included header is kept (for its summary) only
 * if it can matter to a caller: it has a handle-typed parameter or local,
 * calls libpq or a model function, never returns by declaration, or calls
 * a header function kept before it. This keeps the many unrelated inline
 * functions of big projects' headers out of every unit. */
static int header_fn_relevant(const flow_unit* u, const flow_fn* f, const model_set* m) {
  if (f->broken || !f->nb) return 0;
  for (int i = 0; i < f->nvars; i++)
    if (f->vars[i].htype) return 1;
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->kind != FE_CALL) continue;
      if (e->decl_noreturn || e->ret_type != FK_NONE) return 1;
      if (!e->callee) continue;
      if (!strncmp(e->callee, "PQ", 2) || !strncmp(e->callee, "lo_", 3) || model_names(m, e->callee))
        return 1;
      for (int k = 0; k < u->nfns; k++)
        if (u->fns[k].in_header && u->fns[k].name && !strcmp(u->fns[k].name, e->callee)) return 1;
    }
  return 0;
}

/* Offsets in the main file of error/fatal diagnostics (malloc'd, *n set;
 * NULL with *n = 0 when there are none or on ENOMEM). */
static unsigned* error_offsets(CXTranslationUnit tu, size_t* n) {
  unsigned nd = clang_getNumDiagnostics(tu);
  unsigned* v = nd ? malloc(nd * sizeof *v) : NULL;
  *n = 0;
  for (unsigned i = 0; v && i < nd; i++) {
    CXDiagnostic d = clang_getDiagnostic(tu, i);
    enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
    CXSourceLocation loc = clang_getDiagnosticLocation(d);
    if (sev >= CXDiagnostic_Error && clang_Location_isFromMainFile(loc)) {
      unsigned off;
      clang_getExpansionLocation(loc, NULL, NULL, NULL, &off);
      v[(*n)++] = off;
    }
    clang_disposeDiagnostic(d);
  }
  return v;
}

int flow_lower(const lint_tu* t, flow_unit** out) {
  *out = NULL;
  flow_unit* u = calloc(1, sizeof *u);
  if (!u) return PQL_ENOMEM;
  u->path = strdup(t->path ? t->path : "");
  CXCursor root = clang_getTranslationUnitCursor(t->tu);
  ast_cursors ch = {0};
  if (ast_children(root, &ch) < 0) {
    flow_unit_free(u);
    return PQL_ENOMEM;
  }
  int rc = 0;
  size_t nerr = 0;
  unsigned* errs = error_offsets(t->tu, &nerr);
  flow_macro_uses mx = {0};
  flow_macro_uses_collect(ch.v, ch.n, &mx); /* ENOMEM: operators in macros stay unknown */
  for (size_t i = 0; i < ch.n && !rc; i++) {
    CXCursor c = ch.v[i];
    if (clang_getCursorKind(c) != CXCursor_FunctionDecl || !clang_isCursorDefinition(c)) continue;
    int in_header = !ast_in_main_file(c);
    if (in_header && clang_Location_isInSystemHeader(clang_getCursorLocation(c))) continue;
    flow_fn* nf = realloc(u->fns, (size_t)(u->nfns + 1) * sizeof *nf);
    if (!nf) {
      rc = PQL_ENOMEM;
      break;
    }
    u->fns = nf;
    rc = lower_function(t->tu, t->models, &mx, c, &u->fns[u->nfns]);
    if (!rc && in_header) {
      if (!header_fn_relevant(u, &u->fns[u->nfns], t->models)) {
        fn_free(&u->fns[u->nfns]);
        continue;
      }
      u->fns[u->nfns].in_header = 1;
      u->nfns++;
      continue; /* parse errors are only looked for in the main file */
    }
    ast_loc fl;
    ast_loc_of(c, &fl);
    for (size_t e = 0; e < nerr; e++)
      if (errs[e] >= fl.offset && errs[e] <= fl.end_offset) u->fns[u->nfns].broken = 1;
    u->nfns++;
  }
  free(errs);
  flow_macro_uses_free(&mx);
  ast_cursors_free(&ch);
  if (rc) {
    flow_unit_free(u);
    return rc;
  }
  *out = u;
  return 0;
}

void flow_unit_free(flow_unit* u) {
  if (!u) return;
  for (int i = 0; i < u->nfns; i++) fn_free(&u->fns[i]);
  free(u->fns);
  free(u->path);
  free(u);
}

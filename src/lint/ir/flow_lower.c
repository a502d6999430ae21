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
      free(B->ev[j].macro);
      for (int k = 0; k < B->ev[j].nargs; k++) free(B->ev[j].args[k].mpath);
      free(B->ev[j].args);
      free(B->ev[j].vars);
    }
    free(B->ev);
    free(B->succ);
  }
  for (int i = 0; i < f->nvars; i++) {
    free(f->vars[i].name);
    free(f->vars[i].cleanup_fn);
    free(f->vars[i].owner);
    free(f->vars[i].owner_field);
  }
  for (int i = 0; i < f->nfuses; i++) free(f->fuses[i]);
  free(f->fuses);
  free(f->vars);
  free(f->b);
  free(f->name);
  free(f->loop_parent);
  memset(f, 0, sizeof *f);
}

/* A constructor's member and base initialisers (: conn_(PQconnectdb(ci)),
 * res_(r)): what is put into a member is stored (escapes); other
 * initialisers are lowered as expressions. */
static void lower_ctor_inits(lctx* x, const ast_cursors* ch) {
  for (size_t i = 0; i + 1 < ch->n; i++) {
    if (clang_getCursorKind(ch->v[i]) != CXCursor_MemberRef) continue;
    CXCursor e = ch->v[i + 1];
    if (!clang_isExpression(clang_getCursorKind(e))) continue;
    CXCursor u = ast_unwrap(e);
    int v = lower_var_of_expr(x, u);
    if (v >= 0) lower_emit_var(x, FE_ESCAPE, u, v);
    else if (clang_getCursorKind(u) == CXCursor_CallExpr) lower_call(x, u, FD_ESCAPE, -1, -1);
    else lower_expr(x, e);
    /* m_data{wrap(r)}: a handle named in a member's initialiser goes into the member */
    if (v < 0) lower_cxx_escape_refs(x, e);
    i++;
  }
  for (size_t i = 0; i < ch->n; i++) /* base class initialisers: TypeRef, then the call */
    if (clang_getCursorKind(ch->v[i]) == CXCursor_TypeRef && i + 1 < ch->n &&
        clang_getCursorKind(ast_unwrap(ch->v[i + 1])) == CXCursor_CallExpr)
      lower_expr(x, ch->v[++i]);
}

/* Lowers one function definition (or, with outer not null, the body of the
 * lambda expression fnc written in outer) into *f; lambdas met are added
 * to *lambdas (malloc'd, grown; the caller frees). Returns 0 or PQL_ENOMEM. */
static int lower_function(CXTranslationUnit tu, const model_set* m, const flow_macro_uses* mx,
                          lower_memo* memo, CXCursor fnc, CXCursor outer, flow_fn* f, CXCursor** lambdas,
                          int* nlambdas) {
  lctx x;
  memset(&x, 0, sizeof x);
  x.tu = tu;
  x.mx = mx;
  x.memo = memo;
  x.models = m;
  x.f = f;
  x.curloop = -1;
  x.expr = lower_expr;
  x.cond = lower_cond;
  x.stmt = lower_stmt;
  x.cxx_expr = lower_cxx_expr;
  int is_lambda = !clang_Cursor_isNull(outer);
  x.fncur = is_lambda ? clang_getNullCursor() : fnc;
  x.outer = is_lambda ? outer : clang_getNullCursor();
  x.lambdas = *lambdas;
  x.nlambdas = x.caplambdas = *nlambdas;
  memset(f, 0, sizeof *f);
  ast_loc l;
  ast_loc_of(fnc, &l);
  f->line = l.line;
  if (is_lambda) {
    char* on = lower_cxx_fn_name(outer);
    char buf[512];
    snprintf(buf, sizeof buf, "%s::<lambda at line %u>", on ? on : "?", l.line);
    free(on);
    f->name = strdup(buf);
    f->is_static = 1; /* called through the closure only: no summary for other files */
  } else {
    f->name = lower_cxx_fn_name(fnc);
    f->is_static = clang_Cursor_getStorageClass(fnc) == CX_SC_Static;
  }
  ast_cursors ch = {0};
  ast_children(fnc, &ch);
  if (is_lambda) {
    for (size_t i = 0; i < ch.n; i++)
      if (clang_getCursorKind(ch.v[i]) == CXCursor_ParmDecl) {
        int v = lower_var_of_decl(&x, ch.v[i]);
        if (v >= 0) x.f->vars[v].param = f->nparams;
        f->nparams++;
      }
  } else {
    int np = clang_Cursor_getNumArguments(fnc);
    f->nparams = np < 0 ? 0 : np;
    for (int i = 0; i < f->nparams; i++) {
      int v = lower_var_of_decl(&x, clang_Cursor_getArgument(fnc, (unsigned)i));
      if (v >= 0) f->vars[v].param = i;
    }
  }
  CXCursor body = clang_getNullCursor();
  for (size_t i = 0; i < ch.n; i++)
    if (clang_getCursorKind(ch.v[i]) == CXCursor_CompoundStmt) body = ch.v[i];
  x.cur = lower_new_block(&x); /* block 0: entry */
  if (clang_getCursorKind(fnc) == CXCursor_Constructor) lower_ctor_inits(&x, &ch);
  ast_cursors_free(&ch);
  if (clang_getCursorKind(fnc) == CXCursor_FunctionTemplate)
    lower_cxx_unmodelled(&x, fnc, "template (its instantiations are not analysed)");
  if (!clang_Cursor_isNull(body)) {
    lower_fuses(&x, body);
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
  free(x.flagw);
  for (int i = 0; i < x.nscopes; i++) free(x.scopes[i].vars);
  *lambdas = x.lambdas;
  *nlambdas = x.nlambdas;
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

/* The function definitions to lower, in file order: at file scope, and in
 * C++ inside namespaces, extern "C" blocks and class bodies (in_tmpl: inside
 * a class template). */
typedef struct fn_list {
  CXCursor* v;
  int* in_tmpl;
  size_t n, cap;
} fn_list;

static int fn_list_collect(CXCursor parent, int cxx, int in_tmpl, int depth, fn_list* out);

/* fn_list_collect over the children v[0..n) of a cursor. */
static int fn_list_of(const CXCursor* v, size_t n, int cxx, int in_tmpl, int depth, fn_list* out) {
  int rc = 0;
  for (size_t i = 0; i < n && !rc; i++) {
    CXCursor c = v[i];
    enum CXCursorKind k = clang_getCursorKind(c);
    if (cxx && depth < 16 &&
        (k == CXCursor_Namespace || k == CXCursor_LinkageSpec || k == CXCursor_ClassDecl ||
         k == CXCursor_StructDecl || k == CXCursor_ClassTemplate ||
         k == CXCursor_ClassTemplatePartialSpecialization)) {
      if (clang_Location_isInSystemHeader(clang_getCursorLocation(c))) continue;
      rc = fn_list_collect(c, cxx, in_tmpl || k == CXCursor_ClassTemplate ||
                                       k == CXCursor_ClassTemplatePartialSpecialization,
                           depth + 1, out);
      continue;
    }
    if (!(k == CXCursor_FunctionDecl || (cxx && lower_cxx_fn_like(k))) ||
        !clang_isCursorDefinition(c))
      continue;
    if (out->n == out->cap) {
      size_t nc = out->cap ? out->cap * 2 : 64;
      CXCursor* nv = realloc(out->v, nc * sizeof *nv);
      if (nv) out->v = nv;
      int* nt = realloc(out->in_tmpl, nc * sizeof *nt);
      if (nt) out->in_tmpl = nt;
      if (!nv || !nt) {
        rc = PQL_ENOMEM;
        break;
      }
      out->cap = nc;
    }
    out->v[out->n] = c;
    out->in_tmpl[out->n++] = in_tmpl;
  }
  return rc;
}

/* The function definitions among parent's children (and, in C++, inside its
 * namespaces, linkage specs and classes) into *out. Returns 0 or PQL_ENOMEM. */
static int fn_list_collect(CXCursor parent, int cxx, int in_tmpl, int depth, fn_list* out) {
  ast_cursors ch = {0};
  if (ast_children(parent, &ch) < 0) return PQL_ENOMEM;
  int rc = fn_list_of(ch.v, ch.n, cxx, in_tmpl, depth, out);
  ast_cursors_free(&ch);
  return rc;
}

/* Adds a slot to u->fns; NULL on ENOMEM. */
static flow_fn* fn_slot(flow_unit* u) {
  flow_fn* nf = realloc(u->fns, (size_t)(u->nfns + 1) * sizeof *nf);
  if (!nf) return NULL;
  u->fns = nf;
  return &u->fns[u->nfns];
}

/* Keeps the function just lowered into u->fns[u->nfns] (or drops an
 * irrelevant header function): marks it broken when a parse error lies in
 * its extent, or when it is a template (not analysed, reported incomplete). */
static void fn_keep(flow_unit* u, const lint_tu* t, CXCursor c, int in_header, int in_tmpl,
                    const unsigned* errs, size_t nerr) {
  flow_fn* f = &u->fns[u->nfns];
  if (in_tmpl && !f->unmodelled) {
    f->unmodelled = "template (its instantiations are not analysed)";
    f->unmodelled_line = f->line;
  }
  if (f->unmodelled && !strncmp(f->unmodelled, "template", 8)) f->broken = 1;
  if (in_header) {
    if (f->broken || !header_fn_relevant(u, f, t->models)) {
      fn_free(f);
      return;
    }
    f->in_header = 1;
    f->unmodelled = NULL; /* a header's function is reported with the header */
    u->nfns++;
    return; /* parse errors are only looked for in the main file */
  }
  ast_loc fl;
  ast_loc_of(c, &fl);
  for (size_t e = 0; e < nerr; e++)
    if (errs[e] >= fl.offset && errs[e] <= fl.end_offset) f->broken = 1;
  u->nfns++;
}

int flow_lower(const lint_tu* t, flow_unit** out) {
  *out = NULL;
  flow_unit* u = calloc(1, sizeof *u);
  if (!u) return PQL_ENOMEM;
  u->path = strdup(t->path ? t->path : "");
  const CXCursor* top = NULL; /* this thread's, shared with the checks (ast_top) */
  size_t ntop = 0;
  fn_list fl = {0};
  if (ast_top(t->tu, &top, &ntop) || fn_list_of(top, ntop, t->cxx, 0, 0, &fl)) {
    free(fl.v);
    free(fl.in_tmpl);
    flow_unit_free(u);
    return PQL_ENOMEM;
  }
  int rc = 0;
  size_t nerr = 0;
  unsigned* errs = error_offsets(t->tu, &nerr);
  flow_macro_uses mx = {0};
  flow_macro_uses_collect(top, ntop, &mx); /* ENOMEM: operators in macros stay unknown */
  lower_memo memo = {0};
  CXCursor* lambdas = NULL;
  int nlambdas = 0;
  for (size_t i = 0; i < fl.n && !rc; i++) {
    CXCursor c = fl.v[i];
    int in_header = !ast_in_main_file(c);
    if (in_header && clang_Location_isInSystemHeader(clang_getCursorLocation(c))) continue;
    flow_fn* f = fn_slot(u);
    if (!f) {
      rc = PQL_ENOMEM;
      break;
    }
    nlambdas = 0;
    rc = lower_function(t->tu, t->models, &mx, &memo, c, clang_getNullCursor(), f, &lambdas, &nlambdas);
    if (rc) break;
    fn_keep(u, t, c, in_header, fl.in_tmpl[i], errs, nerr);
    /* the lambdas written in it (and in them), each a function of its own */
    for (int k = 0; k < nlambdas && !rc; k++) {
      flow_fn* lf = fn_slot(u);
      if (!lf) {
        rc = PQL_ENOMEM;
        break;
      }
      rc = lower_function(t->tu, t->models, &mx, &memo, lambdas[k], c, lf, &lambdas, &nlambdas);
      if (!rc) fn_keep(u, t, lambdas[k], in_header, fl.in_tmpl[i], errs, nerr);
    }
  }
  free(lambdas);
  free(errs);
  free(fl.v);
  free(fl.in_tmpl);
  flow_macro_uses_free(&mx);
  lower_memo_free(&memo);
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

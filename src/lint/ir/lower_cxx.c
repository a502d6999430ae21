/* lower_cxx.c - lowers the C++ constructs the flow analysis understands: RAII owners (unique_ptr/shared_ptr with a releasing deleter), owner.release()/reset(), throw, try/catch, lambdas. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/lower_ctx.h"

/* ---- RAII owners ---------------------------------------------------------- */

/* 1 if name releases a connection or a result: a model's release call, or
 * PQfinish/PQclear when no model has resources. */
static int is_release(lctx* x, const char* name) {
  if (!name) return 0;
  const model_set* m = x->models;
  if (m && m->nresources) {
    for (size_t r = 0; r < m->nresources; r++)
      if (model_calls_match(&m->resources[r].release, name) >= 0) return 1;
    return 0;
  }
  return !strcmp(name, "PQfinish") || !strcmp(name, "PQclear");
}

typedef struct find_rel {
  lctx* x;
  char* name; /* the first release call's callee, malloc'd */
} find_rel;

static enum CXChildVisitResult find_release_v(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  find_rel* fr = d;
  if (clang_getCursorKind(c) == CXCursor_CallExpr) {
    char* n = ast_callee_name(c);
    if (is_release(fr->x, n)) {
      fr->name = n;
      return CXChildVisit_Break;
    }
    free(n);
  }
  return CXChildVisit_Recurse;
}

/* The release function called in the body of c (a lambda, a function, a
 * method), malloc'd, or NULL. */
static char* body_release(lctx* x, CXCursor c) {
  find_rel fr = {x, NULL};
  clang_visitChildren(c, find_release_v, &fr);
  return fr.name;
}

/* The release a deleter object of record type t performs: its operator()
 * calls one (struct ResDel { void operator()(PGresult* r) { PQclear(r); } }). */
static enum CXChildVisitResult find_call_op_v(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  CXCursor* out = d;
  if (clang_getCursorKind(c) == CXCursor_CXXMethod && ast_spelling_is(c, "operator()")) {
    CXCursor def = clang_getCursorDefinition(c);
    if (!clang_Cursor_isNull(def)) {
      *out = def;
      return CXChildVisit_Break;
    }
  }
  return CXChildVisit_Continue;
}

static char* functor_release(lctx* x, CXType t) {
  CXCursor decl = clang_getTypeDeclaration(clang_getCanonicalType(t));
  if (clang_Cursor_isNull(decl)) return NULL;
  CXCursor op = clang_getNullCursor();
  clang_visitChildren(decl, find_call_op_v, &op);
  return clang_Cursor_isNull(op) ? NULL : body_release(x, op);
}

/* The release a deleter argument names: PQclear, &PQclear, a lambda or a
 * functor whose body releases. malloc'd or NULL. */
static char* deleter_arg_release(lctx* x, CXCursor a) {
  CXCursor u = ast_unwrap(a);
  if (clang_getCursorKind(u) == CXCursor_UnaryOperator) u = ast_unwrap(ast_child(u, 0));
  enum CXCursorKind k = clang_getCursorKind(u);
  if (k == CXCursor_DeclRefExpr) {
    CXCursor d = clang_getCursorReferenced(u);
    if (clang_getCursorKind(d) == CXCursor_FunctionDecl) {
      char* n = ast_spelling(d);
      if (is_release(x, n)) return n;
      free(n);
      return NULL;
    }
  }
  if (k == CXCursor_LambdaExpr) return body_release(x, u);
  return functor_release(x, clang_getCursorType(u));
}

/* 1 unique_ptr, 2 shared_ptr of a handle type, else 0. */
static int smart_kind(lctx* x, CXType t) {
  CXType c = clang_getCanonicalType(t);
  if (c.kind != CXType_Record) return 0;
  char* sp = ast_str(clang_getTypeSpelling(c));
  int k = 0;
  if (sp && !strncmp(sp, "std::", 5)) {
    const char* rest = sp + 5;
    if (!strncmp(rest, "__1::", 5)) rest += 5; /* libc++ */
    if (!strncmp(rest, "unique_ptr<", 11)) k = 1;
    else if (!strncmp(rest, "shared_ptr<", 11)) k = 2;
  }
  free(sp);
  if (!k || clang_Type_getNumTemplateArguments(c) < 1) return 0;
  CXType pointee = clang_Type_getTemplateArgumentAsType(c, 0);
  return lower_handle_type(x, pointee) == 1 ? k : 0;
}

/* The constructor call initialising d (through the implicit wrappers), or null. */
static CXCursor ctor_init(CXCursor d) {
  ast_cursors ch = {0};
  ast_children(d, &ch);
  CXCursor r = clang_getNullCursor();
  if (ch.n && clang_isExpression(clang_getCursorKind(ch.v[ch.n - 1]))) {
    CXCursor u = ch.v[ch.n - 1];
    for (int i = 0; i < 4; i++) {
      u = ast_unwrap(u);
      enum CXCursorKind k = clang_getCursorKind(u);
      if (k == CXCursor_CallExpr &&
          clang_getCursorKind(clang_getCursorReferenced(u)) == CXCursor_Constructor) {
        r = u;
        break;
      }
      if (ast_nchildren(u) != 1) break;
      u = ast_child(u, 0); /* MaterializeTemporary, CXXBindTemporary, functional cast */
    }
  }
  ast_cursors_free(&ch);
  return r;
}

int lower_cxx_decl(lctx* x, CXCursor d) {
  int sk = smart_kind(x, clang_getCursorType(d));
  if (!sk) return 0;
  int v = lower_var_of_decl(x, d);
  if (v < 0) return 0;
  lower_scope_add(x, v);
  CXCursor ctor = ctor_init(d);
  int n = clang_Cursor_isNull(ctor) ? 0 : clang_Cursor_getNumArguments(ctor);
  if (n <= 0) { /* default-constructed, or initialised from a call or a move: holds no
                   handle we saw acquired */
    ast_cursors ch = {0};
    ast_children(d, &ch);
    for (size_t i = 0; i < ch.n; i++)
      if (clang_isExpression(clang_getCursorKind(ch.v[i]))) x->expr(x, ch.v[i]);
    ast_cursors_free(&ch);
    lower_emit_var(x, FE_OTHERSET, d, v);
    return 1;
  }
  CXCursor a0 = clang_Cursor_getArgument(ctor, 0);
  CXType pt = clang_getCanonicalType(clang_getCursorType(a0));
  if (pt.kind != CXType_Pointer) { /* a copy or move of another owner */
    x->expr(x, a0);
    lower_emit_var(x, FE_OTHERSET, d, v);
    return 1;
  }
  /* who releases: unique_ptr's deleter type (a function pointer given as
   * the second argument, or a functor type), shared_ptr's deleter argument */
  char* rel = NULL;
  CXType t = clang_getCanonicalType(clang_getCursorType(d));
  if (sk == 1 && clang_Type_getNumTemplateArguments(t) >= 2) {
    CXType dt = clang_getCanonicalType(clang_Type_getTemplateArgumentAsType(t, 1));
    if (dt.kind == CXType_Pointer && n >= 2)
      rel = deleter_arg_release(x, clang_Cursor_getArgument(ctor, 1));
    else if (dt.kind == CXType_Record)
      rel = functor_release(x, dt);
  } else if (sk == 2 && n >= 2) {
    rel = deleter_arg_release(x, clang_Cursor_getArgument(ctor, 1));
  }
  if (!rel) {
    /* std::default_delete, or a deleter we cannot read: not understood */
    lower_cxx_unmodelled(x, d, "smart pointer to a handle with a deleter that is not PQclear/PQfinish");
    int hv = lower_var_of_expr(x, a0);
    if (hv >= 0) lower_emit_var(x, FE_ESCAPE, a0, hv); /* taken over, by whatever it does */
    else if (clang_getCursorKind(ast_unwrap(a0)) == CXCursor_CallExpr)
      lower_call(x, ast_unwrap(a0), FD_ESCAPE, -1, -1);
    else x->expr(x, a0);
    lower_emit_var(x, FE_OTHERSET, d, v);
    return 1;
  }
  flow_var* fv = &x->f->vars[v];
  fv->htype = 1;
  fv->ptr = 1;
  fv->cleanup = 1;
  fv->raii = 1;
  free(fv->cleanup_fn);
  fv->cleanup_fn = rel;
  /* owner(h, deleter): as `owner = h` for the analysis; released at scope end */
  lower_assign(x, d, a0, d);
  return 1;
}

int lower_cxx_member_call(lctx* x, CXCursor call) {
  char* method;
  int v = lower_cxx_owner_call(x, call, &method);
  if (v < 0) {
    free(method);
    return 0;
  }
  int hit = method && (!strcmp(method, "release") || !strcmp(method, "reset") ||
                       !strcmp(method, "swap"));
  free(method);
  if (!hit) return 0;
  /* the owner hands its handle on or replaces it: no longer followed
   * (an escape: nothing is reported about it afterwards) */
  lower_children(x, call);
  lower_emit_var(x, FE_ESCAPE, call, v);
  return 1;
}

/* ---- throw, try/catch, lambdas -------------------------------------------- */

/* 1 if the function has a local handle variable that is no RAII owner
 * (parameters are the caller's; fields and cleanup variables never leak). */
static int raw_handle_local(lctx* x) {
  for (int i = 0; i < x->f->nvars; i++) {
    const flow_var* v = &x->f->vars[i];
    if (v->htype && !v->cleanup && v->param < 0 && v->field_of < 0) return 1;
  }
  return 0;
}

/* throw E: E is evaluated, then the function is left. Outside a try block
 * this is an exit like return (owners release, raw handles are lost);
 * inside one, the path ends (the handlers are entered from the try's start). */
static void lower_throw(lctx* x, CXCursor c) {
  lower_children(x, c);
  lower_ensure_cur(x);
  if (x->ntry) { /* a call that does not return: the path ends here */
    flow_ev* e = lower_emit(x, FE_CALL, c);
    if (e) {
      e->callee = strdup("throw");
      if (!e->callee) x->err = PQL_ENOMEM;
      e->decl_noreturn = 1;
      e->ret_type = FK_NONE;
      e->dest = FD_NONE;
    }
    x->cur = -1;
    return;
  }
  flow_block* B = &x->f->b[x->cur];
  B->term = FT_RETURN;
  B->ret_var = -1;
  B->ret_other = 0;
  ast_loc l;
  ast_loc_of(c, &l);
  B->line = l.line;
  B->col = l.col;
  x->cur = -1;
}

typedef struct lam_ctx {
  lctx* x;
  CXCursor at;
} lam_ctx;

/* Outer handle variables a lambda body names escape (the lambda may keep or
 * release them when it runs, which is not followed). */
static enum CXChildVisitResult lambda_refs_v(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  lam_ctx* k = d;
  if (clang_getCursorKind(c) == CXCursor_DeclRefExpr ||
      clang_getCursorKind(c) == CXCursor_VariableRef) {
    CXCursor r = clang_getCursorReferenced(c);
    int v = lower_var_of_decl(k->x, r);
    if (v >= 0 && k->x->f->vars[v].htype) lower_emit_var(k->x, FE_ESCAPE, c, v);
  }
  return CXChildVisit_Recurse;
}

void lower_cxx_escape_refs(lctx* x, CXCursor c) {
  lam_ctx k = {x, c};
  clang_visitChildren(c, lambda_refs_v, &k);
}

static void lower_lambda(lctx* x, CXCursor c) {
  lower_cxx_escape_refs(x, c);
  if (x->nlambdas == x->caplambdas) {
    int nc = x->caplambdas ? x->caplambdas * 2 : 4;
    CXCursor* nv = realloc(x->lambdas, (size_t)nc * sizeof *nv);
    if (!nv) {
      x->err = PQL_ENOMEM;
      return;
    }
    x->lambdas = nv;
    x->caplambdas = nc;
  }
  x->lambdas[x->nlambdas++] = c;
}

int lower_cxx_expr(lctx* x, CXCursor c) {
  switch (clang_getCursorKind(c)) {
  case CXCursor_CXXThrowExpr: lower_throw(x, c); return 1;
  case CXCursor_LambdaExpr: lower_lambda(x, c); return 1;
  case CXCursor_CallExpr: return lower_cxx_member_call(x, c);
  default: return 0;
  }
}

void lower_cxx_try(lctx* x, CXCursor c) {
  ast_cursors ch = {0};
  ast_children(c, &ch);
  int nh = 0;
  for (size_t i = 1; i < ch.n; i++) nh += clang_getCursorKind(ch.v[i]) == CXCursor_CXXCatchStmt;
  int* hb = nh ? calloc((size_t)nh, sizeof *hb) : NULL;
  if (nh && !hb) {
    x->err = PQL_ENOMEM;
    ast_cursors_free(&ch);
    return;
  }
  lower_ensure_cur(x);
  int entry = x->cur;
  int body = lower_new_block(x), join = lower_new_block(x);
  for (int i = 0; i < nh; i++) hb[i] = lower_new_block(x);
  /* entry: the body, or a handler (each entered with the state at the try's start) */
  int next = nh ? hb[nh - 1] : -1;
  for (int i = nh - 2; i >= 0; i--) {
    int sel = lower_new_block(x);
    lower_set_succ(x, sel, FT_BRANCH, hb[i], next);
    next = sel;
  }
  lower_set_succ(x, entry, nh ? FT_BRANCH : FT_GOTO, body, next);
  ast_loc tl;
  ast_loc_of(c, &tl);
  for (int b = entry; b < x->f->nb; b++)
    if (b == entry || b > join) { /* the decisions: at the try */
      x->f->b[b].line = tl.line;
      x->f->b[b].col = tl.col;
    }
  x->cur = body;
  x->ntry++;
  if (ch.n) x->stmt(x, ch.v[0]);
  x->ntry--;
  lower_goto(x, join);
  int h = 0;
  for (size_t i = 1; i < ch.n && h < nh; i++) {
    if (clang_getCursorKind(ch.v[i]) != CXCursor_CXXCatchStmt) continue;
    x->cur = hb[h++];
    ast_cursors hc = {0};
    ast_children(ch.v[i], &hc);
    for (size_t j = 0; j < hc.n; j++)
      if (clang_getCursorKind(hc.v[j]) == CXCursor_CompoundStmt) x->stmt(x, hc.v[j]);
    ast_cursors_free(&hc);
    lower_goto(x, join);
  }
  free(hb);
  ast_cursors_free(&ch);
  x->cur = join;
  if (raw_handle_local(x)) /* an exception between its acquire and release is not followed */
    lower_cxx_unmodelled(x, c, "try/catch in a function with a raw handle local (exceptional paths approximated)");
}

/* lower_cxx_call.c - C++ facts the lowering of calls and assignments needs: Class::method names, methods that hand out a pointer they keep, PGresult *& parameters, owner.get() arguments, the not-modelled note. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/lower_ctx.h"

void lower_cxx_unmodelled(lctx* x, CXCursor at, const char* why) {
  if (x->f->unmodelled) return;
  ast_loc l;
  ast_loc_of(at, &l);
  x->f->unmodelled = why;
  x->f->unmodelled_line = l.line;
}

/* "Class::name" for a method, constructor or destructor cursor d (its
 * class's name; a lambda's class has none: NULL), malloc'd. */
static char* qualified(CXCursor d) {
  char* cls = ast_spelling(clang_getCursorSemanticParent(d));
  char* nm = ast_spelling(d);
  char* out = NULL;
  if (cls && *cls && nm && *nm) {
    size_t n = strlen(cls) + strlen(nm) + 3;
    out = malloc(n);
    if (out) snprintf(out, n, "%s::%s", cls, nm);
  }
  free(cls);
  free(nm);
  return out;
}

static int is_member_kind(enum CXCursorKind k) {
  return k == CXCursor_CXXMethod || k == CXCursor_Constructor || k == CXCursor_Destructor ||
         k == CXCursor_ConversionFunction;
}

char* lower_cxx_fn_name(CXCursor fn) {
  CXCursor d = fn;
  if (clang_getCursorKind(fn) == CXCursor_FunctionTemplate) {
    CXCursor p = clang_getCursorSemanticParent(fn);
    enum CXCursorKind pk = clang_getCursorKind(p);
    if (pk != CXCursor_ClassDecl && pk != CXCursor_StructDecl && pk != CXCursor_ClassTemplate)
      return ast_spelling(fn);
  } else if (!is_member_kind(clang_getCursorKind(d))) {
    return ast_spelling(fn);
  }
  char* q = qualified(d);
  return q ? q : ast_spelling(fn);
}

char* lower_cxx_callee(CXCursor call) {
  CXCursor ref = clang_getCursorReferenced(call);
  if (!is_member_kind(clang_getCursorKind(ref))) return NULL;
  return qualified(ref);
}

int lower_cxx_hands_out(CXCursor call) {
  CXCursor ref = clang_getCursorReferenced(call);
  if (!is_member_kind(clang_getCursorKind(ref))) return 0;
  if (clang_Location_isInSystemHeader(clang_getCursorLocation(ref))) return 1; /* std:: owners */
  char* n = ast_spelling(ref);
  int hit = n && (!strcmp(n, "get") || !strcmp(n, "operator->") || !strncmp(n, "operator ", 9));
  free(n);
  return hit;
}

int lower_cxx_ref_param(lctx* x, int v) {
  if (v < 0 || x->f->vars[v].param < 0 || clang_Cursor_isNull(x->decls[v])) return 0;
  return clang_getCanonicalType(clang_getCursorType(x->decls[v])).kind == CXType_LValueReference;
}

void lower_cxx_ref_args(lctx* x, CXCursor call, const flow_arg* args, int n) {
  CXCursor d = clang_getCursorReferenced(call);
  if (!lower_cxx_fn_like(clang_getCursorKind(d))) return;
  CXType ft = clang_getCursorType(d);
  int np = clang_getNumArgTypes(ft);
  for (int i = 0; i < n && i < np; i++) {
    if (args[i].var < 0 || args[i].addr || args[i].member) continue;
    if (!x->f->vars[args[i].var].htype || x->f->vars[args[i].var].raii) continue;
    CXType at = clang_getCanonicalType(clang_getArgType(ft, (unsigned)i));
    if (at.kind != CXType_LValueReference) continue;
    CXType pt = clang_getCanonicalType(clang_getPointeeType(at));
    if (pt.kind != CXType_Pointer || clang_isConstQualifiedType(pt)) continue;
    /* clear(PGresult *&r): released and reset through the reference (or
     * replaced): what the variable holds afterwards is not followed */
    lower_emit_var(x, FE_NULLSET, call, args[i].var);
  }
}

/* The owner variable a member call is made on (owner.get()), and the method name. */
int lower_cxx_owner_call(lctx* x, CXCursor call, char** method) {
  *method = NULL;
  if (clang_getCursorKind(call) != CXCursor_CallExpr || !ast_nchildren(call)) return -1;
  CXCursor m = ast_unwrap(ast_child(call, 0));
  if (clang_getCursorKind(m) != CXCursor_MemberRefExpr || !ast_nchildren(m)) return -1;
  int v = lower_var_of_expr(x, ast_child(m, 0));
  if (v < 0 || !x->f->vars[v].raii) return -1;
  *method = ast_spelling(m);
  return v;
}

int lower_cxx_arg(lctx* x, CXCursor call, flow_arg* arg) {
  char* method;
  int v = lower_cxx_owner_call(x, call, &method);
  int hit = v >= 0 && method && !strcmp(method, "get");
  free(method);
  if (!hit) return 0;
  arg->var = v;
  return 1;
}


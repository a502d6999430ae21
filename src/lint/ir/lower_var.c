/* lower_var.c - the lowering's variable table: locals, parameters and handle-typed fields as flow IR variables, and which types hold a handle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/lower_ctx.h"

/* ---- variables ---------------------------------------------------------- */

int lower_cxx_fn_like(enum CXCursorKind k) {
  return k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod || k == CXCursor_Constructor ||
         k == CXCursor_Destructor || k == CXCursor_ConversionFunction ||
         k == CXCursor_FunctionTemplate;
}

/* The function named in decl's __attribute__((cleanup(fn))), malloc'd, or NULL. */
static char* cleanup_fn_name(CXTranslationUnit tu, CXCursor decl) {
  CXToken* toks = NULL;
  unsigned n = 0;
  char* out = NULL;
  clang_tokenize(tu, clang_getCursorExtent(decl), &toks, &n);
  for (unsigned i = 0; i + 2 < n && !out; i++) {
    CXString s = clang_getTokenSpelling(tu, toks[i]);
    int hit = !strcmp(clang_getCString(s), "cleanup") || !strcmp(clang_getCString(s), "__cleanup__");
    clang_disposeString(s);
    if (hit) out = ast_str(clang_getTokenSpelling(tu, toks[i + 2]));
  }
  if (toks) clang_disposeTokens(tu, toks, n);
  return out;
}

/* 1 if t (through pointers) is a handle type: a model resource's type, or
 * libpq's/pqpool's own names; 2 for a pool lease (pqpool_lease). */
int lower_handle_type(lctx* x, CXType t) {
  static const char* const names[] = {"PGconn", "pg_conn", "PGresult", "pg_result", "pqpool_lease", NULL};
  while (t.kind == CXType_Pointer) t = clang_getPointeeType(t);
  char* sp[2] = {ast_str(clang_getTypeSpelling(t)),
                 ast_str(clang_getTypeSpelling(clang_getCanonicalType(t)))};
  int hit = 0;
  for (int i = 0; i < 2 && !hit; i++) {
    if (!sp[i]) continue;
    for (const char* const* n = names; *n && !hit; n++) hit = strstr(sp[i], *n) != NULL;
    const model_set* m = x->models;
    for (size_t r = 0; m && r < m->nresources && !hit; r++)
      if (m->resources[r].type && *m->resources[r].type) hit = strstr(sp[i], m->resources[r].type) != NULL;
  }
  int lease = (sp[0] && strstr(sp[0], "lease")) || (sp[1] && strstr(sp[1], "lease"));
  free(sp[0]);
  free(sp[1]);
  return hit ? (lease ? 2 : 1) : 0;
}

/* The next slot of the function's variable table (and of x->decls), zeroed;
 * the caller fills it and counts it (f->nvars++). NULL with x->err =
 * PQL_ENOMEM when the tables cannot grow. */
static flow_var* var_slot(lctx* x) {
  flow_fn* f = x->f;
  if (f->nvars == x->capdecls) {
    int nc = x->capdecls ? x->capdecls * 2 : 16;
    CXCursor* nd = realloc(x->decls, (size_t)nc * sizeof *nd);
    flow_var* nv = realloc(f->vars, (size_t)nc * sizeof *nv);
    if (nd) x->decls = nd;
    if (nv) f->vars = nv;
    if (!nd || !nv) {
      x->err = PQL_ENOMEM;
      return NULL;
    }
    x->capdecls = nc;
  }
  flow_var* v = &f->vars[f->nvars];
  memset(v, 0, sizeof *v);
  return v;
}

/* Index of the local variable or parameter decl in the function's table
 * (added on first sight; a file-scope or static variable only when it holds
 * a handle, flow_var.global), or -1 for other globals and non-variables. */
int lower_var_of_decl(lctx* x, CXCursor d) {
  enum CXCursorKind k = clang_getCursorKind(d);
  if (k != CXCursor_VarDecl && k != CXCursor_ParmDecl) return -1;
  int global = 0;
  if (k == CXCursor_VarDecl) {
    enum CX_StorageClass sc = clang_Cursor_getStorageClass(d);
    CXCursor p = clang_getCursorSemanticParent(d);
    if (sc == CX_SC_Static || sc == CX_SC_Extern || !lower_cxx_fn_like(clang_getCursorKind(p))) {
      /* a file-scope or static variable: a place only when it holds a handle
       * (PGconn *conn at file scope), which it keeps across calls */
      CXType gt = clang_getCanonicalType(clang_getCursorType(d));
      if (gt.kind != CXType_Pointer || lower_handle_type(x, clang_getCursorType(d)) != 1) return -1;
      global = sc == CX_SC_Static ? 1 : 2;
    } else {
      /* C++: a local of the function lowered, not of the one a lambda is written in */
      if (!clang_Cursor_isNull(x->fncur) && !clang_equalCursors(p, x->fncur)) return -1;
      if (!clang_Cursor_isNull(x->outer) && clang_equalCursors(p, x->outer)) return -1;
    }
  } else if (!clang_Cursor_isNull(x->outer) &&
             clang_equalCursors(clang_getCursorSemanticParent(d), x->outer)) {
    return -1;
  }
  flow_fn* f = x->f;
  for (int i = 0; i < f->nvars; i++)
    if (clang_equalCursors(x->decls[i], d)) return i;
  flow_var* v = var_slot(x);
  if (!v) return -1;
  v->name = ast_spelling(d);
  ast_loc l;
  ast_loc_of(d, &l);
  v->line = l.line;
  v->param = -1;
  v->field_of = -1;
  v->global = global;
  CXType t = clang_getCanonicalType(clang_getCursorType(d));
  if (t.kind == CXType_LValueReference) /* C++ PGresult *&r: the caller's pointer itself */
    t = clang_getCanonicalType(clang_getPointeeType(t));
  v->ptr = t.kind == CXType_Pointer;
  if (v->ptr) v->ptrptr = clang_getCanonicalType(clang_getPointeeType(t)).kind == CXType_Pointer;
  v->htype = lower_handle_type(x, clang_getCursorType(d));
  if (k == CXCursor_VarDecl && (ast_has_token(d, "cleanup") || ast_has_token(d, "__cleanup__"))) {
    v->cleanup = 1;
    v->cleanup_fn = cleanup_fn_name(x->tu, d);
  }
  x->decls[f->nvars] = d;
  return f->nvars++;
}

/* The local variable an expression names (through parens/casts), or -1. */
int lower_var_of_expr(lctx* x, CXCursor e) {
  CXCursor u = ast_unwrap(e);
  if (clang_getCursorKind(u) == CXCursor_VarDecl) return lower_var_of_decl(x, u);
  if (clang_getCursorKind(u) != CXCursor_DeclRefExpr) return -1;
  return lower_var_of_decl(x, clang_getCursorReferenced(u));
}

/* The canonical spelling of record type t (through pointers and
 * typedefs, without qualifiers), malloc'd, or NULL when t is no record. */
static char* record_name(CXType t) {
  t = clang_getCanonicalType(t);
  while (t.kind == CXType_Pointer) t = clang_getCanonicalType(clang_getPointeeType(t));
  if (t.kind != CXType_Record) return NULL;
  char* sp = ast_str(clang_getTypeSpelling(t));
  if (!sp) return NULL;
  static const char* const quals[] = {"const ", "volatile ", "restrict ", NULL};
  for (int again = 1; again;) {
    again = 0;
    for (const char* const* q = quals; *q; q++)
      if (!strncmp(sp, *q, strlen(*q))) {
        memmove(sp, sp + strlen(*q), strlen(sp + strlen(*q)) + 1);
        again = 1;
      }
  }
  return sp;
}

/* 1 when the record behind type t (through pointers) is defined in the
 * file being lowered, not in a header: only that file can name its fields. */
static int record_local(CXType t) {
  t = clang_getCanonicalType(t);
  while (t.kind == CXType_Pointer) t = clang_getCanonicalType(clang_getPointeeType(t));
  if (t.kind != CXType_Record) return 0;
  CXCursor d = clang_getCursorDefinition(clang_getTypeDeclaration(t));
  if (clang_Cursor_isNull(d)) return 0;
  return clang_Location_isFromMainFile(clang_getCursorLocation(d)) != 0;
}

/* The owner of a member path lv[0..nl) (lv[0] the handle field, lv[nl-1]
 * the access next to the root): the record reached by the last `->` (or
 * the root's record when every access is `.`) into *owner, and the fields
 * from there to the handle ("conn.pg") into *field, both malloc'd; both
 * NULL when the record has no name; *local: record_local. Returns 0, or -1 when out of memory. */
static int field_owner(CXCursor* lv, int nl, char** owner, char** field, int* local) {
  *owner = *field = NULL;
  *local = 0;
  int k = nl - 1; /* the access whose base is the owner */
  for (int i = 0; i < nl; i++) {
    CXType bt = clang_getCanonicalType(clang_getCursorType(ast_child(lv[i], 0)));
    if (bt.kind == CXType_Pointer) {
      k = i;
      break;
    }
  }
  char* rec = record_name(clang_getCursorType(ast_child(lv[k], 0)));
  if (!rec) return 0;
  char path[256];
  size_t len = 0;
  for (int i = k; i >= 0; i--) {
    char* fname = ast_spelling(lv[i]);
    if (!fname) {
      free(rec);
      return -1;
    }
    len += (size_t)snprintf(path + len, len < sizeof path ? sizeof path - len : 0, "%s%s",
                            i == k ? "" : ".", fname);
    free(fname);
    if (len >= sizeof path) {
      free(rec);
      return 0;
    }
  }
  *field = strdup(path);
  if (!*field) {
    free(rec);
    return -1;
  }
  *owner = rec;
  *local = record_local(clang_getCursorType(ast_child(lv[k], 0)));
  return 0;
}

int lower_member_owner(CXCursor m, char** owner, char** field, int* local) {
  *owner = *field = NULL;
  *local = 0;
  CXCursor lv[4];
  int nl = 0;
  CXCursor cur = ast_unwrap(m);
  while (clang_getCursorKind(cur) == CXCursor_MemberRefExpr && nl < 4) {
    lv[nl++] = cur;
    cur = ast_unwrap(ast_child(cur, 0));
  }
  if (!nl) return 0;
  if (clang_getCursorKind(cur) == CXCursor_MemberRefExpr) nl = 4; /* deeper: the last four */
  return field_owner(lv, nl, owner, field, local);
}

/* A new slot of the variable table named name (copied), or NULL when
 * out of memory (x->err is then set). */
static flow_var* place_named(lctx* x, const char* name) {
  flow_var* v = var_slot(x);
  if (!v) return NULL;
  v->name = strdup(name);
  if (!v->name) {
    x->err = PQL_ENOMEM;
    return NULL;
  }
  return v;
}

/* Fills the rest of place v (a handle-typed pseudo variable of root
 * variable b, just taken from var_slot and named) at cursor u, and returns
 * its index: the table grows only here. */
static int place_done(lctx* x, flow_var* v, CXCursor u, int b) {
  ast_loc l;
  ast_loc_of(u, &l);
  v->line = l.line;
  v->param = -1;
  v->ptr = 1;
  v->htype = 1;
  v->field_of = b;
  x->decls[x->f->nvars] = clang_getNullCursor();
  return x->f->nvars++;
}

int lower_place_new(lctx* x, const char* name, CXCursor u, int b, int htype) {
  flow_var* v = place_named(x, name);
  if (!v) return -1;
  int i = place_done(x, v, u, b);
  x->f->vars[i].ptr = htype ? 1 : 0;
  x->f->vars[i].htype = htype;
  return i;
}

char* lower_member_path(lctx* x, CXCursor m) {
  CXCursor lv[4];
  int nl = 0;
  CXCursor cur = ast_unwrap(m);
  while (clang_getCursorKind(cur) == CXCursor_MemberRefExpr) {
    if (nl == 4) return NULL;
    lv[nl++] = cur;
    cur = ast_unwrap(ast_child(cur, 0));
  }
  int b = nl ? lower_var_of_expr(x, cur) : -1;
  if (b < 0 || x->f->vars[b].htype == 2 || x->f->vars[b].field_of >= 0) return NULL;
  char name[512];
  size_t len = (size_t)snprintf(name, sizeof name, "%s", x->f->vars[b].name);
  for (int i = nl - 1; i >= 0 && len < sizeof name; i--) {
    CXType bt = clang_getCanonicalType(clang_getCursorType(ast_child(lv[i], 0)));
    char* fname = ast_spelling(lv[i]);
    if (!fname) return NULL;
    len += (size_t)snprintf(name + len, sizeof name - len, "%s%s",
                            bt.kind == CXType_Pointer ? "->" : ".", fname);
    free(fname);
  }
  if (len >= sizeof name) return NULL;
  char* r = strdup(name);
  if (!r) x->err = PQL_ENOMEM;
  return r;
}

/* The pseudo variable for a handle-typed field of a local variable, at any
 * depth (s->res, st.conn, Res->pg.res), added on first sight, or -1 (not
 * such a field, or a lease's connection: l.conn stays a member use of the
 * lease). Its name is the access path as written; field_of is the root
 * variable; owner/owner_field the record holding the field (field_owner). */
int lower_field_var(lctx* x, CXCursor m) {
  CXCursor u = ast_unwrap(m);
  if (clang_getCursorKind(u) == CXCursor_UnaryOperator) return lower_deref_var(x, u, 1);
  if (clang_getCursorKind(u) != CXCursor_MemberRefExpr) return -1;
  CXType t = clang_getCanonicalType(clang_getCursorType(u));
  if (t.kind != CXType_Pointer || lower_handle_type(x, clang_getCursorType(u)) != 1) return -1;
  /* the member path, innermost member first */
  CXCursor lv[4];
  int nl = 0;
  CXCursor cur = u;
  while (clang_getCursorKind(cur) == CXCursor_MemberRefExpr) {
    if (nl == 4) return -1;
    lv[nl++] = cur;
    cur = ast_unwrap(ast_child(cur, 0));
  }
  int b = lower_var_of_expr(x, cur);
  if (b < 0 || x->f->vars[b].htype == 2 || x->f->vars[b].field_of >= 0) return -1;
  flow_fn* f = x->f;
  char name[512];
  size_t len = (size_t)snprintf(name, sizeof name, "%s", f->vars[b].name);
  for (int i = nl - 1; i >= 0 && len < sizeof name; i--) {
    CXType bt = clang_getCanonicalType(clang_getCursorType(ast_child(lv[i], 0)));
    char* fname = ast_spelling(lv[i]);
    if (!fname) return -1;
    len += (size_t)snprintf(name + len, sizeof name - len, "%s%s",
                            bt.kind == CXType_Pointer ? "->" : ".", fname);
    free(fname);
  }
  if (len >= sizeof name) return -1;
  for (int i = 0; i < f->nvars; i++)
    if (f->vars[i].field_of == b && !strcmp(f->vars[i].name, name)) return i;
  flow_var* v = place_named(x, name);
  if (!v) return -1;
  if (field_owner(lv, nl, &v->owner, &v->owner_field, &v->owner_local) < 0) {
    free(v->name);
    x->err = PQL_ENOMEM;
    return -1;
  }
  return place_done(x, v, u, b);
}

int lower_deref_var(lctx* x, CXCursor m, int add) {
  CXCursor u = ast_unwrap(m);
  if (clang_getCursorKind(u) != CXCursor_UnaryOperator || !lower_op_is(x, u, "*")) return -1;
  CXType t = clang_getCanonicalType(clang_getCursorType(u));
  if (t.kind != CXType_Pointer || lower_handle_type(x, clang_getCursorType(u)) != 1) return -1;
  int b = lower_var_of_expr(x, ast_child(u, 0));
  flow_fn* f = x->f;
  if (b < 0 || f->vars[b].param < 0 || !f->vars[b].ptrptr || f->vars[b].field_of >= 0) return -1;
  char name[512];
  if ((size_t)snprintf(name, sizeof name, "*%s", f->vars[b].name) >= sizeof name) return -1;
  for (int i = 0; i < f->nvars; i++)
    if (f->vars[i].field_of == b && !strcmp(f->vars[i].name, name)) return i;
  if (!add) return -1;
  flow_var* v = place_named(x, name);
  if (!v) return -1;
  return place_done(x, v, u, b);
}

/* Visitor of type_has_handle: stops at the first handle-typed field. */
typedef struct th_ctx {
  lctx* x;
  int depth, hit;
} th_ctx;

static int type_has_handle_d(lctx* x, CXType t, int depth);

/* Field visitor of type_has_handle_d: stops at the first handle-typed field. */
static enum CXVisitorResult th_field(CXCursor c, CXClientData d) {
  th_ctx* k = d;
  if (type_has_handle_d(k->x, clang_getCursorType(c), k->depth + 1)) {
    k->hit = 1;
    return CXVisit_Break;
  }
  return CXVisit_Continue;
}

/* 1 if a value of type t holds a handle: a handle pointer, or a struct,
 * union or array with one inside (3 levels deep at most). */
static int type_has_handle_d(lctx* x, CXType t, int depth) {
  if (lower_handle_type(x, t)) return 1;
  CXType c = clang_getCanonicalType(t);
  if (depth >= 3) return 0;
  if (c.kind == CXType_ConstantArray || c.kind == CXType_IncompleteArray)
    return type_has_handle_d(x, clang_getArrayElementType(c), depth + 1);
  if (c.kind != CXType_Record) return 0;
  th_ctx k = {x, depth, 0};
  clang_Type_visitFields(c, th_field, &k);
  return k.hit;
}

int lower_type_has_handle(lctx* x, CXType t) { return type_has_handle_d(x, t, 0); }

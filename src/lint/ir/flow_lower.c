/* flow_lower.c - lowers each function body of a parsed file from libclang cursors to the flow IR (blocks, events, terminators). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/ast.h"
#include "base/error.h"
#include "ir/flow_ir.h"
#include "ir/flow_macro.h"
#include "ir/flow_assert.h"

typedef struct jmp_entry {
  int brk, cont, depth; /* break/continue targets, scope depth at entry */
} jmp_entry;

typedef struct scope {
  int* vars;
  int n, cap;
} scope;

typedef struct label {
  char* name;
  int block;
} label;

typedef struct lctx {
  CXTranslationUnit tu;
  const model_set* models;
  flow_fn* f;
  int cur;
  CXCursor* decls;
  int capdecls;
  jmp_entry jmp[128];
  int njmp;
  scope scopes[256];
  int nscopes;
  label* labels;
  int nlabels, caplabels;
  int curloop;
  int sw[64];
  int swdef[64];
  int nsw;
  int err;
  int depth;
  int neg;  /* lower_cond: the test as written is negated (!x) */
  const flow_macro_uses* mx; /* the main file's macro uses (operators inside them) */
} lctx;

static void lower_stmt(lctx* x, CXCursor c);
static void lower_expr(lctx* x, CXCursor c);
static void lower_cond(lctx* x, CXCursor c, int t, int fl);
typedef struct lctx lctx;
static int op_is(lctx* x, CXCursor c, const char* op);

/* ---- blocks and events ------------------------------------------------- */

static int new_block(lctx* x) {
  flow_fn* f = x->f;
  flow_block* nb = realloc(f->b, (size_t)(f->nb + 1) * sizeof *nb);
  if (!nb) {
    x->err = PQL_ENOMEM;
    return f->nb ? 0 : -1;
  }
  f->b = nb;
  memset(&f->b[f->nb], 0, sizeof f->b[f->nb]);
  f->b[f->nb].ret_var = -1;
  return f->nb++;
}

static void set_succ(lctx* x, int b, int term, int s0, int s1) {
  flow_block* B = &x->f->b[b];
  B->term = term;
  B->nsucc = term == FT_BRANCH ? 2 : 1;
  B->succ = malloc(2 * sizeof(int));
  if (!B->succ) {
    x->err = PQL_ENOMEM;
    B->nsucc = 0;
    return;
  }
  B->succ[0] = s0;
  B->succ[1] = s1;
}

/* Ends the current block with a jump to target (no-op when there is none). */
static void goto_block(lctx* x, int target) {
  if (x->cur < 0) return;
  if (x->f->b[x->cur].succ == NULL && x->f->b[x->cur].term == FT_GOTO)
    set_succ(x, x->cur, FT_GOTO, target, -1);
  x->cur = -1;
}

/* Makes sure there is a current block (code after return/break is put in an unreachable one). */
static void ensure_cur(lctx* x) {
  if (x->cur < 0) x->cur = new_block(x);
}

static flow_ev* emit(lctx* x, flow_ev_kind k, CXCursor at) {
  ensure_cur(x);
  flow_block* B = &x->f->b[x->cur];
  if (B->nev == B->cap) {
    int nc = B->cap ? B->cap * 2 : 8;
    flow_ev* ne = realloc(B->ev, (size_t)nc * sizeof *ne);
    if (!ne) {
      x->err = PQL_ENOMEM;
      return NULL;
    }
    B->ev = ne;
    B->cap = nc;
  }
  flow_ev* e = &B->ev[B->nev++];
  memset(e, 0, sizeof *e);
  e->kind = k;
  e->var = e->var2 = -1;
  e->loop = x->curloop;
  ast_loc l;
  ast_loc_of(at, &l);
  e->line = l.line;
  e->col = l.col;
  e->eline = l.end_line;
  e->ecol = l.end_col;
  return e;
}

static void emit_var(lctx* x, flow_ev_kind k, CXCursor at, int var) {
  if (var < 0) return;
  flow_ev* e = emit(x, k, at);
  if (e) e->var = var;
}

/* ---- variables ---------------------------------------------------------- */

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
static int handle_type(lctx* x, CXType t) {
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

/* Index of the local variable or parameter decl in the function's table
 * (added on first sight), or -1 for globals, statics and non-variables. */
static int var_of_decl(lctx* x, CXCursor d) {
  enum CXCursorKind k = clang_getCursorKind(d);
  if (k != CXCursor_VarDecl && k != CXCursor_ParmDecl) return -1;
  if (k == CXCursor_VarDecl) {
    enum CX_StorageClass sc = clang_Cursor_getStorageClass(d);
    if (sc == CX_SC_Static || sc == CX_SC_Extern) return -1;
    CXCursor p = clang_getCursorSemanticParent(d);
    if (clang_getCursorKind(p) != CXCursor_FunctionDecl) return -1;
  }
  flow_fn* f = x->f;
  for (int i = 0; i < f->nvars; i++)
    if (clang_equalCursors(x->decls[i], d)) return i;
  if (f->nvars == x->capdecls) {
    int nc = x->capdecls ? x->capdecls * 2 : 16;
    CXCursor* nd = realloc(x->decls, (size_t)nc * sizeof *nd);
    flow_var* nv = realloc(f->vars, (size_t)nc * sizeof *nv);
    if (nd) x->decls = nd;
    if (nv) f->vars = nv;
    if (!nd || !nv) {
      x->err = PQL_ENOMEM;
      return -1;
    }
    x->capdecls = nc;
  }
  flow_var* v = &f->vars[f->nvars];
  memset(v, 0, sizeof *v);
  v->name = ast_spelling(d);
  ast_loc l;
  ast_loc_of(d, &l);
  v->line = l.line;
  v->param = -1;
  v->field_of = -1;
  CXType t = clang_getCanonicalType(clang_getCursorType(d));
  v->ptr = t.kind == CXType_Pointer;
  if (v->ptr) v->ptrptr = clang_getCanonicalType(clang_getPointeeType(t)).kind == CXType_Pointer;
  v->htype = handle_type(x, clang_getCursorType(d));
  if (k == CXCursor_VarDecl && (ast_has_token(d, "cleanup") || ast_has_token(d, "__cleanup__"))) {
    v->cleanup = 1;
    v->cleanup_fn = cleanup_fn_name(x->tu, d);
  }
  x->decls[f->nvars] = d;
  return f->nvars++;
}

/* The local variable an expression names (through parens/casts), or -1. */
static int var_of_expr(lctx* x, CXCursor e) {
  CXCursor u = ast_unwrap(e);
  if (clang_getCursorKind(u) == CXCursor_VarDecl) return var_of_decl(x, u);
  if (clang_getCursorKind(u) != CXCursor_DeclRefExpr) return -1;
  return var_of_decl(x, clang_getCursorReferenced(u));
}

/* The pseudo variable for a handle-typed field of a local variable, at any
 * depth (s->res, st.conn, Res->pg.res), added on first sight, or -1 (not
 * such a field, or a lease's connection: l.conn stays a member use of the
 * lease). Its name is the access path as written; field_of is the root
 * variable. */
static int field_var(lctx* x, CXCursor m) {
  CXCursor u = ast_unwrap(m);
  if (clang_getCursorKind(u) != CXCursor_MemberRefExpr) return -1;
  CXType t = clang_getCanonicalType(clang_getCursorType(u));
  if (t.kind != CXType_Pointer || handle_type(x, clang_getCursorType(u)) != 1) return -1;
  /* the member path, innermost member first */
  CXCursor lv[4];
  int nl = 0;
  CXCursor cur = u;
  while (clang_getCursorKind(cur) == CXCursor_MemberRefExpr) {
    if (nl == 4) return -1;
    lv[nl++] = cur;
    cur = ast_unwrap(ast_child(cur, 0));
  }
  int b = var_of_expr(x, cur);
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
  if (f->nvars == x->capdecls) {
    int nc = x->capdecls ? x->capdecls * 2 : 16;
    CXCursor* nd = realloc(x->decls, (size_t)nc * sizeof *nd);
    flow_var* nv = realloc(f->vars, (size_t)nc * sizeof *nv);
    if (nd) x->decls = nd;
    if (nv) f->vars = nv;
    if (!nd || !nv) {
      x->err = PQL_ENOMEM;
      return -1;
    }
    x->capdecls = nc;
  }
  flow_var* v = &f->vars[f->nvars];
  memset(v, 0, sizeof *v);
  v->name = strdup(name);
  if (!v->name) {
    x->err = PQL_ENOMEM;
    return -1;
  }
  ast_loc l;
  ast_loc_of(u, &l);
  v->line = l.line;
  v->param = -1;
  v->ptr = 1;
  v->htype = 1;
  v->field_of = b;
  x->decls[f->nvars] = clang_getNullCursor();
  return f->nvars++;
}

/* Visitor of type_has_handle: stops at the first handle-typed field. */
typedef struct th_ctx {
  lctx* x;
  int depth, hit;
} th_ctx;

static int type_has_handle_d(lctx* x, CXType t, int depth);

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
  if (handle_type(x, t)) return 1;
  CXType c = clang_getCanonicalType(t);
  if (depth >= 3) return 0;
  if (c.kind == CXType_ConstantArray || c.kind == CXType_IncompleteArray)
    return type_has_handle_d(x, clang_getArrayElementType(c), depth + 1);
  if (c.kind != CXType_Record) return 0;
  th_ctx k = {x, depth, 0};
  clang_Type_visitFields(c, th_field, &k);
  return k.hit;
}

static int type_has_handle(lctx* x, CXType t) { return type_has_handle_d(x, t, 0); }

static void scope_add(lctx* x, int var) {
  if (!x->nscopes || var < 0) return;
  scope* s = &x->scopes[x->nscopes - 1];
  if (s->n == s->cap) {
    int nc = s->cap ? s->cap * 2 : 8;
    int* nv = realloc(s->vars, (size_t)nc * sizeof *nv);
    if (!nv) {
      x->err = PQL_ENOMEM;
      return;
    }
    s->vars = nv;
    s->cap = nc;
  }
  s->vars[s->n++] = var;
}

/* Emits a SCOPE_END at `at` for the variables of scopes deeper than depth. */
static void scope_end_to(lctx* x, int depth, CXCursor at, int at_end) {
  int total = 0;
  for (int i = depth; i < x->nscopes; i++) total += x->scopes[i].n;
  if (!total) return;
  flow_ev* e = emit(x, FE_SCOPE_END, at);
  if (!e) return;
  e->vars = malloc((size_t)total * sizeof(int));
  if (!e->vars) {
    x->err = PQL_ENOMEM;
    return;
  }
  for (int i = depth; i < x->nscopes; i++)
    for (int j = 0; j < x->scopes[i].n; j++) e->vars[e->nvars++] = x->scopes[i].vars[j];
  if (at_end) { /* the closing brace */
    e->line = e->eline;
    e->col = e->ecol > 1 ? e->ecol - 1 : 1;
  }
}

/* ---- calls and assignments ---------------------------------------------- */

static int decl_noreturn(CXCursor call) {
  CXCursor callee = ast_unwrap(ast_child(call, 0));
  CXCursor d = clang_getCursorReferenced(callee);
  if (clang_getCursorKind(d) != CXCursor_FunctionDecl) return 0;
  char* ts = ast_str(clang_getTypeSpelling(clang_getCursorType(d)));
  int nr = ts && strstr(ts, "noreturn") != NULL;
  free(ts);
  if (!nr) nr = ast_has_token(d, "_Noreturn") || ast_has_token(d, "noreturn") ||
               ast_has_token(d, "__noreturn__");
  return nr;
}

/* Lowers a call: its arguments first (nested calls), then the CALL event.
 * dest/dvar say where the return value goes; outp: *param index for FD_ESCAPE. */
static void lower_call(lctx* x, CXCursor c, int dest, int dvar, int outp) {
  int n = clang_Cursor_getNumArguments(c);
  if (n < 0) n = 0;
  flow_arg* args = n ? calloc((size_t)n, sizeof *args) : NULL;
  int* inner_block = n ? calloc((size_t)n, sizeof *inner_block) : NULL;
  if (n && (!args || !inner_block)) {
    free(args);
    free(inner_block);
    x->err = PQL_ENOMEM;
    return;
  }
  for (int i = 0; i < n; i++) {
    CXCursor orig = clang_Cursor_getArgument(c, (unsigned)i);
    CXCursor a = ast_unwrap(orig);
    enum CXCursorKind k = clang_getCursorKind(a);
    args[i].var = -1;
    long long kv; /* ereport(ERROR, ..), helper(conn, true): conditions of summaries and models */
    if (ast_int_value(a, &kv)) args[i].isconst = 1, args[i].cval = kv;
    enum CXTypeKind tk = clang_getCursorType(orig).kind;
    if (tk == CXType_Invalid || tk == CXType_Dependent) continue; /* broken by a parse error */
    if (k == CXCursor_DeclRefExpr) {
      args[i].var = var_of_expr(x, a);
    } else if (k == CXCursor_UnaryOperator && op_is(x, a, "&")) {
      int v = var_of_expr(x, ast_child(a, 0));
      if (v >= 0) {
        args[i].var = v;
        args[i].addr = 1;
      } else {
        CXCursor s = ast_unwrap(ast_child(a, 0));
        if (clang_getCursorKind(s) == CXCursor_MemberRefExpr) {
          args[i].var = var_of_expr(x, ast_child(s, 0));
          args[i].member = 1;
          args[i].addr = 1;
          args[i].subobj = !type_has_handle(x, clang_getCursorType(s));
        }
      }
    } else if (k == CXCursor_MemberRefExpr && field_var(x, a) >= 0) {
      args[i].var = field_var(x, a);
    } else if (k == CXCursor_MemberRefExpr) {
      int v = var_of_expr(x, ast_child(a, 0));
      if (v >= 0) {
        args[i].var = v;
        args[i].member = 1;
        /* a member's value (q.sql) cannot reach the other fields of q */
        args[i].subobj = !type_has_handle(x, clang_getCursorType(a));
      } else {
        lower_expr(x, a);
      }
    } else if (k == CXCursor_CallExpr) {
      lower_call(x, a, FD_ESCAPE, -1, -1); /* PQclear(PQexec(..)): consumed by the outer call */
      if (x->cur >= 0 && x->f->b[x->cur].nev > 0) {
        args[i].inner = x->f->b[x->cur].nev; /* checked against the outer's block below */
        args[i].var = -1;
        inner_block[i] = x->cur;
      }
    } else {
      lower_expr(x, a);
    }
  }
  if (clang_Cursor_getNumArguments(c) < 0) lower_expr(x, ast_child(c, 0));
  {
    CXCursor d = clang_getCursorReferenced(ast_unwrap(ast_child(c, 0)));
    if (clang_getCursorKind(d) == CXCursor_FunctionDecl) {
      CXType ft = clang_getCursorType(d);
      int np = clang_getNumArgTypes(ft);
      for (int i = 0; i < n && i < np; i++) {
        CXType at = clang_getCanonicalType(clang_getArgType(ft, (unsigned)i));
        args[i].voidp = at.kind == CXType_Pointer &&
                        clang_getCanonicalType(clang_getPointeeType(at)).kind == CXType_Void;
      }
    }
  }
  for (int i = 0; i < n; i++) /* an inner call in another block (a ?: in between): unknown */
    if (args[i].inner && inner_block[i] != x->cur) args[i].inner = 0;
  free(inner_block);
  flow_ev* e = emit(x, FE_CALL, c);
  if (!e) {
    free(args);
    return;
  }
  e->callee = ast_callee_name(c);
  e->ret_type = FK_NONE;
  {
    CXType rt = clang_getCursorType(c);
    if (rt.kind != CXType_Pointer) rt = clang_getCanonicalType(rt);
    if (rt.kind == CXType_Pointer) {
      CXType pt = clang_getPointeeType(rt);
      char* sp[2] = {ast_str(clang_getTypeSpelling(pt)),
                     ast_str(clang_getTypeSpelling(clang_getCanonicalType(pt)))};
      for (int i = 0; i < 2; i++) {
        if (!sp[i]) continue;
        if (strstr(sp[i], "PGresult") || strstr(sp[i], "pg_result")) e->ret_type = FK_RESULT;
        else if (strstr(sp[i], "PGconn") || strstr(sp[i], "pg_conn")) e->ret_type = FK_CONN;
      }
      free(sp[0]);
      free(sp[1]);
    }
  }
  {
    CXType rt = clang_getCanonicalType(clang_getCursorType(c));
    if (rt.kind == CXType_Pointer) {
      CXType pt = clang_getCanonicalType(clang_getPointeeType(rt));
      e->ret_plain = pt.kind == CXType_Record && clang_Type_getSizeOf(pt) >= 0 &&
                     !type_has_handle(x, pt);
    }
  }
  e->decl_noreturn = decl_noreturn(c);
  e->args = args;
  e->nargs = n;
  e->dest = dest;
  e->var = dvar;
  e->var2 = outp;
}

static int is_null_const(CXCursor e, long long* v) {
  CXCursor u = ast_unwrap(e);
  if (clang_getCursorKind(u) == CXCursor_GNUNullExpr) {
    *v = 0;
    return 1;
  }
  return ast_int_value(u, v);
}

/* The parameter index p if e is `*p` for an out-parameter p, else -1. */
static int outparam_of(lctx* x, CXCursor lhs) {
  CXCursor u = ast_unwrap(lhs);
  if (clang_getCursorKind(u) != CXCursor_UnaryOperator || !op_is(x, u, "*")) return -1;
  int v = var_of_expr(x, ast_child(u, 0));
  if (v < 0) return -1;
  return x->f->vars[v].param;
}

static void lower_assign(lctx* x, CXCursor lhs, CXCursor rhs, CXCursor at) {
  int v = var_of_expr(x, lhs);
  if (v < 0) v = field_var(x, lhs);
  CXCursor r = ast_unwrap(rhs);
  enum CXCursorKind rk = clang_getCursorKind(r);
  long long k;
  if (rk == CXCursor_ConditionalOperator && ast_nchildren(r) == 3) {
    int t = new_block(x), fl = new_block(x), j = new_block(x);
    lower_cond(x, ast_child(r, 0), t, fl);
    x->cur = t;
    lower_assign(x, lhs, ast_child(r, 1), at);
    goto_block(x, j);
    x->cur = fl;
    lower_assign(x, lhs, ast_child(r, 2), at);
    goto_block(x, j);
    x->cur = j;
    return;
  }
  if (v < 0) {
    int outp = outparam_of(x, lhs);
    if (rk == CXCursor_CallExpr) {
      lower_call(x, r, FD_ESCAPE, -1, outp);
    } else {
      int w = var_of_expr(x, r);
      if (w >= 0) {
        flow_ev* e = emit(x, FE_ESCAPE, at);
        if (e) {
          e->var = w;
          e->var2 = outp;
        }
      } else {
        lower_expr(x, r);
        long long k0;
        if (outp >= 0 && !is_null_const(r, &k0)) { /* *out = something not owned here */
          flow_ev* e = emit(x, FE_ESCAPE, at);
          if (e) e->var2 = outp;
        }
      }
    }
    /* uses in the target (p->x = .. on a freed p, a[i()] = ..) */
    CXCursor l = ast_unwrap(lhs);
    if (clang_getCursorKind(l) == CXCursor_MemberRefExpr ||
        clang_getCursorKind(l) == CXCursor_ArraySubscriptExpr)
      lower_expr(x, l);
    return;
  }
  if (rk == CXCursor_CallExpr) {
    lower_call(x, r, FD_VAR, v, -1);
  } else if (rk == CXCursor_DeclRefExpr && var_of_expr(x, r) >= 0) {
    flow_ev* e = emit(x, FE_ASSIGN, at);
    if (e) {
      e->var = v;
      e->var2 = var_of_expr(x, r);
    }
  } else if (is_null_const(r, &k)) {
    flow_ev* e = emit(x, x->f->vars[v].ptr && k == 0 ? FE_NULLSET : FE_CONST, at);
    if (e) {
      e->var = v;
      e->val = k;
    }
  } else if (rk == CXCursor_BinaryOperator && op_is(x, r, "=")) {
    lower_expr(x, r);
    int w = var_of_expr(x, ast_child(r, 0));
    if (w >= 0 && w != v) {
      flow_ev* e = emit(x, FE_ASSIGN, at);
      if (e) {
        e->var = v;
        e->var2 = w;
      }
    } else {
      emit_var(x, FE_OTHERSET, at, v);
    }
  } else if (rk == CXCursor_MemberRefExpr && field_var(x, r) >= 0 && field_var(x, r) != v) {
    flow_ev* e = emit(x, FE_ASSIGN, at);
    if (e) {
      e->var = v;
      e->var2 = field_var(x, r);
    }
  } else if (rk == CXCursor_MemberRefExpr && var_of_expr(x, ast_child(r, 0)) >= 0) {
    /* c = l.conn: a pointer borrowed from l */
    flow_ev* e = emit(x, FE_ASSIGN, at);
    if (e) {
      e->var = v;
      e->var2 = var_of_expr(x, ast_child(r, 0));
      e->val = 1; /* member: borrow, not a move */
    }
  } else {
    lower_expr(x, r);
    emit_var(x, FE_OTHERSET, at, v);
  }
}


/* 1 if c is a unary/binary operator spelled op (see flow_op_of). */
static int op_is(lctx* x, CXCursor c, const char* op) {
  char buf[8];
  return flow_op_of(x->tu, x->mx, c, buf, sizeof buf, NULL) == 0 && !strcmp(buf, op);
}

/* The operator of a binary operator: ast_operator, or (when the left
 * operand comes from a macro) the last depth-0 punctuation token between
 * the expansion of the left operand's start and the right operand. */
static int bin_operator(lctx* x, CXCursor c, char* buf, size_t len) {
  if (flow_op_of(x->tu, x->mx, c, buf, len, NULL) == 0) return 0;
  CXCursor l = ast_child(c, 0), r = ast_child(c, 1);
  CXFile f1, f2;
  unsigned o1, o2;
  clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(l)), &f1, NULL, NULL, &o1);
  clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(r)), &f2, NULL, NULL, &o2);
  if (!f1 || !clang_File_isEqual(f1, f2) || o2 <= o1) return -1;
  CXSourceRange rg = clang_getRange(clang_getLocationForOffset(x->tu, f1, o1),
                                    clang_getLocationForOffset(x->tu, f1, o2));
  CXToken* toks = NULL;
  unsigned n = 0;
  int depth = 0, found = -1;
  clang_tokenize(x->tu, rg, &toks, &n);
  for (unsigned i = 0; i < n; i++) {
    unsigned off;
    clang_getExpansionLocation(clang_getTokenLocation(x->tu, toks[i]), NULL, NULL, NULL, &off);
    if (off >= o2) break;
    CXString sp = clang_getTokenSpelling(x->tu, toks[i]);
    const char* t = clang_getCString(sp);
    if (!strcmp(t, "(") || !strcmp(t, "[")) depth++;
    else if (!strcmp(t, ")") || !strcmp(t, "]")) depth--;
    else if (depth == 0 && clang_getTokenKind(toks[i]) == CXToken_Punctuation && strlen(t) < len) {
      strcpy(buf, t);
      found = 0;
    }
    clang_disposeString(sp);
  }
  if (toks) clang_disposeTokens(x->tu, toks, n);
  return found;
}

/* ---- expressions -------------------------------------------------------- */

static void lower_children(lctx* x, CXCursor c) {
  ast_cursors ch = {0};
  ast_children(c, &ch);
  for (size_t i = 0; i < ch.n; i++) lower_expr(x, ch.v[i]);
  ast_cursors_free(&ch);
}

static void lower_expr(lctx* x, CXCursor c) {
  if (x->err || ++x->depth > 400) {
    x->depth--;
    return;
  }
  enum CXCursorKind k = clang_getCursorKind(c);
  char op[8];
  switch (k) {
  case CXCursor_CallExpr:
    lower_call(x, c, FD_NONE, -1, -1);
    break;
  case CXCursor_BinaryOperator:
    if (bin_operator(x, c, op, sizeof op) < 0) op[0] = 0;
    if (!strcmp(op, "=")) {
      lower_assign(x, ast_child(c, 0), ast_child(c, 1), c);
    } else if (!strcmp(op, "&&") || !strcmp(op, "||")) {
      int j = new_block(x);
      lower_cond(x, c, j, j);
      x->cur = j;
    } else {
      lower_children(x, c);
    }
    break;
  case CXCursor_CompoundAssignOperator:
    lower_expr(x, ast_child(c, 1));
    emit_var(x, FE_OTHERSET, c, var_of_expr(x, ast_child(c, 0)));
    break;
  case CXCursor_UnaryOperator: {
    int post = 0;
    flow_op_of(x->tu, x->mx, c, op, sizeof op, &post);
    int v = var_of_expr(x, ast_child(c, 0));
    if (v >= 0 && !strcmp(op, "&"))
      emit_var(x, FE_ESCAPE, c, v);
    else if (v >= 0 && !strcmp(op, "*"))
      emit_var(x, FE_USE, c, v);
    else if (v >= 0 && (!strcmp(op, "++") || !strcmp(op, "--")))
      emit_var(x, FE_OTHERSET, c, v);
    else
      lower_children(x, c);
    break;
  }
  case CXCursor_ConditionalOperator:
    if (ast_nchildren(c) == 3) {
      int t = new_block(x), fl = new_block(x), j = new_block(x);
      lower_cond(x, ast_child(c, 0), t, fl);
      x->cur = t;
      lower_expr(x, ast_child(c, 1));
      goto_block(x, j);
      x->cur = fl;
      lower_expr(x, ast_child(c, 2));
      goto_block(x, j);
      x->cur = j;
    } else {
      lower_children(x, c);
    }
    break;
  case CXCursor_ArraySubscriptExpr: {
    int v = var_of_expr(x, ast_child(c, 0));
    if (v >= 0)
      emit_var(x, FE_USE, c, v);
    else
      lower_expr(x, ast_child(c, 0));
    lower_expr(x, ast_child(c, 1));
    break;
  }
  case CXCursor_MemberRefExpr: {
    int v = var_of_expr(x, ast_child(c, 0));
    if (v >= 0) {
      if (x->f->vars[v].ptr) emit_var(x, FE_USE, c, v);
    } else {
      lower_children(x, c);
    }
    break;
  }
  case CXCursor_StmtExpr:
    lower_children(x, c); /* the compound statement */
    break;
  case CXCursor_CompoundStmt:
    lower_stmt(x, c);
    break;
  case CXCursor_InitListExpr: {
    ast_cursors ch = {0};
    ast_children(c, &ch);
    for (size_t i = 0; i < ch.n; i++) {
      int v = var_of_expr(x, ch.v[i]);
      if (v >= 0)
        emit_var(x, FE_ESCAPE, ch.v[i], v);
      else
        lower_expr(x, ch.v[i]);
    }
    ast_cursors_free(&ch);
    break;
  }
  case CXCursor_DeclRefExpr:
  case CXCursor_IntegerLiteral:
  case CXCursor_StringLiteral:
  case CXCursor_CharacterLiteral:
  case CXCursor_FloatingLiteral:
  case CXCursor_UnaryExpr: /* sizeof */
    break;
  default:
    lower_children(x, c);
    break;
  }
  x->depth--;
}

/* ---- conditions --------------------------------------------------------- */

static int op_code(const char* op, int mirror) {
  if (!strcmp(op, "==")) return '=';
  if (!strcmp(op, "!=")) return '!';
  if (!strcmp(op, "<")) return mirror ? '>' : '<';
  if (!strcmp(op, "<=")) return mirror ? 'g' : 'l';
  if (!strcmp(op, ">")) return mirror ? '<' : '>';
  if (!strcmp(op, ">=")) return mirror ? 'l' : 'g';
  return 0;
}

static void branch(lctx* x, CXCursor at, flow_cond cond, int t, int fl) {
  ensure_cur(x);
  int b = x->cur;
  set_succ(x, b, FT_BRANCH, t, fl);
  x->f->b[b].cond = cond;
  ast_loc l;
  ast_loc_of(at, &l);
  x->f->b[b].line = l.line;
  x->f->b[b].col = l.col;
  x->f->b[b].negated = x->neg;
  x->cur = -1;
}

/* A test of `s OP k`: s is a variable, an assignment or a call. */
static void subject_cond(lctx* x, CXCursor s, CXCursor at, int op, long long k, int t, int fl) {
  flow_cond cd = {FC_OPAQUE, -1, -1, op, k, -1};
  CXCursor u = ast_unwrap(s);
  enum CXCursorKind uk = clang_getCursorKind(u);
  int v = var_of_expr(x, u);
  if (v < 0) v = field_var(x, u);
  if (v >= 0) {
    cd.kind = FC_VAR;
    cd.var = v;
  } else if (uk == CXCursor_BinaryOperator && op_is(x, u, "=")) {
    lower_expr(x, u);
    v = var_of_expr(x, ast_child(u, 0));
    if (v < 0) v = field_var(x, ast_child(u, 0));
    if (v >= 0) {
      cd.kind = FC_VAR;
      cd.var = v;
    }
  } else if (uk == CXCursor_CallExpr) {
    lower_call(x, u, FD_ESCAPE, -1, -1);
    ensure_cur(x);
    cd.kind = FC_CALL;
    cd.evi = x->f->b[x->cur].nev - 1;
  } else {
    lower_expr(x, u);
  }
  branch(x, at, cd, t, fl);
}

static void lower_cond(lctx* x, CXCursor c, int t, int fl) {
  CXCursor u = ast_unwrap(c);
  enum CXCursorKind k = clang_getCursorKind(u);
  long long kv;
  char op[8];
  if (x->err) return;
  if (k != CXCursor_DeclRefExpr && ast_int_value(u, &kv)) {
    goto_block(x, kv ? t : fl);
    return;
  }
  if (k == CXCursor_UnaryOperator && op_is(x, u, "!")) {
    x->neg = !x->neg;
    lower_cond(x, ast_child(u, 0), fl, t);
    x->neg = !x->neg;
    return;
  }
  if (k == CXCursor_BinaryOperator && bin_operator(x, u, op, sizeof op) == 0) {
    if (!strcmp(op, "&&") || !strcmp(op, "||")) {
      int m = new_block(x);
      if (op[0] == '&')
        lower_cond(x, ast_child(u, 0), m, fl);
      else
        lower_cond(x, ast_child(u, 0), t, m);
      x->cur = m;
      lower_cond(x, ast_child(u, 1), t, fl);
      return;
    }
    if (!strcmp(op, ",")) {
      lower_expr(x, ast_child(u, 0));
      lower_cond(x, ast_child(u, 1), t, fl);
      return;
    }
    int oc = op_code(op, 0);
    if (oc) {
      CXCursor l = ast_child(u, 0), r = ast_child(u, 1);
      if (is_null_const(r, &kv)) {
        subject_cond(x, l, u, oc, kv, t, fl);
        return;
      }
      if (is_null_const(l, &kv)) {
        subject_cond(x, r, u, op_code(op, 1), kv, t, fl);
        return;
      }
      int lv = var_of_expr(x, l), rv = var_of_expr(x, r);
      if (lv >= 0 && rv >= 0 && lv != rv &&
          ((!x->f->vars[lv].ptr && !x->f->vars[rv].ptr) || oc == '=' || oc == '!')) {
        branch(x, u, (flow_cond){FC_VAR2, lv, -1, oc, 0, rv}, t, fl); /* i < n */
        return;
      }
      lower_expr(x, u);
      branch(x, u, (flow_cond){FC_OPAQUE, -1, -1, 0, 0, -1}, t, fl);
      return;
    }
    if (!strcmp(op, "=")) {
      subject_cond(x, u, u, '!', 0, t, fl);
      return;
    }
  }
  if (k == CXCursor_DeclRefExpr || k == CXCursor_CallExpr ||
      (k == CXCursor_MemberRefExpr && field_var(x, u) >= 0)) {
    subject_cond(x, u, u, '!', 0, t, fl);
    return;
  }
  lower_expr(x, u);
  branch(x, u, (flow_cond){FC_OPAQUE, -1, -1, 0, 0, -1}, t, fl);
}

/* ---- statements --------------------------------------------------------- */

static int new_loop(lctx* x) {
  flow_fn* f = x->f;
  int* np = realloc(f->loop_parent, (size_t)(f->nloops + 1) * sizeof *np);
  if (!np) {
    x->err = PQL_ENOMEM;
    return x->curloop;
  }
  f->loop_parent = np;
  np[f->nloops] = x->curloop;
  return f->nloops++;
}

static void push_jmp(lctx* x, int brk, int cont) {
  if (x->njmp >= 128) {
    x->err = PQL_ENOMEM;
    return;
  }
  x->jmp[x->njmp++] = (jmp_entry){brk, cont, x->nscopes};
}

static int label_block(lctx* x, const char* name) {
  for (int i = 0; i < x->nlabels; i++)
    if (!strcmp(x->labels[i].name, name)) return x->labels[i].block;
  if (x->nlabels == x->caplabels) {
    int nc = x->caplabels ? x->caplabels * 2 : 8;
    label* nl = realloc(x->labels, (size_t)nc * sizeof *nl);
    if (!nl) {
      x->err = PQL_ENOMEM;
      return 0;
    }
    x->labels = nl;
    x->caplabels = nc;
  }
  int b = new_block(x);
  x->labels[x->nlabels].name = strdup(name);
  x->labels[x->nlabels].block = b;
  x->nlabels++;
  return b;
}

static unsigned file_offset(CXSourceLocation loc) {
  unsigned off = 0;
  clang_getExpansionLocation(loc, NULL, NULL, NULL, &off);
  return off;
}

/* Splits a for statement's children into init/cond/inc/body by the
 * positions of the two semicolons in its header. */
static void for_parts(lctx* x, CXCursor c, CXCursor* init, CXCursor* cond, CXCursor* inc,
                      CXCursor* body) {
  ast_cursors ch = {0};
  *init = *cond = *inc = *body = clang_getNullCursor();
  ast_children(c, &ch);
  if (!ch.n) return;
  *body = ch.v[ch.n - 1];
  CXToken* toks = NULL;
  unsigned n = 0, semi[2] = {0, 0}, ns = 0;
  int depth = 0;
  clang_tokenize(x->tu, clang_getCursorExtent(c), &toks, &n);
  for (unsigned i = 0; i < n && ns < 2; i++) {
    CXString s = clang_getTokenSpelling(x->tu, toks[i]);
    const char* t = clang_getCString(s);
    if (!strcmp(t, "(")) depth++;
    else if (!strcmp(t, ")")) depth--;
    else if (!strcmp(t, ";") && depth == 1) semi[ns++] = file_offset(clang_getTokenLocation(x->tu, toks[i]));
    clang_disposeString(s);
  }
  if (toks) clang_disposeTokens(x->tu, toks, n);
  if (ns == 2) {
    for (size_t i = 0; i + 1 < ch.n; i++) {
      unsigned off = file_offset(clang_getRangeStart(clang_getCursorExtent(ch.v[i])));
      if (off < semi[0]) *init = ch.v[i];
      else if (off < semi[1]) *cond = ch.v[i];
      else *inc = ch.v[i];
    }
  } else if (ch.n == 4) {
    *init = ch.v[0];
    *cond = ch.v[1];
    *inc = ch.v[2];
  }
  ast_cursors_free(&ch);
}

static void lower_loop_body(lctx* x, CXCursor body, int brk, int cont) {
  push_jmp(x, brk, cont);
  lower_stmt(x, body);
  x->njmp--;
}

static void lower_decl(lctx* x, CXCursor d) {
  int v = var_of_decl(x, d);
  if (v < 0) {
    lower_children(x, d); /* static locals: their initialisers */
    return;
  }
  scope_add(x, v);
  ast_cursors ch = {0};
  ast_children(d, &ch);
  CXType t = clang_getCanonicalType(clang_getCursorType(d));
  int have_init = 0;
  if (ch.n && clang_isExpression(clang_getCursorKind(ch.v[ch.n - 1])) &&
      t.kind != CXType_ConstantArray && t.kind != CXType_VariableArray &&
      t.kind != CXType_IncompleteArray) {
    CXCursor init = ch.v[ch.n - 1];
    have_init = 1;
    if (t.kind == CXType_Record || clang_getCursorKind(ast_unwrap(init)) == CXCursor_InitListExpr)
      lower_expr(x, init);
    else
      lower_assign(x, d, init, d);
  } else {
    for (size_t i = 0; i < ch.n; i++)
      if (clang_isExpression(clang_getCursorKind(ch.v[i]))) lower_expr(x, ch.v[i]);
  }
  if (!have_init) emit_var(x, FE_OTHERSET, d, v); /* a fresh, untracked value */
  ast_cursors_free(&ch);
}

/* var_of_expr on a VarDecl cursor: lower_assign uses the decl as lhs. */
/* The local or parameter named `name` seen from here (innermost scope first), or -1. */
static int var_named(lctx* x, const char* name) {
  for (int i = x->nscopes - 1; i >= 0; i--)
    for (int j = x->scopes[i].n - 1; j >= 0; j--)
      if (!strcmp(x->f->vars[x->scopes[i].vars[j]].name, name)) return x->scopes[i].vars[j];
  for (int v = 0; v < x->f->nvars; v++)
    if (x->f->vars[v].param >= 0 && !strcmp(x->f->vars[v].name, name)) return v;
  return -1;
}

/* Statement c is an assertion macro stating `v OP K` (flow_assert.c): a
 * branch whose other side ends the path, so what follows knows the fact. */
static void lower_assert(lctx* x, CXCursor c) {
  char name[128];
  int op;
  long long val;
  if (!flow_assert_fact(x->tu, x->mx, x->models, c, name, sizeof name, &op, &val)) return;
  int v = var_named(x, name);
  if (v < 0) return;
  int t = new_block(x), fl = new_block(x);
  if (x->err) return;
  flow_cond cond = {FC_VAR, v, -1, op, val, -1};
  branch(x, c, cond, t, fl);
  x->cur = fl; /* the assertion failed: a call that does not return ends the path */
  flow_ev* e = emit(x, FE_CALL, c);
  if (e) {
    e->callee = strdup("__pqlint_assertion_failed");
    if (!e->callee) x->err = PQL_ENOMEM;
    e->decl_noreturn = 1;
    e->dest = FD_NONE;
    e->var = e->var2 = -1;
    e->ret_type = FK_NONE;
  }
  x->cur = t;
}

static void lower_stmt(lctx* x, CXCursor c) {
  if (x->err || ++x->depth > 400) {
    x->depth--;
    return;
  }
  enum CXCursorKind k = clang_getCursorKind(c);
  ast_cursors ch = {0};
  if (k != CXCursor_CompoundStmt) lower_assert(x, c);
  switch (k) {
  case CXCursor_CompoundStmt: {
    int outer = x->nscopes == 0;
    if (x->nscopes < 256) x->scopes[x->nscopes++] = (scope){0};
    ast_children(c, &ch);
    for (size_t i = 0; i < ch.n; i++) lower_stmt(x, ch.v[i]);
    if (!outer && x->cur >= 0) scope_end_to(x, x->nscopes - 1, c, 1);
    if (!outer) {
      free(x->scopes[x->nscopes - 1].vars);
      x->nscopes--;
    }
    break;
  }
  case CXCursor_DeclStmt:
    ast_children(c, &ch);
    for (size_t i = 0; i < ch.n; i++)
      if (clang_getCursorKind(ch.v[i]) == CXCursor_VarDecl) lower_decl(x, ch.v[i]);
    break;
  case CXCursor_IfStmt: {
    ast_children(c, &ch);
    if (ch.n < 2) break;
    int t = new_block(x), j = new_block(x), fl = ch.n > 2 ? new_block(x) : j;
    lower_cond(x, ch.v[0], t, fl);
    x->cur = t;
    lower_stmt(x, ch.v[1]);
    goto_block(x, j);
    if (ch.n > 2) {
      x->cur = fl;
      lower_stmt(x, ch.v[2]);
      goto_block(x, j);
    }
    x->cur = j;
    break;
  }
  case CXCursor_WhileStmt: {
    ast_children(c, &ch);
    if (ch.n < 2) break;
    int saved = x->curloop;
    x->curloop = new_loop(x);
    int h = new_block(x), b = new_block(x), e = new_block(x);
    goto_block(x, h);
    x->cur = h;
    lower_cond(x, ch.v[0], b, e);
    x->f->b[h].loopcond = 1;
    x->cur = b;
    lower_loop_body(x, ch.v[ch.n - 1], e, h);
    goto_block(x, h);
    x->curloop = saved;
    x->cur = e;
    break;
  }
  case CXCursor_DoStmt: {
    ast_children(c, &ch);
    if (ch.n < 2) break;
    int saved = x->curloop;
    long long kv;
    int once = ast_int_value(ast_unwrap(ch.v[1]), &kv) && kv == 0;
    if (!once) x->curloop = new_loop(x);
    int b = new_block(x), cd = new_block(x), e = new_block(x);
    goto_block(x, b);
    x->cur = b;
    lower_loop_body(x, ch.v[0], e, cd);
    goto_block(x, cd);
    x->cur = cd;
    lower_cond(x, ch.v[1], b, e);
    if (!once && x->f->b[cd].term == FT_BRANCH) x->f->b[cd].loopcond = 1;
    x->curloop = saved;
    x->cur = e;
    break;
  }
  case CXCursor_ForStmt: {
    CXCursor init, cond, inc, body;
    for_parts(x, c, &init, &cond, &inc, &body);
    if (clang_Cursor_isNull(body)) break;
    if (x->nscopes < 256) x->scopes[x->nscopes++] = (scope){0}; /* for (int i..) */
    if (!clang_Cursor_isNull(init)) lower_stmt(x, init);
    int saved = x->curloop;
    x->curloop = new_loop(x);
    int h = new_block(x), b = new_block(x), in = new_block(x), e = new_block(x);
    goto_block(x, h);
    x->cur = h;
    if (!clang_Cursor_isNull(cond)) {
      lower_cond(x, cond, b, e);
      x->f->b[h].loopcond = 1;
      x->f->b[h].for_loop = x->curloop + 1;
    } else {
      goto_block(x, b);
    }
    x->cur = b;
    lower_loop_body(x, body, e, in);
    goto_block(x, in);
    x->cur = in;
    if (!clang_Cursor_isNull(inc)) lower_expr(x, inc);
    goto_block(x, h);
    x->curloop = saved;
    x->cur = e;
    free(x->scopes[x->nscopes - 1].vars);
    x->nscopes--;
    break;
  }
  case CXCursor_SwitchStmt: {
    ast_children(c, &ch);
    if (ch.n < 2 || x->nsw >= 64) break;
    lower_expr(x, ch.v[0]);
    ensure_cur(x);
    int d = x->cur, e = new_block(x);
    flow_block* D = &x->f->b[d];
    D->term = FT_SWITCH;
    D->succ = NULL;
    D->nsucc = 0;
    x->sw[x->nsw] = d;
    x->swdef[x->nsw++] = 0;
    int cont = x->njmp ? x->jmp[x->njmp - 1].cont : -1;
    x->cur = -1;
    push_jmp(x, e, cont);
    lower_stmt(x, ch.v[ch.n - 1]);
    x->njmp--;
    goto_block(x, e);
    x->nsw--;
    if (!x->swdef[x->nsw]) {
      D = &x->f->b[d];
      int* ns = realloc(D->succ, (size_t)(D->nsucc + 1) * sizeof *ns);
      if (ns) {
        D->succ = ns;
        D->succ[D->nsucc++] = e;
      }
    }
    x->cur = e;
    break;
  }
  case CXCursor_CaseStmt:
  case CXCursor_DefaultStmt: {
    int nb = new_block(x);
    goto_block(x, nb); /* fall-through */
    if (x->nsw) {
      flow_block* D = &x->f->b[x->sw[x->nsw - 1]];
      int* ns = realloc(D->succ, (size_t)(D->nsucc + 1) * sizeof *ns);
      if (ns) {
        D->succ = ns;
        D->succ[D->nsucc++] = nb;
      }
      if (k == CXCursor_DefaultStmt) x->swdef[x->nsw - 1] = 1;
    }
    x->cur = nb;
    ast_children(c, &ch);
    if (ch.n) lower_stmt(x, ch.v[ch.n - 1]);
    break;
  }
  case CXCursor_BreakStmt:
  case CXCursor_ContinueStmt: {
    int i = x->njmp - 1;
    if (k == CXCursor_ContinueStmt)
      while (i >= 0 && x->jmp[i].cont < 0) i--;
    if (i < 0) break;
    int target = k == CXCursor_BreakStmt ? x->jmp[i].brk : x->jmp[i].cont;
    if (x->cur >= 0) scope_end_to(x, x->jmp[i].depth, c, 0);
    goto_block(x, target);
    break;
  }
  case CXCursor_ReturnStmt: {
    ast_children(c, &ch);
    int rv = -1, ret_other = 0;
    if (ch.n) {
      CXCursor r = ast_unwrap(ch.v[0]);
      rv = var_of_expr(x, r);
      long long k0;
      if (rv < 0) {
        if (clang_getCursorKind(r) == CXCursor_CallExpr) {
          lower_call(x, r, FD_RETURN, -1, -1);
        } else {
          lower_expr(x, r);
          ret_other = !is_null_const(r, &k0);
        }
      }
    }
    ensure_cur(x);
    flow_block* B = &x->f->b[x->cur];
    B->term = FT_RETURN;
    B->ret_var = rv;
    B->ret_other = ret_other;
    ast_loc l;
    ast_loc_of(c, &l);
    B->line = l.line;
    B->col = l.col;
    x->cur = -1;
    break;
  }
  case CXCursor_GotoStmt: {
    ast_children(c, &ch);
    if (ch.n) {
      char* name = ast_spelling(ch.v[0]);
      if (name) {
        goto_block(x, label_block(x, name));
        free(name);
      }
    }
    x->cur = -1;
    break;
  }
  case CXCursor_LabelStmt: {
    char* name = ast_spelling(c);
    if (name) {
      int lb = label_block(x, name);
      goto_block(x, lb);
      x->cur = lb;
      free(name);
    }
    ast_children(c, &ch);
    if (ch.n) lower_stmt(x, ch.v[ch.n - 1]);
    break;
  }
  case CXCursor_NullStmt:
  case CXCursor_AsmStmt:
  case CXCursor_IndirectGotoStmt:
    break;
  default:
    if (clang_isExpression(k)) lower_expr(x, c);
    break;
  }
  ast_cursors_free(&ch);
  x->depth--;
}

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
  memset(f, 0, sizeof *f);
  f->name = ast_spelling(fnc);
  f->is_static = clang_Cursor_getStorageClass(fnc) == CX_SC_Static;
  ast_loc l;
  ast_loc_of(fnc, &l);
  f->line = l.line;
  int np = clang_Cursor_getNumArguments(fnc);
  f->nparams = np < 0 ? 0 : np;
  for (int i = 0; i < f->nparams; i++) {
    int v = var_of_decl(&x, clang_Cursor_getArgument(fnc, (unsigned)i));
    if (v >= 0) f->vars[v].param = i;
  }
  ast_cursors ch = {0};
  ast_children(fnc, &ch);
  CXCursor body = clang_getNullCursor();
  for (size_t i = 0; i < ch.n; i++)
    if (clang_getCursorKind(ch.v[i]) == CXCursor_CompoundStmt) body = ch.v[i];
  ast_cursors_free(&ch);
  x.cur = new_block(&x); /* block 0: entry */
  if (!clang_Cursor_isNull(body)) {
    lower_stmt(&x, body);
    ensure_cur(&x);
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

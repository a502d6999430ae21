/* lower_call.c - lowers a call expression to a CALL event (arguments first, nested calls, return-type facts). */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/lower_ctx.h"

/* 1 if the called function is declared noreturn (_Noreturn, __attribute__((noreturn))). */
static int decl_noreturn(lctx* x, CXCursor call) {
  CXCursor callee = ast_unwrap(ast_child(call, 0));
  CXCursor d = clang_getCursorReferenced(callee);
  if (clang_getCursorKind(d) != CXCursor_FunctionDecl) return 0;
  return lower_memo_noreturn(x->memo, d);
}

/* &a, &s.m as an argument: the address of a variable or of a member of one. */
static void arg_address(lctx* x, CXCursor a, flow_arg* arg) {
  int v = lower_var_of_expr(x, ast_child(a, 0));
  if (v >= 0) {
    arg->var = v;
    arg->addr = 1;
    return;
  }
  CXCursor s = ast_unwrap(ast_child(a, 0));
  if (clang_getCursorKind(s) == CXCursor_MemberRefExpr) {
    lower_flag_written(x, s, a, 0, 0); /* f(&o->flag): the callee may set it */
    arg->var = lower_var_of_expr(x, ast_child(s, 0));
    arg->member = 1;
    arg->addr = 1;
    arg->subobj = !lower_type_has_handle(x, clang_getCursorType(s));
    arg->fvar1 = lower_field_var(x, s) + 1; /* &st->conn: the place an out-parameter fills */
  }
}

/* Lowers argument `orig` into *arg (arg->var -1 when it names no variable);
 * a nested call is lowered first and noted in arg->inner (its event index)
 * and *inner_block (its block). */
static void lower_arg(lctx* x, CXCursor orig, flow_arg* arg, int* inner_block) {
  CXCursor a = ast_unwrap(orig);
  enum CXCursorKind k = clang_getCursorKind(a);
  arg->var = -1;
  long long kv; /* ereport(ERROR, ..), helper(conn, true): conditions of summaries and models */
  if (ast_int_value(a, &kv)) arg->isconst = 1, arg->cval = kv;
  enum CXTypeKind tk = clang_getCursorType(orig).kind;
  if (tk == CXType_Invalid || tk == CXType_Dependent) return; /* broken by a parse error */
  if (k == CXCursor_DeclRefExpr) {
    arg->var = lower_var_of_expr(x, a);
  } else if (k == CXCursor_UnaryOperator && lower_op_is(x, a, "&")) {
    arg_address(x, a, arg);
  } else if (k == CXCursor_MemberRefExpr && lower_field_var(x, a) >= 0) {
    arg->var = lower_field_var(x, a);
  } else if (k == CXCursor_UnaryOperator && lower_deref_var(x, a, 1) >= 0) {
    arg->var = lower_deref_var(x, a, 1); /* PQfinish(*conn): the caller's handle */
  } else if (k == CXCursor_MemberRefExpr) {
    if (clang_getCanonicalType(clang_getCursorType(a)).kind == CXType_Pointer)
      lower_flag_written(x, a, a, 0, 0); /* f(o->sub): the callee may set o->sub->flag */
    int v = lower_var_of_expr(x, ast_child(a, 0));
    if (v >= 0) {
      arg->var = v;
      arg->member = 1;
      /* a member's value (q.sql) cannot reach the other fields of q */
      arg->subobj = !lower_type_has_handle(x, clang_getCursorType(a));
      CXType mt = clang_getCanonicalType(clang_getCursorType(a));
      if (!arg->subobj || (mt.kind == CXType_Pointer &&
                           lower_type_has_handle(x, clang_getPointeeType(mt))))
        arg->mpath = lower_member_path(x, a); /* free(m->priv): the places under m->priv */
    } else {
      x->expr(x, a);
    }
  } else if (k == CXCursor_CallExpr && lower_cxx_arg(x, a, arg)) {
    /* owner.get(): the handle the C++ owner holds */
  } else if (k == CXCursor_CallExpr) {
    lower_call(x, a, FD_ESCAPE, -1, -1); /* PQclear(PQexec(..)): consumed by the outer call */
    if (x->cur >= 0 && x->f->b[x->cur].nev > 0) {
      arg->inner = x->f->b[x->cur].nev; /* checked against the outer's block below */
      arg->var = -1;
      *inner_block = x->cur;
    }
  } else {
    x->expr(x, a);
  }
}

/* Marks the arguments passed as void * in the callee's declared prototype. */
static void args_voidp(CXCursor c, flow_arg* args, int n) {
  CXCursor d = clang_getCursorReferenced(ast_unwrap(ast_child(c, 0)));
  if (clang_getCursorKind(d) != CXCursor_FunctionDecl) return;
  CXType ft = clang_getCursorType(d);
  int np = clang_getNumArgTypes(ft);
  for (int i = 0; i < n && i < np; i++) {
    CXType at = clang_getCanonicalType(clang_getArgType(ft, (unsigned)i));
    args[i].voidp = at.kind == CXType_Pointer &&
                    clang_getCanonicalType(clang_getPointeeType(at)).kind == CXType_Void;
  }
}

/* The call's return-type facts in e: ret_type (a PGresult/PGconn pointer by
 * name, typedef or canonical) and ret_plain (a pointer to a complete struct
 * holding no handle). */
static void call_ret_facts(lctx* x, CXCursor c, flow_ev* e) {
  e->ret_type = FK_NONE;
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
  rt = clang_getCanonicalType(clang_getCursorType(c));
  if (rt.kind == CXType_Pointer) {
    CXType pt = clang_getCanonicalType(clang_getPointeeType(rt));
    e->ret_plain = pt.kind == CXType_Record && clang_Type_getSizeOf(pt) >= 0 &&
                   !lower_type_has_handle(x, pt);
  }
}

/* Lowers a call: its arguments first (nested calls), then the CALL event.
 * dest/dvar say where the return value goes; outp: *param index for FD_ESCAPE.
 * On allocation failure sets x->err and emits nothing. */
void lower_call(lctx* x, CXCursor c, int dest, int dvar, int outp) {
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
  for (int i = 0; i < n; i++)
    lower_arg(x, clang_Cursor_getArgument(c, (unsigned)i), &args[i], &inner_block[i]);
  if (clang_Cursor_getNumArguments(c) < 0) x->expr(x, ast_child(c, 0));
  args_voidp(c, args, n);
  for (int i = lower_fmt_first(c); i >= 0 && i < n; i++) args[i].fmtarg = 1;
  for (int i = 0; i < n; i++) /* an inner call in another block (a ?: in between): unknown */
    if (args[i].inner && inner_block[i] != x->cur) args[i].inner = 0;
  free(inner_block);
  flow_ev* e = lower_emit(x, FE_CALL, c);
  if (!e) {
    for (int i = 0; i < n; i++) free(args[i].mpath);
    free(args);
    return;
  }
  e->callee = ast_callee_name(c);
  if (!e->callee) e->callee = lower_cxx_callee(c); /* Class::method, Class::Class */
  if (!e->callee) { /* an indirect call written as pkg_free(p): the macro names it */
    ast_loc l;
    ast_loc_of(c, &l);
    e->macro = flow_macro_name_at(x->mx, l.offset);
  }
  call_ret_facts(x, c, e);
  if (e->ret_type != FK_NONE && lower_cxx_hands_out(c)) e->ret_type = FK_NONE;
  e->decl_noreturn = decl_noreturn(x, c);
  e->args = args;
  e->nargs = n;
  e->dest = dest;
  e->var = dvar;
  e->var2 = outp;
  lower_cxx_ref_args(x, c, args, n);
}

/* 1 and *v if e is an integer constant or NULL (GNU __null included). */
int lower_is_null_const(CXCursor e, long long* v) {
  CXCursor u = ast_unwrap(e);
  if (clang_getCursorKind(u) == CXCursor_GNUNullExpr) {
    *v = 0;
    return 1;
  }
  return ast_int_value(u, v);
}

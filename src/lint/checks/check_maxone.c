/* check_maxone.c - max-one: the value 1 reaching a pool size field (assignment, designated or positional initializer) or a size argument of a pool constructor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/ast.h"
#include "checks/check_syntactic.h"
#include "base/error.h"

#define MAXNAMES 8

/* 1 if `field` (a FieldDecl) is a size field of some pool model. The struct
 * is known by its tag and by the typedef names of `extra` (the type of the
 * expression or initializer it was reached through; may be invalid).
 * *type_name gets a malloc'd name to show (or NULL). */
static int field_is_size(syn_ctx* k, CXCursor field, CXType extra, char** type_name) {
  *type_name = NULL;
  if (clang_getCursorKind(field) != CXCursor_FieldDecl) return 0;
  char* fname = ast_spelling(field);
  if (!fname) return 0;
  char* names[MAXNAMES];
  size_t n = 0;
  if (extra.kind != CXType_Invalid) n = ast_type_names(extra, names, MAXNAMES);
  CXCursor rec = clang_getCursorSemanticParent(field);
  n += ast_type_names(clang_getCursorType(rec), names + n, MAXNAMES - n);
  int hit = 0;
  for (size_t p = 0; p < k->m->npools && !hit; p++) {
    const model_pool* pool = &k->m->pools[p];
    for (size_t f = 0; f < pool->nsize_fields && !hit; f++) {
      const model_size_field* sf = &pool->size_fields[f];
      if (!model_re_match(sf->field_re, fname)) continue;
      for (size_t i = 0; i < n && !hit; i++) hit = model_re_match(sf->type_re, names[i]);
    }
  }
  if (hit && n) {
    size_t len = strlen(names[0]) + strlen(fname) + 2;
    *type_name = malloc(len);
    if (*type_name) snprintf(*type_name, len, "%s.%s", names[0], fname);
  }
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(fname);
  return hit;
}

/* Reports `value` if it is the constant 1 and field is a size field. */
static void check_value(syn_ctx* k, CXCursor field, CXType via, CXCursor value) {
  long long v = 0;
  if (clang_Cursor_isNull(value) || !ast_int_value(value, &v) || v != 1) return;
  char* what = NULL;
  if (!field_is_size(k, field, via, &what)) return;
  char msg[512];
  snprintf(msg, sizeof msg,
           "pool size of 1 (%s): every request queues behind one connection; size the pool "
           "for its concurrency (pqpool's presets: 2 for scripts, 10 for services)",
           what ? what : "size field");
  free(what);
  syn_report(k, SYN_MAX_ONE, FINDING_WARNING, value, msg);
}

/* cfg.max_size = 1 / cfg->max_size = ONE */
static void visit_assign(syn_ctx* k, CXCursor c) {
  /* cheap tests first: the operator needs the tokens of the whole extent */
  CXCursor lhs = ast_unwrap(ast_child(c, 0));
  if (clang_getCursorKind(lhs) != CXCursor_MemberRefExpr) return;
  CXCursor value = ast_child(c, 1);
  long long v = 0;
  if (!ast_int_value(value, &v) || v != 1 || !ast_operator_is(c, "=")) return;
  CXCursor field = clang_getCursorReferenced(lhs);
  CXType via = {CXType_Invalid, {0, 0}};
  if (ast_nchildren(lhs) >= 1) via = clang_getCursorType(ast_child(lhs, 0));
  check_value(k, field, via, value);
}

struct fields {
  CXCursor v[256];
  unsigned n;
};

static enum CXVisitorResult field_visit(CXCursor c, CXClientData d) {
  struct fields* f = d;
  if (f->n < sizeof f->v / sizeof *f->v) f->v[f->n++] = c;
  return CXVisit_Continue;
}

/* The MemberRef designators of a designated initializer (libclang shows
 * `.a.b = v` as an UnexposedExpr with children MemberRef a, MemberRef b,
 * v). Returns how many, and *last the last one; *value the initializer. */
static unsigned designators(CXCursor c, CXCursor* last, CXCursor* value) {
  if (clang_getCursorKind(c) != CXCursor_UnexposedExpr) return 0;
  ast_cursors kids = {0};
  unsigned n = 0;
  if (ast_children(c, &kids) >= 2 && clang_getCursorKind(kids.v[0]) == CXCursor_MemberRef) {
    for (size_t i = 0; i + 1 < kids.n; i++) {
      if (clang_getCursorKind(kids.v[i]) != CXCursor_MemberRef) {
        n = 0;
        break;
      }
      *last = kids.v[i];
      n++;
    }
    *value = kids.v[kids.n - 1];
  }
  ast_cursors_free(&kids);
  return n;
}

/* { .max_size = 1 } and { "conninfo", 1 } of a struct type */
static void visit_init_list(syn_ctx* k, CXCursor c) {
  CXType t = clang_getCursorType(c);
  CXType canon = clang_getCanonicalType(t);
  if (canon.kind != CXType_Record) return;
  struct fields* fields = malloc(sizeof *fields);
  if (!fields) {
    k->err = PQL_ENOMEM;
    return;
  }
  fields->n = 0;
  clang_Type_visitFields(canon, field_visit, fields);
  ast_cursors kids = {0};
  if (ast_children(c, &kids) < 0) k->err = PQL_ENOMEM;
  unsigned pos = 0;
  for (size_t i = 0; i < kids.n; i++) {
    CXCursor last = clang_getNullCursor(), value = clang_getNullCursor();
    unsigned nd = designators(kids.v[i], &last, &value);
    if (nd) {
      CXCursor field = clang_getCursorReferenced(last);
      CXType via = t;
      if (nd == 1) {
        for (unsigned j = 0; j < fields->n; j++)
          if (clang_equalCursors(fields->v[j], field)) pos = j + 1;
      } else {
        via.kind = CXType_Invalid; /* a nested field: its own struct names it */
      }
      check_value(k, field, via, value);
    } else if (pos < fields->n) {
      check_value(k, fields->v[pos], t, kids.v[i]);
      pos++;
    }
  }
  ast_cursors_free(&kids);
  free(fields);
}

/* pool_new(conninfo, 1): size arguments named by the pool models */
static void visit_call(syn_ctx* k, CXCursor c) {
  char* name = ast_callee_name(c);
  if (!name) return;
  int nargs = clang_Cursor_getNumArguments(c);
  for (size_t p = 0; p < k->m->npools; p++) {
    const model_calls* sa = &k->m->pools[p].size_args;
    for (size_t i = 0; i < sa->n; i++) {
      if (sa->v[i].arg < 0 || sa->v[i].arg >= nargs || !syn_call_matches(&sa->v[i], name))
        continue;
      CXCursor value = clang_Cursor_getArgument(c, (unsigned)sa->v[i].arg);
      long long v = 0;
      if (!ast_int_value(value, &v) || v != 1) continue;
      char msg[512];
      snprintf(msg, sizeof msg,
               "pool size of 1 (argument %d of %s): every request queues behind one connection; "
               "size the pool for its concurrency (pqpool's presets: 2 for scripts, 10 for "
               "services)",
               sa->v[i].arg + 1, name);
      syn_report(k, SYN_MAX_ONE, FINDING_WARNING, value, msg);
    }
  }
  free(name);
}

/* The check's visitor (syn_check.visit): every cursor of the main file. */
static void visit_cursor(syn_ctx* k, CXCursor c) {
  if (!k->m->npools) return;
  switch (clang_getCursorKind(c)) {
    case CXCursor_BinaryOperator: visit_assign(k, c); break;
    case CXCursor_InitListExpr: visit_init_list(k, c); break;
    case CXCursor_CallExpr: visit_call(k, c); break;
    default: break;
  }
}

const syn_check syn_check_maxone = {SYN_MAX_ONE, 0, visit_cursor};

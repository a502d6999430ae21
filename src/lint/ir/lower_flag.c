/* lower_flag.c - scalar members tested as flags (o->analyze, s.opt.verbose): places whose tests correlate like a local's, and the writes that end what a test said. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/lower_ctx.h"

/* 1 if t is an integer, enum or bool type (what a flag is). */
static int scalar_type(CXType t) {
  t = clang_getCanonicalType(t);
  return (t.kind >= CXType_Bool && t.kind <= CXType_Int128) || t.kind == CXType_Enum;
}

/* The name of member chain m as written ("o->analyze", "s.opt.verbose")
 * into buf, and its root variable (a local or parameter that is no place
 * itself) as the return value; -1 when m is no such chain or the name does
 * not fit. */
static int chain_name(lctx* x, CXCursor m, char* buf, size_t len) {
  CXCursor lv[4];
  int nl = 0;
  CXCursor cur = ast_unwrap(m);
  while (clang_getCursorKind(cur) == CXCursor_MemberRefExpr) {
    if (nl == 4) return -1;
    lv[nl++] = cur;
    cur = ast_unwrap(ast_child(cur, 0));
  }
  if (!nl) return -1;
  int b = lower_var_of_expr(x, cur);
  if (b < 0 || x->f->vars[b].field_of >= 0 || x->f->vars[b].htype) return -1;
  size_t n = (size_t)snprintf(buf, len, "%s", x->f->vars[b].name);
  for (int i = nl - 1; i >= 0 && n < len; i--) {
    CXType bt = clang_getCanonicalType(clang_getCursorType(ast_child(lv[i], 0)));
    char* fname = ast_spelling(lv[i]);
    if (!fname) return -1;
    n += (size_t)snprintf(buf + n, len - n, "%s%s", bt.kind == CXType_Pointer ? "->" : ".", fname);
    free(fname);
  }
  return n < len ? b : -1;
}

/* FNV-1a of s[0..n). */
static uint64_t name_hash(const char* s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h;
}

/* 1 if a write to a member named like name[0..n) (or to one of its
 * prefixes: s.opt is written with s.opt.verbose) was lowered before. */
static int written_before(const lctx* x, const char* name) {
  size_t len = strlen(name);
  for (size_t n = 1; n <= len; n++) {
    if (n < len && name[n] != '.' && !(name[n] == '-' && name[n + 1] == '>')) continue;
    uint64_t h = name_hash(name, n);
    for (int i = 0; i < x->nflagw; i++)
      if (x->flagw[i] == h) return 1;
  }
  return 0;
}

/* 1 if place name p is name w or a member of it. */
static int within(const char* p, const char* w) {
  size_t n = strlen(w);
  return !strncmp(p, w, n) && (!p[n] || p[n] == '.' || (p[n] == '-' && p[n + 1] == '>'));
}

int lower_flag_var(lctx* x, CXCursor m) {
  CXCursor u = ast_unwrap(m);
  if (clang_getCursorKind(u) != CXCursor_MemberRefExpr || !scalar_type(clang_getCursorType(u)))
    return -1;
  char name[512];
  int b = chain_name(x, u, name, sizeof name);
  if (b < 0) return -1;
  flow_fn* f = x->f;
  for (int i = 0; i < f->nvars; i++)
    if (f->vars[i].field_of == b && !f->vars[i].htype && !strcmp(f->vars[i].name, name)) return i;
  /* written before its first test (a loop can run that write between two
   * tests): no place, so the tests stay opaque */
  if (written_before(x, name)) return -1;
  return lower_place_new(x, name, u, b, 0);
}

void lower_flag_written(lctx* x, CXCursor m, CXCursor at, int konst, long long val) {
  CXCursor u = ast_unwrap(m);
  if (clang_getCursorKind(u) != CXCursor_MemberRefExpr) return;
  char name[512];
  int b = chain_name(x, u, name, sizeof name);
  if (b < 0) return;
  flow_fn* f = x->f;
  for (int i = 0; i < f->nvars; i++) {
    if (f->vars[i].field_of != b || f->vars[i].htype || !within(f->vars[i].name, name)) continue;
    int exact = !strcmp(f->vars[i].name, name);
    flow_ev* e = lower_emit(x, exact && konst ? FE_CONST : FE_OTHERSET, at);
    if (!e) return;
    e->var = i;
    e->val = exact && konst ? val : 0;
  }
  if (x->nflagw == x->capflagw) {
    int nc = x->capflagw ? x->capflagw * 2 : 16;
    uint64_t* nw = realloc(x->flagw, (size_t)nc * sizeof *nw);
    if (!nw) {
      x->err = PQL_ENOMEM;
      return;
    }
    x->flagw = nw;
    x->capflagw = nc;
  }
  x->flagw[x->nflagw++] = name_hash(name, strlen(name));
}

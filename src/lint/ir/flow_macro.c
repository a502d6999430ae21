/* flow_macro.c - reads the operator of a unary/binary expression for the flow lowering, also inside macro expansions: libclang 14 maps every location in an expansion to the macro's use, so the operator is read from the macro's definition (through its parameters) or from its use. */
#include <stdlib.h>
#include <string.h>

#include "parse/ast.h"
#include "base/error.h"
#include "ir/flow_macro.h"
#include "parse/tokens.h"

static int in_set(const char* const* set, const char* t) {
  for (; *set; set++)
    if (!strcmp(*set, t)) return 1;
  return 0;
}

static const char* const unary_ops[] = {"!", "-", "+", "~", "&", "*", "++", "--", NULL};
static const char* const binary_ops[] = {
    "=", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "+", "-", "*", "/", "%", "&", "|", "^",
    "<<", ">>", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", ",", NULL};

/* The name an operand spells (through parens and casts): a variable, or
 * the callee of a call (*is_call = 1). NULL otherwise. */
static char* operand_name(CXCursor c, int* is_call) {
  CXCursor u = ast_unwrap(c);
  *is_call = 0;
  if (clang_getCursorKind(u) == CXCursor_DeclRefExpr) return ast_spelling(u);
  if (clang_getCursorKind(u) == CXCursor_CallExpr) {
    *is_call = 1;
    return ast_callee_name(u);
  }
  return NULL;
}

/* Tokens with their spellings (one tokenized range). */
typedef struct toklist {
  tok_slice ts;
  CXToken* t;
  char** sp;
  unsigned n;
} toklist;

static void toklist_get(CXTranslationUnit tu, CXSourceRange r, toklist* l) {
  memset(l, 0, sizeof *l);
  tok_range(tu, r, &l->ts);
  l->t = l->ts.v;
  l->n = l->ts.n;
  l->sp = l->n ? calloc(l->n, sizeof *l->sp) : NULL;
  if (!l->sp) l->n = 0;
  for (unsigned i = 0; i < l->n; i++) l->sp[i] = ast_str(clang_getTokenSpelling(tu, l->t[i]));
}

static void toklist_free(CXTranslationUnit tu, toklist* l) {
  (void)tu;
  for (unsigned i = 0; i < l->n; i++) free(l->sp[i]);
  free(l->sp);
  tok_range_done(&l->ts);
}

/* Looks beside every occurrence of the operand `name` (a call: name and its
 * parenthesised arguments) in l, from token 1 on (token 0 is the macro's
 * name), for the operator: after it for a binary operator or a postfix
 * ++/--, before it for a prefix one. *state: 0 none yet, 1 found (in
 * found/post), -1 two different operators. */
static void scan_ops(const toklist* l, const char* name, int is_call, int binary, char* found,
                     int* post, int* state) {
  for (unsigned i = 1; i < l->n && *state >= 0; i++) {
    if (!l->sp[i] || strcmp(l->sp[i], name)) continue;
    if (l->sp[i - 1] && (!strcmp(l->sp[i - 1], ".") || !strcmp(l->sp[i - 1], "->"))) continue;
    unsigned end = i; /* last token of the operand */
    if (is_call) {
      if (i + 1 >= l->n || !l->sp[i + 1] || strcmp(l->sp[i + 1], "(")) continue;
      int depth = 0;
      for (end = i + 1; end < l->n; end++) {
        const char* t = l->sp[end] ? l->sp[end] : "";
        if (!strcmp(t, "(")) depth++;
        else if (!strcmp(t, ")") && --depth == 0) break;
      }
      if (end >= l->n) continue;
    }
    if (!is_call) { /* (x) in a macro body: skip the parens around the operand */
      unsigned k = 0;
      while (k + 1 < i && l->sp[i - 1 - k] && !strcmp(l->sp[i - 1 - k], "(")) k++;
      while (k && end + 1 < l->n && l->sp[end + 1] && !strcmp(l->sp[end + 1], ")")) end++, k--;
    }
    const char* op = NULL;
    const char* next = end + 1 < l->n ? l->sp[end + 1] : NULL;
    int p = 0;
    if (binary) {
      if (next && in_set(binary_ops, next)) op = next;
    } else if (next && (!strcmp(next, "++") || !strcmp(next, "--"))) {
      op = next;
      p = 1;
    } else if (i >= 2 && l->sp[i - 1] && in_set(unary_ops, l->sp[i - 1])) {
      /* prefix only when what precedes the operator cannot end an operand */
      CXTokenKind pk = clang_getTokenKind(l->t[i - 2]);
      const char* prev = l->sp[i - 2] ? l->sp[i - 2] : "";
      if (pk == CXToken_Punctuation ? (strcmp(prev, ")") && strcmp(prev, "]")) : pk == CXToken_Keyword)
        op = l->sp[i - 1];
    }
    if (!op || strlen(op) >= 8) continue;
    if (*state == 0) {
      strcpy(found, op);
      *post = p;
      *state = 1;
    } else if (strcmp(found, op)) {
      *state = -1;
    }
  }
}

/* 1 if c is a condition-valued expression: a comparison, && / ||, or !. */
static int boolish(CXCursor c) {
  CXCursor u = ast_unwrap(c);
  enum CXCursorKind k = clang_getCursorKind(u);
  if (k != CXCursor_BinaryOperator && k != CXCursor_UnaryOperator) return 0;
  /* the result type of a comparison or a logical operator is int in C,
   * while its operands may be anything: compare with the first operand */
  CXType rt = clang_getCanonicalType(clang_getCursorType(u));
  if (rt.kind != CXType_Int) return 0;
  CXType ot = clang_getCanonicalType(clang_getCursorType(ast_child(u, 0)));
  return ot.kind == CXType_Enum || ot.kind == CXType_Pointer || ot.kind == CXType_Bool ||
         ot.kind == CXType_Int || ot.kind == CXType_UInt || ot.kind == CXType_Long;
}

/* For a unary operator whose operand has no name, in a function-like
 * macro's body: the operators written before a parenthesised parameter
 * (`!(condition)`), if they are all the same. */
static void unary_on_param(const toklist* l, char* found, int* state) {
  unsigned pe = 2; /* parameters: tokens 2 .. pe-1 */
  while (pe < l->n && l->sp[pe] && strcmp(l->sp[pe], ")")) pe++;
  for (unsigned i = pe + 1; i + 3 < l->n && *state >= 0; i++) {
    if (!l->sp[i] || !in_set(unary_ops, l->sp[i])) continue;
    if (!l->sp[i + 1] || strcmp(l->sp[i + 1], "(") || !l->sp[i + 3] || strcmp(l->sp[i + 3], ")"))
      continue;
    int is_param = 0;
    for (unsigned k = 2; k < pe && !is_param; k++)
      is_param = l->sp[k] && l->sp[i + 2] && !strcmp(l->sp[k], l->sp[i + 2]);
    if (!is_param) continue;
    const char* prev = l->sp[i - 1] ? l->sp[i - 1] : "";
    CXTokenKind pk = clang_getTokenKind(l->t[i - 1]);
    if (pk == CXToken_Identifier || pk == CXToken_Literal || !strcmp(prev, ")") || !strcmp(prev, "]"))
      continue; /* a binary operator */
    if (strlen(l->sp[i]) >= 8) continue;
    if (*state == 0) {
      strcpy(found, l->sp[i]);
      *state = 1;
    } else if (strcmp(found, l->sp[i])) {
      *state = -1;
    }
  }
  if (*state < 0) *state = 0, found[0] = 0;
}

/* For a binary operator whose left operand has no name (a parenthesised
 * comparison): if both operands are conditions and every operator at the
 * top level of the macro's body is the same && or ||, that is the one. */
static void logical_top(const toklist* l, CXCursor c, char* found, int* state) {
  if (!boolish(ast_child(c, 0)) || !boolish(ast_child(c, 1))) return;
  unsigned i = 1;
  if (i < l->n && l->sp[i] && !strcmp(l->sp[i], "(")) { /* skip the parameter list */
    while (i < l->n && (!l->sp[i] || strcmp(l->sp[i], ")"))) i++;
    i++;
  }
  /* the top level: the least paren depth holding an operator (a body
   * wrapped in parens as a whole has its top level at depth 1) */
  int depth = 0, min = 1 << 30;
  for (unsigned j = i; j < l->n; j++) {
    const char* t = l->sp[j] ? l->sp[j] : "";
    if (!strcmp(t, "(") || !strcmp(t, "[")) depth++;
    else if (!strcmp(t, ")") || !strcmp(t, "]")) depth--;
    else if (clang_getTokenKind(l->t[j]) == CXToken_Punctuation && depth < min) min = depth;
  }
  depth = 0;
  const char* top = NULL;
  for (; i < l->n; i++) {
    const char* t = l->sp[i] ? l->sp[i] : "";
    if (!strcmp(t, "(") || !strcmp(t, "[")) depth++;
    else if (!strcmp(t, ")") || !strcmp(t, "]")) depth--;
    else if (depth < min) return; /* a body not wrapped as a whole */
    else if (depth == min && clang_getTokenKind(l->t[i]) == CXToken_Punctuation) {
      if (strcmp(t, "&&") && strcmp(t, "||")) return; /* something else at the top */
      if (top && strcmp(top, t)) return;
      top = t;
    }
  }
  if (!top) return;
  strcpy(found, top);
  *state = 1;
}

/* The operator of c, a unary or binary operator inside a macro expansion:
 * libclang 14 maps every location inside an expansion to the macro's use,
 * so the tokens of c's extent are not the operator's. The macro's
 * definition (an operator written in the body of a macro of a header) and
 * the use (an operator written in a macro argument) are tokenized instead,
 * and the operator is read beside the left operand's name: "!" before
 * `flag` for `!flag`, "==" after `f(...)` for `f(...) == NULL`. Returns 0
 * if every such place agrees on one operator, else -1. */
static int macro_operator(CXTranslationUnit tu, const flow_macro_uses* mx, CXCursor c, char* buf,
                          size_t len, int* postfix) {
  enum CXCursorKind k = clang_getCursorKind(c);
  int binary = k == CXCursor_BinaryOperator || k == CXCursor_CompoundAssignOperator;
  if (!binary && k != CXCursor_UnaryOperator) return -1;
  /* the innermost macro use of the main file around c's start */
  unsigned off = 0;
  CXFile file = NULL;
  clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(c)), &file, NULL, NULL, &off);
  int best = -1;
  for (size_t i = 0; mx && i < mx->n; i++)
    if (mx->v[i].start <= off && off < mx->v[i].end &&
        (best < 0 || mx->v[i].start >= mx->v[best].start))
      best = (int)i;
  if (best < 0) return -1;
  CXCursor m = mx->v[best].c;
  int is_call = 0;
  char* name = operand_name(ast_child(c, 0), &is_call);
  if (!name) name = strdup("");
  if (!name) return -1;
  char found[8] = "";
  int post = 0, state = 0;
  toklist l, use;
  toklist_get(tu, clang_getCursorExtent(m), &use);
  CXCursor def = clang_getCursorReferenced(m);
  if (clang_getCursorKind(def) == CXCursor_MacroDefinition) {
    toklist_get(tu, clang_getCursorExtent(def), &l);
    scan_ops(&l, name, is_call, binary, found, &post, &state);
    /* a function-like macro: the operand may be an argument, spelled by
     * its parameter's name in the body (is_success(ret) -> (x) == 0) */
    if (!is_call && clang_Cursor_isMacroFunctionLike(def) && l.n > 2 && l.sp[1] &&
        !strcmp(l.sp[1], "(") && use.n > 2 && use.sp[1] && !strcmp(use.sp[1], "(")) {
      unsigned pi = 2, ai = 2;
      int param = 0;
      while (pi < l.n && l.sp[pi] && strcmp(l.sp[pi], ")") && state >= 0) {
        /* argument #param of the use: tokens up to a depth-0 ',' or ')' */
        unsigned a0 = ai;
        int depth = 0;
        for (; ai < use.n; ai++) {
          const char* t = use.sp[ai] ? use.sp[ai] : "";
          if (!strcmp(t, "(")) depth++;
          else if (!strcmp(t, ")") && depth-- == 0) break;
          else if (!strcmp(t, ",") && depth == 0) break;
        }
        if (ai == a0 + 1 && use.sp[a0] && !strcmp(use.sp[a0], name) && l.sp[pi])
          scan_ops(&l, l.sp[pi], 0, binary, found, &post, &state);
        if (ai < use.n && use.sp[ai] && !strcmp(use.sp[ai], ",")) ai++;
        pi++;
        if (pi < l.n && l.sp[pi] && !strcmp(l.sp[pi], ",")) pi++;
        param++;
      }
    }
    if (state == 0 && binary) logical_top(&l, c, found, &state);
    if (state == 0 && !binary && !*name && clang_Cursor_isMacroFunctionLike(def))
      unary_on_param(&l, found, &state);
    toklist_free(tu, &l);
  }
  scan_ops(&use, name, is_call, binary, found, &post, &state);
  toklist_free(tu, &use);
  free(name);
  if (state != 1 || strlen(found) >= len) return -1;
  strcpy(buf, found);
  if (postfix) *postfix = post;
  return 0;
}

int flow_op_of(CXTranslationUnit tu, const flow_macro_uses* mx, CXCursor c, char* buf, size_t len,
               int* postfix) {
  if (len) buf[0] = 0;
  if (postfix) *postfix = 0;
  enum CXCursorKind k = clang_getCursorKind(c);
  const char* const* valid = k == CXCursor_UnaryOperator ? unary_ops : binary_ops;
  int rc = ast_operator(c, buf, len, postfix);
  if (rc == 0 && in_set(valid, buf)) return 0;
  char mb[8];
  int mpost = 0;
  if (macro_operator(tu, mx, c, mb, sizeof mb, &mpost) == 0 && strlen(mb) < len) {
    strcpy(buf, mb);
    if (postfix) *postfix = mpost;
    return 0;
  }
  return rc;
}

/* ast_in_main_file of top[i], from ast_top's answers when top is its list. */
static int top_in_main(CXTranslationUnit tu, const CXCursor* top, size_t i) {
  const CXCursor* v = NULL;
  size_t n = 0;
  int in = tu && !ast_top(tu, &v, &n) && v == top ? ast_top_in_main(tu, i) : -1;
  return in < 0 ? ast_in_main_file(top[i]) : in;
}

int flow_macro_uses_collect(const CXCursor* top, size_t n, flow_macro_uses* out) {
  out->v = NULL;
  out->n = 0;
  CXTranslationUnit tu = n ? clang_Cursor_getTranslationUnit(top[0]) : NULL;
  for (size_t i = 0; i < n; i++)
    if (clang_getCursorKind(top[i]) == CXCursor_MacroExpansion && top_in_main(tu, top, i)) {
      flow_macro_use* nv = realloc(out->v, (out->n + 1) * sizeof *nv);
      if (!nv) return PQL_ENOMEM;
      out->v = nv;
      ast_loc l;
      ast_loc_of(top[i], &l);
      out->v[out->n++] = (flow_macro_use){l.offset, l.end_offset, top[i]};
    }
  return 0;
}

char* flow_macro_name_at(const flow_macro_uses* mx, unsigned off) {
  for (size_t i = 0; mx && i < mx->n; i++)
    if (mx->v[i].start == off) return ast_spelling(mx->v[i].c);
  return NULL;
}

void flow_macro_uses_free(flow_macro_uses* u) {
  free(u->v);
  u->v = NULL;
  u->n = 0;
}

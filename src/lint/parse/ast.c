/* ast.c - shared libclang helpers (see ast.h): names, main-file locations, operators from tokens, literal and constant values. */
#include "parse/ast.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "parse/tokens.h"

/* ---- strings ---------------------------------------------------------- */

char* ast_str(CXString s) {
  const char* p = clang_getCString(s);
  char* r = strdup(p ? p : "");
  clang_disposeString(s);
  return r;
}

char* ast_spelling(CXCursor c) { return ast_str(clang_getCursorSpelling(c)); }

int ast_spelling_is(CXCursor c, const char* name) {
  CXString s = clang_getCursorSpelling(c);
  const char* p = clang_getCString(s);
  int r = p && !strcmp(p, name);
  clang_disposeString(s);
  return r;
}

/* ---- cursors ---------------------------------------------------------- */

struct children_ctx {
  ast_cursors* out;
  int added;
  int err;
};

static enum CXChildVisitResult children_visit(CXCursor c, CXCursor parent, CXClientData d) {
  struct children_ctx* k = d;
  ast_cursors* a = k->out;
  if (a->n == a->cap) {
    size_t cap = a->cap ? a->cap * 2 : 8;
    CXCursor* v = realloc(a->v, cap * sizeof *v);
    if (!v) {
      k->err = 1;
      return CXChildVisit_Break;
    }
    a->v = v;
    a->cap = cap;
  }
  a->v[a->n++] = c;
  k->added++;
  return CXChildVisit_Continue;
}

int ast_children(CXCursor c, ast_cursors* out) {
  struct children_ctx k = {out, 0, 0};
  size_t before = out->n;
  clang_visitChildren(c, children_visit, &k);
  if (k.err) {
    out->n = before;
    return PQL_ENOMEM;
  }
  return k.added;
}

void ast_cursors_free(ast_cursors* a) {
  free(a->v);
  a->v = NULL;
  a->n = a->cap = 0;
}

struct nth_ctx {
  unsigned want, seen;
  CXCursor found;
};

static enum CXChildVisitResult nth_visit(CXCursor c, CXCursor parent, CXClientData d) {
  struct nth_ctx* k = d;
  if (k->seen++ == k->want) {
    k->found = c;
    return CXChildVisit_Break;
  }
  return CXChildVisit_Continue;
}

unsigned ast_nchildren(CXCursor c) {
  struct nth_ctx k = {UINT32_MAX, 0, clang_getNullCursor()};
  clang_visitChildren(c, nth_visit, &k);
  return k.seen;
}

CXCursor ast_child(CXCursor c, unsigned i) {
  struct nth_ctx k = {i, 0, clang_getNullCursor()};
  clang_visitChildren(c, nth_visit, &k);
  return k.found;
}

static CXCursor unwrap(CXCursor c, int casts) {
  for (int depth = 0; depth < 64; depth++) {
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_ParenExpr || (casts && k == CXCursor_CStyleCastExpr)) {
      /* a C-style cast's children may start with a TypeRef: take the last */
      unsigned n = ast_nchildren(c);
      if (!n) return c;
      c = ast_child(c, n - 1);
    } else if (k == CXCursor_UnexposedExpr) {
      if (ast_nchildren(c) != 1) return c;
      c = ast_child(c, 0);
    } else {
      return c;
    }
  }
  return c;
}

CXCursor ast_unwrap(CXCursor c) { return unwrap(c, 1); }
CXCursor ast_unwrap_implicit(CXCursor c) { return unwrap(c, 0); }

char* ast_callee_name(CXCursor call) {
  if (clang_getCursorKind(call) != CXCursor_CallExpr) return NULL;
  CXCursor ref = clang_getCursorReferenced(call);
  if (clang_getCursorKind(ref) == CXCursor_FunctionDecl) return ast_spelling(ref);
  if (!clang_Cursor_isNull(ref)) return NULL; /* a variable or field: indirect */
  /* no declaration known: look at the callee expression itself */
  if (!ast_nchildren(call)) return NULL;
  CXCursor callee = ast_unwrap_implicit(ast_child(call, 0));
  if (clang_getCursorKind(callee) != CXCursor_DeclRefExpr) return NULL;
  return ast_spelling(callee);
}

static CXCursor climb_to_function(CXCursor c) {
  for (int depth = 0; depth < 64 && !clang_Cursor_isNull(c); depth++) {
    enum CXCursorKind k = clang_getCursorKind(c);
    if ((k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod || k == CXCursor_Constructor ||
         k == CXCursor_Destructor || k == CXCursor_ConversionFunction) && depth > 0)
      return c; /* C++ methods too */
    if (k == CXCursor_TranslationUnit || clang_isInvalid(k)) break;
    CXCursor p = clang_getCursorSemanticParent(c);
    if (clang_equalCursors(p, c)) break;
    c = p;
  }
  return clang_getNullCursor();
}

CXCursor ast_enclosing_function(CXCursor c) {
  CXCursor f = climb_to_function(c);
  if (!clang_Cursor_isNull(f) || !clang_isExpression(clang_getCursorKind(c))) return f;
  /* an expression reached by a visit started below a declaration carries
   * no parent declaration: look the place up from the top instead */
  CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
  CXSourceLocation s = clang_getRangeStart(clang_getCursorExtent(c));
  CXFile file = NULL;
  unsigned off = 0;
  clang_getFileLocation(s, &file, NULL, NULL, &off);
  if (!tu || !file) return f;
  CXCursor at = clang_getCursor(tu, clang_getLocationForOffset(tu, file, off));
  if (clang_Cursor_isNull(at) || clang_getCursorKind(at) == CXCursor_FunctionDecl) return at;
  return climb_to_function(at);
}

char* ast_enclosing_function_name(CXCursor c) {
  CXCursor f = ast_enclosing_function(c);
  if (clang_Cursor_isNull(f)) return NULL;
  return ast_spelling(f);
}

/* ---- locations -------------------------------------------------------- */

/* 1 if the file location of l (expansion site, or where a macro argument
 * was written) is in the main file (libclang's own test looks at the
 * macro's FileID for macro locations: never main). */
static _Thread_local struct {
  CXTranslationUnit tu;
  CXFile main;
} main_of; /* this thread's last TU and its main file (ast_forget drops it) */

/* This thread's top-level cursors of one TU and, per cursor, whether it is
 * in the main file (0 not asked yet, 1 no, 2 yes); ast_forget drops them. */
static _Thread_local struct {
  CXTranslationUnit tu;
  ast_cursors top;
  unsigned char* in_main;
  int failed;
} top_of;

void ast_forget(CXTranslationUnit tu) {
  if (main_of.tu == tu) main_of.tu = NULL, main_of.main = NULL;
  if (top_of.tu == tu) {
    ast_cursors_free(&top_of.top);
    free(top_of.in_main);
    memset(&top_of, 0, sizeof top_of);
  }
}

int ast_top(CXTranslationUnit tu, const CXCursor** v, size_t* n) {
  if (top_of.tu != tu) {
    ast_forget(top_of.tu);
    top_of.tu = tu;
    if (ast_children(clang_getTranslationUnitCursor(tu), &top_of.top) < 0 ||
        !(top_of.in_main = calloc(top_of.top.n ? top_of.top.n : 1, 1))) {
      ast_cursors_free(&top_of.top);
      free(top_of.in_main);
      top_of.in_main = NULL;
      top_of.failed = 1;
    }
  }
  if (top_of.failed) return PQL_ENOMEM; /* stays so for this TU: ENOMEM is no state to retry in */
  *v = top_of.top.v;
  *n = top_of.top.n;
  return 0;
}

int ast_top_in_main(CXTranslationUnit tu, size_t i) {
  if (top_of.tu != tu || top_of.failed || i >= top_of.top.n) return -1;
  if (!top_of.in_main[i]) top_of.in_main[i] = ast_in_main_file(top_of.top.v[i]) ? 2 : 1;
  return top_of.in_main[i] == 2;
}

/* The main file of tu as clang_getFile names it (the same CXFile for every
 * call on one TU; asked once per TU and thread: the lookup by name was 2% of
 * a run). */
static CXFile main_file(CXTranslationUnit tu) {
  if (main_of.tu == tu) return main_of.main;
  CXString name = clang_getTranslationUnitSpelling(tu);
  CXFile main = clang_getFile(tu, clang_getCString(name));
  clang_disposeString(name);
  main_of.tu = tu;
  main_of.main = main;
  return main;
}

static int expansion_in_main(CXTranslationUnit tu, CXSourceLocation l) {
  CXFile f = NULL;
  unsigned off = 0;
  clang_getFileLocation(l, &f, NULL, NULL, &off);
  if (!f) return 0;
  /* not clang_getLocationForOffset: it maps macro arguments back into the
   * macro expansion, which is never the main file */
  CXFile main = main_file(tu);
  return main && clang_File_isEqual(f, main);
}

/* Length in bytes of the token at a file location, 1 if none. */
static unsigned token_len_at(CXTranslationUnit tu, CXFile file, unsigned line, unsigned col) {
  CXSourceLocation loc = clang_getLocation(tu, file, line, col);
  CXToken* tok = clang_getToken(tu, loc);
  if (!tok) return 1;
  CXSourceRange r = clang_getTokenExtent(tu, *tok);
  unsigned a = 0, b = 0;
  clang_getExpansionLocation(clang_getRangeStart(r), NULL, NULL, NULL, &a);
  clang_getExpansionLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &b);
  clang_disposeTokens(tu, tok, 1);
  return b > a ? b - a : 1;
}

static int loc_of_range(CXTranslationUnit tu, CXSourceRange r, ast_loc* out) {
  memset(out, 0, sizeof *out);
  CXSourceLocation s = clang_getRangeStart(r), e = clang_getRangeEnd(r);
  CXFile ef = NULL;
  unsigned el = 0, ec = 0, eo = 0;
  clang_getFileLocation(s, &out->file, &out->line, &out->col, &out->offset);
  clang_getFileLocation(e, &ef, &el, &ec, &eo);
  int same = out->file && ef && clang_File_isEqual(out->file, ef);
  if (same && eo > out->offset) {
    out->end_line = el;
    out->end_col = ec;
    out->end_offset = eo;
    /* a range ending in a macro use ends at the macro name's start: extend */
    CXFile sf = NULL;
    unsigned so = 0;
    clang_getSpellingLocation(e, &sf, NULL, NULL, &so);
    if (tu && (!sf || !clang_File_isEqual(sf, ef) || so != eo)) {
      unsigned n = token_len_at(tu, ef, el, ec);
      out->end_col += n;
      out->end_offset += n;
    }
  } else {
    unsigned n = tu && out->file ? token_len_at(tu, out->file, out->line, out->col) : 1;
    out->end_line = out->line;
    out->end_col = out->col + n;
    out->end_offset = out->offset + n;
  }
  return tu ? expansion_in_main(tu, s) : clang_Location_isFromMainFile(s) != 0;
}

int ast_loc_of(CXCursor c, ast_loc* out) {
  return loc_of_range(clang_Cursor_getTranslationUnit(c), clang_getCursorExtent(c), out);
}

int ast_loc_of_range(CXTranslationUnit tu, CXSourceRange r, ast_loc* out) {
  return loc_of_range(tu, r, out);
}

int ast_in_main_file(CXCursor c) {
  return expansion_in_main(clang_Cursor_getTranslationUnit(c),
                           clang_getRangeStart(clang_getCursorExtent(c)));
}

int ast_in_macro(CXCursor c) {
  CXSourceLocation s = clang_getRangeStart(clang_getCursorExtent(c));
  CXFile f1 = NULL, f2 = NULL;
  unsigned o1 = 0, o2 = 0;
  clang_getExpansionLocation(s, &f1, NULL, NULL, &o1);
  clang_getSpellingLocation(s, &f2, NULL, NULL, &o2);
  if (!f1 || !f2) return f1 != f2;
  return !clang_File_isEqual(f1, f2) || o1 != o2;
}

/* ---- tokens and operators --------------------------------------------- */

static unsigned spell_off(CXSourceLocation l) {
  unsigned o = 0;
  clang_getSpellingLocation(l, NULL, NULL, NULL, &o);
  return o;
}

/* Copies token i's spelling into buf. */
static void tok_copy(CXTranslationUnit tu, CXToken t, char* buf, size_t len) {
  CXString s = clang_getTokenSpelling(tu, t);
  const char* p = clang_getCString(s);
  if (len) {
    strncpy(buf, p ? p : "", len - 1);
    buf[len - 1] = 0;
  }
  clang_disposeString(s);
}

int ast_operator(CXCursor c, char* buf, size_t len, int* postfix) {
  if (len) buf[0] = 0;
  if (postfix) *postfix = 0;
  enum CXCursorKind k = clang_getCursorKind(c);
  int binary = k == CXCursor_BinaryOperator || k == CXCursor_CompoundAssignOperator;
  if (!binary && k != CXCursor_UnaryOperator) return -1;
  unsigned nkids = ast_nchildren(c);
  if ((binary && nkids != 2) || (!binary && nkids != 1)) return -1;
  CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
  tok_slice ts;
  tok_range(tu, clang_getCursorExtent(c), &ts);
  if (!ts.n) {
    tok_range_done(&ts);
    return -1;
  }
  CXToken* toks = ts.v;
  unsigned n = ts.n;
  int rc = -1;
  CXSourceRange kid = clang_getCursorExtent(ast_child(c, 0));
  if (binary) {
    unsigned lhs_end = spell_off(clang_getRangeEnd(kid));
    unsigned rhs_start = spell_off(clang_getRangeStart(clang_getCursorExtent(ast_child(c, 1))));
    /* the tokens before lhs_end cannot be the operator: start there */
    for (unsigned i = tok_lower_bound(&ts, lhs_end); i < n; i++) {
      unsigned o = ts.off[i];
      if (o >= lhs_end && clang_getTokenKind(toks[i]) == CXToken_Punctuation) {
        if (o < rhs_start || rhs_start <= lhs_end) {
          tok_copy(tu, toks[i], buf, len);
          rc = 0;
        }
        break;
      }
    }
  } else {
    unsigned kid_start = spell_off(clang_getRangeStart(kid));
    unsigned kid_end = spell_off(clang_getRangeEnd(kid));
    unsigned first = ts.off[0];
    if (first < kid_start && clang_getTokenKind(toks[0]) == CXToken_Punctuation) {
      tok_copy(tu, toks[0], buf, len);
      rc = 0;
    } else {
      /* postfix: the first punctuation token at or after the operand's end */
      for (unsigned i = tok_lower_bound(&ts, kid_end); i < n; i++) {
        unsigned o = ts.off[i];
        if (o >= kid_end && clang_getTokenKind(toks[i]) == CXToken_Punctuation) {
          tok_copy(tu, toks[i], buf, len);
          if (postfix) *postfix = 1;
          rc = 0;
          break;
        }
      }
    }
  }
  tok_range_done(&ts);
  return rc;
}

int ast_operator_is(CXCursor c, const char* op) {
  char buf[8];
  return ast_operator(c, buf, sizeof buf, NULL) == 0 && !strcmp(buf, op);
}

int ast_has_token(CXCursor c, const char* spelling) {
  CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
  tok_slice ts;
  tok_range(tu, clang_getCursorExtent(c), &ts);
  int found = 0;
  for (unsigned i = 0; i < ts.n && !found; i++) {
    CXString s = clang_getTokenSpelling(tu, ts.v[i]);
    const char* p = clang_getCString(s);
    found = p && !strcmp(p, spelling);
    clang_disposeString(s);
  }
  tok_range_done(&ts);
  return found;
}

/* ---- values ----------------------------------------------------------- */

static int hexval(int ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

/* Decodes one string-literal token (with optional L/u/U/u8 prefix) and
 * appends its bytes to *buf. Returns 0, -1 if the token is not a string
 * literal, PQL_ENOMEM. Wide escapes above 0xff are kept as one byte (&0xff):
 * good enough for finding "password=" in conninfo strings. */
static int decode_token(const char* t, char** buf, size_t* n, size_t* cap) {
  if (t[0] == 'u' && t[1] == '8') t += 2;
  else if (t[0] == 'L' || t[0] == 'u' || t[0] == 'U') t += 1;
  if (t[0] != '"') return -1;
  size_t tl = strlen(t);
  if (tl < 2 || t[tl - 1] != '"') return -1;
  if (*n + tl + 1 > *cap) {
    size_t nc = (*n + tl + 1) * 2;
    char* nb = realloc(*buf, nc);
    if (!nb) return PQL_ENOMEM;
    *buf = nb;
    *cap = nc;
  }
  char* o = *buf + *n;
  for (size_t i = 1; i < tl - 1; i++) {
    char ch = t[i];
    if (ch != '\\') {
      *o++ = ch;
      continue;
    }
    ch = t[++i];
    switch (ch) {
      case 'n': *o++ = '\n'; break;
      case 't': *o++ = '\t'; break;
      case 'r': *o++ = '\r'; break;
      case 'a': *o++ = '\a'; break;
      case 'b': *o++ = '\b'; break;
      case 'f': *o++ = '\f'; break;
      case 'v': *o++ = '\v'; break;
      case 'e': *o++ = 27; break;
      case 'x': {
        unsigned v = 0;
        while (i + 1 < tl - 1 && hexval(t[i + 1]) >= 0) v = v * 16 + (unsigned)hexval(t[++i]);
        *o++ = (char)(v & 0xff);
        break;
      }
      case 'u':
      case 'U': { /* universal character name: emit UTF-8 */
        int digits = ch == 'u' ? 4 : 8;
        unsigned v = 0;
        for (int d = 0; d < digits && i + 1 < tl - 1 && hexval(t[i + 1]) >= 0; d++)
          v = v * 16 + (unsigned)hexval(t[++i]);
        if (v < 0x80) {
          *o++ = (char)v;
        } else if (v < 0x800) {
          *o++ = (char)(0xc0 | (v >> 6));
          *o++ = (char)(0x80 | (v & 0x3f));
        } else if (v < 0x10000) {
          *o++ = (char)(0xe0 | (v >> 12));
          *o++ = (char)(0x80 | ((v >> 6) & 0x3f));
          *o++ = (char)(0x80 | (v & 0x3f));
        } else {
          *o++ = (char)(0xf0 | (v >> 18));
          *o++ = (char)(0x80 | ((v >> 12) & 0x3f));
          *o++ = (char)(0x80 | ((v >> 6) & 0x3f));
          *o++ = (char)(0x80 | (v & 0x3f));
        }
        break;
      }
      default:
        if (ch >= '0' && ch <= '7') {
          unsigned v = (unsigned)(ch - '0');
          for (int d = 0; d < 2 && i + 1 < tl - 1 && t[i + 1] >= '0' && t[i + 1] <= '7'; d++)
            v = v * 8 + (unsigned)(t[++i] - '0');
          *o++ = (char)(v & 0xff);
        } else {
          *o++ = ch; /* \\ \" \' \? and unknown escapes */
        }
    }
  }
  *n = (size_t)(o - *buf);
  (*buf)[*n] = 0;
  return 0;
}

/* Decodes the string-literal tokens of a StringLiteral cursor's extent. */
static char* literal_from_tokens(CXCursor lit, size_t* len) {
  CXTranslationUnit tu = clang_Cursor_getTranslationUnit(lit);
  CXSourceRange r = clang_getCursorExtent(lit);
  unsigned end = spell_off(clang_getRangeEnd(r));
  CXToken* toks = NULL;
  unsigned n = 0;
  clang_tokenize(tu, r, &toks, &n);
  char* buf = NULL;
  size_t bn = 0, cap = 0;
  int any = 0, err = 0;
  for (unsigned i = 0; i < n && !err; i++) {
    CXTokenKind tk = clang_getTokenKind(toks[i]);
    if (tk == CXToken_Comment) continue; /* "a" // note \n "b" */
    if (tk != CXToken_Literal) break;
    if (any && spell_off(clang_getTokenLocation(tu, toks[i])) >= end) break;
    CXString s = clang_getTokenSpelling(tu, toks[i]);
    const char* p = clang_getCString(s);
    int rc = p ? decode_token(p, &buf, &bn, &cap) : -1;
    clang_disposeString(s);
    if (rc == PQL_ENOMEM) err = 1;
    else if (rc < 0) break;
    else any = 1;
  }
  if (toks) clang_disposeTokens(tu, toks, n);
  if (err || !any) {
    free(buf);
    buf = NULL;
  }
  if (buf && len) *len = bn;
  return buf;
}

/* The initializer expression of a VarDecl (its last expression child). */
static CXCursor var_init(CXCursor var) {
  ast_cursors kids = {0};
  CXCursor init = clang_getNullCursor();
  if (ast_children(var, &kids) > 0) {
    CXCursor last = kids.v[kids.n - 1];
    if (clang_isExpression(clang_getCursorKind(last))) init = last;
  }
  ast_cursors_free(&kids);
  return init;
}

static int type_is_const(CXType t) {
  if (clang_isConstQualifiedType(t)) return 1;
  if (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray)
    return clang_isConstQualifiedType(clang_getArrayElementType(t));
  return 0;
}

static char* string_value(CXCursor c, size_t* len, int depth) {
  if (depth > 8) return NULL;
  c = ast_unwrap(c);
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_StringLiteral) {
    char* s = literal_from_tokens(c, len);
    if (s) return s;
    /* tokens unavailable (macro pasting): ask the evaluator */
    CXEvalResult ev = clang_Cursor_Evaluate(c);
    if (ev) {
      if (clang_EvalResult_getKind(ev) == CXEval_StrLiteral) {
        const char* p = clang_EvalResult_getAsStr(ev);
        s = strdup(p ? p : "");
        if (s && len) *len = strlen(s);
      }
      clang_EvalResult_dispose(ev);
    }
    return s;
  }
  if (k == CXCursor_DeclRefExpr) {
    CXCursor d = clang_getCursorReferenced(c);
    if (clang_getCursorKind(d) != CXCursor_VarDecl) return NULL;
    if (!type_is_const(clang_getCursorType(d))) return NULL;
    CXCursor init = var_init(d);
    if (clang_Cursor_isNull(init)) return NULL;
    return string_value(init, len, depth + 1);
  }
  return NULL;
}

char* ast_string_value(CXCursor c, size_t* len) { return string_value(c, len, 0); }

static int int_value(CXCursor c, long long* out, int depth) {
  if (depth > 8 || clang_Cursor_isNull(c)) return 0;
  enum CXCursorKind k = clang_getCursorKind(c);
  if (!clang_isExpression(k)) return 0;
  CXEvalResult ev = clang_Cursor_Evaluate(c);
  if (ev) {
    int ok = clang_EvalResult_getKind(ev) == CXEval_Int;
    if (ok) *out = clang_EvalResult_getAsLongLong(ev);
    clang_EvalResult_dispose(ev);
    if (ok) return 1;
  }
  /* C does not treat const variables as constants: follow them ourselves */
  CXCursor u = ast_unwrap(c);
  k = clang_getCursorKind(u);
  if (k == CXCursor_CXXNullPtrLiteralExpr) { /* C++ nullptr: the null pointer constant */
    *out = 0;
    return 1;
  }
  if (k == CXCursor_DeclRefExpr) {
    CXCursor d = clang_getCursorReferenced(u);
    if (clang_getCursorKind(d) == CXCursor_EnumConstantDecl) {
      *out = clang_getEnumConstantDeclValue(d);
      return 1;
    }
    if (clang_getCursorKind(d) != CXCursor_VarDecl) return 0;
    if (!clang_isConstQualifiedType(clang_getCursorType(d))) return 0;
    return int_value(var_init(d), out, depth + 1);
  }
  if (k == CXCursor_IntegerLiteral) {
    /* the evaluator failed (unlikely): parse the token */
    CXTranslationUnit tu = clang_Cursor_getTranslationUnit(u);
    CXToken* toks = NULL;
    unsigned n = 0;
    int ok = 0;
    clang_tokenize(tu, clang_getCursorExtent(u), &toks, &n);
    if (n) {
      CXString s = clang_getTokenSpelling(tu, toks[0]);
      const char* p = clang_getCString(s);
      char* end = NULL;
      if (p) {
        long long v = strtoll(p, &end, 0);
        if (end != p) {
          *out = v;
          ok = 1;
        }
      }
      clang_disposeString(s);
    }
    if (toks) clang_disposeTokens(tu, toks, n);
    return ok;
  }
  return 0;
}

int ast_int_value(CXCursor c, long long* out) { return int_value(c, out, 0); }

/* ---- types ------------------------------------------------------------ */

static size_t add_name(char** names, size_t n, size_t max, const char* s) {
  if (!s || !*s || n >= max) return n;
  for (size_t i = 0; i < n; i++)
    if (!strcmp(names[i], s)) return n;
  names[n] = strdup(s);
  return names[n] ? n + 1 : n;
}

size_t ast_type_names(CXType t, char** names, size_t max) {
  size_t n = 0;
  for (int depth = 0; depth < 16; depth++) {
    if (t.kind == CXType_Pointer) {
      t = clang_getPointeeType(t);
    } else if (t.kind == CXType_Elaborated) {
      t = clang_Type_getNamedType(t);
    } else if (t.kind == CXType_Typedef) {
      CXString s = clang_getTypedefName(t);
      n = add_name(names, n, max, clang_getCString(s));
      clang_disposeString(s);
      t = clang_getTypedefDeclUnderlyingType(clang_getTypeDeclaration(t));
    } else if (t.kind == CXType_Record) {
      CXCursor d = clang_getTypeDeclaration(t);
      CXString s = clang_getCursorSpelling(d);
      const char* p = clang_getCString(s);
      /* anonymous records spell as "struct (unnamed at ...)" in newer clangs */
      if (p && !strchr(p, ' ')) n = add_name(names, n, max, p);
      clang_disposeString(s);
      break;
    } else {
      break;
    }
  }
  return n;
}

/* ast.h - shared libclang helpers: names, main-file locations, operators from tokens, literal and constant values. */
#ifndef PQL_AST_H
#define PQL_AST_H

#include <clang-c/Index.h>
#include <stddef.h>

/* ---- strings ---------------------------------------------------------- */

/* Copies the text of s (NULL text -> "") into a malloc'd string and
 * disposes s in every case. Returns NULL only on ENOMEM. */
char* ast_str(CXString s);
/* clang_getCursorSpelling(c) as a malloc'd string (NULL on ENOMEM). */
char* ast_spelling(CXCursor c);
/* 1 if the spelling of c equals name (no allocation kept). */
int ast_spelling_is(CXCursor c, const char* name);

/* ---- cursors ---------------------------------------------------------- */

/* A growable array of cursors. */
typedef struct ast_cursors {
  CXCursor* v;
  size_t n, cap;
} ast_cursors;

/* Appends the direct children of c to out (out is not emptied first).
 * Returns the number appended, or PQL_ENOMEM (out keeps what it had).
 * The caller frees with ast_cursors_free. */
int ast_children(CXCursor c, ast_cursors* out);
void ast_cursors_free(ast_cursors* a);

/* Number of direct children and the i-th one (null cursor if none). For
 * small fan-outs (call arguments: use clang_Cursor_getArgument). */
unsigned ast_nchildren(CXCursor c);
CXCursor ast_child(CXCursor c, unsigned i);

/* Skips wrappers that add nothing: UnexposedExpr with one child (implicit
 * casts), ParenExpr, and CStyleCastExpr (the cast's operand). Returns c
 * itself if it is none of these. */
CXCursor ast_unwrap(CXCursor c);
/* Like ast_unwrap but keeps explicit casts. */
CXCursor ast_unwrap_implicit(CXCursor c);

/* The name of the function a CXCursor_CallExpr calls directly (through
 * implicit casts/parens of a DeclRefExpr, or a referenced FunctionDecl),
 * malloc'd. NULL for an indirect call (function pointer field, call of a
 * call result) or on ENOMEM. Calls to libpq macros (PQsetdb) are calls to
 * what the macro expands to. */
char* ast_callee_name(CXCursor call);

/* The FunctionDecl a cursor lies in (climbing semantic parents; for an
 * expression libclang gives its parent declaration; an expression reached
 * by a visit started at a statement has none, then the cursor at its
 * location is looked up from the TU), or a null cursor at file scope. */
CXCursor ast_enclosing_function(CXCursor c);
/* Its name, malloc'd, or NULL at file scope / on ENOMEM. */
char* ast_enclosing_function_name(CXCursor c);

/* ---- locations -------------------------------------------------------- */

/* A file location range: code from a macro body is placed where the macro
 * is used, a macro argument where it was written (clang_getFileLocation).
 * end_col is the column just after the last byte (SARIF style). */
typedef struct ast_loc {
  CXFile file;
  unsigned line, col, end_line, end_col;
  unsigned offset, end_offset; /* byte offsets in file */
} ast_loc;

/* Fills *out with the expansion range of c's extent. Returns 1 if the
 * start lies in the main file, 0 otherwise (then *out is still filled). If
 * the end is not in the same file or precedes the start (macro bodies),
 * the range is the token at the start. */
int ast_loc_of(CXCursor c, ast_loc* out);
/* Same for a plain source range of tu (tokens, steps). */
int ast_loc_of_range(CXTranslationUnit tu, CXSourceRange r, ast_loc* out);
/* 1 if the expansion location of c's start is in the main file. */
int ast_in_main_file(CXCursor c);
/* Drops what this thread remembers of tu (its main file); call before
 * disposing tu (a new TU may get the old one's address). parse_dispose does. */
void ast_forget(CXTranslationUnit tu);

/* The top-level cursors of tu (ast_children of its root, in that order) in
 * *v, *n: this thread's copy, shared by the checks and the lowering of one
 * TU, valid until ast_forget(tu) or an ast_top of another TU. Returns 0 or
 * PQL_ENOMEM. ast_top_in_main: ast_in_main_file of (*v)[i], asked once per
 * cursor; -1 when ast_top(tu) has not succeeded or i is out of range. */
int ast_top(CXTranslationUnit tu, const CXCursor** v, size_t* n);
int ast_top_in_main(CXTranslationUnit tu, size_t i);
/* 1 if c's start was written as a macro argument or in a macro body whose
 * extent libclang did not already map to the use (spelling != expansion).
 * A CallExpr from a macro body usually starts at the macro name: compare
 * the token there with the callee instead. */
int ast_in_macro(CXCursor c);

/* ---- tokens and operators --------------------------------------------- */

/* The operator of a CXCursor_BinaryOperator, CXCursor_CompoundAssignOperator
 * or CXCursor_UnaryOperator, read from the tokens (libclang 14 has no API):
 * copies the spelling ("=", "+=", "&&", "!", "&", "*", "++", "->" never)
 * into buf and returns 0; for a unary operator *postfix is set to 1 for
 * x++/x-- (postfix may be NULL). Returns -1 if it cannot be found (other
 * cursor kinds, an operator written inside a macro body whose tokens are
 * not in the range), with buf set to "". */
int ast_operator(CXCursor c, char* buf, size_t len, int* postfix);
/* Convenience: 1 if ast_operator(c) succeeds and equals op. */
int ast_operator_is(CXCursor c, const char* op);

/* 1 if a token with exactly this spelling appears in c's extent (e.g.
 * "_Noreturn" in a declaration). */
int ast_has_token(CXCursor c, const char* spelling);

/* ---- values ----------------------------------------------------------- */

/* The value of a string literal expression (through implicit casts,
 * parens, macros and adjacent-literal concatenation "a" "b"), escapes
 * decoded (\n, \x41, \101, \\, \", ...), malloc'd and NUL-terminated;
 * *len (may be NULL) gets the decoded length (may hold embedded NULs).
 * For a DeclRefExpr to a const-qualified variable or array with a string
 * literal initializer, decodes that initializer. Returns NULL if c is not
 * such a literal or on ENOMEM. */
char* ast_string_value(CXCursor c, size_t* len);

/* Integer constant value of an expression: literals, macros, enum
 * constants, sizeof, arithmetic, casts, and const-qualified variables
 * with a constant initializer (including file-scope `static const int`).
 * Returns 1 and sets *out if constant, 0 otherwise. */
int ast_int_value(CXCursor c, long long* out);

/* ---- types ------------------------------------------------------------ */

/* Names under which a (possibly pointer, const, typedef'd) struct type is
 * known: each typedef name along the chain and the record tag, without
 * "struct "/"const ". Fills up to max malloc'd strings into names and
 * returns how many (0 if none, or on ENOMEM). The caller frees each. */
size_t ast_type_names(CXType t, char** names, size_t max);

#endif

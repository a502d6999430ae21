/* flow_macro.h - private: the operator of a unary/binary expression, also when it is written inside a macro expansion (libclang 14 maps such locations to the macro's use). */
#ifndef PQL_FLOW_MACRO_H
#define PQL_FLOW_MACRO_H

#include <clang-c/Index.h>
#include <stddef.h>

/* The macro uses (expansions) of the main file, in file order. */
typedef struct flow_macro_use {
  unsigned start, end; /* file offsets of the use */
  CXCursor c;
} flow_macro_use;

typedef struct flow_macro_uses {
  flow_macro_use* v;
  size_t n;
} flow_macro_uses;

/* Collects the main-file macro expansions among the translation unit's
 * top-level cursors (top, n) into *out (malloc'd; free with
 * flow_macro_uses_free). Returns 0, or PQL_ENOMEM with a partial list. */
int flow_macro_uses_collect(const CXCursor* top, size_t n, flow_macro_uses* out);
void flow_macro_uses_free(flow_macro_uses* u);
/* The name of the macro use of mx that starts at main-file offset off (malloc'd: the call
 * a use like pkg_free(p) expands to starts there, a call written in its arguments does
 * not), or NULL (none, or ENOMEM). */
char* flow_macro_name_at(const flow_macro_uses* mx, unsigned off);

/* The operator of c (a unary or binary operator cursor) into buf: from
 * the tokens of its extent, or, inside a macro expansion of mx, from the
 * macro's definition or use. *postfix (may be NULL) says x++ / x--.
 * Returns 0, or -1 when unknown (buf is then "" or a guess that is no
 * operator). */
int flow_op_of(CXTranslationUnit tu, const flow_macro_uses* mx, CXCursor c, char* buf, size_t len,
               int* postfix);

#endif

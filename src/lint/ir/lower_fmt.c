/* lower_fmt.c - printf-style calls: the arguments a literal format string converts are printed, never kept (LM_DBG("PQclear(%p)", c->res) is no hand-over). */
#include <ctype.h>
#include <string.h>

#include "ir/lower_ctx.h"

/* The number of arguments format s converts (a '*' width or precision takes
 * one, %% and %m none), or -1 when s is not a plain printf format (a
 * positional %1$d, an unknown conversion, a '%' at the end). */
static int fmt_count(const char* s) {
  int n = 0;
  for (const char* p = s; *p; p++) {
    if (*p != '%') continue;
    p++;
    if (*p == '%') continue;
    while (*p && strchr("-+ #0'I", *p)) p++;
    if (*p == '*') n++, p++;
    else
      while (isdigit((unsigned char)*p)) p++;
    if (*p == '$') return -1;
    if (*p == '.') {
      p++;
      if (*p == '*') n++, p++;
      else
        while (isdigit((unsigned char)*p)) p++;
    }
    while (*p && strchr("hlLqjzZt", *p)) p++;
    if (!*p) return -1;
    if (strchr("diouxXeEfFgGaAcspnCS", *p)) n++;
    else if (*p != 'm') return -1;
  }
  return n;
}

int lower_fmt_first(CXCursor call) {
  int n = clang_Cursor_getNumArguments(call);
  for (int j = 0; j < n - 1; j++) {
    CXCursor a = ast_unwrap(clang_Cursor_getArgument(call, (unsigned)j));
    if (clang_getCursorKind(a) != CXCursor_StringLiteral) continue;
    /* libclang 14 does not evaluate string literals; the spelling is the whole (concatenated)
       literal, quoted and escaped, and an escape never hides a '%' that counts */
    CXString sp = clang_getCursorSpelling(a);
    const char* s = clang_getCString(sp);
    const char* q = s ? strchr(s, '"') : NULL;
    int cnt = q && strchr(q, '%') ? fmt_count(q + 1) : -1;
    clang_disposeString(sp);
    if (cnt < 0) continue; /* not a format: a later literal may be */
    return cnt > 0 && cnt == n - 1 - j ? j + 1 : -1;
  }
  return -1;
}

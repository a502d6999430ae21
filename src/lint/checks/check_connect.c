/* check_connect.c - direct-connect: a call to a connect function (models' "connect") outside the pool module. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/ast.h"
#include "checks/check_syntactic.h"

/* The callee as the call writes it, malloc'd, when that says more than
 * callee: a macro's name (PQsetdb -> PQsetdbLogin, *is_macro = 1) or a
 * qualified name ("db::PQconnectdb", "::PQconnectdb", *is_macro = 0). Reads
 * the tokens from the call's start up to its '(': identifiers and "::" only
 * (anything else, such as "p.f(...)", gives NULL). NULL when the call writes
 * the bare callee, or on no memory. */
static char* written_callee(CXCursor call, const char* callee, int* is_macro) {
  CXTranslationUnit tu = clang_Cursor_getTranslationUnit(call);
  CXSourceLocation at = clang_getRangeStart(clang_getCursorExtent(call));
  CXFile f = NULL;
  unsigned line = 0, col = 0;
  clang_getFileLocation(at, &f, &line, &col, NULL); /* a macro's: where it is expanded */
  if (!f) return NULL;
  at = clang_getLocation(tu, f, line, col);
  char buf[256];
  size_t len = 0;
  unsigned idents = 0;
  const char* last = NULL; /* the last identifier's spelling, in buf */
  int ok = 0;
  for (unsigned i = 0; i < 32; i++) {
    CXToken* tok = clang_getToken(tu, at);
    if (!tok) break;
    CXString sp = clang_getTokenSpelling(tu, *tok);
    const char* t = clang_getCString(sp);
    enum CXTokenKind k = clang_getTokenKind(*tok);
    size_t tl = t ? strlen(t) : 0;
    int stop = 0;
    if (k == CXToken_Punctuation && t && !strcmp(t, "(")) stop = 1, ok = idents > 0;
    else if ((k == CXToken_Identifier || (k == CXToken_Punctuation && t && !strcmp(t, "::"))) &&
             len + tl < sizeof buf) {
      if (k == CXToken_Identifier) {
        idents++;
        last = buf + len;
      }
      memcpy(buf + len, t, tl);
      len += tl;
      buf[len] = 0;
    } else
      stop = 1;
    at = clang_getRangeEnd(clang_getTokenExtent(tu, *tok));
    clang_disposeString(sp);
    clang_disposeTokens(tu, tok, 1);
    if (stop) break;
  }
  if (!ok || !last) return NULL;
  *is_macro = strcmp(last, callee) != 0;
  if (!*is_macro && idents == 1) return NULL; /* the bare callee */
  return strdup(buf);
}

/* The check's visitor (syn_check.visit): every cursor of the main file. */
static void visit_cursor(syn_ctx* k, CXCursor c) {
  if (clang_getCursorKind(c) != CXCursor_CallExpr) return;
  char* name = ast_callee_name(c);
  if (!name) return;
  if (model_calls_match(&k->m->connect, name) >= 0) {
    int is_macro = 0;
    char* written = written_callee(c, name, &is_macro);
    char msg[512];
    if (written && is_macro)
      snprintf(msg, sizeof msg,
               "direct connection with %s (%s) outside the pool module: acquire a connection "
               "from the shared pool instead",
               written, name);
    else
      snprintf(msg, sizeof msg,
               "direct connection with %s outside the pool module: acquire a connection from "
               "the shared pool instead",
               written ? written : name);
    syn_report(k, SYN_DIRECT_CONNECT, FINDING_WARNING, c, msg);
    free(written);
  }
  free(name);
}

const syn_check syn_check_connect = {SYN_DIRECT_CONNECT, 1, visit_cursor};

/* check_connect.c - direct-connect: a call to a connect function (models' "connect") outside the pool module. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/ast.h"
#include "checks/check_syntactic.h"

/* The identifier written at the call's start, malloc'd, when it is not
 * the callee: the call comes from a macro (PQsetdb -> PQsetdbLogin).
 * NULL otherwise. */
static char* macro_name_at(CXCursor call, const char* callee) {
  CXTranslationUnit tu = clang_Cursor_getTranslationUnit(call);
  CXSourceLocation s = clang_getRangeStart(clang_getCursorExtent(call));
  CXFile f = NULL;
  unsigned line = 0, col = 0;
  clang_getFileLocation(s, &f, &line, &col, NULL);
  if (!f) return NULL;
  CXToken* tok = clang_getToken(tu, clang_getLocation(tu, f, line, col));
  if (!tok) return NULL;
  char* r = NULL;
  if (clang_getTokenKind(*tok) == CXToken_Identifier) r = ast_str(clang_getTokenSpelling(tu, *tok));
  clang_disposeTokens(tu, tok, 1);
  if (r && !strcmp(r, callee)) {
    free(r);
    r = NULL;
  }
  return r;
}

/* The check's visitor (syn_check.visit): every cursor of the main file. */
static void visit_cursor(syn_ctx* k, CXCursor c) {
  if (clang_getCursorKind(c) != CXCursor_CallExpr) return;
  char* name = ast_callee_name(c);
  if (!name) return;
  if (model_calls_match(&k->m->connect, name) >= 0) {
    char* mac = macro_name_at(c, name);
    char msg[512];
    if (mac)
      snprintf(msg, sizeof msg,
               "direct connection with %s (%s) outside the pool module: acquire a connection "
               "from the shared pool instead",
               mac, name);
    else
      snprintf(msg, sizeof msg,
               "direct connection with %s outside the pool module: acquire a connection from "
               "the shared pool instead",
               name);
    syn_report(k, SYN_DIRECT_CONNECT, FINDING_WARNING, c, msg);
    free(mac);
  }
  free(name);
}

const syn_check syn_check_connect = {SYN_DIRECT_CONNECT, 1, visit_cursor};

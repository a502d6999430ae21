/* parse.c - parses one file with libclang (KeepGoing) and records its error diagnostics. */
#include "parse/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "parse/ast.h"
#include "parse/tokens.h"
#include "base/srclang.h"
#include "parse/scan.h"

#ifndef PQL_PG_INCLUDEDIR
#define PQL_PG_INCLUDEDIR "/usr/include/postgresql"
#endif

struct parse_ctx {
  CXIndex index;
};

parse_ctx* parse_ctx_new(void) {
  parse_ctx* c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->index = clang_createIndex(0, 0);
  if (!c->index) {
    free(c);
    return NULL;
  }
  return c;
}

void parse_ctx_free(parse_ctx* c) {
  if (!c) return;
  clang_disposeIndex(c->index);
  free(c);
}

/* pg_config's include folder comes after every -I of the file (-idirafter):
 * a tree's own libpq-fe.h is never shadowed by the system's. The language
 * ("-x c" or "-x c++", and a C++ standard) comes before them. */
static const char* const default_args[] = {"-idirafter", PQL_PG_INCLUDEDIR, "-ferror-limit=0",
                                           "-Wno-everything"};
#define NDEFAULT (sizeof default_args / sizeof *default_args)
#define NLANG 3 /* "-x", "c++", "-std=gnu++17" */

/* 1 if the text of a .h header is C++: C++-only syntax in its code
 * (scan.c's cxx_syntax: `namespace N {`, `template <`, `nullptr`,
 * an access specifier), and no `__cplusplus` test (a header written for C
 * and C++ alike is parsed as C). 0 on ENOMEM. */
static int header_text_is_cxx(const char* text, size_t len) {
  scan_result r;
  if (scan_text(text, len, 0, &r)) return 0;
  int cxx = r.cxx_syntax && !scan_has(r.ids, r.nids, "__cplusplus");
  scan_free(&r);
  return cxx;
}

int parse_is_cxx(const char* path, const char* text, size_t len, const char* const* file_args,
                 size_t nfile_args, const char* const* extra, size_t nextra) {
  int l = srclang_of_args(extra, nextra);
  if (l < 0) l = srclang_of_args(file_args, nfile_args);
  if (l < 0 && srclang_is_cxx_name(path)) l = 1;
  if (l < 0 && text && srclang_is_header(path)) l = header_text_is_cxx(text, len);
  return l == 1;
}

/* "file:line:col: message" of diagnostic d, malloc'd (NULL on ENOMEM). */
static char* describe(CXDiagnostic d) {
  CXSourceLocation loc = clang_getDiagnosticLocation(d);
  CXFile file;
  unsigned line = 0, col = 0;
  clang_getSpellingLocation(loc, &file, &line, &col, NULL);
  CXString fname = clang_getFileName(file);
  CXString msg = clang_getDiagnosticSpelling(d);
  const char* fn = clang_getCString(fname);
  const char* m = clang_getCString(msg);
  size_t n = strlen(fn ? fn : "") + strlen(m ? m : "") + 48;
  char* s = malloc(n);
  if (s) {
    if (fn && *fn) snprintf(s, n, "%s:%u:%u: %s", fn, line, col, m ? m : "");
    else snprintf(s, n, "%s", m ? m : "");
  }
  clang_disposeString(fname);
  clang_disposeString(msg);
  return s;
}

int parse_file(parse_ctx* c, const char* path, const char* contents, size_t len,
               const char* const* file_args, size_t nfile_args, const char* const* extra,
               size_t nextra, CXTranslationUnit* tu, lint_file* lf) {
  *tu = NULL;
  size_t nargs = NLANG + NDEFAULT + nfile_args + nextra;
  const char** args = malloc(nargs * sizeof *args);
  if (!args) return PQL_ENOMEM;
  size_t k = 0;
  lf->cxx = parse_is_cxx(path, contents, len, file_args, nfile_args, extra, nextra);
  args[k++] = "-x";
  args[k++] = lf->cxx ? "c++" : "c";
  if (lf->cxx && !srclang_has_cxx_std(file_args, nfile_args) && !srclang_has_cxx_std(extra, nextra))
    args[k++] = "-std=gnu++17";
  for (size_t i = 0; i < NDEFAULT; i++) args[k++] = default_args[i];
  /* a C standard (config "flags" name one for every file) is no flag for C++ */
  for (size_t i = 0; i < nfile_args; i++)
    if (!lf->cxx || srclang_std_of(file_args[i]) != 0) args[k++] = file_args[i];
  for (size_t i = 0; i < nextra; i++)
    if (!lf->cxx || srclang_std_of(extra[i]) != 0) args[k++] = extra[i];
  struct CXUnsavedFile unsaved = {path, contents, (unsigned long)len};
  unsigned opts = CXTranslationUnit_KeepGoing | CXTranslationUnit_DetailedPreprocessingRecord |
                  CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
  enum CXErrorCode ec = clang_parseTranslationUnit2(c->index, path, args, (int)k,
                                                    contents ? &unsaved : NULL, contents ? 1 : 0,
                                                    opts, tu);
  free(args);
  if (ec != CXError_Success || !*tu) {
    *tu = NULL;
    lf->parse_errors = 1;
    char buf[256];
    if (ec == CXError_Crashed) /* libclang's crash recovery caught an abort: out of memory, or a libclang defect */
      snprintf(buf, sizeof buf, "%s: libclang crashed while parsing the file (out of memory, or a defect of libclang; its crash recovery stopped the parse)", path);
    else
      snprintf(buf, sizeof buf, "%s: libclang could not parse the file (error %d)", path, (int)ec);
    lf->first_error = strdup(buf);
    return PQL_EPARSE;
  }
  unsigned n = clang_getNumDiagnostics(*tu);
  for (unsigned i = 0; i < n; i++) {
    CXDiagnostic d = clang_getDiagnostic(*tu, i);
    enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
    if (sev >= CXDiagnostic_Error) {
      lf->parse_errors++;
      if (!lf->first_error) lf->first_error = describe(d);
    }
    clang_disposeDiagnostic(d);
  }
  return 0;
}

void parse_dispose(CXTranslationUnit tu) {
  if (!tu) return;
  tok_forget(tu);
  ast_forget(tu);
  clang_disposeTranslationUnit(tu);
}

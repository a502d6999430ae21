/* parse.h - libclang parsing: one CXIndex per worker thread, default flags, parse-error accounting. */
#ifndef PQL_PARSE_H
#define PQL_PARSE_H

#include <clang-c/Index.h>
#include <stddef.h>

#include "base/lint.h"

typedef struct parse_ctx parse_ctx;

/* A parser for one thread (its own CXIndex). NULL on ENOMEM. */
parse_ctx* parse_ctx_new(void);
void parse_ctx_free(parse_ctx* c);

/* 1 if path is parsed as C++: the last -x of extra, else of file_args
 * (a compile database entry of a C++ compiler carries "-x c++", see
 * input/compdb.c), else a C++ extension (base/srclang.h), else for a .h
 * header whose text (may be NULL) is given: C++-only syntax in its code
 * (`namespace N {`, `template <`, `nullptr`, `public:`) and no
 * `__cplusplus` test. */
int parse_is_cxx(const char* path, const char* text, size_t len, const char* const* file_args,
                 size_t nfile_args, const char* const* extra, size_t nextra);

/* Parses path (contents: unsaved bytes to use instead of the disk, or NULL)
 * with: -x c or -x c++ (parse_is_cxx; lf->cxx says which; C++ adds
 * -std=gnu++17 unless a flag sets a C++ standard, and drops C standards),
 * -idirafter PQL_PG_INCLUDEDIR, -ferror-limit=0, -Wno-everything, then
 * file_args (compile database), then extra (config "flags", "-- FLAGS").
 * KeepGoing: a missing header or a syntax error still gives a TU.
 * Counts error/fatal diagnostics into lf->parse_errors and describes the
 * first in lf->first_error ("file:line:col: message", malloc'd).
 * Returns 0 with *tu set (dispose with parse_dispose), or
 * PQL_EPARSE when libclang gave no TU at all (lf describes it). */
int parse_file(parse_ctx* c, const char* path, const char* contents, size_t len,
               const char* const* file_args, size_t nfile_args, const char* const* extra,
               size_t nextra, CXTranslationUnit* tu, lint_file* lf);

/* Disposes of tu and of this thread's token cache of it (parse/tokens.h). */
void parse_dispose(CXTranslationUnit tu);

#endif

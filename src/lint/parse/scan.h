/* scan.h - a byte-level scan of C text (no preprocessor, no parse): identifiers in code, file-scope function definitions, macro bodies, string literals that look like secrets. */
#ifndef PQL_SCAN_H
#define PQL_SCAN_H

#include <stddef.h>

/* A macro or function defined in the text, with the distinct identifiers
 * of its body (macro replacement list, function body). */
typedef struct scan_def {
  char* name;
  int is_macro;
  int is_static;      /* function: `static` in its declaration */
  char** body;        /* sorted, distinct */
  size_t nbody;
} scan_def;

typedef struct scan_result {
  char** ids;         /* distinct identifiers outside comments, string and character
                         literals and #include lines; sorted (strcmp) */
  size_t nids;
  char** fdefs;       /* names of non-static functions defined at file scope, sorted, distinct */
  size_t nfdefs;
  scan_def* defs;     /* with want_bodies: every macro and function definition, in text order */
  size_t ndefs;
  char** includes;    /* names of `#include "..."` lines, in text order */
  size_t nincludes;
  int secret_words;   /* 1: a string literal holds "password" or "postgres" */
  int cxx_syntax;     /* 1: code (not a directive) has C++-only syntax: `namespace N {`,
                         `namespace {`, `template <`, `nullptr`, `public:` / `private:` /
                         `protected:` (an access specifier, not a bitfield). Not `A::b`:
                         C macros take such arguments (pgBackRest's OBJ_NAME(x, Pack::Buffer)) */
} scan_result;

/* Scans buf[0..len). With want_bodies, also fills defs (for headers: which
 * macros and inline functions expand to what). Brace depth is resynchronised
 * at a '{' or '}' in column 0 (GNU/PostgreSQL layout), so unbalanced braces
 * in #if branches do not hide later definitions. Returns 0 or PQL_ENOMEM
 * (then *r is freed and zeroed). The caller frees r with scan_free. */
int scan_text(const char* buf, size_t len, int want_bodies, scan_result* r);
void scan_free(scan_result* r);

/* 1 if name is in the sorted array v[0..n). */
int scan_has(char* const* v, size_t n, const char* name);

#endif

/* compdb.h - compile_commands.json: per-file compiler flags, sanitised so nothing loads code into libclang. */
#ifndef PQL_COMPDB_H
#define PQL_COMPDB_H

#include <stddef.h>

typedef struct compdb_entry {
  char* file;    /* absolute, resolved (realpath when the file exists) */
  char** args;   /* sanitised flags; relative include paths made absolute */
  size_t nargs;
} compdb_entry;

typedef struct compdb {
  char* path;    /* the compile_commands.json read */
  compdb_entry* v;
  size_t n;      /* sorted by file */
} compdb;

/* Reads DIR/compile_commands.json or FILE. Returns 0, PQL_EIO (missing or
 * unreadable), PQL_ECONFIG (bad JSON or entry: errbuf says where).
 * *out is NULL on error; free with compdb_free. */
int compdb_load(const char* dir_or_file, compdb** out, char* errbuf, size_t errlen);
void compdb_free(compdb* db);

/* The entry for path (resolved with realpath), or NULL. */
const compdb_entry* compdb_find(const compdb* db, const char* path);

/* Like compdb_find, else the entry of the same-named .c (else .cpp, .cc,
 * .cxx) file (for a header), else of a file in the same folder; NULL if none. */
const compdb_entry* compdb_find_nearest(const compdb* db, const char* path);

/* Sanitises one compile command (argv[0] is the compiler, or a launcher -
 * ccache, sccache, distcc, icecc - and argv[1] the compiler): drops the
 * compiler (a C++ one - c++, g++, clang++ - becomes "-x c++" in front), the input file, -c, -o X, -M* dependency output, -Werror*,
 * -fplugin*, -Xclang -load/-plugin/-add-plugin (and their argument),
 * --config* and -fpass-plugin*. Returns a malloc'd vector of copies in *out
 * (free each and the vector) or PQL_ENOMEM. `file` (may be NULL) is the
 * input as written in the entry. */
int compdb_sanitise(const char* const* argv, size_t argc, const char* file, char*** out,
                    size_t* nout);

/* Splits a shell command line ("command" field) into words, honouring
 * quotes and backslashes. Returns 0 or PQL_ENOMEM. */
int compdb_split(const char* cmd, char*** out, size_t* nout);

/* Auto-discovery: compile_commands.json in the git root of cwd (the first
 * parent holding .git), else in its build/ folder, else in the first
 * build* folder (sorted by name), else in out/. malloc'd path or NULL. */
char* compdb_discover(void);

#endif

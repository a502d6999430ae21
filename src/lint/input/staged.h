/* staged.h - git plumbing for --staged and the repository root: staged file names and their staged bytes. */
#ifndef PQL_STAGED_H
#define PQL_STAGED_H

#include <stddef.h>
#include "input/sources.h"

/* The top folder of the git work tree of cwd (malloc'd), or NULL. */
char* staged_git_root(void);

/* Adds to l every .c/.h file staged in git (added, copied, modified,
 * renamed), with its staged bytes as unsaved contents; paths relative to the
 * repository root, which must be the current folder. Files matching an
 * exclude glob are left out; if nwithin > 0 only files equal to or under one
 * of the absolute paths `within` are kept. Returns 0, PQL_EINPUT (not a git
 * repository, git failed: errbuf says why) or PQL_ENOMEM. */
int staged_collect(source_list* l, const char* const* within, size_t nwithin,
                   const char* const* excludes, size_t nexcludes, char* errbuf, size_t errlen);

/* The name at *off in a NUL-separated list names[0..len) (git -z output;
 * names[len] must be NUL), advancing *off past it; NULL at the end. */
const char* staged_next_name(const char* names, size_t len, size_t* off);

/* Adds name to l with the staged bytes (l takes bytes, even on error) and
 * makes readfile(name) return them. Returns 0 or PQL_ENOMEM. */
int staged_add_blob(source_list* l, const char* name, char* bytes, size_t blen);

#endif

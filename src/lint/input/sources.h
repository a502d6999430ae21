/* sources.h - the list of files to analyse: walked folders, explicit files, per-file flags and unsaved contents. */
#ifndef PQL_SOURCES_H
#define PQL_SOURCES_H

#include <stddef.h>

typedef struct source_file {
  char* path;      /* as given or as walked ("folder/sub/x.c"); findings use it */
  char** args;     /* per-file compiler flags (compile database, sanitised), or NULL */
  size_t nargs;
  char* contents;  /* unsaved contents (--staged), or NULL: read from disk */
  size_t len;
  int context;     /* 1: a translation unit of the -p database that was not asked for: parsed
                      (when the selection wants it) for the summaries only, never reported */
} source_file;

typedef struct source_list {
  source_file* v;
  size_t n, cap;
} source_list;

/* Adds path, as given, with no flags. Returns 0 or PQL_ENOMEM. */
int sources_add(source_list* l, const char* path);

/* Adds every input: a regular file is added as given (whatever its
 * extension), a FIFO, socket or device named as an input is PQL_EINPUT; a
 * folder is walked for .c/.h files, skipping .git, hidden and build folders
 * (build*, cmake-build-*, CMakeFiles, node_modules) and never entering a
 * folder twice (symlink loops: dev/ino), leaving out walked names that are
 * not regular files (counted in sources_opts). Paths matching an exclude glob are
 * left out (see sources_excluded). Returns 0, PQL_ENOMEM, or PQL_EINPUT when
 * an input does not exist or a folder cannot be read (errbuf names it). */
int sources_collect(source_list* l, const char* const* inputs, size_t ninputs,
                    const char* const* excludes, size_t nexcludes, char* errbuf, size_t errlen);

/* How sources_collect_ex treats excludes and git, and what it left out. */
typedef struct sources_opts {
  int force_exclude;     /* in: 1 = the excludes apply to files named as inputs too */
  int use_git;           /* in: 1 = a folder inside a git work tree is walked for the files
                          * git lists (git ls-files -co --exclude-standard): .gitignore holds */
  size_t nexcluded;      /* out: files and folders left out by an exclude glob */
  long first_glob;       /* out: index of the glob that left out the first of them, or -1 */
  size_t ngitignored;    /* out: files left out because git ignores them */
  size_t nspecial;       /* out: walked .c/.h names that are not regular files (FIFO, socket,
                          * device): skipped, never opened */
  char first_special[512];   /* out: the first of them ("" if none) */
  int first_special_errno;   /* out: its kind as readfile's errno (readfile_strerror) */
} sources_opts;

/* sources_collect with options: a file named as an input is analysed even
 * when an exclude matches it unless o->force_exclude (ruff's convention);
 * folders are walked with the excludes. o's out fields are set. Same
 * returns as sources_collect. */
int sources_collect_ex(source_list* l, const char* const* inputs, size_t ninputs,
                       const char* const* excludes, size_t nexcludes, sources_opts* o,
                       char* errbuf, size_t errlen);

/* The index of the first glob that path matches (as sources_excluded), or -1. */
long sources_excluded_by(const char* path, const char* const* globs, size_t n);

/* 1 if path (as given, or its absolute form) matches one of the globs
 * (fnmatch; a glob without '/' also matches the base name). */
int sources_excluded(const char* path, const char* const* globs, size_t n);

/* Sorts by path and drops repeated paths (one of them is kept). */
void sources_sort(source_list* l);

/* Keeps only share k (1-based) of n: a stable hash of each path mod n. */
void sources_shard(source_list* l, unsigned k, unsigned n);
/* 1 if path belongs to share k of n. */
int sources_in_shard(const char* path, unsigned k, unsigned n);

void sources_free(source_list* l);

#endif

/* gitfiles.h - the files git lists in a folder of a work tree (tracked and untracked, not ignored), for the walk. */
#ifndef PQL_GITFILES_H
#define PQL_GITFILES_H

#include <stddef.h>

typedef struct gitfiles {
  int on;        /* 1: the folder is in a git work tree and git listed it */
  char** v;      /* paths relative to the folder, sorted */
  size_t n;
} gitfiles;

/* Runs `git -C dir ls-files -co --exclude-standard -z` (no shell) when dir
 * lies in a git work tree (a .git at or above it). Returns 0 with g->on = 1
 * and the list; 0 with g->on = 0 when dir is not in a work tree or git
 * fails (the walk then ignores git); PQL_ENOMEM. Free with gitfiles_free. */
int gitfiles_list(const char* dir, gitfiles* g);

/* 1 if rel (relative to the listed folder) is in the list. */
int gitfiles_has(const gitfiles* g, const char* rel);

void gitfiles_free(gitfiles* g);

#endif

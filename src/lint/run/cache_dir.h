/* cache_dir.h - the pass-1 cache folder as a whole: where it is, what pqlint keeps there, the least recently used entries removed past a size cap, clearing. */
#ifndef PQL_CACHE_DIR_H
#define PQL_CACHE_DIR_H

#include <stddef.h>
#include <time.h>

/* A temporary entry file older than this (seconds) is a crashed run's leftover: pruning removes it
 * (a younger one may be a running pqlint's write in progress). */
#define CACHE_TEMP_MAX_AGE 3600

/* The default folder into out: $XDG_CACHE_HOME/pqlint, else $HOME/.cache/pqlint. Returns 0, or -1
 * with err saying why (neither is set, or the path does not fit). */
int cache_dir_default(char* out, size_t n, char* err, size_t errlen);

/* 1 if name (a file name, no folder) is a cache entry as cache.c writes it: 32 lowercase hex digits
 * and ".pqlc"; 2 if it is one of its temporaries ("ENTRY.PID.HEX.tmp"); 0 for any other name (not
 * pqlint's: never counted as an entry, never removed). */
int cache_dir_name_kind(const char* name);

/* What the folder holds. A file's last use is its modification time: cache_put sets it by writing
 * the entry, cache_get by touching it on every hit. */
typedef struct cache_usage {
  int exists;                    /* 0: the folder does not exist (every count 0) */
  size_t entries;                /* regular files with an entry's name */
  unsigned long long bytes;      /* their total size */
  time_t oldest, newest;         /* last use of the least and of the most recently used entry */
  size_t temps;                  /* temporaries (a write in progress, or a crashed run's) */
  unsigned long long temp_bytes;
  size_t others;                 /* anything else (files of other programs, folders, links): left alone */
} cache_usage;

/* Counts what dir holds into *u. Returns 0 (also when dir does not exist: u->exists 0), or -1 with
 * err naming dir and the reason (not a folder, unreadable, out of memory). */
int cache_dir_usage(const char* dir, cache_usage* u, char* err, size_t errlen);

/* Removes least recently used entries of dir (oldest last use first, ties by name) until the total
 * size of those left is at most max_bytes, and temporaries older than CACHE_TEMP_MAX_AGE. Safe
 * against other pqlint processes sharing dir: an entry is removed only while its inode and last use
 * are still those of the scan (one replaced or used since is kept), and a reader that opened it
 * before the unlink reads it whole; one that comes after misses and rebuilds it. *removed and
 * *freed get the entries removed and their bytes. Returns 0 (also when dir does not exist), or -1
 * with err set when dir cannot be listed (an entry that cannot be removed is skipped, not an
 * error). */
int cache_dir_prune(const char* dir, unsigned long long max_bytes, size_t* removed,
                    unsigned long long* freed, char* err, size_t errlen);

/* Removes every entry and temporary of dir, nothing else (other files and folders stay, and so
 * does dir). A run writing at the same time loses that write (its rename fails; it goes on).
 * *removed / *freed as for cache_dir_prune (temporaries count in *freed only). Returns 0 (also
 * when dir does not exist), or -1 with err set when dir cannot be listed (nothing removed) or an
 * entry cannot be removed (the others still are). */
int cache_dir_clear(const char* dir, size_t* removed, unsigned long long* freed, char* err, size_t errlen);

#endif

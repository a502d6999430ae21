/* cache.h - the on-disk cache of pass 1: one entry per file and flags, trusted only while the file, every header it included, pqlint and the models are byte for byte what they were. */
#ifndef PQL_CACHE_H
#define PQL_CACHE_H

#include <clang-c/Index.h>
#include <stddef.h>

#include "run/cache_format.h"

typedef struct cache cache;

/* What one file's entry depends on besides its bytes and headers. */
typedef struct cache_key {
  const char* path;
  const char* const* args;   /* the file's compile-database arguments */
  size_t nargs;
  const char* const* flags;  /* the run's common flags */
  size_t nflags;
  int in_pool_module;
} cache_key;

/* Opens the cache in dir (NULL: $XDG_CACHE_HOME/pqlint, else
 * $HOME/.cache/pqlint), creating it. salt: what every entry depends on
 * (the rules switched on); the pqlint binary itself, the model files'
 * bytes, libclang's version and CPATH / C_INCLUDE_PATH are added here.
 * Returns 0 with *out set, or -1 when the folder cannot be made or used
 * (err says why; the run goes on without a cache). */
int cache_open(const char* dir, const char* salt, const char* const* model_files, size_t nmodels,
               cache** out, char* err, size_t errlen);
void cache_close(cache* c);

/* The entry of k when it is valid for these bytes (buf, len): 0 with *e
 * filled (the caller frees it with cache_entry_free) and the entry's
 * modification time set to now (its last use); 1 when there is none,
 * or it is stale (the file, a header, pqlint or a model changed) or corrupt
 * (bad magic, version, checksum or structure): the caller parses and puts.
 * Thread-safe. */
int cache_get(cache* c, const cache_key* k, const char* buf, size_t len, const model_set* m,
              cache_entry* e);

/* Writes e as k's entry (atomically: a temporary file renamed over it),
 * with the headers tu included and their bytes. Returns 0, or -1 when it
 * could not be written (the run goes on). Thread-safe. */
int cache_put(cache* c, const cache_key* k, const char* buf, size_t len, CXTranslationUnit tu,
              const cache_entry* e);

/* The folder the cache lives in (NULL for no cache). */
const char* cache_folder(const cache* c);

/* The size cap, at the end of a run: removes the least recently used entries of the folder
 * (cache_dir_prune; an entry's last use is when cache_put wrote it or cache_get last read it)
 * until they total at most max_bytes; 0 = no cap, nothing removed. *removed / *freed: the
 * entries and bytes removed. Returns 0, or -1 with err set when the folder cannot be
 * listed (nothing is removed; the run goes on). */
int cache_enforce_cap(cache* c, unsigned long long max_bytes, size_t* removed, unsigned long long* freed,
                      char* err, size_t errlen);

/* Entries read / rebuilt because stale or corrupt / written in this run. */
void cache_stats(const cache* c, size_t* hits, size_t* rebuilt, size_t* written);

#endif

/* prefilter.h - a PCRE2-JIT scan of a file's raw bytes for any name a model mentions: no hit, no parse. */
#ifndef PQL_PREFILTER_H
#define PQL_PREFILTER_H

#include <stddef.h>
#include "model/model.h"

typedef struct prefilter prefilter;

/* Builds one alternation of every name pattern of the models (anchors
 * removed, so it can only over-approximate) plus the literals "password"
 * and "postgres" (secrets). Returns 0 or PQL_ENOMEM; if the patterns cannot
 * be combined the prefilter accepts every file (*out is still valid). */
int prefilter_new(const model_set* m, prefilter** out);
void prefilter_free(prefilter* p);

/* Thread-safe. 1: the bytes mention a model name (parse the file); 0: no
 * hit; PQL_EINPUT: the bytes contain NUL (a binary file). */
int prefilter_match(const prefilter* p, const char* buf, size_t len);

/* Thread-safe. 1 if the identifier name[0..len) contains a model name
 * (connect, result, pool, size field, conninfo call; not the secret words),
 * else 0. When the patterns could not be combined every name matches. */
int prefilter_match_name(const prefilter* p, const char* name, size_t len);

/* 1 if a header included with quotes from buf (found beside path, else in
 * one of the folders idirs), or one it includes in turn (3 levels, 32
 * headers at most), mentions a model name: a wrapper macro in a project
 * header must not hide a file. */
int prefilter_match_includes(const prefilter* p, const char* path, const char* buf, size_t len,
                             const char* const* idirs, size_t nidirs);

/* Reads path whole into *buf (malloc'd, NUL-terminated, *len bytes); only
 * a regular file of at most max bytes (0: no limit) is read. Returns 0;
 * PQL_ETOOBIG (nothing read, *len = the file's size); or PQL_EINPUT with
 * errbuf "PATH: reason" (not a regular file, unreadable, or it does not fit
 * in memory). */
int prefilter_read(const char* path, size_t max, char** buf, size_t* len, char* errbuf, size_t errlen);

/* The combined pattern (for tests and --verbose), or NULL if none. */
const char* prefilter_pattern(const prefilter* p);

#endif

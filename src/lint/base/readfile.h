/* readfile.h - reads a whole file (or an open stream) into memory, NUL-terminated. */
#ifndef PQL_READFILE_H
#define PQL_READFILE_H

#include <stddef.h>
#include <stdio.h>

/* Returns the bytes of path plus a terminating NUL (the caller frees), and
 * their count in *len if len is not NULL. On error returns NULL with errno
 * set (ENOMEM, or fopen's/fread's errno; EIO if fread failed without one). */
char* readfile(const char* path, size_t* len);

/* From now on readfile(path) returns a copy of bytes[0..len) instead of
 * the file on disk (--staged: every reader of a file's text - suppressions,
 * baseline line hashes, SARIF fingerprints and columns - sees the staged
 * blob). path matches as given or as an absolute path against the current
 * folder at the time of this call. Copies path and bytes; call it before
 * any thread reads. Returns 0 or -1 (out of memory). */
int readfile_override(const char* path, const char* bytes, size_t len);

/* Forgets every override (frees them). */
void readfile_overrides_clear(void);

/* Same as readfile, for the rest of the open stream f (a file or a pipe);
 * reads to end of file and leaves f open (the caller closes it). */
char* readfile_stream(FILE* f, size_t* len);

#endif

/* readfile.h - reads a whole file (or an open stream) into memory, NUL-terminated. */
#ifndef PQL_READFILE_H
#define PQL_READFILE_H

#include <stddef.h>
#include <stdio.h>

/* Returns the bytes of path plus a terminating NUL (the caller frees), and
 * their count in *len if len is not NULL. On error returns NULL with errno
 * set (ENOMEM, or fopen's/fread's errno; EIO if fread failed without one). */
char* readfile(const char* path, size_t* len);

/* Same as readfile, for the rest of the open stream f (a file or a pipe);
 * reads to end of file and leaves f open (the caller closes it). */
char* readfile_stream(FILE* f, size_t* len);

#endif

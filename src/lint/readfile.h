/* readfile.h - reads a whole file into memory, NUL-terminated. */
#ifndef PQL_READFILE_H
#define PQL_READFILE_H

#include <stddef.h>

/* Returns the bytes of path plus a terminating NUL (the caller frees), and
 * their count in *len if len is not NULL. On error returns NULL with errno
 * set (ENOMEM, or fopen's/fread's errno; EIO if fread failed without one). */
char* readfile(const char* path, size_t* len);

#endif

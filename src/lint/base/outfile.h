/* outfile.h - where a report or baseline goes when its path is not a regular file (/dev/null, /dev/stdout, a FIFO). */
#ifndef PQL_OUTFILE_H
#define PQL_OUTFILE_H

#include <stddef.h>

/* Decides how path is written. Returns 0 when path is a regular file or does not exist (the
 * caller writes a temporary file beside it and renames it over path); 1 when path names an
 * existing character device, FIFO or socket (following symlinks: /dev/null, /dev/stdout, a
 * named pipe with a reader), with *fd open for writing on it: the caller writes there directly
 * and closes it; renaming over such a path would replace the device, or the symlink to it, with
 * a regular file. On error (a folder or another kind of file; a FIFO with no reader: ENXIO,
 * never a blocking open) returns -1 with errbuf naming the path and the reason. */
int pql_outfile_special(const char* path, int* fd, char* errbuf, size_t errlen);

#endif

/* outfile.h - writing a report or baseline: atomically (a temporary beside it, renamed over it), or straight into /dev/null, /dev/stdout or a FIFO. */
#ifndef PQL_OUTFILE_H
#define PQL_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

/* Decides how path is written. Returns 0 when path is a regular file or does not exist (the
 * caller writes a temporary file beside it and renames it over path); 1 when path names an
 * existing character device, FIFO or socket (following symlinks: /dev/null, /dev/stdout, a
 * named pipe with a reader), with *fd open for writing on it: the caller writes there directly
 * and closes it; renaming over such a path would replace the device, or the symlink to it, with
 * a regular file. On error (a folder or another kind of file; a FIFO with no reader: ENXIO,
 * never a blocking open) returns -1 with errbuf naming the path and the reason. */
int pql_outfile_special(const char* path, int* fd, char* errbuf, size_t errlen);

/* Writes writer(out, ctx) to path. A regular or new path: into "path.XXXXXX" beside it
 * (registered with tmpfiles, so a signal removes it), fsynced, renamed over path, then the
 * folder fsynced; on failure the temporary is removed and the old file is untouched. A
 * device or pipe (pql_outfile_special): straight into it. Returns 0, or PQL_EIO (or the
 * writer's own code) with errbuf naming the path, what ("report", "baseline") and the reason. */
int pql_write_atomic(const char* path, const char* what, int (*writer)(FILE* out, void* ctx), void* ctx,
                     char* errbuf, size_t errlen);

#endif

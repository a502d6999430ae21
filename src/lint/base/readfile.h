/* readfile.h - reads a whole file (or an open stream) into memory, NUL-terminated. */
#ifndef PQL_READFILE_H
#define PQL_READFILE_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* readfile's errno values beyond the system's (readfile_strerror names them). */
#define READFILE_EFIFO 10001    /* a FIFO: never opened for reading in a way that blocks */
#define READFILE_ESOCK 10002    /* a socket */
#define READFILE_ECHR 10003     /* a character device (/dev/zero, a tty) */
#define READFILE_EBLK 10004     /* a block device */
#define READFILE_ENOTREG 10005  /* another kind of file that is not regular */
#define READFILE_ETOOBIG 10006  /* larger than the limit given to readfile_max */

/* Returns the bytes of path plus a terminating NUL (the caller frees), and
 * their count in *len if len is not NULL. Only a regular file is read: it is
 * opened with O_NONBLOCK (a FIFO never blocks the open) and fstat'd; a FIFO,
 * socket or device fails with READFILE_E* in errno, a folder with EISDIR,
 * before a byte is read (a symlink to /dev/zero is an error, not an endless
 * read). On error returns NULL with errno set (ENOMEM when the file does not
 * fit in memory, READFILE_E*, or open's/read's errno); describe it with
 * readfile_strerror. */
char* readfile(const char* path, size_t* len);

/* readfile with a size limit: a file (or override) of more than max bytes
 * fails with READFILE_ETOOBIG before it is read (*len then holds its size);
 * max 0 = no limit. */
char* readfile_max(const char* path, size_t max, size_t* len);

/* The English text for an errno left by readfile (its own READFILE_E* codes
 * or the system's); never NULL. */
const char* readfile_strerror(int err);

/* 0 for a regular file's st_mode, else the errno readfile gives for it
 * (EISDIR, READFILE_EFIFO, ...). */
int readfile_kind_errno(mode_t mode);

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

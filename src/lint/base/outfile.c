/* outfile.c - where a report or baseline goes when its path is not a regular file (/dev/null, /dev/stdout, a FIFO). */
#include "base/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int pql_outfile_special(const char* path, int* fd, char* errbuf, size_t errlen) {
  struct stat st;
  *fd = -1;
  if (stat(path, &st) != 0) return 0; /* does not exist (or a dangling link): created by rename */
  if (S_ISREG(st.st_mode)) return 0;
  if (S_ISDIR(st.st_mode)) {
    snprintf(errbuf, errlen, "%s: is a folder, not a file", path);
    return -1;
  }
  if (!S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISSOCK(st.st_mode)) {
    snprintf(errbuf, errlen, "%s: not a regular file, device or pipe", path);
    return -1;
  }
  /* O_NONBLOCK: a FIFO without a reader fails with ENXIO instead of blocking the run */
  int f = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (f < 0) {
    snprintf(errbuf, errlen, "%s: %s", path, errno == ENXIO ? "a pipe with no reader" : strerror(errno));
    return -1;
  }
  int fl = fcntl(f, F_GETFL);
  if (fl >= 0) (void)fcntl(f, F_SETFL, fl & ~O_NONBLOCK); /* the writes themselves may wait for the reader */
  *fd = f;
  return 1;
}

/* outfile.c - writing a report or baseline: atomically (a temporary beside it, renamed over it), or straight into /dev/null, /dev/stdout or a FIFO. */
#include "base/outfile.h"

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "base/tmpfiles.h"

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

/* Writes straight into a device or pipe that path names (pql_outfile_special). Returns 0 or an
 * error with errbuf set. */
static int write_special(const char* path, const char* what, int fd, int (*writer)(FILE* out, void* ctx),
                         void* ctx, char* errbuf, size_t errlen) {
  FILE* f = fdopen(fd, "w");
  if (!f) {
    snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
    close(fd);
    return PQL_EIO;
  }
  errno = 0;
  int rc = writer(f, ctx);
  int saved = errno;
  if (rc == 0 && ferror(f)) rc = PQL_EIO;
  if (fclose(f) != 0 && rc == 0) rc = PQL_EIO, saved = errno;
  if (rc != 0)
    snprintf(errbuf, errlen, "%s: cannot write the %s: %s", path, what,
             rc == PQL_EIO && saved ? strerror(saved) : pql_strerror(rc));
  return rc;
}

int pql_write_atomic(const char* path, const char* what, int (*writer)(FILE* out, void* ctx), void* ctx,
                     char* errbuf, size_t errlen) {
  int sfd;
  int special = pql_outfile_special(path, &sfd, errbuf, errlen);
  if (special < 0) return PQL_EIO;
  if (special) return write_special(path, what, sfd, writer, ctx, errbuf, errlen);
  size_t plen = strlen(path);
  char* tmp = malloc(plen + 8);
  if (!tmp) {
    snprintf(errbuf, errlen, "%s: out of memory", path);
    return PQL_ENOMEM;
  }
  memcpy(tmp, path, plen);
  memcpy(tmp + plen, ".XXXXXX", 8);
  int fd = tmpfiles_create(tmp); /* removed by SIGINT/SIGTERM/SIGHUP until renamed */
  if (fd < 0) {
    snprintf(errbuf, errlen, "%s: cannot create a temporary file beside it: %s", path,
             strerror(errno));
    free(tmp);
    return PQL_EIO;
  }
  /* mkstemp gives 0600; a report or baseline is an ordinary file: honour the umask */
  mode_t um = umask(0);
  umask(um);
  (void)fchmod(fd, 0666 & ~um);
  FILE* f = fdopen(fd, "w");
  if (!f) {
    snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
    close(fd);
    unlink(tmp);
    tmpfiles_forget(tmp);
    free(tmp);
    return PQL_EIO;
  }
  errno = 0;
  int rc = writer(f, ctx);
  int saved = errno;
  if (rc == 0 && ferror(f)) rc = PQL_EIO;
  if (rc == 0 && fflush(f) != 0) rc = PQL_EIO, saved = errno;
  if (rc == 0 && fsync(fileno(f)) != 0) rc = PQL_EIO, saved = errno;
  if (fclose(f) != 0 && rc == 0) rc = PQL_EIO, saved = errno;
  if (rc == 0) tmpfiles_test_pause(); /* test knob: a signal while the temporary exists */
  if (rc == 0 && rename(tmp, path) != 0) rc = PQL_EIO, saved = errno;
  if (rc != 0) {
    snprintf(errbuf, errlen, "%s: cannot write the %s: %s", path, what,
             rc == PQL_EIO && saved ? strerror(saved) : pql_strerror(rc));
    unlink(tmp);
    tmpfiles_forget(tmp);
    free(tmp);
    return rc;
  }
  tmpfiles_forget(tmp);
  /* make the rename itself durable */
  char* dir = dirname(tmp);
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    (void)fsync(dfd);
    close(dfd);
  }
  free(tmp);
  return PQL_OK;
}

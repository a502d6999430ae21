/* readfile.c - reads a whole file (or an open stream) into memory, NUL-terminated. */
#include "base/readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One file whose text readfile serves from memory (--staged). */
typedef struct rf_override {
  char* path; /* as given */
  char* abs;  /* absolute against the folder current when it was added */
  char* bytes;
  size_t len;
} rf_override;

static rf_override* rf_v;
static size_t rf_n;

/* Lexically absolute form of path (malloc'd; "./" prefixes dropped), or NULL. */
static char* rf_abs(const char* path) {
  if (path[0] == '/') return strdup(path);
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) return NULL;
  while (path[0] == '.' && path[1] == '/') path += 2;
  size_t n = strlen(cwd) + strlen(path) + 2;
  char* a = malloc(n);
  if (a) snprintf(a, n, "%s/%s", cwd, path);
  return a;
}

int readfile_override(const char* path, const char* bytes, size_t len) {
  rf_override* v = realloc(rf_v, (rf_n + 1) * sizeof *v);
  if (!v) return -1;
  rf_v = v;
  rf_override* o = &rf_v[rf_n];
  o->path = strdup(path);
  o->abs = rf_abs(path);
  o->bytes = malloc(len + 1);
  if (!o->path || !o->abs || !o->bytes) {
    free(o->path);
    free(o->abs);
    free(o->bytes);
    return -1;
  }
  memcpy(o->bytes, bytes, len);
  o->bytes[len] = '\0';
  o->len = len;
  rf_n++;
  return 0;
}

void readfile_overrides_clear(void) {
  for (size_t i = 0; i < rf_n; i++) {
    free(rf_v[i].path);
    free(rf_v[i].abs);
    free(rf_v[i].bytes);
  }
  free(rf_v);
  rf_v = NULL;
  rf_n = 0;
}

/* The override of path, or NULL. */
static const rf_override* rf_find(const char* path) {
  if (!rf_n) return NULL;
  for (size_t i = 0; i < rf_n; i++)
    if (!strcmp(rf_v[i].path, path)) return &rf_v[i];
  char* a = rf_abs(path);
  const rf_override* hit = NULL;
  for (size_t i = 0; a && i < rf_n && !hit; i++)
    if (!strcmp(rf_v[i].abs, a)) hit = &rf_v[i];
  free(a);
  return hit;
}

char* readfile_stream(FILE* f, size_t* len) {
  errno = 0;
  size_t cap = 1 << 16, n = 0;
  char* buf = malloc(cap + 1);
  while (buf) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap) break;
    char* nb = realloc(buf, cap * 2 + 1);
    if (!nb) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = nb;
    cap *= 2;
  }
  if (!buf) {
    errno = ENOMEM;
    return NULL;
  }
  if (ferror(f)) {
    int saved = errno ? errno : EIO;
    free(buf);
    errno = saved;
    return NULL;
  }
  buf[n] = '\0';
  if (len) *len = n;
  return buf;
}

const char* readfile_strerror(int err) {
  switch (err) {
    case READFILE_EFIFO: return "not a regular file (a FIFO); pqlint reads only regular files";
    case READFILE_ESOCK: return "not a regular file (a socket); pqlint reads only regular files";
    case READFILE_ECHR: return "not a regular file (a character device); pqlint reads only regular files";
    case READFILE_EBLK: return "not a regular file (a block device); pqlint reads only regular files";
    case READFILE_ENOTREG: return "not a regular file; pqlint reads only regular files";
    case READFILE_ETOOBIG: return "the file is larger than the size limit";
    case ENOMEM: return "out of memory (the file does not fit in memory)";
    default: return strerror(err);
  }
}

int readfile_kind_errno(mode_t mode) {
  if (S_ISREG(mode)) return 0;
  if (S_ISDIR(mode)) return EISDIR;
  if (S_ISFIFO(mode)) return READFILE_EFIFO;
  if (S_ISSOCK(mode)) return READFILE_ESOCK;
  if (S_ISCHR(mode)) return READFILE_ECHR;
  if (S_ISBLK(mode)) return READFILE_EBLK;
  return READFILE_ENOTREG;
}

/* Reads the regular file open on fd: one buffer of its size plus one (grown
 * only if the file grows while read). NULL with errno set on error. */
static char* rf_read_fd(int fd, size_t max, size_t* len) {
  struct stat st;
  if (fstat(fd, &st) != 0) return NULL;
  int kind = readfile_kind_errno(st.st_mode);
  if (kind) {
    errno = kind;
    return NULL;
  }
  if (st.st_size < 0 || (max && (uintmax_t)st.st_size > max)) {
    if (len) *len = st.st_size > 0 ? (size_t)st.st_size : 0;
    errno = READFILE_ETOOBIG;
    return NULL;
  }
  if ((uintmax_t)st.st_size >= SIZE_MAX / 2) {
    errno = ENOMEM;
    return NULL;
  }
  size_t cap = (size_t)st.st_size + 1, n = 0; /* one spare byte: EOF is seen without a realloc */
  char* buf = malloc(cap + 1);
  if (!buf) {
    errno = ENOMEM;
    return NULL;
  }
  for (;;) {
    ssize_t r = read(fd, buf + n, cap - n);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      int saved = errno;
      free(buf);
      errno = saved;
      return NULL;
    }
    if (r == 0) break;
    n += (size_t)r;
    if (max && n > max) { /* grew past the limit while read */
      free(buf);
      if (len) *len = n;
      errno = READFILE_ETOOBIG;
      return NULL;
    }
    if (n == cap) {
      char* nb = cap < SIZE_MAX / 4 ? realloc(buf, cap * 2 + 1) : NULL;
      if (!nb) {
        free(buf);
        errno = ENOMEM;
        return NULL;
      }
      buf = nb;
      cap *= 2;
    }
  }
  buf[n] = '\0';
  if (len) *len = n;
  return buf;
}

char* readfile_max(const char* path, size_t max, size_t* len) {
  const rf_override* o = rf_find(path);
  if (o) {
    if (max && o->len > max) {
      if (len) *len = o->len;
      errno = READFILE_ETOOBIG;
      return NULL;
    }
    char* copy = malloc(o->len + 1);
    if (!copy) {
      errno = ENOMEM;
      return NULL;
    }
    memcpy(copy, o->bytes, o->len + 1);
    if (len) *len = o->len;
    return copy;
  }
  /* O_NONBLOCK: opening a FIFO without a writer must not block; fstat then
   * refuses everything but a regular file (for which O_NONBLOCK is moot) */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return NULL;
  char* buf = rf_read_fd(fd, max, len);
  int saved = errno;
  close(fd);
  errno = saved;
  return buf;
}

char* readfile(const char* path, size_t* len) { return readfile_max(path, 0, len); }

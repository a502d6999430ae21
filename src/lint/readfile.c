/* readfile.c - reads a whole file (or an open stream) into memory, NUL-terminated. */
#include "readfile.h"

#include <errno.h>
#include <stdlib.h>

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

char* readfile(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  char* buf = readfile_stream(f, len);
  int saved = errno;
  fclose(f);
  errno = saved;
  return buf;
}

/* readfile.c - reads a whole file (or an open stream) into memory, NUL-terminated. */
#include "base/readfile.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
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

char* readfile(const char* path, size_t* len) {
  const rf_override* o = rf_find(path);
  if (o) {
    char* copy = malloc(o->len + 1);
    if (!copy) {
      errno = ENOMEM;
      return NULL;
    }
    memcpy(copy, o->bytes, o->len + 1);
    if (len) *len = o->len;
    return copy;
  }
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  char* buf = readfile_stream(f, len);
  int saved = errno;
  fclose(f);
  errno = saved;
  return buf;
}

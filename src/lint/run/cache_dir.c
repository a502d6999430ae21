/* cache_dir.c - the pass-1 cache folder as a whole: its entries listed by last use, the least recently used removed past the size cap, statistics, clearing; files that are not pqlint's are never touched. */
#define _GNU_SOURCE
#include "run/cache_dir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ENTRY_HEX 32
#define ENTRY_SUFFIX ".pqlc"
#define ENTRY_LEN (ENTRY_HEX + 5)

int cache_dir_default(char* out, size_t n, char* err, size_t errlen) {
  const char* x = getenv("XDG_CACHE_HOME");
  const char* home = getenv("HOME");
  int len;
  if (x && *x) len = snprintf(out, n, "%s/pqlint", x);
  else if (home && *home) len = snprintf(out, n, "%s/.cache/pqlint", home);
  else {
    snprintf(err, errlen, "no cache folder: neither XDG_CACHE_HOME nor HOME is set");
    return -1;
  }
  if (len < 0 || (size_t)len >= n) {
    snprintf(err, errlen, "no cache folder: the path of the default one is too long");
    return -1;
  }
  return 0;
}

/* 1 if s[0..n) are lowercase hex digits (n > 0). */
static int cd_hex(const char* s, size_t n) {
  if (!n) return 0;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return 0;
  return 1;
}

int cache_dir_name_kind(const char* name) {
  size_t len = strlen(name);
  if (len < ENTRY_LEN || !cd_hex(name, ENTRY_HEX) || memcmp(name + ENTRY_HEX, ENTRY_SUFFIX, 5)) return 0;
  if (len == ENTRY_LEN) return 1;
  /* ENTRY.PID.HEX.tmp (cache_put), ENTRY.PID.0.tmp (cache_dir_prune) */
  const char* p = name + ENTRY_LEN;
  if (*p++ != '.') return 0;
  const char* s = p;
  while (*p >= '0' && *p <= '9') p++;
  if (p == s || *p++ != '.') return 0;
  s = p;
  while (*p && *p != '.') p++;
  return cd_hex(s, (size_t)(p - s)) && !strcmp(p, ".tmp") ? 2 : 0;
}

/* One file of the folder that is pqlint's. */
typedef struct cd_file {
  char name[ENTRY_LEN + 64];
  int kind;                  /* 1 entry, 2 temporary */
  unsigned long long size;
  struct timespec used;      /* st_mtim */
  ino_t ino;
} cd_file;

typedef struct cd_list {
  cd_file* v;
  size_t n, cap;
  size_t others;
} cd_list;

/* Lists pqlint's regular files of the open folder dfd into l (others only counted). Returns 0 or
 * -1 with errno set (ENOMEM, or readdir's). */
static int cd_scan(int dfd, cd_list* l) {
  int fd = dup(dfd);
  DIR* d = fd >= 0 ? fdopendir(fd) : NULL;
  if (!d) {
    if (fd >= 0) close(fd);
    return -1;
  }
  rewinddir(d);
  int rc = 0;
  for (;;) {
    errno = 0;
    struct dirent* de = readdir(d);
    if (!de) {
      if (errno) rc = -1;
      break;
    }
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
    int kind = cache_dir_name_kind(de->d_name);
    struct stat st;
    if (!kind || strlen(de->d_name) >= sizeof l->v->name) {
      l->others++;
      continue;
    }
    if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW)) {
      l->others += errno != ENOENT; /* one gone since readdir (another pqlint removed it) is nobody's */
      continue;
    }
    if (!S_ISREG(st.st_mode)) { /* a folder or a link with an entry's name: not pqlint's */
      l->others++;
      continue;
    }
    if (l->n == l->cap) {
      size_t cap = l->cap ? l->cap * 2 : 256;
      cd_file* v = realloc(l->v, cap * sizeof *v);
      if (!v) {
        errno = ENOMEM;
        rc = -1;
        break;
      }
      l->v = v;
      l->cap = cap;
    }
    cd_file* f = &l->v[l->n++];
    snprintf(f->name, sizeof f->name, "%s", de->d_name);
    f->kind = kind;
    f->size = (unsigned long long)st.st_size;
    f->used = st.st_mtim;
    f->ino = st.st_ino;
  }
  int e = errno;
  closedir(d);
  errno = e;
  return rc;
}

/* Opens dir and lists pqlint's files of it into *l (zeroed first). Returns the folder's
 * descriptor (the caller closes it and frees l->v); -2 when dir does not exist (l empty); -1
 * with err naming dir and the reason (not a folder, unreadable, cannot be listed; l freed). */
static int cd_load(const char* dir, cd_list* l, char* err, size_t errlen) {
  memset(l, 0, sizeof *l);
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0 && errno == ENOENT) return -2;
  if (dfd < 0) {
    snprintf(err, errlen, "cache folder %s: %s", dir, errno == ENOTDIR ? "not a folder" : strerror(errno));
    return -1;
  }
  if (cd_scan(dfd, l)) {
    snprintf(err, errlen, "cache folder %s cannot be listed: %s", dir, strerror(errno));
    free(l->v);
    l->v = NULL;
    close(dfd);
    return -1;
  }
  return dfd;
}

int cache_dir_usage(const char* dir, cache_usage* u, char* err, size_t errlen) {
  memset(u, 0, sizeof *u);
  cd_list l;
  int dfd = cd_load(dir, &l, err, errlen);
  if (dfd == -2) return 0;
  if (dfd < 0) return -1;
  u->exists = 1;
  for (size_t i = 0; i < l.n; i++) {
    const cd_file* f = &l.v[i];
    if (f->kind == 2) {
      u->temps++;
      u->temp_bytes += f->size;
      continue;
    }
    if (!u->entries || f->used.tv_sec < u->oldest) u->oldest = f->used.tv_sec;
    if (!u->entries || f->used.tv_sec > u->newest) u->newest = f->used.tv_sec;
    u->entries++;
    u->bytes += f->size;
  }
  u->others = l.others;
  free(l.v);
  close(dfd);
  return 0;
}

/* Least recently used first; ties by name, so two pruners agree on the order. */
static int cd_cmp_use(const void* a, const void* b) {
  const cd_file *x = a, *y = b;
  if (x->used.tv_sec != y->used.tv_sec) return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
  if (x->used.tv_nsec != y->used.tv_nsec) return x->used.tv_nsec < y->used.tv_nsec ? -1 : 1;
  return strcmp(x->name, y->name);
}

/* Removes the entry f of dfd if it is still the file the scan saw (same inode, same last use).
 * It is first renamed aside (atomic): then no other process can use or replace it under us. If the
 * file renamed is not the one scanned (written or used since), it is linked back, unless a newer
 * one took its name meanwhile. Returns 1 removed, 0 kept. */
static int cd_remove_if_unused(int dfd, const cd_file* f) {
  char aside[sizeof f->name + 32];
  snprintf(aside, sizeof aside, "%.*s.%ld.0.tmp", ENTRY_LEN, f->name, (long)getpid());
  if (renameat(dfd, f->name, dfd, aside)) return 0; /* gone already (another pruner) */
  struct stat st;
  int same = fstatat(dfd, aside, &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_ino == f->ino &&
             st.st_mtim.tv_sec == f->used.tv_sec && st.st_mtim.tv_nsec == f->used.tv_nsec;
  if (!same) linkat(dfd, aside, dfd, f->name, 0); /* EEXIST: a newer entry is there; ours goes */
  unlinkat(dfd, aside, 0);
  return same;
}

int cache_dir_prune(const char* dir, unsigned long long max_bytes, size_t* removed,
                    unsigned long long* freed, char* err, size_t errlen) {
  *removed = 0;
  *freed = 0;
  cd_list l;
  int dfd = cd_load(dir, &l, err, errlen);
  if (dfd == -2) return 0;
  if (dfd < 0) return -1;
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  unsigned long long total = 0;
  size_t k = 0;
  for (size_t i = 0; i < l.n; i++) { /* stale temporaries go; entries are kept for the sort */
    if (l.v[i].kind == 2) {
      if (now.tv_sec - l.v[i].used.tv_sec > CACHE_TEMP_MAX_AGE) unlinkat(dfd, l.v[i].name, 0);
      continue;
    }
    total += l.v[i].size;
    l.v[k++] = l.v[i];
  }
  l.n = k;
  if (max_bytes && total > max_bytes) {
    qsort(l.v, l.n, sizeof *l.v, cd_cmp_use);
    for (size_t i = 0; i < l.n && total > max_bytes; i++)
      if (cd_remove_if_unused(dfd, &l.v[i])) {
        total -= l.v[i].size;
        *freed += l.v[i].size;
        (*removed)++;
      }
  }
  free(l.v);
  close(dfd);
  return 0;
}

int cache_dir_clear(const char* dir, size_t* removed, unsigned long long* freed, char* err, size_t errlen) {
  *removed = 0;
  *freed = 0;
  cd_list l;
  int dfd = cd_load(dir, &l, err, errlen);
  if (dfd == -2) return 0;
  if (dfd < 0) return -1;
  int rc = 0;
  for (size_t i = 0; i < l.n; i++) {
    if (unlinkat(dfd, l.v[i].name, 0) == 0) {
      *removed += l.v[i].kind == 1;
      *freed += l.v[i].size;
    } else if (errno != ENOENT && rc == 0) {
      snprintf(err, errlen, "cache folder %s: cannot remove %s: %s", dir, l.v[i].name, strerror(errno));
      rc = -1;
    }
  }
  free(l.v);
  close(dfd);
  return rc;
}

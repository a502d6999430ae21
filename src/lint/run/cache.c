/* cache.c - the pass-1 cache on disk: file names from the key, entries checked against the bytes of the file and of its headers, written atomically, never trusted when stale or corrupt. */
#define _GNU_SOURCE
#include "run/cache.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "base/readfile.h"
#include "run/cache_dir.h"

#define MAGIC "PQLCACHE"
#define NBUCKETS 1024

/* 128-bit hash: two 64-bit streams (FNV-1a and a rotate-multiply), enough
 * to tell changed bytes from unchanged ones (not against an adversary). */
typedef struct h128 {
  uint64_t a, b;
} h128;

static void h_init(h128* h) {
  h->a = 1469598103934665603ULL;
  h->b = 0x9e3779b97f4a7c15ULL;
}

static void h_add(h128* h, const void* p, size_t n) {
  const unsigned char* s = p;
  uint64_t a = h->a, b = h->b;
  for (size_t i = 0; i < n; i++) {
    a = (a ^ s[i]) * 1099511628211ULL;
    b = ((b ^ s[i]) << 7 | (b ^ s[i]) >> 57) * 0xff51afd7ed558ccdULL;
  }
  h->a = a;
  h->b = b;
}

/* Adds a string with its length (so "ab","c" differs from "a","bc"). */
static void h_str(h128* h, const char* s) {
  uint64_t n = s ? strlen(s) : UINT64_MAX;
  h_add(h, &n, sizeof n);
  if (s) h_add(h, s, strlen(s));
}

static h128 h_of(const void* p, size_t n) {
  h128 h;
  h_init(&h);
  h_add(&h, p, n);
  return h;
}

static int h_eq(h128 x, h128 y) { return x.a == y.a && x.b == y.b; }

/* A header's hash, read once per run. */
typedef struct hdr_memo {
  char* path;
  h128 h;
  int ok; /* 0: unreadable */
  struct hdr_memo* next;
} hdr_memo;

struct cache {
  char* dir;
  h128 salt;
  pthread_mutex_t mu;
  hdr_memo* bucket[NBUCKETS];
  size_t hits, rebuilt, written;
};

static int mkdirs(const char* path) {
  char tmp[4096];
  if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp) return -1;
  for (char* p = tmp + 1; *p; p++)
    if (*p == '/') {
      *p = 0;
      if (mkdir(tmp, 0755) && errno != EEXIST) return -1;
      *p = '/';
    }
  return mkdir(tmp, 0755) && errno != EEXIST ? -1 : 0;
}

int cache_open(const char* dir, const char* salt, const char* const* model_files, size_t nmodels,
               cache** out, char* err, size_t errlen) {
  *out = NULL;
  char def[4096];
  if (!dir) {
    if (cache_dir_default(def, sizeof def, err, errlen)) return -1;
    dir = def;
  }
  struct stat st;
  if (mkdirs(dir) || stat(dir, &st) || !S_ISDIR(st.st_mode) || access(dir, W_OK | X_OK)) {
    snprintf(err, errlen, "cache folder %s cannot be used: %s", dir, strerror(errno ? errno : EACCES));
    return -1;
  }
  cache* c = calloc(1, sizeof *c);
  if (!c || !(c->dir = strdup(dir))) {
    free(c);
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  pthread_mutex_init(&c->mu, NULL);
  /* what every entry depends on: the format, this very pqlint (its code and
   * bundled models), the model files, libclang's version, CPATH, the salt */
  h_init(&c->salt);
  int v = CACHE_FORMAT_VERSION;
  h_add(&c->salt, &v, sizeof v);
  size_t n = 0;
  char* self = readfile("/proc/self/exe", &n);
  if (self) h_add(&c->salt, self, n);
  else h_str(&c->salt, PQL_VERSION);
  free(self);
  for (size_t i = 0; i < nmodels; i++) {
    char* mb = readfile(model_files[i], &n);
    h_str(&c->salt, model_files[i]);
    if (mb) h_add(&c->salt, mb, n);
    free(mb);
  }
  /* the parser itself and the environment it reads include folders from */
  CXString cv = clang_getClangVersion();
  h_str(&c->salt, clang_getCString(cv));
  clang_disposeString(cv);
  h_str(&c->salt, getenv("CPATH"));
  h_str(&c->salt, getenv("C_INCLUDE_PATH"));
  h_str(&c->salt, salt);
  *out = c;
  return 0;
}

void cache_close(cache* c) {
  if (!c) return;
  for (size_t i = 0; i < NBUCKETS; i++)
    for (hdr_memo *m = c->bucket[i], *nx; m; m = nx) {
      nx = m->next;
      free(m->path);
      free(m);
    }
  pthread_mutex_destroy(&c->mu);
  free(c->dir);
  free(c);
}

const char* cache_folder(const cache* c) { return c ? c->dir : NULL; }

int cache_enforce_cap(cache* c, unsigned long long max_bytes, size_t* removed, unsigned long long* freed,
                      char* err, size_t errlen) {
  *removed = 0;
  *freed = 0;
  if (!c || !max_bytes) return 0;
  return cache_dir_prune(c->dir, max_bytes, removed, freed, err, errlen);
}

void cache_stats(const cache* c, size_t* hits, size_t* rebuilt, size_t* written) {
  *hits = c ? c->hits : 0;
  *rebuilt = c ? c->rebuilt : 0;
  *written = c ? c->written : 0;
}

/* The key's hash: salt, path, arguments, flags, pool-module flag. */
static h128 key_hash(const cache* c, const cache_key* k) {
  h128 h = c->salt;
  h_str(&h, k->path);
  for (size_t i = 0; i < k->nargs; i++) h_str(&h, k->args[i]);
  h_str(&h, "--");
  for (size_t i = 0; i < k->nflags; i++) h_str(&h, k->flags[i]);
  h_add(&h, &k->in_pool_module, sizeof k->in_pool_module);
  return h;
}

static void entry_path(const cache* c, h128 kh, char* out, size_t n) {
  snprintf(out, n, "%s/%016llx%016llx.pqlc", c->dir, (unsigned long long)kh.a,
           (unsigned long long)kh.b);
}

/* The hash of the header at path as it is on disk now (memo); 0 if unreadable. */
static int header_hash(cache* c, const char* path, h128* out) {
  h128 ph = h_of(path, strlen(path));
  size_t b = ph.a % NBUCKETS;
  pthread_mutex_lock(&c->mu);
  for (hdr_memo* m = c->bucket[b]; m; m = m->next)
    if (!strcmp(m->path, path)) {
      *out = m->h;
      int ok = m->ok;
      pthread_mutex_unlock(&c->mu);
      return ok;
    }
  pthread_mutex_unlock(&c->mu);
  size_t n = 0;
  char* buf = readfile(path, &n);
  hdr_memo* m = calloc(1, sizeof *m);
  if (!m || !(m->path = strdup(path))) {
    free(m);
    free(buf);
    return 0;
  }
  m->ok = buf != NULL;
  if (buf) m->h = h_of(buf, n);
  free(buf);
  pthread_mutex_lock(&c->mu);
  m->next = c->bucket[b];
  c->bucket[b] = m;
  *out = m->h;
  pthread_mutex_unlock(&c->mu);
  return m->ok;
}

/* Folders whose listing can change what the TU includes: the file's own,
 * every include folder of the flags, every included header's. */
typedef struct dirset {
  char** v;
  size_t n, cap;
  int err;
} dirset;

static void dir_add(dirset* d, const char* path, int parent) {
  char buf[4096];
  if (parent) {
    const char* sl = strrchr(path, '/');
    snprintf(buf, sizeof buf, "%.*s", sl ? (int)(sl - path) : 1, sl ? path : ".");
    if (!*buf) snprintf(buf, sizeof buf, "/");
  } else {
    snprintf(buf, sizeof buf, "%s", path);
  }
  for (size_t i = 0; i < d->n; i++)
    if (!strcmp(d->v[i], buf)) return;
  if (d->n == d->cap) {
    size_t nc = d->cap ? d->cap * 2 : 16;
    char** nv = realloc(d->v, nc * sizeof *nv);
    if (!nv) {
      d->err = 1;
      return;
    }
    d->v = nv;
    d->cap = nc;
  }
  if (!(d->v[d->n] = strdup(buf))) d->err = 1;
  else d->n++;
}

static void dirs_of_args(dirset* d, const char* const* v, size_t n) {
  static const char* const opts[] = {"-I", "-iquote", "-isystem", "-idirafter"};
  for (size_t i = 0; i < n; i++)
    for (size_t o = 0; o < sizeof opts / sizeof *opts; o++) {
      size_t ol = strlen(opts[o]);
      if (strncmp(v[i], opts[o], ol)) continue;
      if (v[i][ol]) dir_add(d, v[i] + ol, 0);
      else if (i + 1 < n) dir_add(d, v[i + 1], 0);
      break;
    }
}

/* The folders' modification times, hashed (a header added to or removed
 * from one changes it). */
static h128 dirs_hash(const dirset* d) {
  h128 h;
  h_init(&h);
  for (size_t i = 0; i < d->n; i++) {
    struct stat st;
    h_str(&h, d->v[i]);
    if (stat(d->v[i], &st) == 0) {
      long long t[2] = {(long long)st.st_mtim.tv_sec, (long long)st.st_mtim.tv_nsec};
      h_add(&h, t, sizeof t);
    }
  }
  return h;
}

static void dirs_free(dirset* d) {
  for (size_t i = 0; i < d->n; i++) free(d->v[i]);
  free(d->v);
}

/* ---- the entry file: MAGIC, version, key hash, content hash, headers
 * (path, hash), folders (paths, hash of their mtimes), payload length and
 * hash, payload (cache_format.c) ---- */

typedef struct rd {
  const uint8_t* p;
  size_t left;
  int bad;
} rd;

static void rd_raw(rd* r, void* v, size_t n) {
  if (r->bad || n > r->left) {
    r->bad = 1;
    memset(v, 0, n);
    return;
  }
  memcpy(v, r->p, n);
  r->p += n;
  r->left -= n;
}

static uint64_t rd_u64(rd* r) {
  uint64_t v = 0;
  rd_raw(r, &v, sizeof v);
  return v;
}

static h128 rd_h(rd* r) {
  h128 h;
  h.a = rd_u64(r);
  h.b = rd_u64(r);
  return h;
}

int cache_get(cache* c, const cache_key* k, const char* buf, size_t len, const model_set* m,
              cache_entry* e) {
  h128 kh = key_hash(c, k);
  char path[4096];
  entry_path(c, kh, path, sizeof path);
  size_t n = 0;
  char* file = readfile(path, &n);
  if (!file) return 1; /* none yet */
  rd r = {(const uint8_t*)file, n, 0};
  char magic[8];
  rd_raw(&r, magic, sizeof magic);
  int valid = !r.bad && !memcmp(magic, MAGIC, 8) && rd_u64(&r) == CACHE_FORMAT_VERSION &&
              h_eq(rd_h(&r), kh) && h_eq(rd_h(&r), h_of(buf, len));
  uint64_t nh = valid ? rd_u64(&r) : 0;
  if (nh > r.left / 24) valid = 0;
  for (uint64_t i = 0; valid && i < nh; i++) {
    uint64_t pl = rd_u64(&r);
    if (r.bad || pl > r.left || pl > 4095) {
      valid = 0;
      break;
    }
    char hp[4096];
    rd_raw(&r, hp, pl);
    hp[pl] = 0;
    h128 want = rd_h(&r), now;
    if (r.bad || !header_hash(c, hp, &now) || !h_eq(want, now)) valid = 0; /* a header changed */
  }
  uint64_t nd = valid ? rd_u64(&r) : 0;
  dirset dirs = {0};
  if (nd > r.left / 8) valid = 0;
  for (uint64_t i = 0; valid && i < nd; i++) {
    uint64_t pl = rd_u64(&r);
    char dp[4096];
    if (r.bad || pl > r.left || pl > 4095) {
      valid = 0;
      break;
    }
    rd_raw(&r, dp, pl);
    dp[pl] = 0;
    dir_add(&dirs, dp, 0);
  }
  if (valid && (dirs.err || !h_eq(rd_h(&r), dirs_hash(&dirs)))) valid = 0; /* a folder changed */
  dirs_free(&dirs);
  uint64_t plen = valid ? rd_u64(&r) : 0;
  h128 ph = valid ? rd_h(&r) : (h128){0, 0};
  if (valid && (r.bad || plen != r.left || !h_eq(ph, h_of(r.p, r.left)))) valid = 0; /* corrupt */
  int rc = valid ? cache_format_read(r.p, r.left, m, e) : -1;
  free(file);
  /* the entry's last use, for the size cap (cache_dir.c): its mtime, set here rather than
   * trusting atime (noatime, relatime); a failure only makes it look older */
  if (rc == 0) utimensat(AT_FDCWD, path, NULL, 0);
  pthread_mutex_lock(&c->mu);
  if (rc == 0) c->hits++;
  else c->rebuilt++;
  pthread_mutex_unlock(&c->mu);
  return rc == 0 ? 0 : 1;
}

/* Growable output for the entry file. */
typedef struct wr {
  uint8_t* buf;
  size_t len, cap;
  int err;
} wr;

static void wr_raw(wr* w, const void* v, size_t n) {
  if (w->err) return;
  if (w->len + n > w->cap) {
    size_t nc = w->cap ? w->cap * 2 : 4096;
    while (nc < w->len + n) nc *= 2;
    uint8_t* nb = realloc(w->buf, nc);
    if (!nb) {
      w->err = 1;
      return;
    }
    w->buf = nb;
    w->cap = nc;
  }
  if (n) memcpy(w->buf + w->len, v, n); /* v may be NULL when n is 0 (an empty array) */
  w->len += n;
}

static void wr_u64(wr* w, uint64_t v) { wr_raw(w, &v, sizeof v); }
static void wr_h(wr* w, h128 h) {
  wr_u64(w, h.a);
  wr_u64(w, h.b);
}

typedef struct incl_ctx {
  wr* w;
  uint64_t n;
  CXTranslationUnit tu;
  CXFile main;
  dirset* dirs;
} incl_ctx;

/* Inclusion visitor: every file the TU read but the main file, with its bytes' hash. */
static void on_include(CXFile f, CXSourceLocation* stack, unsigned depth, CXClientData data) {
  (void)stack;
  incl_ctx* x = data;
  if (depth == 0 || clang_File_isEqual(f, x->main)) return;
  size_t size = 0;
  const char* bytes = clang_getFileContents(x->tu, f, &size);
  CXString name = clang_getFileName(f);
  const char* p = clang_getCString(name);
  if (p && bytes) {
    dir_add(x->dirs, p, 1);
    wr_u64(x->w, strlen(p));
    wr_raw(x->w, p, strlen(p));
    wr_h(x->w, h_of(bytes, size));
    x->n++;
  } else {
    x->w->err = 1; /* a header we cannot name or read: do not cache this file */
  }
  clang_disposeString(name);
}

int cache_put(cache* c, const cache_key* k, const char* buf, size_t len, CXTranslationUnit tu,
              const cache_entry* e) {
  h128 kh = key_hash(c, k);
  wr hdrs = {0}, w = {0}, dl = {0};
  dirset dirs = {0};
  dir_add(&dirs, k->path, 1);
  dirs_of_args(&dirs, k->args, k->nargs);
  dirs_of_args(&dirs, k->flags, k->nflags);
  incl_ctx ix = {&hdrs, 0, tu, clang_getFile(tu, k->path), &dirs};
  clang_getInclusions(tu, on_include, &ix);
  for (size_t i = 0; i < dirs.n; i++) {
    wr_u64(&dl, strlen(dirs.v[i]));
    wr_raw(&dl, dirs.v[i], strlen(dirs.v[i]));
  }
  h128 dh = dirs_hash(&dirs);
  uint8_t* pay = NULL;
  size_t plen = 0, pcap = 0;
  int rc = hdrs.err || dl.err || dirs.err || cache_format_write(e, &pay, &plen, &pcap) ? -1 : 0;
  if (rc == 0) {
    wr_raw(&w, MAGIC, 8);
    wr_u64(&w, CACHE_FORMAT_VERSION);
    wr_h(&w, kh);
    wr_h(&w, h_of(buf, len));
    wr_u64(&w, ix.n);
    wr_raw(&w, hdrs.buf, hdrs.len);
    wr_u64(&w, dirs.n);
    wr_raw(&w, dl.buf, dl.len);
    wr_h(&w, dh);
    wr_u64(&w, plen);
    wr_h(&w, h_of(pay, plen));
    wr_raw(&w, pay, plen);
    rc = w.err ? -1 : 0;
  }
  char path[4096], tmp[4160];
  entry_path(c, kh, path, sizeof path);
  snprintf(tmp, sizeof tmp, "%s.%ld.%lx.tmp", path, (long)getpid(), (unsigned long)pthread_self());
  if (rc == 0) {
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    rc = fd < 0 ? -1 : 0;
    size_t off = 0;
    while (rc == 0 && off < w.len) {
      ssize_t m = write(fd, w.buf + off, w.len - off);
      if (m <= 0) rc = -1;
      else off += (size_t)m;
    }
    if (fd >= 0 && close(fd)) rc = -1;
    if (rc == 0 && rename(tmp, path)) rc = -1;
    if (rc) unlink(tmp);
  }
  free(pay);
  free(hdrs.buf);
  free(dl.buf);
  free(w.buf);
  dirs_free(&dirs);
  if (rc == 0) {
    pthread_mutex_lock(&c->mu);
    c->written++;
    pthread_mutex_unlock(&c->mu);
  }
  return rc;
}

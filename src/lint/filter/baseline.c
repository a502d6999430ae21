/* baseline.c - baselines: writes today's findings as sorted JSON keyed by (path, rule, function, line hash) and flags the covered ones later. */
#include "filter/baseline.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "base/error.h"
#include "base/outfile.h"
#include "report/fingerprint.h"
#include "base/readfile.h"

#define BASELINE_VERSION 1

/* One baseline entry: the key, how many findings it covers, and (when read
 * from a file) where it stands there and how many findings it matched. */
typedef struct bl_entry {
  char* path;      /* relative to the git root (else the cwd), '/'-separated */
  const char* rule;
  char* rule_own;  /* owned copy when read from a file */
  char* function;  /* NULL at file scope */
  char* hash;      /* line-content hash without the ":N" occurrence suffix */
  size_t count, used;
  unsigned line, col; /* position in the baseline file (read entries only) */
} bl_entry;

typedef struct bl_list {
  bl_entry* v;
  size_t n, cap;
} bl_list;

static void bl_list_free(bl_list* l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->v[i].path);
    free(l->v[i].rule_own);
    free(l->v[i].function);
    free(l->v[i].hash);
  }
  free(l->v);
  memset(l, 0, sizeof *l);
}

/* Appends e (the list takes its strings). Returns 0 or PQL_ENOMEM (then
 * e's strings are freed). */
static int bl_push(bl_list* l, bl_entry* e) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 32;
    bl_entry* v = realloc(l->v, cap * sizeof *v);
    if (!v) {
      free(e->path);
      free(e->rule_own);
      free(e->function);
      free(e->hash);
      return PQL_ENOMEM;
    }
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n++] = *e;
  return 0;
}

/* Orders by path, rule, function (file scope first), hash. */
static int bl_cmp(const void* a, const void* b) {
  const bl_entry *x = a, *y = b;
  int c = strcmp(x->path, y->path);
  if (c) return c;
  if ((c = strcmp(x->rule, y->rule))) return c;
  if (!x->function || !y->function) {
    if (x->function != y->function) return x->function ? 1 : -1;
  } else if ((c = strcmp(x->function, y->function))) {
    return c;
  }
  return strcmp(x->hash, y->hash);
}

/* Sorts l and folds equal keys into one entry with the summed count. */
static void bl_sort_fold(bl_list* l) {
  if (l->n > 1) qsort(l->v, l->n, sizeof *l->v, bl_cmp);
  size_t w = 0;
  for (size_t i = 0; i < l->n; i++) {
    if (w && bl_cmp(&l->v[w - 1], &l->v[i]) == 0) {
      l->v[w - 1].count += l->v[i].count;
      free(l->v[i].path);
      free(l->v[i].rule_own);
      free(l->v[i].function);
      free(l->v[i].hash);
      continue;
    }
    l->v[w++] = l->v[i];
  }
  l->n = w;
}

/* ---- paths ---- */

/* Lexically normalises an absolute path in place: "//", "." and ".." go. */
static void bl_normalise(char* p) {
  char* out = p;
  const char* s = p;
  while (*s) {
    while (*s == '/') s++;
    if (!*s) break;
    const char* e = strchr(s, '/');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if (n == 1 && s[0] == '.') {
      /* skip */
    } else if (n == 2 && s[0] == '.' && s[1] == '.') {
      while (out > p && *--out != '/') {
      }
    } else {
      *out++ = '/';
      memmove(out, s, n);
      out += n;
    }
    s += n;
  }
  if (out == p) *out++ = '/';
  *out = 0;
}

/* The folder holding ".git" at or above dir (malloc'd), or NULL. */
static char* bl_git_root(const char* dir) {
  char* d = strdup(dir);
  if (!d) return NULL;
  for (;;) {
    char probe[PATH_MAX + 8];
    struct stat st;
    snprintf(probe, sizeof probe, "%s/.git", strcmp(d, "/") ? d : "");
    if (stat(probe, &st) == 0) return d;
    char* slash = strrchr(d, '/');
    if (!slash || slash == d) break;
    *slash = 0;
  }
  free(d);
  return NULL;
}

/* Where baseline paths are relative to: the git root above srcroot, else
 * srcroot itself. */
typedef struct bl_roots {
  char cwd[PATH_MAX];
  char* git; /* malloc'd or NULL */
} bl_roots;

/* Relative finding paths resolve against the folder pqlint ran in; keys
 * are relative to srcroot (the repository root, or --srcroot). */
static void bl_roots_init(bl_roots* r, const char* srcroot) {
  if (!getcwd(r->cwd, sizeof r->cwd)) snprintf(r->cwd, sizeof r->cwd, "/");
  bl_normalise(r->cwd);
  r->git = srcroot && srcroot[0] == '/' ? strdup(srcroot) : NULL;
  if (r->git) bl_normalise(r->git);
  else r->git = bl_git_root(r->cwd);
}

/* If path is root or under it, the part after "root/" (else NULL). */
static const char* bl_under(const char* path, const char* root) {
  size_t n = strlen(root);
  if (n == 1) return path + 1; /* root is "/" */
  if (strncmp(path, root, n) || (path[n] != '/' && path[n])) return NULL;
  return path[n] ? path + n + 1 : path + n;
}

/* The baseline key path of file (as a finding names it): relative to the
 * git root, else to the cwd, else absolute. malloc'd; NULL on ENOMEM. */
static char* bl_key_path(const bl_roots* r, const char* file) {
  size_t n = strlen(r->cwd) + strlen(file) + 2;
  char* abs = malloc(n);
  if (!abs) return NULL;
  if (file[0] == '/')
    snprintf(abs, n, "%s", file);
  else
    snprintf(abs, n, "%s/%s", r->cwd, file);
  bl_normalise(abs);
  const char* rel = r->git ? bl_under(abs, r->git) : NULL;
  if (!rel) rel = bl_under(abs, r->cwd);
  char* out = strdup(rel ? rel : abs);
  free(abs);
  return out;
}

/* ---- line hashes ---- */

/* Reads the whole file (malloc'd, NUL-terminated). 0, PQL_EIO or PQL_ENOMEM. */
static int bl_read_file(const char* path, char** out, size_t* len) {
  *out = readfile(path, len);
  if (*out) return 0;
  return errno == ENOMEM ? PQL_ENOMEM : PQL_EIO;
}

/* One file's text, cached while consecutive findings name it. */
typedef struct bl_hashes {
  char* file;
  char* text;
  size_t len;
  unsigned at_line; /* the line that starts at text + at_off (findings come sorted by line) */
  size_t at_off;
} bl_hashes;

static void bl_hashes_free(bl_hashes* c) {
  free(c->file);
  free(c->text);
  memset(c, 0, sizeof *c);
}

/* The hash of the content of line (1-based) of file, in *out (malloc'd):
 * GitHub's line hash (fingerprint.h) of that line alone, without the ":N"
 * suffix. Alone, because GitHub's hash also covers up to 100 characters of
 * the lines below, and an edit there must not resurrect a baselined
 * finding; whitespace still does not count. A line past the end hashes as
 * the empty line. Returns 0, PQL_EIO (errbuf names the file) or PQL_ENOMEM. */
static int bl_line_hash(bl_hashes* c, const char* file, unsigned line, char** out, char* errbuf,
                        size_t errlen) {
  if (!c->file || strcmp(c->file, file)) {
    bl_hashes_free(c);
    int rc = bl_read_file(file, &c->text, &c->len);
    if (rc == PQL_EIO) {
      snprintf(errbuf, errlen, "%s: cannot read for the baseline: %s", file, readfile_strerror(errno));
      return rc;
    }
    if (rc) return rc;
    if (!(c->file = strdup(file))) return PQL_ENOMEM;
  }
  if (c->at_line == 0 || line < c->at_line) {
    c->at_line = 1;
    c->at_off = 0;
  }
  const char* p = c->text + c->at_off;
  const char* end = c->text + c->len;
  unsigned l = c->at_line;
  for (; l < line && p < end; l++) {
    const char* nl = memchr(p, '\n', (size_t)(end - p));
    p = nl ? nl + 1 : end;
  }
  c->at_line = l;
  c->at_off = (size_t)(p - c->text);
  const char* e = p;
  while (e < end && *e != '\n' && *e != '\r') e++;
  char** h = NULL;
  size_t n = 0;
  int rc = fingerprint_lines(p, (size_t)(e - p), &h, &n);
  if (rc) return rc;
  const char* first = n ? h[0] : "";
  *out = strndup(first, strcspn(first, ":"));
  fingerprint_free(h, n);
  return *out ? 0 : PQL_ENOMEM;
}

/* Builds the keys of run's findings that are not suppressed (and, if
 * skip_baselined, not yet baselined), one entry per finding, in finding
 * order (index i of out = i-th such finding). 0, PQL_EIO or PQL_ENOMEM. */
static int bl_keys(const lint_run* run, const bl_roots* r, int skip_baselined, bl_list* out,
                   char* errbuf, size_t errlen) {
  bl_hashes cache = {0};
  int rc = 0;
  for (size_t i = 0; i < run->findings.n && rc == 0; i++) {
    const finding* f = &run->findings.v[i];
    if (f->suppressed || (skip_baselined && f->baselined)) continue;
    bl_entry e = {0};
    e.rule = f->rule;
    e.count = 1;
    if (!(e.path = bl_key_path(r, f->loc.file)) ||
        (f->function && !(e.function = strdup(f->function)))) {
      free(e.path);
      rc = PQL_ENOMEM;
      break;
    }
    rc = bl_line_hash(&cache, f->loc.file, f->loc.line, &e.hash, errbuf, errlen);
    if (rc) {
      free(e.path);
      free(e.function);
      break;
    }
    rc = bl_push(out, &e);
  }
  bl_hashes_free(&cache);
  if (rc == PQL_ENOMEM) snprintf(errbuf, errlen, "out of memory while building the baseline");
  return rc;
}

/* ---- writing ---- */

static void bl_put_str(FILE* f, const char* s) {
  if (!s) {
    fputs("null", f);
    return;
  }
  fputc('"', f);
  for (const unsigned char* p = (const unsigned char*)s; *p; p++) {
    switch (*p) {
      case '"': fputs("\\\"", f); break;
      case '\\': fputs("\\\\", f); break;
      case '\n': fputs("\\n", f); break;
      case '\r': fputs("\\r", f); break;
      case '\t': fputs("\\t", f); break;
      default:
        if (*p < 0x20)
          fprintf(f, "\\u%04x", *p);
        else
          fputc(*p, f);
    }
  }
  fputc('"', f);
}

/* Writes the baseline document: one entry per line, so diffs read well. */
static void bl_put_doc(FILE* f, const bl_list* l) {
  fprintf(f, "{\n  \"version\": %d,\n  \"tool\": \"pqlint\",\n  \"entries\": [", BASELINE_VERSION);
  for (size_t i = 0; i < l->n; i++) {
    const bl_entry* e = &l->v[i];
    fputs(i ? ",\n    {\"path\": " : "\n    {\"path\": ", f);
    bl_put_str(f, e->path);
    fputs(", \"rule\": ", f);
    bl_put_str(f, e->rule);
    fputs(", \"function\": ", f);
    bl_put_str(f, e->function);
    fputs(", \"hash\": ", f);
    bl_put_str(f, e->hash);
    fprintf(f, ", \"count\": %zu}", e->count);
  }
  fputs(l->n ? "\n  ]\n}\n" : "]\n}\n", f);
}

/* pql_write_atomic's writer: the sorted entries l as the baseline document. */
static int bl_doc_writer(FILE* f, void* l) {
  bl_put_doc(f, l);
  return 0;
}

int baseline_write(const lint_run* run, const char* path, char* errbuf, size_t errlen) {
  bl_roots r;
  bl_roots_init(&r, run->srcroot);
  bl_list l = {0};
  int rc = bl_keys(run, &r, 0, &l, errbuf, errlen);
  free(r.git);
  if (rc) {
    bl_list_free(&l);
    return rc == PQL_ENOMEM ? rc : PQL_EIO;
  }
  bl_sort_fold(&l);

  rc = pql_write_atomic(path, "baseline", bl_doc_writer, &l, errbuf, errlen);
  bl_list_free(&l);
  return rc;
}

/* ---- reading ---- */

/* Line and column (1-based) of byte offset off in text. */
static void bl_line_col(const char* text, size_t off, unsigned* line, unsigned* col) {
  *line = 1;
  *col = 1;
  for (size_t i = 0; i < off && text[i]; i++) {
    if (text[i] == '\n') {
      (*line)++;
      *col = 1;
    } else {
      (*col)++;
    }
  }
}

/* Offsets of the objects that are elements of an array nested in the root
 * object (the "entries"), in order, found by a small scanner that skips
 * strings. *out is malloc'd (may be NULL when there are none). */
static size_t bl_entry_offsets(const char* text, size_t len, size_t** out) {
  size_t n = 0, cap = 0;
  size_t* v = NULL;
  char stack[64];
  int depth = 0;
  for (size_t i = 0; i < len; i++) {
    char c = text[i];
    if (c == '"') {
      for (i++; i < len && text[i] != '"'; i++)
        if (text[i] == '\\') i++;
    } else if (c == '{' || c == '[') {
      if (c == '{' && depth == 2 && stack[0] == '{' && stack[1] == '[') {
        if (n == cap) {
          cap = cap ? cap * 2 : 64;
          size_t* nv = realloc(v, cap * sizeof *nv);
          if (!nv) break;
          v = nv;
        }
        v[n++] = i;
      }
      if (depth < (int)sizeof stack) stack[depth] = c;
      depth++;
    } else if (c == '}' || c == ']') {
      if (depth > 0) depth--;
    }
  }
  *out = v;
  return n;
}

/* Offset of the first "key" in text (for messages), or 0. */
static size_t bl_key_offset(const char* text, const char* key) {
  char q[64];
  snprintf(q, sizeof q, "\"%s\"", key);
  const char* p = strstr(text, q);
  return p ? (size_t)(p - text) : 0;
}

/* Checks one entry object and appends it to l. Returns 0, PQL_ENOMEM, or
 * PQL_ECONFIG with errbuf "file:L:C: why". */
static int bl_read_entry(const cJSON* o, const char* file, unsigned line, unsigned col,
                         bl_list* l, char* errbuf, size_t errlen) {
  if (!cJSON_IsObject(o)) {
    snprintf(errbuf, errlen, "%s:%u:%u: a baseline entry must be an object", file, line, col);
    return PQL_ECONFIG;
  }
  const char* names[] = {"path", "rule", "hash"};
  const char* vals[3];
  for (int k = 0; k < 3; k++) {
    const cJSON* s = cJSON_GetObjectItemCaseSensitive(o, names[k]);
    if (!cJSON_IsString(s) || !s->valuestring[0]) {
      snprintf(errbuf, errlen, "%s:%u:%u: baseline entry: \"%s\" must be a non-empty string", file,
               line, col, names[k]);
      return PQL_ECONFIG;
    }
    vals[k] = s->valuestring;
  }
  const cJSON* fn = cJSON_GetObjectItemCaseSensitive(o, "function");
  if (fn && !cJSON_IsNull(fn) && !(cJSON_IsString(fn) && fn->valuestring[0])) {
    snprintf(errbuf, errlen, "%s:%u:%u: baseline entry: \"function\" must be a string or null",
             file, line, col);
    return PQL_ECONFIG;
  }
  const cJSON* cnt = cJSON_GetObjectItemCaseSensitive(o, "count");
  double c = cJSON_IsNumber(cnt) ? cnt->valuedouble : -1;
  if (!(c >= 1 && c <= 1e9 && c == (double)(size_t)c)) {
    snprintf(errbuf, errlen, "%s:%u:%u: baseline entry: \"count\" must be a positive integer",
             file, line, col);
    return PQL_ECONFIG;
  }
  bl_entry e = {0};
  e.count = (size_t)c;
  e.line = line;
  e.col = col;
  e.path = strdup(vals[0]);
  e.rule_own = strdup(vals[1]);
  e.hash = strdup(vals[2]);
  e.function = cJSON_IsString(fn) ? strdup(fn->valuestring) : NULL;
  e.rule = e.rule_own;
  if (!e.path || !e.rule_own || !e.hash || (cJSON_IsString(fn) && !e.function)) {
    free(e.path);
    free(e.rule_own);
    free(e.hash);
    free(e.function);
    return PQL_ENOMEM;
  }
  return bl_push(l, &e);
}

/* Parses the baseline text into l (sorted, equal keys folded). Returns 0,
 * PQL_ENOMEM or PQL_ECONFIG (errbuf "file:L:C: why"). */
static int bl_parse(const char* file, const char* text, size_t len, bl_list* l, char* errbuf,
                    size_t errlen) {
  unsigned line, col;
  const char* end = NULL;
  cJSON* root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
  if (!root) {
    size_t off = end && end >= text ? (size_t)(end - text) : 0;
    bl_line_col(text, off, &line, &col);
    snprintf(errbuf, errlen, "%s:%u:%u: the baseline is not valid JSON", file, line, col);
    return PQL_ECONFIG;
  }
  int rc = 0;
  const cJSON* ver = cJSON_GetObjectItemCaseSensitive(root, "version");
  const cJSON* ents = cJSON_GetObjectItemCaseSensitive(root, "entries");
  if (!cJSON_IsObject(root)) {
    snprintf(errbuf, errlen, "%s:1:1: the baseline must be a JSON object", file);
    rc = PQL_ECONFIG;
  } else if (!cJSON_IsNumber(ver) || ver->valuedouble != BASELINE_VERSION) {
    bl_line_col(text, bl_key_offset(text, "version"), &line, &col);
    snprintf(errbuf, errlen, "%s:%u:%u: unsupported baseline \"version\" (expected %d)", file,
             line, col, BASELINE_VERSION);
    rc = PQL_ECONFIG;
  } else if (!cJSON_IsArray(ents)) {
    bl_line_col(text, bl_key_offset(text, "entries"), &line, &col);
    snprintf(errbuf, errlen, "%s:%u:%u: the baseline needs an \"entries\" array", file, line, col);
    rc = PQL_ECONFIG;
  } else {
    size_t* offs = NULL;
    size_t noffs = bl_entry_offsets(text, len, &offs);
    size_t i = 0;
    const cJSON* o;
    cJSON_ArrayForEach(o, ents) {
      if (i < noffs)
        bl_line_col(text, offs[i], &line, &col);
      else
        bl_line_col(text, bl_key_offset(text, "entries"), &line, &col);
      i++;
      if ((rc = bl_read_entry(o, file, line, col, l, errbuf, errlen))) break;
    }
    free(offs);
  }
  cJSON_Delete(root);
  if (rc == PQL_ENOMEM) snprintf(errbuf, errlen, "out of memory while reading %s", file);
  if (rc == 0) bl_sort_fold(l);
  return rc;
}

/* 1 if key path p names a file of this run, or no longer exists: only then
 * may its unmatched entries be called stale (another shard's files are not). */
static int bl_judged(const bl_list* files, const bl_roots* r, const char* p) {
  size_t lo = 0, hi = files->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(files->v[mid].path, p);
    if (c == 0) return 1;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  char abs[PATH_MAX * 2];
  if (p[0] == '/')
    snprintf(abs, sizeof abs, "%s", p);
  else
    snprintf(abs, sizeof abs, "%s/%s", r->git ? r->git : r->cwd, p);
  struct stat st;
  return stat(abs, &st) != 0 && errno == ENOENT;
}

static int bl_path_cmp(const void* a, const void* b) {
  return strcmp(((const bl_entry*)a)->path, ((const bl_entry*)b)->path);
}

int baseline_apply(lint_run* run, const char* path, size_t* nstale, char* errbuf, size_t errlen) {
  *nstale = 0;
  char* text = NULL;
  size_t len = 0;
  int rc = bl_read_file(path, &text, &len);
  if (rc) {
    if (rc == PQL_EIO)
      snprintf(errbuf, errlen, "%s: cannot read the baseline: %s", path, readfile_strerror(errno));
    else
      snprintf(errbuf, errlen, "out of memory while reading %s", path);
    return rc;
  }
  bl_list base = {0}, keys = {0}, files = {0};
  rc = bl_parse(path, text, len, &base, errbuf, errlen);
  free(text);
  bl_roots r;
  bl_roots_init(&r, run->srcroot);
  if (rc == 0) rc = bl_keys(run, &r, 1, &keys, errbuf, errlen);

  /* match: the k-th key belongs to the k-th finding not yet suppressed or baselined */
  size_t k = 0;
  for (size_t i = 0; rc == 0 && i < run->findings.n; i++) {
    finding* f = &run->findings.v[i];
    if (f->suppressed || f->baselined) continue;
    bl_entry* hit = base.n ? bsearch(&keys.v[k], base.v, base.n, sizeof *base.v, bl_cmp) : NULL;
    k++; /* an empty baseline has no array: bsearch must not see NULL */
    if (hit && hit->used < hit->count) {
      hit->used++;
      f->baselined = 1;
      run->nbaselined++;
    }
  }

  /* stale: entries (or parts of their count) that nothing matched */
  for (size_t i = 0; rc == 0 && i < run->nfiles; i++) {
    bl_entry e = {0};
    e.path = bl_key_path(&r, run->files[i].path);
    e.count = 1;
    if (!e.path || bl_push(&files, &e)) rc = PQL_ENOMEM;
  }
  if (rc == 0 && files.n > 1) qsort(files.v, files.n, sizeof *files.v, bl_path_cmp);
  for (size_t i = 0; rc == 0 && i < base.n; i++) {
    const bl_entry* e = &base.v[i];
    if (e->used >= e->count || !bl_judged(&files, &r, e->path)) continue;
    (*nstale)++;
    pql_warnf("%s:%u:%u: stale baseline entry: %s in %s%s%s: %zu of %zu no longer found "
              "(rewrite the baseline with --write-baseline)",
              path, e->line, e->col, e->rule, e->path, e->function ? ", function " : " (file scope)",
              e->function ? e->function : "", e->count - e->used, e->count);
  }
  if (rc == PQL_ENOMEM) snprintf(errbuf, errlen, "out of memory while applying %s", path);
  free(r.git);
  bl_list_free(&base);
  bl_list_free(&keys);
  bl_list_free(&files);
  return rc;
}

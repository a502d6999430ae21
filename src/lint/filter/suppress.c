/* suppress.c - inline suppressions: "// pqlint: ignore[rule,...] reason" on the reported line, or alone on the line above; unknown and unused ones warned about. */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/readfile.h"
#include "base/suggest.h"
#include "filter/suppress.h"

/* Called for each id of a suppression comment (id[0..n), at byte offset
 * off of the line); returns 1 to stop the scan (a match), else 0. */
typedef int (*sup_id_fn)(void* ctx, const char* id, size_t n, size_t off);

/* Where the comment starting at p (just after its opening) ends, in [p, lim). */
static const char* sup_comment_end(const char* p, const char* lim, int block) {
  if (!block) return lim;
  for (const char* q = p; q + 1 < lim; q++)
    if (q[0] == '*' && q[1] == '/') return q;
  return lim;
}

/* If the comment text [p, end) is "pqlint: ignore[LIST]...", calls fn on
 * each id of LIST (blanks allowed around the words and the ids); returns 1
 * if fn stopped the scan. base: the line's start, for the offsets. */
static int sup_comment_ids(const char* base, const char* p, const char* end, sup_id_fn fn, void* ctx) {
  while (p < end && isspace((unsigned char)*p)) p++;
  if (end - p < 7 || strncmp(p, "pqlint:", 7)) return 0;
  p += 7;
  while (p < end && isspace((unsigned char)*p)) p++;
  if (end - p < 7 || strncmp(p, "ignore[", 7)) return 0;
  p += 7;
  const char* close = memchr(p, ']', (size_t)(end - p));
  if (!close) return 0;
  while (p < close) {
    while (p < close && (isspace((unsigned char)*p) || *p == ',')) p++;
    const char* s = p;
    while (p < close && *p != ',' && !isspace((unsigned char)*p)) p++;
    if (p > s && fn(ctx, s, (size_t)(p - s), (size_t)(s - base))) return 1;
  }
  return 0;
}

/* Walks the comments of line[0..len) (outside string and character
 * literals) and calls sup_comment_ids on each; *first_at gets the offset of
 * the first comment (or -1). Returns 1 if fn stopped the scan. A line that
 * starts inside a block comment opened on an earlier line is not
 * understood (its text reads as code). */
static int sup_scan(const char* line, size_t len, sup_id_fn fn, void* ctx, long* first_at) {
  const char* lim = line + len;
  char quote = 0;
  *first_at = -1;
  for (const char* p = line; p < lim; p++) {
    if (quote) {
      if (*p == '\\' && p + 1 < lim) p++;
      else if (*p == quote) quote = 0;
      continue;
    }
    if (*p == '"' || *p == '\'') {
      quote = *p;
      continue;
    }
    if (*p == '/' && p + 1 < lim && (p[1] == '/' || p[1] == '*')) {
      int block = p[1] == '*';
      if (*first_at < 0) *first_at = p - line;
      const char* end = sup_comment_end(p + 2, lim, block);
      if (sup_comment_ids(line, p + 2, end, fn, ctx)) return 1;
      if (!block || end >= lim) return 0;
      p = end + 1; /* the loop's p++ steps past the closing '/' */
    }
  }
  return 0;
}

/* sup_id_fn for suppress_line_matches: stops at rule or "all". */
static int sup_is_rule(void* ctx, const char* id, size_t n, size_t off) {
  (void)off;
  const char* rule = ctx;
  return (n == strlen(rule) && !strncmp(id, rule, n)) || (n == 3 && !strncmp(id, "all", 3));
}

int suppress_line_matches(const char* line, const char* rule) {
  long at;
  return line && rule && sup_scan(line, strlen(line), sup_is_rule, (void*)rule, &at);
}

/* One id of one suppression comment. */
typedef struct sup_entry {
  unsigned line, col;  /* 1-based; col: the id's first byte */
  char* id;
  int alone;           /* only blanks before the line's first comment: it also covers the next line */
  int used;            /* it suppressed a finding */
} sup_entry;

/* The suppressions of one file, read once. */
typedef struct sup_file {
  char* path;
  sup_entry* v;
  size_t n, cap;
  int unreadable;
} sup_file;

typedef struct sup_files {
  sup_file* v;
  size_t n, cap;
  size_t last;
} sup_files;

typedef struct sup_collect {
  sup_file* f;
  unsigned line;
  size_t first; /* index of the line's first entry */
  int oom;
} sup_collect;

/* sup_id_fn that records every id of the line; never stops. */
static int sup_record(void* ctx, const char* id, size_t n, size_t off) {
  sup_collect* c = ctx;
  sup_file* f = c->f;
  if (f->n == f->cap) {
    size_t cap = f->cap ? f->cap * 2 : 8;
    sup_entry* v = realloc(f->v, cap * sizeof *v);
    if (!v) return c->oom = 1;
    f->v = v;
    f->cap = cap;
  }
  char* s = strndup(id, n);
  if (!s) return c->oom = 1;
  f->v[f->n++] = (sup_entry){c->line, (unsigned)off + 1, s, 0, 0};
  return 0;
}

/* Reads path and records its suppressions in f, line by line (lines end at
 * \n, \r\n or \r, as libclang counts them). Returns 0 or PQL_ENOMEM; an
 * unreadable file sets f->unreadable. */
static int sup_read(sup_file* f) {
  size_t len = 0;
  char* text = readfile(f->path, &len);
  if (!text) {
    f->unreadable = 1;
    return errno == ENOMEM ? PQL_ENOMEM : PQL_OK;
  }
  int rc = PQL_OK;
  if (memmem(text, len, "pqlint:", 7)) {
    sup_collect c = {f, 1, 0, 0};
    for (size_t start = 0, i = 0; i <= len && !c.oom; i++) {
      if (i < len && text[i] != '\n' && text[i] != '\r') continue;
      long at;
      c.first = f->n;
      sup_scan(text + start, i - start, sup_record, &c, &at);
      for (size_t k = c.first; k < f->n; k++) {
        int alone = at >= 0;
        for (long b = 0; alone && b < at; b++) alone = isspace((unsigned char)text[start + b]);
        f->v[k].alone = alone;
      }
      if (i < len && text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') i++;
      start = i + 1;
      c.line++;
    }
    if (c.oom) rc = PQL_ENOMEM;
  }
  free(text);
  return rc;
}

/* The suppressions of path, read at first use; NULL on ENOMEM. */
static sup_file* sup_get(sup_files* fs, const char* path) {
  if (fs->last < fs->n && !strcmp(fs->v[fs->last].path, path)) return &fs->v[fs->last];
  for (size_t i = 0; i < fs->n; i++)
    if (!strcmp(fs->v[i].path, path)) return &fs->v[fs->last = i];
  if (fs->n == fs->cap) {
    size_t cap = fs->cap ? fs->cap * 2 : 16;
    sup_file* v = realloc(fs->v, cap * sizeof *v);
    if (!v) return NULL;
    fs->v = v;
    fs->cap = cap;
  }
  sup_file* f = &fs->v[fs->n];
  memset(f, 0, sizeof *f);
  f->path = strdup(path);
  if (!f->path) return NULL;
  fs->last = fs->n++;
  return sup_read(f) ? NULL : f;
}

static void sup_files_free(sup_files* fs) {
  for (size_t i = 0; i < fs->n; i++) {
    for (size_t k = 0; k < fs->v[i].n; k++) free(fs->v[i].v[k].id);
    free(fs->v[i].v);
    free(fs->v[i].path);
  }
  free(fs->v);
}

/* 1 if entry e covers a finding of rule on line. */
static int sup_covers(const sup_entry* e, const char* rule, unsigned line) {
  if (e->line != line && !(e->alone && e->line + 1 == line)) return 0;
  return !strcmp(e->id, rule) || !strcmp(e->id, "all");
}

/* Prints "FILE:LINE:COL: msg" as a warning and appends it to run->sup_warnings. Returns 0 or
 * PQL_ENOMEM (the warning is printed all the same). */
static int sup_emit(lint_run* run, const sup_file* f, const sup_entry* e, lint_sup_kind kind, const char* msg) {
  pql_warnf("%s:%u:%u: %s", f->path, e->line, e->col, msg);
  lint_sup_warning* v = realloc(run->sup_warnings, (run->nsup_warnings + 1) * sizeof *v);
  if (!v) return PQL_ENOMEM;
  run->sup_warnings = v;
  lint_sup_warning* w = &v[run->nsup_warnings];
  *w = (lint_sup_warning){kind, strdup(f->path), e->line, e->col, e->col + (unsigned)strlen(e->id),
                          strdup(e->id), strdup(msg)};
  if (!w->file || !w->id || !w->message) {
    free(w->file);
    free(w->id);
    free(w->message);
    return PQL_ENOMEM;
  }
  run->nsup_warnings++;
  return PQL_OK;
}

/* Warns (stderr, and run->sup_warnings) about the suppressions of f that
 * name no rule of the catalogue and, with report_unused, about those that
 * covered no finding of a rule that ran. Adds how many to chk->nwarnings.
 * Returns 0 or PQL_ENOMEM. */
static int sup_warn(const sup_file* f, suppress_check* chk, lint_run* run) {
  int rc = PQL_OK;
  const model_set* m = chk->models;
  const char** ids = m && m->nrules ? malloc(m->nrules * sizeof *ids) : NULL;
  for (size_t i = 0; ids && i < m->nrules; i++) ids[i] = m->rules[i].id;
  for (size_t k = 0; k < f->n; k++) {
    const sup_entry* e = &f->v[k];
    int all = !strcmp(e->id, "all");
    char msg[512];
    lint_sup_kind kind;
    if (m && !all && !model_rule_find(m, e->id)) {
      const char* hint = ids ? pql_suggest(e->id, ids, m->nrules) : NULL;
      kind = LINT_SUP_UNKNOWN_RULE;
      if (hint)
        snprintf(msg, sizeof msg, "unknown rule '%.200s' in a pqlint suppression (did you mean '%s'?)", e->id, hint);
      else
        snprintf(msg, sizeof msg, "unknown rule '%.200s' in a pqlint suppression (see pqlint --list-rules)", e->id);
    } else if (chk->report_unused && !e->used && (all || lint_rule_enabled(chk->rules, e->id))) {
      kind = LINT_SUP_UNUSED;
      snprintf(msg, sizeof msg, "unused suppression '%.200s': no %.200s%sfinding on %s", e->id, all ? "" : e->id,
               all ? "" : " ", e->alone ? "this line or the next" : "this line");
    } else {
      continue;
    }
    chk->nwarnings++;
    if (sup_emit(run, f, e, kind, msg)) rc = PQL_ENOMEM;
  }
  free(ids);
  return rc;
}

void suppress_warnings_free(lint_run* run) {
  for (size_t i = 0; i < run->nsup_warnings; i++) {
    free(run->sup_warnings[i].file);
    free(run->sup_warnings[i].id);
    free(run->sup_warnings[i].message);
  }
  free(run->sup_warnings);
  run->sup_warnings = NULL;
  run->nsup_warnings = 0;
}

int suppress_apply(lint_run* run) { return suppress_apply_checked(run, NULL); }

static int sup_cmp_path(const void* a, const void* b) {
  return strcmp((*(const sup_file* const*)a)->path, (*(const sup_file* const*)b)->path);
}

int suppress_apply_checked(lint_run* run, suppress_check* chk) {
  sup_files fs = {0};
  int rc = PQL_OK;
  for (size_t i = 0; i < run->findings.n; i++) {
    finding* f = &run->findings.v[i];
    if (f->suppressed || !f->loc.file || !f->rule) continue;
    sup_file* sf = sup_get(&fs, f->loc.file);
    if (!sf) {
      rc = PQL_ENOMEM;
      goto out;
    }
    if (sf->unreadable) {
      rc = PQL_EIO;
      continue;
    }
    int hit = 0;
    for (size_t k = 0; k < sf->n; k++)
      if (sup_covers(&sf->v[k], f->rule, f->loc.line)) hit = sf->v[k].used = 1;
    if (hit) {
      f->suppressed = 1;
      run->nsuppressed++;
    }
  }
  if (!chk) goto out;
  chk->nwarnings = 0;
  for (size_t i = 0; i < run->nfiles; i++) /* every analysed file, also those without findings */
    if (!run->files[i].not_read && !sup_get(&fs, run->files[i].path)) {
      rc = PQL_ENOMEM;
      goto out;
    }
  const sup_file** order = fs.n ? malloc(fs.n * sizeof *order) : NULL;
  if (fs.n && !order) {
    rc = PQL_ENOMEM;
    goto out;
  }
  for (size_t i = 0; i < fs.n; i++) order[i] = &fs.v[i];
  if (fs.n) qsort(order, fs.n, sizeof *order, sup_cmp_path);
  for (size_t i = 0; i < fs.n; i++)
    if (sup_warn(order[i], chk, run)) rc = PQL_ENOMEM;
  free(order);
out:
  sup_files_free(&fs);
  return rc;
}

/* report_src.c - source files read once per report (lines, GitHub line hashes, UTF-16 columns) for the reporters and suppressions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/fingerprint.h"
#include "report/report_internal.h"
#include "base/readfile.h"

/* Splits s->text into lines at \n, \r\n or \r (as libclang counts them). */
static int src_split(report_src* s) {
  size_t cap = 64;
  s->lines = malloc(cap * sizeof *s->lines);
  s->line_len = malloc(cap * sizeof *s->line_len);
  if (!s->lines || !s->line_len) return -1;
  size_t start = 0;
  for (size_t i = 0; i <= s->len; i++) {
    int end = i == s->len || s->text[i] == '\n' || s->text[i] == '\r';
    if (!end) continue;
    if (i == s->len && start == i && s->nlines > 0) break;
    if (s->nlines == cap) {
      cap *= 2;
      const char** l = realloc(s->lines, cap * sizeof *l);
      if (!l) return -1;
      s->lines = l;
      size_t* ll = realloc(s->line_len, cap * sizeof *ll);
      if (!ll) return -1;
      s->line_len = ll;
    }
    s->lines[s->nlines] = s->text + start;
    s->line_len[s->nlines++] = i - start;
    if (i < s->len && s->text[i] == '\r' && i + 1 < s->len && s->text[i + 1] == '\n') i++;
    start = i + 1;
  }
  return 0;
}

report_src* report_src_get(report_srcs* c, const char* path) {
  if (c->last < c->n && !strcmp(c->v[c->last].path, path)) return &c->v[c->last];
  for (size_t i = 0; i < c->n; i++)
    if (!strcmp(c->v[i].path, path)) return &c->v[c->last = i];
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 16;
    report_src* v = realloc(c->v, cap * sizeof *v);
    if (!v) return NULL;
    c->v = v;
    c->cap = cap;
  }
  report_src* s = &c->v[c->n];
  memset(s, 0, sizeof *s);
  s->path = strdup(path);
  if (!s->path) return NULL;
  c->last = c->n++;
  s->text = readfile(path, &s->len);
  if (s->text && src_split(s)) {
    free(s->text);
    s->text = NULL;
    s->nlines = 0;
  }
  return s;
}

const char* report_src_hash(report_srcs* c, const char* path, unsigned line) {
  report_src* s = report_src_get(c, path);
  if (!s || !s->text || line == 0) return NULL;
  if (!s->hashed) {
    s->hashed = 1;
    if (fingerprint_lines(s->text, s->len, &s->hashes, &s->nhashes)) {
      s->hashes = NULL;
      s->nhashes = 0;
    }
  }
  return line <= s->nhashes ? s->hashes[line - 1] : NULL;
}

/* UTF-16 code units of the first (col - 1) bytes of the line, plus one.
 * Bytes past the end of the line count one unit each. */
unsigned report_src_utf16_col(report_srcs* c, const char* path, unsigned line, unsigned col) {
  report_src* s = report_src_get(c, path);
  if (!s || !s->text || line == 0 || line > s->nlines || col <= 1) return col;
  const unsigned char* p = (const unsigned char*)s->lines[line - 1];
  size_t n = s->line_len[line - 1], bytes = col - 1, units = 0;
  size_t i = 0;
  for (; i < bytes && i < n;) {
    unsigned char b = p[i];
    size_t len = b < 0x80 ? 1 : (b & 0xe0) == 0xc0 ? 2 : (b & 0xf0) == 0xe0 ? 3 : (b & 0xf8) == 0xf0 ? 4 : 1;
    if (i + len > n) len = 1;
    units += len == 4 ? 2 : 1;
    i += len;
  }
  if (bytes > i) units += bytes - i;
  return (unsigned)units + 1;
}

void report_srcs_free(report_srcs* c) {
  for (size_t i = 0; i < c->n; i++) {
    free(c->v[i].path);
    free(c->v[i].text);
    free(c->v[i].lines);
    free(c->v[i].line_len);
    fingerprint_free(c->v[i].hashes, c->v[i].nhashes);
  }
  free(c->v);
  memset(c, 0, sizeof *c);
}

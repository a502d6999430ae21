/* suppress.c - inline suppressions: "// pqlint: ignore[rule,...] reason" on the reported line, or alone on the line above. */
#include <ctype.h>
#include <string.h>

#include "base/error.h"
#include "report/report_internal.h"
#include "filter/suppress.h"

/* Where the comment starting at p (just after its opening) ends. */
static const char* sup_comment_end(const char* p, int block) {
  if (!block) return p + strlen(p);
  const char* e = strstr(p, "*/");
  return e ? e : p + strlen(p);
}

/* 1 if the comment text [p, end) is "pqlint: ignore[LIST]..." and LIST
 * names rule or "all". Blanks are allowed around the words and the ids. */
static int sup_comment_matches(const char* p, const char* end, const char* rule) {
  while (p < end && isspace((unsigned char)*p)) p++;
  if (end - p < 7 || strncmp(p, "pqlint:", 7)) return 0;
  p += 7;
  while (p < end && isspace((unsigned char)*p)) p++;
  if (end - p < 7 || strncmp(p, "ignore[", 7)) return 0;
  p += 7;
  const char* close = memchr(p, ']', (size_t)(end - p));
  if (!close) return 0;
  size_t rlen = strlen(rule);
  while (p < close) {
    while (p < close && (isspace((unsigned char)*p) || *p == ',')) p++;
    const char* s = p;
    while (p < close && *p != ',' && !isspace((unsigned char)*p)) p++;
    size_t n = (size_t)(p - s);
    if (n == 0) continue;
    if ((n == rlen && !strncmp(s, rule, n)) || (n == 3 && !strncmp(s, "all", 3))) return 1;
  }
  return 0;
}

/* Walks the comments of one line (outside string and character literals)
 * and calls sup_comment_matches on each; *first_at gets the offset of the
 * first comment (or -1). A line that starts inside a block comment opened
 * on an earlier line is not understood (its text reads as code). */
static int sup_scan(const char* line, const char* rule, long* first_at) {
  char quote = 0;
  *first_at = -1;
  for (const char* p = line; *p; p++) {
    if (quote) {
      if (*p == '\\' && p[1]) p++;
      else if (*p == quote) quote = 0;
      continue;
    }
    if (*p == '"' || *p == '\'') {
      quote = *p;
      continue;
    }
    if (*p == '/' && (p[1] == '/' || p[1] == '*')) {
      int block = p[1] == '*';
      if (*first_at < 0) *first_at = p - line;
      const char* body = p + 2;
      const char* end = sup_comment_end(body, block);
      if (sup_comment_matches(body, end, rule)) return 1;
      if (!block || !*end) return 0;
      p = end + 1; /* the loop's p++ steps past the closing '/' */
    }
  }
  return 0;
}

int suppress_line_matches(const char* line, const char* rule) {
  long at;
  return line && rule && sup_scan(line, rule, &at);
}

/* 1 if line holds nothing but blanks before its first comment, and that
 * comment (or a later one) suppresses rule. */
static int sup_alone_matches(const char* line, const char* rule) {
  long at;
  if (!sup_scan(line, rule, &at) || at < 0) return 0;
  for (long i = 0; i < at; i++)
    if (!isspace((unsigned char)line[i])) return 0;
  return 1;
}

/* Copies line n (1-based) of s into buf (cut at buflen - 1); 0 if absent. */
static int sup_line(const report_src* s, unsigned n, char* buf, size_t buflen) {
  if (!s->text || n == 0 || n > s->nlines) return 0;
  size_t len = s->line_len[n - 1];
  if (len >= buflen) len = buflen - 1;
  memcpy(buf, s->lines[n - 1], len);
  buf[len] = '\0';
  return 1;
}

int suppress_apply(lint_run* run) {
  report_srcs cache = {0};
  int rc = PQL_OK;
  char line[16384];
  for (size_t i = 0; i < run->findings.n; i++) {
    finding* f = &run->findings.v[i];
    if (f->suppressed || !f->loc.file || !f->rule) continue;
    report_src* s = report_src_get(&cache, f->loc.file);
    if (!s) {
      rc = PQL_ENOMEM;
      break;
    }
    if (!s->text) {
      rc = PQL_EIO;
      continue;
    }
    int hit = sup_line(s, f->loc.line, line, sizeof line) && suppress_line_matches(line, f->rule);
    if (!hit && f->loc.line > 1 && sup_line(s, f->loc.line - 1, line, sizeof line))
      hit = sup_alone_matches(line, f->rule);
    if (hit) {
      f->suppressed = 1;
      run->nsuppressed++;
    }
  }
  report_srcs_free(&cache);
  return rc;
}

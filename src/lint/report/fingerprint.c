/* fingerprint.c - GitHub's primaryLocationLineHash per line (a port of codeql-action src/fingerprints.ts). */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "report/fingerprint.h"

#define FP_BLOCK 100
#define FP_MOD 37u
#define FP_EOF 65535u

/* A small open-addressing map from hash value to how often it was seen. */
typedef struct fp_count {
  uint64_t* keys;
  unsigned* vals;
  size_t cap, n;
} fp_count;

/* Returns the new count of h (1 the first time), or 0 on ENOMEM. */
static unsigned fp_count_bump(fp_count* m, uint64_t h) {
  if (2 * (m->n + 1) > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 256;
    uint64_t* k = calloc(cap, sizeof *k);
    unsigned* v = calloc(cap, sizeof *v);
    if (!k || !v) {
      free(k);
      free(v);
      return 0;
    }
    for (size_t i = 0; i < m->cap; i++) {
      if (!m->vals[i]) continue;
      size_t j = (size_t)(m->keys[i] * 0x9e3779b97f4a7c15ull) & (cap - 1);
      while (v[j]) j = (j + 1) & (cap - 1);
      k[j] = m->keys[i];
      v[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = k;
    m->vals = v;
    m->cap = cap;
  }
  size_t j = (size_t)(h * 0x9e3779b97f4a7c15ull) & (m->cap - 1);
  while (m->vals[j] && m->keys[j] != h) j = (j + 1) & (m->cap - 1);
  if (!m->vals[j]) {
    m->keys[j] = h;
    m->n++;
  }
  return ++m->vals[j];
}

typedef struct fp_state {
  uint32_t window[FP_BLOCK];
  long line_numbers[FP_BLOCK];
  uint64_t hash, first_mod;
  size_t index;
  long line_number;
  int line_start, prev_cr;
  fp_count counts;
  char** out;
  size_t out_cap;
  int oom;
} fp_state;

static void fp_output(fp_state* s) {
  long ln = s->line_numbers[s->index];
  s->line_numbers[s->index] = -1;
  unsigned c = fp_count_bump(&s->counts, s->hash);
  if (!c) {
    s->oom = 1;
    return;
  }
  if ((size_t)ln > s->out_cap) {
    size_t cap = s->out_cap ? s->out_cap : 64;
    while (cap < (size_t)ln) cap *= 2;
    char** o = realloc(s->out, cap * sizeof *o);
    if (!o) {
      s->oom = 1;
      return;
    }
    memset(o + s->out_cap, 0, (cap - s->out_cap) * sizeof *o);
    s->out = o;
    s->out_cap = cap;
  }
  char buf[40];
  snprintf(buf, sizeof buf, "%" PRIx64 ":%u", s->hash, c);
  s->out[ln - 1] = strdup(buf);
  if (!s->out[ln - 1]) s->oom = 1;
}

static void fp_update(fp_state* s, uint32_t cur) {
  uint32_t begin = s->window[s->index];
  s->window[s->index] = cur;
  s->hash = FP_MOD * s->hash + cur - s->first_mod * begin;
  s->index = (s->index + 1) % FP_BLOCK;
}

static void fp_char(fp_state* s, uint32_t cur) {
  if (cur == ' ' || cur == '\t' || (s->prev_cr && cur == '\n')) {
    s->prev_cr = 0;
    return;
  }
  if (cur == '\r') {
    cur = '\n';
    s->prev_cr = 1;
  } else {
    s->prev_cr = 0;
  }
  if (s->line_numbers[s->index] != -1) fp_output(s);
  if (s->line_start) {
    s->line_start = 0;
    s->line_number++;
    s->line_numbers[s->index] = s->line_number;
  }
  if (cur == '\n') s->line_start = 1;
  fp_update(s, cur);
}

/* Decodes one UTF-8 sequence at p (n bytes left) into a code point; sets
 * *used. Invalid or truncated input gives U+FFFD for one byte, as a
 * JavaScript TextDecoder does for a lone bad byte. */
static uint32_t fp_utf8(const unsigned char* p, size_t n, size_t* used) {
  unsigned char c = p[0];
  *used = 1;
  if (c < 0x80) return c;
  size_t len;
  uint32_t cp, min;
  if ((c & 0xe0) == 0xc0) len = 2, cp = c & 0x1f, min = 0x80;
  else if ((c & 0xf0) == 0xe0) len = 3, cp = c & 0x0f, min = 0x800;
  else if ((c & 0xf8) == 0xf0) len = 4, cp = c & 0x07, min = 0x10000;
  else return 0xfffd;
  if (len > n) return 0xfffd;
  for (size_t i = 1; i < len; i++) {
    if ((p[i] & 0xc0) != 0x80) return 0xfffd;
    cp = (cp << 6) | (p[i] & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0xfffd;
  *used = len;
  return cp;
}

int fingerprint_lines(const char* text, size_t len, char*** out, size_t* nlines) {
  fp_state* s = calloc(1, sizeof *s);
  if (!s) return PQL_ENOMEM;
  s->first_mod = 1;
  for (int i = 0; i < FP_BLOCK; i++) s->first_mod *= FP_MOD;
  for (int i = 0; i < FP_BLOCK; i++) s->line_numbers[i] = -1;
  s->line_start = 1;
  const unsigned char* p = (const unsigned char*)text;
  for (size_t i = 0; i < len && !s->oom;) {
    size_t used;
    uint32_t cp = fp_utf8(p + i, len - i, &used);
    i += used;
    if (cp >= 0x10000) { /* a UTF-16 surrogate pair, as charCodeAt sees it */
      cp -= 0x10000;
      fp_char(s, 0xd800 + (cp >> 10));
      fp_char(s, 0xdc00 + (cp & 0x3ff));
    } else {
      fp_char(s, cp);
    }
  }
  fp_char(s, FP_EOF);
  for (int i = 0; i < FP_BLOCK && !s->oom; i++) {
    if (s->line_numbers[s->index] != -1) fp_output(s);
    fp_update(s, 0);
  }
  int rc = s->oom ? PQL_ENOMEM : PQL_OK;
  size_t n = (size_t)s->line_number;
  if (rc == 0) {
    for (size_t i = 0; i < n; i++)
      if (!s->out[i]) rc = PQL_ENOMEM;
  }
  if (rc) {
    fingerprint_free(s->out, s->out_cap);
    *out = NULL;
    *nlines = 0;
  } else {
    *out = s->out;
    *nlines = n;
  }
  free(s->counts.keys);
  free(s->counts.vals);
  free(s);
  return rc;
}

void fingerprint_free(char** hashes, size_t nlines) {
  if (!hashes) return;
  for (size_t i = 0; i < nlines; i++) free(hashes[i]);
  free(hashes);
}

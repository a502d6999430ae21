/* outbuf.c - pqpool's bounded text writer (snprintf semantics) with JSON and Prometheus escaping. */
#include "outbuf.h"
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "pqpool.h"

static const char utf8_replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

void pool_out_init(pool_out *o, char *buf, size_t cap) {
  o->buf = buf;
  o->cap = buf ? cap : 0;
  o->len = 0;
}

void pool_out_put(pool_out *o, const char *s, size_t n) {
  if (o->len + 1 < o->cap) {
    size_t room = o->cap - 1 - o->len;
    memcpy(o->buf + o->len, s, n < room ? n : room);
  }
  o->len += n;
}

void pool_out_str(pool_out *o, const char *s) { pool_out_put(o, s, strlen(s)); }

void pool_out_printf(pool_out *o, const char *fmt, ...) {
  int fits = o->len < o->cap; /* vsnprintf truncates and terminates inside the room left */
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(fits ? o->buf + o->len : NULL, fits ? o->cap - o->len : 0, fmt, ap);
  va_end(ap);
  if (n > 0) o->len += (size_t)n;
}

/* Length of the well-formed UTF-8 sequence at s (1..4), or 0 if the bytes there are not one
   (overlong forms, surrogates and code points above U+10FFFF are not). s[0] >= 0x80. */
static size_t utf8_seq(const unsigned char *s) {
  unsigned c = s[0];
  size_t n;
  unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else
    return 0;
  if (s[1] < lo || s[1] > hi) return 0;
  for (size_t i = 2; i < n; i++)
    if (s[i] < 0x80 || s[i] > 0xBF) return 0;
  return n;
}

/* Copies s, escaping by esc (returns the escape for an ASCII byte, or NULL to copy it) and
   replacing ill-formed UTF-8 with U+FFFD. */
static void put_escaped(pool_out *o, const char *s, const char *(*esc)(unsigned char c, char tmp[8])) {
  const unsigned char *u = (const unsigned char *)s;
  char tmp[8];
  while (*u) {
    if (*u < 0x80) {
      const char *e = esc(*u, tmp);
      if (e)
        pool_out_str(o, e);
      else
        pool_out_put(o, (const char *)u, 1);
      u++;
      continue;
    }
    size_t n = utf8_seq(u);
    if (n) {
      pool_out_put(o, (const char *)u, n);
      u += n;
    } else {
      pool_out_put(o, utf8_replacement, 3);
      u++;
    }
  }
}

static const char *json_esc(unsigned char c, char tmp[8]) {
  switch (c) {
  case '"': return "\\\"";
  case '\\': return "\\\\";
  case '\b': return "\\b";
  case '\f': return "\\f";
  case '\n': return "\\n";
  case '\r': return "\\r";
  case '\t': return "\\t";
  default:
    if (c >= 0x20) return NULL;
    snprintf(tmp, 8, "\\u%04x", c);
    return tmp;
  }
}

static const char *prom_esc(unsigned char c, char tmp[8]) {
  (void)tmp;
  switch (c) {
  case '"': return "\\\"";
  case '\\': return "\\\\";
  case '\n': return "\\n";
  default: return NULL;
  }
}

void pool_out_json_string(pool_out *o, const char *s) {
  pool_out_put(o, "\"", 1);
  put_escaped(o, s, json_esc);
  pool_out_put(o, "\"", 1);
}

void pool_out_prom_label(pool_out *o, const char *s) { put_escaped(o, s, prom_esc); }

int pool_out_finish(pool_out *o) {
  if (o->cap > 0) o->buf[o->len < o->cap ? o->len : o->cap - 1] = 0;
  return o->len > INT_MAX ? PQPOOL_ENOMEM : (int)o->len;
}

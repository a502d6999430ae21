/* incline.c - the #include lines of a file's text, for the readers that look at includes before libclang does (incguard, prefilter). */
#include "parse/incline.h"

#include <string.h>

int incline_each(const char* buf, size_t len, int (*fn)(const incline*, void*), void* ctx) {
  const char* end = buf + len;
  for (const char* p = buf; p < end;) {
    const char* eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol) eol = end;
    const char* q = p;
    while (q < eol && (*q == ' ' || *q == '\t')) q++;
    if (q < eol && *q == '#') {
      q++;
      while (q < eol && (*q == ' ' || *q == '\t')) q++;
      size_t kw = eol - q > 12 && !strncmp(q, "include_next", 12) ? 12
                  : eol - q > 7 && !strncmp(q, "include", 7) ? 7 : 0;
      if (kw) {
        q += kw;
        while (q < eol && (*q == ' ' || *q == '\t')) q++;
        char open = q < eol ? *q : 0, close = open == '"' ? '"' : open == '<' ? '>' : 0;
        const char* e = close ? memchr(q + 1, close, (size_t)(eol - q - 1)) : NULL;
        if (e && e > q + 1) {
          incline l = {q + 1, (size_t)(e - q - 1), open == '"', kw == 12};
          int r = fn(&l, ctx);
          if (r) return r;
        }
      }
    }
    p = eol + 1;
  }
  return 0;
}

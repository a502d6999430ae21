/* incline.h - the #include lines of a file's text, for the readers that look at includes before libclang does (incguard, prefilter). */
#ifndef PQL_INCLINE_H
#define PQL_INCLINE_H

#include <stddef.h>

/* One include directive: the name between its quotes or angle brackets. */
typedef struct incline {
  const char* name; /* into the text, not NUL-terminated */
  size_t len;       /* > 0 */
  int quoted;       /* 1 for "name", 0 for <name> */
  int next;         /* 1 for #include_next */
} incline;

/* Calls fn(&line, ctx) for each `#include "name"`, `#include <name>` (and
 * `#include_next`) line of buf[0..len) with a non-empty, closed name, in
 * order; stops when fn returns non-zero and returns that; 0 after the last. */
int incline_each(const char* buf, size_t len, int (*fn)(const incline*, void*), void* ctx);

#endif

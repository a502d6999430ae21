/* fmtsize.c - a number of bytes in words for messages (limits, the cache's size). */
#include "base/fmtsize.h"

#include <stdio.h>

void pql_fmt_size(unsigned long long n, char* out, size_t len) {
  if (n >= (1u << 20)) {
    if (n % (1u << 20) == 0) snprintf(out, len, "%llu MB", n >> 20);
    else snprintf(out, len, "%.1f MB", (double)n / (1u << 20));
  } else if (n >= 1024 && n % 1024 == 0) {
    snprintf(out, len, "%llu kB", n >> 10);
  } else {
    snprintf(out, len, "%llu bytes", n);
  }
}

/* fmtsize.h - a number of bytes in words for messages: "8 MB", "1.5 MB", "12 kB", "100 bytes". */
#ifndef PQL_FMTSIZE_H
#define PQL_FMTSIZE_H

#include <stddef.h>

/* n bytes into out[0..len) as "8 MB", "1.5 MB", "3072 MB", "12 kB" or "100 bytes" (1 MB = 1024 kB:
 * kB only for whole kB below 1 MB). Always NUL-terminated. */
void pql_fmt_size(unsigned long long n, char* out, size_t len);

#endif

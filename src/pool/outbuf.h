/* outbuf.h - pqpool's bounded text writer with snprintf semantics and the escapes of JSON and Prometheus text. */
#ifndef PQPOOL_OUTBUF_H
#define PQPOOL_OUTBUF_H

#include <stddef.h>

/* Writes into buf[0..cap-1] while it fits and counts every byte, so the caller learns the full
   length as snprintf reports it. buf may be NULL when cap is 0. */
typedef struct pool_out {
  char *buf;
  size_t cap, len;
} pool_out;

void pool_out_init(pool_out *o, char *buf, size_t cap);
void pool_out_put(pool_out *o, const char *s, size_t n);
void pool_out_str(pool_out *o, const char *s);
void pool_out_printf(pool_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s as a JSON string with its quotes: ", \ and control characters escaped, bytes that are not
   well-formed UTF-8 replaced by U+FFFD. */
void pool_out_json_string(pool_out *o, const char *s);
/* s as the inside of a Prometheus label value: \, " and newline escaped; not UTF-8 -> U+FFFD. */
void pool_out_prom_label(pool_out *o, const char *s);
/* NUL-terminates (truncating, as snprintf) and returns the full length, or PQPOOL_ENOMEM if that
   does not fit an int. */
int pool_out_finish(pool_out *o);

#endif

/* cache_format.h - the bytes of one cache entry: what pass 1 made of a file (parse facts, syntactic findings, the lowered IR), written and read by one field list. */
#ifndef PQL_CACHE_FORMAT_H
#define PQL_CACHE_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "base/lint.h"
#include "ir/flow.h"

/* Bump on any change of what an entry holds (a field added to the IR, to a
 * finding, to lint_file): entries of another version are never read. */
#define CACHE_FORMAT_VERSION 11

/* What pass 1 made of one file. */
typedef struct cache_entry {
  int parse_errors;
  char* first_error;         /* malloc'd or NULL */
  finding_list findings;     /* syntactic findings */
  flow_unit* unit;           /* NULL when lowering failed */
} cache_entry;

/* Appends e to *buf (malloc'd, *len bytes, *cap room; start with NULL/0/0).
 * Returns 0, PQL_ENOMEM, or PQL_EINVAL when the unit holds what the format
 * cannot say (an unmodelled reason the table of cache_format.c lacks). */
int cache_format_write(const cache_entry* e, uint8_t** buf, size_t* len, size_t* cap);

/* Reads an entry from [p, p+len): every count, index and string is checked
 * against the bytes left; rule ids are mapped to the catalogue of m (an id
 * it does not know makes the entry unreadable). Returns 0 with *e filled
 * (free with cache_entry_free), or -1 when the bytes are not a whole valid
 * entry (nothing is left allocated), PQL_ENOMEM. */
int cache_format_read(const uint8_t* p, size_t len, const model_set* m, cache_entry* e);

void cache_entry_free(cache_entry* e);

#endif

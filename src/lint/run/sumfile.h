/* sumfile.h - the summaries file of `pqlint summaries -o S.json`: which files a run parses and why, and the whole program's function summaries, so that `--summaries S.json --shard K/N` parses only its share. */
#ifndef PQL_SUMFILE_H
#define PQL_SUMFILE_H

#include <stddef.h>

#include "input/sources.h"
#include "ir/flow.h"

#define SUMFILE_FORMAT 4

typedef struct sumfile sumfile;

/* The JSON text (malloc'd) of a run over src: per file its SEL_* reason
 * (why[i]), the common flags, and every summary of sums (units[i]: file i's
 * unit, to name the file of each summary). NULL on ENOMEM. */
char* sumfile_dump(const source_list* src, const int* why, const char* const* flags, size_t nflags,
                   flow_unit* const* units, const flow_summaries* sums);

/* Reads path. Returns 0 with *out set, or PQL_EINPUT with err naming the
 * file and what is wrong (not JSON, another format, a field missing). */
int sumfile_load(const char* path, sumfile** out, char* err, size_t errlen);
void sumfile_free(sumfile* f);

/* Checks that f was made for these inputs (the same files, the same flags).
 * Returns 0, or PQL_EINPUT with err saying what differs. Fills why[i]. */
int sumfile_match(const sumfile* f, const source_list* src, const char* const* flags, size_t nflags,
                  int* why, char* err, size_t errlen);

/* The summaries table of f: a summary of a file of src gets that file's
 * unit (units[i], may be NULL: another identity per file then), so a
 * call resolves exactly as in the run that wrote f. NULL on ENOMEM. */
flow_summaries* sumfile_table(const sumfile* f, const source_list* src, flow_unit* const* units);

#endif

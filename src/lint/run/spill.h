/* spill.h - the spill store: lowered units beyond a memory budget go to an unlinked temporary file between pass 1 and pass 2, and come back one at a time. */
#ifndef PQL_SPILL_H
#define PQL_SPILL_H

#include <stddef.h>

#include "ir/flow.h"

typedef struct spill spill;

/* A store for n files (indexes 0..n-1) keeping at most budget bytes of
 * lowered IR in memory (--memory-budget; 0: every unit with functions is
 * spilled). Returns NULL on ENOMEM. */
spill* spill_new(size_t n, size_t budget);

/* Frees the store and closes its file (the file was unlinked when it was
 * created: nothing is left on disk). The units stay the caller's. */
void spill_free(spill* sp);

/* Pass 1, any thread: u (file i) is lowered. While the IR in memory stays
 * under the budget it is kept; past it, u's functions are written to the
 * spill file and replaced in place by a skeleton (names, scalar facts,
 * the distinct callees, a handle-typed variable if it had one: what the
 * file selection and the summaries' dependency scan read). The flow_unit
 * pointer itself never changes. A failed write keeps u in memory (one
 * warning). */
void spill_admit(spill* sp, size_t i, flow_unit* u);

/* Brings file i's full functions back into u (a no-op when they are in
 * memory). Thread-safe for distinct i. Returns 0, or PQL_EIO / PQL_ENOMEM
 * (u keeps its skeleton; an error naming the spill file is printed). */
int spill_load(spill* sp, size_t i, flow_unit* u);

/* Done with file i's full functions: when the IR in memory is over the
 * budget they are freed and the skeleton put back (the bytes on disk stay
 * valid: the IR does not change after lowering). */
void spill_done(spill* sp, size_t i, flow_unit* u);

/* Counts for PQL_TIMING: units written, reloads, bytes in the file, the
 * highest estimate of IR bytes in memory. */
void spill_stats(const spill* sp, size_t* written, size_t* loads, size_t* file_bytes, size_t* peak);

/* The estimated heap bytes of u's IR (allocations and their overhead). */
size_t spill_unit_bytes(const flow_unit* u);

#endif

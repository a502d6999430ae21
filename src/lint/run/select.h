/* select.h - which files a run parses: files whose own text names a model name or a learned wrapper, plus the files that define what their handle-holding functions call (for summaries). */
#ifndef PQL_SELECT_H
#define PQL_SELECT_H

#include <stddef.h>

#include "input/sources.h"
#include "ir/flow.h"
#include "parse/prefilter.h"

typedef struct selector selector;

/* Why a file is parsed. */
enum { SEL_NO = 0, SEL_MODEL, SEL_LEARNED, SEL_SUMMARY };

/* A selector for the n files of src; flags: the common compiler flags (their
 * -I folders resolve quoted includes, as do each file's own). Returns 0 or
 * PQL_ENOMEM. */
int select_new(const source_list* src, const prefilter* pf, const char* const* flags, size_t nflags,
               selector** out);
void select_free(selector* s);

/* Pass 0, thread-safe for distinct i: scans file i's bytes (no NUL in them).
 * Returns 0 or PQL_ENOMEM. */
int select_scan(selector* s, size_t i, const char* buf, size_t len);

/* After every select_scan: learns the macros and inline functions of headers
 * that expand to a model name, then fills batch (room for n indexes) with
 * the files to parse first; *nbatch may be 0. Returns 0 or PQL_ENOMEM. */
int select_first(selector* s, size_t* batch, size_t* nbatch);

/* After the files of the last batch were lowered (units[i] of every file,
 * NULL when not parsed): the calls made by functions that touch a handle,
 * and by the functions they call, need summaries; files defining them that
 * are not parsed yet go into batch. Returns 0 or PQL_ENOMEM. */
int select_after_lowering(selector* s, flow_unit* const* units, size_t* batch, size_t* nbatch);

/* After summaries: functions whose summary acquires, releases, takes over or
 * hands out a handle are learned names; files naming one that are not parsed
 * yet go into batch. Returns 0 or PQL_ENOMEM. */
int select_after_summaries(selector* s, const flow_summaries* sums, size_t* batch, size_t* nbatch);

/* Names learned from summaries outside this run (--summaries FILE): as if
 * select_after_summaries had learned them. Call before select_first. */
int select_learn(selector* s, const char* name);

/* Marks file i as parsed for another reason (a shard's list from a
 * summaries file); it will not be put in a batch. */
void select_mark(selector* s, size_t i, int why);

/* SEL_* for file i (SEL_NO: not parsed). */
int select_reason(const selector* s, size_t i);

#endif

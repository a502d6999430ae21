/* flow.h - path analysis (issue 3): lowering of function bodies to a CFG, summaries, and the flow rules. */
#ifndef PQL_FLOW_H
#define PQL_FLOW_H

#include "base/lint.h"

/* The lowered functions of one file: our own IR, independent of libclang,
 * so the translation unit can be disposed right after lowering. */
typedef struct flow_unit flow_unit;
/* Summaries of every function of every input: returns an acquired handle,
 * releases/takes over an argument, never returns. */
typedef struct flow_summaries flow_summaries;

/* Pass 1, in a worker thread while t->tu is alive. On success *out owns a
 * new unit (free with flow_unit_free). Returns 0, or a negative PQL_E*. */
int flow_lower(const lint_tu* t, flow_unit** out);

/* After pass 1, single-threaded: summaries over all units (a unit may be
 * NULL). Returns NULL only on ENOMEM. */
flow_summaries* flow_summaries_build(flow_unit* const* units, size_t n, const model_set* m);

/* How flow_summaries_build_paged gets a unit's full functions: load(ctx, i,
 * u) before it analyses a function of units[i] (0, or an error: the build
 * fails), done(ctx, i, u) after. Between the two u's functions may be a
 * skeleton (run/spill.c): names, scalar facts and callees, which is all the
 * build reads outside load/done. */
typedef struct flow_pager {
  int (*load)(void* ctx, size_t i, flow_unit* u);
  void (*done)(void* ctx, size_t i, flow_unit* u);
  void* ctx;
} flow_pager;
/* flow_summaries_build with units paged in and out through pg (NULL: all in memory). */
flow_summaries* flow_summaries_build_paged(flow_unit* const* units, size_t n, const model_set* m,
                                           const flow_pager* pg);

/* Pass 2 (may run in parallel over units, read-only on s and m): appends
 * the flow findings of u to out and, when lf is not NULL, the functions
 * where the analysis stopped early (state budget) to lf->gave_up (names
 * malloc'd; the owner of lf frees them with flow_gaveup_free).
 * Returns 0 or a negative PQL_E*; PQL_ETIMEDOUT when the thread's deadline
 * (base/deadline.h) passed: out then holds a partial list. */
int flow_check(const flow_unit* u, const flow_summaries* s, const model_set* m,
               const lint_rules_on* on, finding_list* out, lint_file* lf);

/* Frees lf->gave_up (and its names); leaves lf->ngave_up 0. */
void flow_gaveup_free(lint_file* lf);

/* The functions of u's own file (not of its headers) that touch a handle:
 * declare a PGconn / PGresult / lease variable, or call libpq, a model
 * function or a function returning a handle. u may be NULL (0). */
/* 1 if f can hold a handle: a handle-typed local or parameter, a call returning a handle type, or a
 * call whose callee name callee_hit(name, arg) accepts; else 0. Reads f only. */
struct flow_fn;
int flow_fn_touches(const struct flow_fn* f, int (*callee_hit)(const char* name, void* arg), void* arg);
size_t flow_unit_touching(const flow_unit* u, const model_set* m);

/* C++: the functions of u's own file that touch a handle and use a
 * construct the lowering does not model (flow_fn.unmodelled: a template,
 * try/catch around a raw handle, a smart pointer with an unknown deleter).
 * Returns their count; *why is a malloc'd "C++ not modelled in f() (line
 * N): reason; ..." (the caller frees) or NULL when the count is 0. */
size_t flow_unit_unmodelled(const flow_unit* u, const model_set* m, char** why);

/* Every distinct callee of u (with its fewest arguments) against the
 * models' call patterns: 0, or PQL_EMODEL with errbuf "MODEL: PATH: \"arg\":
 * N ... at FILE:LINE" for a pattern naming an argument the call does not
 * have; PQL_ENOMEM. */
int flow_unit_check_args(const flow_unit* u, const model_set* m, char* errbuf, size_t errlen);
/* Marks u as (part of) the pool module: connect-in-loop is silent there. */
void flow_unit_set_pool_module(flow_unit* u, int in_pool_module);
void flow_unit_free(flow_unit* u);
void flow_summaries_free(flow_summaries* s);

#endif

/* flow_engine.h - the path engine's entry points for one function: the path walk (findings and summaries) and the path-less scan. */
#ifndef PQL_FLOW_ENGINE_H
#define PQL_FLOW_ENGINE_H

#include "ir/flow_ir.h"

/* Runs the path analysis of one function. With out != NULL, appends
 * findings (rules filtered by on); with sum != NULL, fills the function's
 * summary (ret_kind, arg roles, noreturn). Returns 0, 1 if it gave up
 * (budget), or a negative PQL_E*: PQL_ETIMEDOUT when this thread's
 * deadline (base/deadline.h, --file-timeout) passed during the walk. With
 * undecided != NULL, adds the number of places left silent because their
 * owner could not be decided. */
int flow_analyze(const flow_unit* u, const flow_fn* f, const flow_summaries* s,
                 const model_set* m, const lint_rules_on* on, finding_list* out, flow_sum* sum,
                 size_t* undecided);

/* flow_analyze with, for summaries, parameter assume_param (>= 0) assumed
 * non-zero (assume_nz 1) or zero (0) at entry. */
int flow_analyze_ex(const flow_unit* u, const flow_fn* f, const flow_summaries* s,
                    const model_set* m, const lint_rules_on* on, finding_list* out, flow_sum* sum,
                    int assume_param, int assume_nz, size_t* undecided);
/* Hands function f once to the rules subscribed to FLOW_EV_FUNCTION (the
 * path-less scans: connect-in-loop, pool-per-call), appending their
 * findings to out. Returns 0 or a negative PQL_E*. */
int flow_scan(const flow_unit* u, const flow_fn* f, const flow_summaries* s, const model_set* m,
              const lint_rules_on* on, finding_list* out);

/* engine/path_owner.c: keeps next's ownership evidence in slot (a summary equal in every fact
 * callers read may still differ in it). */
void owner_keep(flow_sum* slot, const flow_sum* next);

#endif

/* ruleinfo.h - the rule catalogue on stdout: --list-rules and --explain RULE. */
#ifndef PQL_RULEINFO_H
#define PQL_RULEINFO_H

#include "model/model.h"

/* One line per rule of m: "id  level  summary", catalogue order. */
void ruleinfo_list(const model_set* m);

/* The rule's name, level, descriptions, help and tags on stdout. Returns 0,
 * or PQL_EINVAL (after printing an error) if m has no rule id. */
int ruleinfo_explain(const model_set* m, const char* id);

#endif

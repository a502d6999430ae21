/* ruleinfo.h - the rule catalogue on stdout: --list-rules and --explain RULE. */
#ifndef PQL_RULEINFO_H
#define PQL_RULEINFO_H

#include <stdio.h>

#include "model/model.h"

/* One line per rule of m: "id  level  summary", catalogue order. */
void ruleinfo_list(const model_set* m);

/* --list-rules --format json: {"version": 1, "rules": [{id, name, level,
 * kind ("path"/"syntactic"), summary, description, help, tags[],
 * precision}]} in catalogue order, pretty-printed, plus a newline.
 * Returns 0, PQL_ENOMEM or PQL_EIO. */
int ruleinfo_list_json(const model_set* m, FILE* out);

/* The rule's name, level, descriptions, help and tags on stdout. Returns 0,
 * or PQL_EINVAL (after printing an error) if m has no rule id. */
int ruleinfo_explain(const model_set* m, const char* id);

#endif

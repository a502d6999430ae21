/* registry.h - the path rules of rules_flow/, one per file, listed in registry.c. */
#ifndef PQL_RULES_FLOW_REGISTRY_H
#define PQL_RULES_FLOW_REGISTRY_H

#include "engine/flow_rule.h"

extern const flow_rule flow_rule_leaks;
extern const flow_rule flow_rule_held_members;
extern const flow_rule flow_rule_finish_pooled;
extern const flow_rule flow_rule_use_after_release;
extern const flow_rule flow_rule_double_release;
extern const flow_rule flow_rule_status_unchecked;
extern const flow_rule flow_rule_async_unread;
extern const flow_rule flow_rule_connect_in_loop;
extern const flow_rule flow_rule_pool_per_call;

#endif

/* registry.c - the table of path rules the engine dispatches its events to, in order (a rule that claims an event hides it from the rules after it). */
#include "rules_flow/registry.h"

const flow_rule* const flow_rules[] = {
    &flow_rule_leaks,
    &flow_rule_held_members,
    &flow_rule_finish_pooled,     /* before use-after-release: claims l.conn given to PQfinish */
    &flow_rule_use_after_release,
    &flow_rule_double_release,
    &flow_rule_status_unchecked,
    &flow_rule_async_unread,
    &flow_rule_connect_in_loop,
    &flow_rule_pool_per_call,
    NULL,
};

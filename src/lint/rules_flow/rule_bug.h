/* rule_bug.h - one report per bug for the released-handle rules: a handle used after its release, or released again, is one bug on a path. */
#ifndef PQL_RULE_BUG_H
#define PQL_RULE_BUG_H

#include "engine/flow_rule.h"

/* For use-after-release and double-release, each with one private byte per
 * place (nstate 1) and subscribed to FLOW_EV_USE_RELEASED, FLOW_EV_RELEASE
 * and FLOW_EV_MEMBER_ARG. Returns -1 if ev is no released-handle bug (a
 * first release, a use of a live handle); 1 if it is the first such bug of
 * its handle on this path (report it); 0 if the handle was already seen
 * used after release or released again on this path (the same bug: stay
 * silent). Marks the places of the handle (ev->var and, for a release,
 * the owner ev->other) in the calling rule's byte. The mark goes with the
 * place's state: a new acquire clears it. */
int rule_bug_first(flow_cx* cx, const flow_event* ev);

/* Writes " at line N" or, when N is the line of the finding itself (a
 * loop's second pass, a macro), " on an earlier pass through this line"
 * into buf, for "... was released<that>". */
void rule_bug_where(char* buf, size_t len, unsigned rel_line, unsigned line);

#endif

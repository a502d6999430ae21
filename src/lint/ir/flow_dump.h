/* flow_dump.h - debug aid: prints a unit's lowered IR to stderr (PQL_FLOW_DUMP=1). */
#ifndef PQL_FLOW_DUMP_H
#define PQL_FLOW_DUMP_H

#include "ir/flow.h"

/* Prints every function of u: blocks, events, terminators. */
void flow_dump(const flow_unit* u);

#endif

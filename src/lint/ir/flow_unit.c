/* flow_unit.c - what the stages that do not see the IR may set on a lowered unit. */
#include "ir/flow.h"
#include "ir/flow_ir.h"

void flow_unit_set_pool_module(flow_unit* u, int in_pool_module) {
  if (u) u->in_pool_module = in_pool_module;
}

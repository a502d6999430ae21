/* path_member.h - member summaries: which members of its parameters a function releases (worker_stop(w) finishes w->conn), and how a call applies them. */
#ifndef PQL_PATH_MEMBER_H
#define PQL_PATH_MEMBER_H

#include "ir/flow_ir.h"

/* 1 when a and b release the same members (same order, roles, kinds). */
int flow_sum_members_equal(const flow_sum* a, const flow_sum* b);

#endif

/* flow_assert.h - private to ir/: the fact an assertion macro states (flow_assert.c). */
#ifndef PQL_FLOW_ASSERT_H
#define PQL_FLOW_ASSERT_H

#include <clang-c/Index.h>
#include <stddef.h>

#include "ir/flow_macro.h"
#include "model/model.h"

/* If statement stmt is a use of an assertion macro of the models (m->asserts)
 * whose argument is `x`, `!x`, `x == K` or `x != K` (K an integer or NULL),
 * writes x's name to var (len bytes), the comparison to *op ('=' or '!')
 * and K to *val, and returns 1: the path goes on only where it holds.
 * Returns 0 otherwise (no assertion, or a condition it cannot read). */
int flow_assert_fact(CXTranslationUnit tu, const flow_macro_uses* mx, const model_set* m, CXCursor stmt,
                     char* var, size_t len, int* op, long long* val);

#endif

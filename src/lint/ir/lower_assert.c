/* lower_assert.c - lowering of assertion macros (`Assert(res == NULL);`): a branch on the fact flow_assert.c reads, whose failing side ends in a call that does not return. */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/flow_assert.h"
#include "ir/lower_ctx.h"

/* The local or parameter named `name` seen from here (innermost scope first), or -1. */
static int var_named(lctx* x, const char* name) {
  for (int i = x->nscopes - 1; i >= 0; i--)
    for (int j = x->scopes[i].n - 1; j >= 0; j--)
      if (!strcmp(x->f->vars[x->scopes[i].vars[j]].name, name)) return x->scopes[i].vars[j];
  for (int v = 0; v < x->f->nvars; v++)
    if (x->f->vars[v].param >= 0 && !strcmp(x->f->vars[v].name, name)) return v;
  return -1;
}

void lower_assert(lctx* x, CXCursor c) {
  char name[128];
  int op;
  long long val;
  if (!flow_assert_fact(x->tu, x->mx, x->models, c, name, sizeof name, &op, &val)) return;
  int v = var_named(x, name);
  if (v < 0) return;
  int t = lower_new_block(x), fl = lower_new_block(x);
  if (x->err) return;
  lower_ensure_cur(x);
  int b = x->cur;
  lower_set_succ(x, b, FT_BRANCH, t, fl);
  x->f->b[b].cond = (flow_cond){FC_VAR, v, -1, op, val, -1};
  ast_loc l;
  ast_loc_of(c, &l);
  x->f->b[b].line = l.line;
  x->f->b[b].col = l.col;
  x->cur = fl; /* the assertion failed: a call that does not return ends the path */
  flow_ev* e = lower_emit(x, FE_CALL, c);
  if (e) {
    e->callee = strdup("__pqlint_assertion_failed");
    if (!e->callee) x->err = PQL_ENOMEM;
    e->decl_noreturn = 1;
    e->dest = FD_NONE;
    e->var = e->var2 = -1;
    e->ret_type = FK_NONE;
  }
  x->cur = t;
}

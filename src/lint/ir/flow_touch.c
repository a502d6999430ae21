/* flow_touch.c - counts the lowered functions of a file that touch a handle (for the "analysed incompletely" counts). */
#include <string.h>

#include "ir/flow.h"
#include "ir/flow_ir.h"

/* 1 if f declares a handle variable or calls libpq, a model function, or
 * a function returning a handle. */
static int touch_fn(const flow_fn* f, const model_set* m) {
  for (int i = 0; i < f->nvars; i++)
    if (f->vars[i].htype) return 1;
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->kind != FE_CALL) continue;
      if (e->ret_type != FK_NONE) return 1;
      if (!e->callee) continue;
      int idx;
      if (!strncmp(e->callee, "PQ", 2) || !strncmp(e->callee, "lo_", 3) ||
          (m && (model_find_acquire(m, e->callee, &idx) || model_find_release(m, e->callee, &idx))))
        return 1;
    }
  return 0;
}

size_t flow_unit_touching(const flow_unit* u, const model_set* m) {
  size_t n = 0;
  for (int i = 0; u && i < u->nfns; i++)
    if (!u->fns[i].in_header && touch_fn(&u->fns[i], m)) n++;
  return n;
}

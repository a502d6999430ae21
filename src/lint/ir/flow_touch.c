/* flow_touch.c - which lowered functions touch a handle: the one walk behind the incomplete counts and the file selection. */
#include <string.h>

#include "ir/flow.h"
#include "ir/flow_ir.h"

int flow_fn_touches(const flow_fn* f, int (*callee_hit)(const char* name, void* arg), void* arg) {
  for (int i = 0; i < f->nvars; i++)
    if (f->vars[i].htype) return 1;
  for (int b = 0; b < f->nb; b++)
    for (int i = 0; i < f->b[b].nev; i++) {
      const flow_ev* e = &f->b[b].ev[i];
      if (e->kind != FE_CALL) continue;
      if (e->ret_type != FK_NONE) return 1;
      if (e->callee && callee_hit(e->callee, arg)) return 1;
    }
  return 0;
}

/* A callee that touches a handle for the incomplete counts: libpq (PQ*, lo_*) or a model's
 * acquire/release function. arg is the model_set, or NULL. */
static int libpq_or_model(const char* name, void* arg) {
  const model_set* m = arg;
  int idx;
  return !strncmp(name, "PQ", 2) || !strncmp(name, "lo_", 3) ||
         (m && (model_find_acquire(m, name, &idx) || model_find_release(m, name, &idx)));
}

size_t flow_unit_touching(const flow_unit* u, const model_set* m) {
  size_t n = 0;
  for (int i = 0; u && i < u->nfns; i++)
    if (!u->fns[i].in_header && flow_fn_touches(&u->fns[i], libpq_or_model, (void*)m)) n++;
  return n;
}

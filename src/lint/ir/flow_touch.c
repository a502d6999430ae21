/* flow_touch.c - which lowered functions touch a handle: the one walk behind the incomplete counts and the file selection. */
#include <stdio.h>
#include <stdlib.h>
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

size_t flow_unit_unmodelled(const flow_unit* u, const model_set* m, char** why) {
  size_t n = 0, len = 0, cap = 0;
  *why = NULL;
  for (int i = 0; u && i < u->nfns; i++) {
    const flow_fn* f = &u->fns[i];
    if (f->in_header || !f->unmodelled || !flow_fn_touches(f, libpq_or_model, (void*)m)) continue;
    n++;
    char item[768];
    int k = snprintf(item, sizeof item, "%s%s() (line %u): %s", n == 1 ? "C++ not modelled in " : "; ",
                     f->name ? f->name : "?", f->unmodelled_line, f->unmodelled);
    if (k < 0) continue;
    if ((size_t)k >= sizeof item) k = (int)sizeof item - 1;
    if (len + (size_t)k + 1 > cap) {
      size_t nc = (len + (size_t)k + 1) * 2;
      char* nw = realloc(*why, nc);
      if (!nw) continue; /* ENOMEM: the count stays, the text is shorter */
      *why = nw;
      cap = nc;
    }
    memcpy(*why + len, item, (size_t)k + 1);
    len += (size_t)k;
  }
  return n;
}

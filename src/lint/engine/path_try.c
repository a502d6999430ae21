/* path_try.c - non-local exits (ereport(ERROR), PG_RE_THROW, siglongjmp): the try blocks of a function (PG_TRY's sigsetjmp) and what an exit inside or outside one does to the handles held. */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "engine/path.h"

/* Marks in seen[] the blocks reachable from `from` without passing through
 * block `avoid`; returns how many. stack: room for f->nb entries. */
static int reach(const flow_fn* f, int from, int avoid, uint8_t* seen, int* stack) {
  int n = 0, top = 0;
  if (from < 0 || from >= f->nb || from == avoid) return 0;
  stack[top++] = from;
  seen[from] = 1;
  while (top) {
    int b = stack[--top];
    n++;
    for (int i = 0; i < f->b[b].nsucc; i++) {
      int s = f->b[b].succ[i];
      if (s < 0 || s >= f->nb || s == avoid || seen[s]) continue;
      seen[s] = 1;
      stack[top++] = s;
    }
  }
  return n;
}

/* The try side and the handler side of branch block T when its condition
 * is `try_call(...) OP k` and the call returning 0 (the first return of
 * sigsetjmp) decides it; 0 if T is no try. */
static int try_sides(actx* a, int t, int* body, int* handler) {
  const flow_block* B = &a->f->b[t];
  if (B->term != FT_BRANCH || B->nsucc != 2 || !B->nev || !a->cis[t]) return 0;
  int zero_true;
  if (B->cond.kind == FC_OPAQUE) {
    /* `sigsetjmp(buf, 0) == 0` written inside PG_TRY's expansion is not
     * lowered to a call test: the try call as the block's last event, the
     * side taken when the condition as written holds is the body */
    if (!a->cis[t][B->nev - 1].try_call || B->ev[B->nev - 1].kind != FE_CALL) return 0;
    zero_true = !B->negated;
  } else if (B->cond.kind == FC_CALL) {
    int evi = B->cond.evi;
    if (evi < 0 || evi >= B->nev || !a->cis[t][evi].try_call) return 0;
    long long k = B->cond.val;
    switch (B->cond.op) {
    case '=': zero_true = k == 0; break;
    case '!': zero_true = k != 0; break;
    default: return 0;
    }
  } else {
    return 0;
  }
  *body = zero_true ? B->succ[0] : B->succ[1];
  *handler = zero_true ? B->succ[1] : B->succ[0];
  return 1;
}

int path_try_prepare(actx* a) {
  const flow_fn* f = a->f;
  a->tryh = NULL;
  int any = 0, body, handler;
  for (int t = 0; t < f->nb && !any; t++) any = try_sides(a, t, &body, &handler);
  if (!any) return 0;
  a->tryh = malloc((size_t)f->nb * sizeof *a->tryh);
  int* size = malloc((size_t)f->nb * sizeof *size);
  int* stack = malloc((size_t)f->nb * sizeof *stack);
  uint8_t* in_body = calloc((size_t)f->nb, 1);
  uint8_t* in_handler = calloc((size_t)f->nb, 1);
  if (!a->tryh || !size || !stack || !in_body || !in_handler) {
    free(size), free(stack), free(in_body), free(in_handler);
    return PQL_ENOMEM;
  }
  for (int b = 0; b < f->nb; b++) a->tryh[b] = -1, size[b] = 0;
  for (int t = 0; t < f->nb; t++) {
    if (!try_sides(a, t, &body, &handler)) continue;
    /* the try block: reached from its body side, not from the handler side,
     * without going round through the test again (a PG_TRY inside a loop) */
    memset(in_body, 0, (size_t)f->nb);
    memset(in_handler, 0, (size_t)f->nb);
    reach(f, body, t, in_body, stack);
    reach(f, handler, t, in_handler, stack);
    int n = 0;
    for (int b = 0; b < f->nb; b++) n += in_body[b] && !in_handler[b];
    for (int b = 0; b < f->nb; b++)
      if (in_body[b] && !in_handler[b] && (a->tryh[b] < 0 || n < size[b])) {
        a->tryh[b] = handler; /* the innermost try catches */
        size[b] = n;
      }
  }
  free(size), free(stack), free(in_body), free(in_handler);
  return 0;
}

int path_nonlocal(actx* a, int bi, const flow_ev* e, vst* v, int path) {
  int h = a->tryh ? a->tryh[bi] : -1;
  if (h >= 0) { /* caught: the walk goes on at the handler (PG_CATCH, PG_FINALLY) with this state */
    a->catch_to = h + 1;
    return 1;
  }
  a->reached_nonlocal = 1;
  for (int i = 0; i < a->f->nvars; i++) {
    if (!a->rel[i] || a->f->vars[i].cleanup || (a->f->vars[i].field_of >= 0 && !a->localfield[i]))
      continue;
    if (is_leakable(&v[i]))
      lose(a, v, i, path, e->line, e->col, e->eline, e->ecol, FLOW_LOST_NONLOCAL);
  }
  a->left_nonlocal = 1; /* the walk adds this exit's summary facts */
  return 1;
}

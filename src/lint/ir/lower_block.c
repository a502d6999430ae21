/* lower_block.c - flow IR building blocks for the lowering: new blocks and edges, events, scopes of locals, loops, break/continue targets, labels. */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/lower_ctx.h"

/* ---- blocks and events ------------------------------------------------- */

/* Appends an empty block (no events, FT_GOTO without successors yet) and
 * returns its index; on allocation failure sets x->err and returns 0 (-1 when
 * the function has no block at all). */
int lower_new_block(lctx* x) {
  flow_fn* f = x->f;
  flow_block* nb = realloc(f->b, (size_t)(f->nb + 1) * sizeof *nb);
  if (!nb) {
    x->err = PQL_ENOMEM;
    return f->nb ? 0 : -1;
  }
  f->b = nb;
  memset(&f->b[f->nb], 0, sizeof f->b[f->nb]);
  f->b[f->nb].ret_var = -1;
  return f->nb++;
}

/* Ends block b with terminator term to s0 (and s1 for FT_BRANCH). */
void lower_set_succ(lctx* x, int b, int term, int s0, int s1) {
  flow_block* B = &x->f->b[b];
  B->term = term;
  B->nsucc = term == FT_BRANCH ? 2 : 1;
  B->succ = malloc(2 * sizeof(int));
  if (!B->succ) {
    x->err = PQL_ENOMEM;
    B->nsucc = 0;
    return;
  }
  B->succ[0] = s0;
  B->succ[1] = s1;
}

/* Ends the current block with a jump to target (no-op when there is none). */
void lower_goto(lctx* x, int target) {
  if (x->cur < 0) return;
  if (x->f->b[x->cur].succ == NULL && x->f->b[x->cur].term == FT_GOTO)
    lower_set_succ(x, x->cur, FT_GOTO, target, -1);
  x->cur = -1;
}

/* Makes sure there is a current block (code after return/break is put in an unreachable one). */
void lower_ensure_cur(lctx* x) {
  if (x->cur < 0) x->cur = lower_new_block(x);
}

/* Appends an event of kind k located at `at` to x->cur (made when there is
 * none) and returns it, its vars at -1; NULL (x->err set) when out of memory. */
flow_ev* lower_emit(lctx* x, flow_ev_kind k, CXCursor at) {
  lower_ensure_cur(x);
  flow_block* B = &x->f->b[x->cur];
  if (B->nev == B->cap) {
    int nc = B->cap ? B->cap * 2 : 8;
    flow_ev* ne = realloc(B->ev, (size_t)nc * sizeof *ne);
    if (!ne) {
      x->err = PQL_ENOMEM;
      return NULL;
    }
    B->ev = ne;
    B->cap = nc;
  }
  flow_ev* e = &B->ev[B->nev++];
  memset(e, 0, sizeof *e);
  e->kind = k;
  e->var = e->var2 = -1;
  e->loop = x->curloop;
  ast_loc l;
  ast_loc_of(at, &l);
  e->line = l.line;
  e->col = l.col;
  e->eline = l.end_line;
  e->ecol = l.end_col;
  return e;
}

/* An event of kind k on variable var; nothing when var < 0. */
void lower_emit_var(lctx* x, flow_ev_kind k, CXCursor at, int var) {
  if (var < 0) return;
  flow_ev* e = lower_emit(x, k, at);
  if (e) e->var = var;
}
/* Adds var to the innermost scope (its SCOPE_END comes at the scope's end). */
void lower_scope_add(lctx* x, int var) {
  if (!x->nscopes || var < 0) return;
  scope* s = &x->scopes[x->nscopes - 1];
  if (s->n == s->cap) {
    int nc = s->cap ? s->cap * 2 : 8;
    int* nv = realloc(s->vars, (size_t)nc * sizeof *nv);
    if (!nv) {
      x->err = PQL_ENOMEM;
      return;
    }
    s->vars = nv;
    s->cap = nc;
  }
  s->vars[s->n++] = var;
}

/* Emits a SCOPE_END at `at` for the variables of scopes deeper than depth. */
void lower_scope_end(lctx* x, int depth, CXCursor at, int at_end) {
  int total = 0;
  for (int i = depth; i < x->nscopes; i++) total += x->scopes[i].n;
  if (!total) return;
  flow_ev* e = lower_emit(x, FE_SCOPE_END, at);
  if (!e) return;
  e->vars = malloc((size_t)total * sizeof(int));
  if (!e->vars) {
    x->err = PQL_ENOMEM;
    return;
  }
  for (int i = depth; i < x->nscopes; i++)
    for (int j = 0; j < x->scopes[i].n; j++) e->vars[e->nvars++] = x->scopes[i].vars[j];
  if (at_end) { /* the closing brace */
    e->line = e->eline;
    e->col = e->ecol > 1 ? e->ecol - 1 : 1;
  }
}
/* A new loop number whose parent is the current loop (x->curloop). */
int lower_new_loop(lctx* x) {
  flow_fn* f = x->f;
  int* np = realloc(f->loop_parent, (size_t)(f->nloops + 1) * sizeof *np);
  if (!np) {
    x->err = PQL_ENOMEM;
    return x->curloop;
  }
  f->loop_parent = np;
  np[f->nloops] = x->curloop;
  return f->nloops++;
}

/* Pushes the break/continue targets of a loop or switch (cont -1: none). */
void lower_push_jmp(lctx* x, int brk, int cont) {
  if (x->njmp >= 128) {
    x->err = PQL_ENOMEM;
    return;
  }
  x->jmp[x->njmp++] = (jmp_entry){brk, cont, x->nscopes};
}

/* The block of label name, made on first sight (goto before the label). */
int lower_label_block(lctx* x, const char* name) {
  for (int i = 0; i < x->nlabels; i++)
    if (!strcmp(x->labels[i].name, name)) return x->labels[i].block;
  if (x->nlabels == x->caplabels) {
    int nc = x->caplabels ? x->caplabels * 2 : 8;
    label* nl = realloc(x->labels, (size_t)nc * sizeof *nl);
    if (!nl) {
      x->err = PQL_ENOMEM;
      return 0;
    }
    x->labels = nl;
    x->caplabels = nc;
  }
  int b = lower_new_block(x);
  x->labels[x->nlabels].name = strdup(name);
  x->labels[x->nlabels].block = b;
  x->nlabels++;
  return b;
}

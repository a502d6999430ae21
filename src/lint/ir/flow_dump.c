/* flow_dump.c - debug aid: PQL_FLOW_DUMP=1 prints the lowered IR of each unit to stderr. */
#include <stdio.h>

#include "ir/flow_dump.h"
#include "ir/flow_ir.h"

void flow_dump(const flow_unit* u) {
  static const char* const ek[] = {"CALL", "ASSIGN", "NULLSET", "CONST", "OTHERSET", "ESCAPE", "USE", "SCOPE_END"};
  for (int i = 0; i < u->nfns; i++) {
    const flow_fn* f = &u->fns[i];
    fprintf(stderr, "fn %s (%d blocks, %d vars)\n", f->name, f->nb, f->nvars);
    for (int b = 0; b < f->nb; b++) {
      const flow_block* B = &f->b[b];
      fprintf(stderr, " b%d:", b);
      for (int j = 0; j < B->nev; j++) {
        const flow_ev* e = &B->ev[j];
        fprintf(stderr, " %s@%u(%s v%d v2%d d%d", ek[e->kind], e->line, e->callee ? e->callee : "", e->var, e->var2, e->dest);
        for (int a = 0; a < e->nargs; a++)
          fprintf(stderr, " a%d=v%d%s", a, e->args[a].var, e->args[a].fmtarg ? "f" : "");
        fprintf(stderr, ")");
      }
      fprintf(stderr, " | term %d ->", B->term);
      for (int k = 0; k < B->nsucc; k++) fprintf(stderr, " b%d", B->succ[k]);
      if (B->term == 1) fprintf(stderr, " cond k%d v%d op%c %lld", B->cond.kind, B->cond.var, B->cond.op ? B->cond.op : '?', B->cond.val);
      fprintf(stderr, "\n");
    }
  }
}

/* flow_check.c - pass 2 of the flow stage (flow_check in ir/flow.h): every function of a unit through the path engine and the path-less scans; functions where the engine gave up. */
#include <stdlib.h>
#include <string.h>

#include "base/deadline.h"
#include "base/error.h"
#include "engine/flow_engine.h"
#include "ir/flow_dump.h"

void flow_gaveup_free(lint_file* lf) {
  for (size_t i = 0; i < lf->ngave_up; i++) free(lf->gave_up[i].function);
  free(lf->gave_up);
  lf->gave_up = NULL;
  lf->ngave_up = 0;
}

/* Appends f to lf->gave_up; PQL_ENOMEM or 0. */
static int note_gave_up(lint_file* lf, const flow_fn* f) {
  lint_gaveup* nv = realloc(lf->gave_up, (lf->ngave_up + 1) * sizeof *nv);
  if (!nv) return PQL_ENOMEM;
  lf->gave_up = nv;
  nv[lf->ngave_up].function = strdup(f->name ? f->name : "?");
  nv[lf->ngave_up].line = f->line;
  if (!nv[lf->ngave_up].function) return PQL_ENOMEM;
  lf->ngave_up++;
  return 0;
}

int flow_check(const flow_unit* u, const flow_summaries* s, const model_set* m,
               const lint_rules_on* on, finding_list* out, lint_file* lf) {
  if (!u) return 0;
  if (getenv("PQL_FLOW_DUMP")) flow_dump(u);
  for (int i = 0; i < u->nfns; i++) {
    if (u->fns[i].in_header) continue; /* reported where the header itself is analysed */
    if (deadline_passed()) return PQL_ETIMEDOUT;
    int rc = flow_analyze(u, &u->fns[i], s, m, on, out, NULL, lf ? &lf->undecided : NULL);
    if (rc < 0) return rc;
    if (rc == 1 && lf && note_gave_up(lf, &u->fns[i]) < 0) return PQL_ENOMEM;
    rc = flow_scan(u, &u->fns[i], s, m, on, out);
    if (rc < 0) return rc;
  }
  return 0;
}

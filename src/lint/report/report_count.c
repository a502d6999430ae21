/* report_count.c - which findings the reporters list, and counts over them (per level, per rule). */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "report/report.h"
#include "report/report_internal.h"

int report_visible(const finding* f) { return !f->suppressed && !f->baselined; }

static int rc_cmp_id(const void* a, const void* b) {
  return strcmp(((const report_rule_count*)a)->rule, ((const report_rule_count*)b)->rule);
}

/* Counts listed findings per rule id (findings are sorted by file, not by
 * rule, so a small linear table; a run names at most a few dozen rules). */
int report_rule_counts(const lint_run* run, report_rule_count** out, size_t* n) {
  report_rule_count* v = NULL;
  size_t nv = 0, cap = 0;
  *out = NULL;
  *n = 0;
  for (size_t i = 0; i < run->findings.n; i++) {
    const finding* f = &run->findings.v[i];
    if (!report_visible(f) || !f->rule) continue;
    size_t k = 0;
    while (k < nv && strcmp(v[k].rule, f->rule)) k++;
    if (k == nv) {
      if (nv == cap) {
        cap = cap ? cap * 2 : 16;
        report_rule_count* nvv = realloc(v, cap * sizeof *v);
        if (!nvv) {
          free(v);
          return PQL_ENOMEM;
        }
        v = nvv;
      }
      v[nv++] = (report_rule_count){f->rule, f->level, 0};
    }
    v[k].count++;
    if (f->level > v[k].level) v[k].level = f->level; /* one rule, one level: the highest if they differ */
  }
  if (nv) qsort(v, nv, sizeof *v, rc_cmp_id);
  *out = v;
  *n = nv;
  return PQL_OK;
}

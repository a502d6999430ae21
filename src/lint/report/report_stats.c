/* report_stats.c - --statistics: the listed findings counted per rule (like ruff --statistics), as text or JSON. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "report/report.h"
#include "report/report_internal.h"

/* Most findings first, then by rule id. */
static int st_cmp(const void* a, const void* b) {
  const report_rule_count *x = a, *y = b;
  if (x->count != y->count) return x->count > y->count ? -1 : 1;
  return strcmp(x->rule, y->rule);
}

static const char* st_desc(const lint_run* run, const char* id) {
  const model_rule* r = run->models ? model_rule_find(run->models, id) : NULL;
  return r && r->short_desc ? r->short_desc : "";
}

/* One line per rule: "COUNT  RULE  LEVEL  summary", COUNT right-aligned
 * and RULE left-aligned to the widest of the run, two blanks between the
 * columns, LEVEL padded to 7. Nothing when there are no findings. */
static int st_text(const lint_run* run, const report_rule_count* v, size_t n, FILE* out) {
  int cw = 1, rw = 1;
  for (size_t i = 0; i < n; i++) {
    int w = snprintf(NULL, 0, "%zu", v[i].count);
    if (w > cw) cw = w;
    if ((int)strlen(v[i].rule) > rw) rw = (int)strlen(v[i].rule);
  }
  for (size_t i = 0; i < n; i++)
    fprintf(out, "%*zu  %-*s  %-7s  %s\n", cw, v[i].count, rw, v[i].rule,
            finding_level_name(v[i].level), st_desc(run, v[i].rule));
  return ferror(out) ? PQL_EIO : PQL_OK;
}

/* {"version": 1, "statistics": [{"rule", "level", "count", "summary"}...]},
 * pretty-printed as the JSON report is, plus a newline. */
static int st_json(const lint_run* run, const report_rule_count* v, size_t n, FILE* out) {
  cJSON* root = cJSON_CreateObject();
  if (!root) return PQL_ENOMEM;
  cJSON_AddNumberToObject(root, "version", 1);
  cJSON* a = cJSON_AddArrayToObject(root, "statistics");
  for (size_t i = 0; a && i < n; i++) {
    cJSON* o = cJSON_CreateObject();
    if (!o) break;
    cJSON_AddItemToArray(a, o);
    cJSON_AddStringToObject(o, "rule", v[i].rule);
    cJSON_AddStringToObject(o, "level", finding_level_name(v[i].level));
    cJSON_AddNumberToObject(o, "count", (double)v[i].count);
    cJSON_AddStringToObject(o, "summary", st_desc(run, v[i].rule));
  }
  char* s = a && cJSON_GetArraySize(a) == (int)n ? cJSON_Print(root) : NULL;
  cJSON_Delete(root);
  if (!s) return PQL_ENOMEM;
  int rc = fputs(s, out) < 0 || fputc('\n', out) == EOF ? PQL_EIO : PQL_OK;
  free(s);
  return rc;
}

int report_stats(const lint_run* run, int fmt, FILE* out) {
  if (fmt != REPORT_TEXT && fmt != REPORT_JSON) return PQL_EINVAL;
  report_rule_count* v;
  size_t n;
  if (report_rule_counts(run, &v, &n)) return PQL_ENOMEM;
  if (n) qsort(v, n, sizeof *v, st_cmp);
  int rc = fmt == REPORT_TEXT ? st_text(run, v, n, out) : st_json(run, v, n, out);
  free(v);
  return rc;
}

/* report_json.c - the JSON report, schema version 1 (docs/json-format.md). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/error.h"
#include "report/report.h"
#include "report/report_internal.h"

#ifndef PQL_VERSION
#error "PQL_VERSION is set by src/lint/CMakeLists.txt from the project VERSION (the one version source)"
#endif

/* cJSON_Add* return NULL on ENOMEM; this records it once for the caller. */
static cJSON* json_str_or_null(const char* s) { return s ? cJSON_CreateString(s) : cJSON_CreateNull(); }

static cJSON* json_loc_array(const finding_loc* v, size_t n, const char* dflt_file) {
  cJSON* a = cJSON_CreateArray();
  for (size_t i = 0; a && i < n; i++) {
    cJSON* o = cJSON_CreateObject();
    if (!o) break;
    cJSON_AddItemToArray(a, o);
    cJSON_AddStringToObject(o, "file", v[i].file ? v[i].file : dflt_file);
    cJSON_AddNumberToObject(o, "line", v[i].line);
    cJSON_AddNumberToObject(o, "column", v[i].col);
    cJSON_AddStringToObject(o, "message", v[i].msg ? v[i].msg : "");
  }
  return a;
}

/* Builds the whole document; NULL on ENOMEM. The caller deletes it. */
static cJSON* json_build(const lint_run* run) {
  size_t lv[3] = {0, 0, 0}, total = 0, perr = 0, gave_up = 0, undecided = 0;
  cJSON* root = cJSON_CreateObject();
  if (!root) return NULL;
  cJSON_AddNumberToObject(root, "version", 1);
  if (run->srcroot) cJSON_AddStringToObject(root, "srcroot", run->srcroot);
  cJSON* tool = cJSON_AddObjectToObject(root, "tool");
  if (tool) {
    cJSON_AddStringToObject(tool, "name", "pqlint");
    cJSON_AddStringToObject(tool, "version", PQL_VERSION);
  }
  cJSON* fa = cJSON_AddArrayToObject(root, "findings");
  for (size_t i = 0; fa && i < run->findings.n; i++) {
    const finding* f = &run->findings.v[i];
    if (!report_visible(f)) continue;
    total++;
    lv[f->level <= FINDING_ERROR ? f->level : FINDING_ERROR]++;
    cJSON* o = cJSON_CreateObject();
    if (!o) goto oom;
    cJSON_AddItemToArray(fa, o);
    cJSON_AddStringToObject(o, "rule", f->rule);
    cJSON_AddStringToObject(o, "level", finding_level_name(f->level));
    cJSON_AddStringToObject(o, "file", f->loc.file);
    char* rp = report_repo_path(run, f->loc.file); /* the same path SARIF, GitHub and baselines use */
    cJSON_AddStringToObject(o, "path", rp ? rp : f->loc.file);
    free(rp);
    cJSON_AddNumberToObject(o, "line", f->loc.line);
    cJSON_AddNumberToObject(o, "column", f->loc.col);
    cJSON_AddNumberToObject(o, "end_line", f->loc.end_line ? f->loc.end_line : f->loc.line);
    cJSON_AddNumberToObject(o, "end_column", f->loc.end_col ? f->loc.end_col : f->loc.col);
    cJSON_AddStringToObject(o, "message", f->message ? f->message : "");
    cJSON_AddItemToObject(o, "function", json_str_or_null(f->function));
    cJSON_AddItemToObject(o, "steps", json_loc_array(f->steps, f->nsteps, f->loc.file));
    cJSON_AddItemToObject(o, "related", json_loc_array(f->related, f->nrelated, f->loc.file));
  }
  cJSON* files = cJSON_AddArrayToObject(root, "files");
  for (size_t i = 0; files && i < run->nfiles; i++) {
    const lint_file* lf = &run->files[i];
    if (lf->parse_errors > 0) perr++;
    cJSON* o = cJSON_CreateObject();
    if (!o) goto oom;
    cJSON_AddItemToArray(files, o);
    cJSON_AddStringToObject(o, "path", lf->path);
    cJSON_AddNumberToObject(o, "parse_errors", lf->parse_errors);
    cJSON_AddItemToObject(o, "first_error", json_str_or_null(lf->first_error));
    cJSON_AddBoolToObject(o, "skipped", lf->skipped != 0);
    /* functions where the path analysis stopped early (too many paths) */
    cJSON* ga = cJSON_AddArrayToObject(o, "incomplete_functions");
    for (size_t g = 0; ga && g < lf->ngave_up; g++) {
      cJSON* go = cJSON_CreateObject();
      if (!go) goto oom;
      cJSON_AddItemToArray(ga, go);
      cJSON_AddStringToObject(go, "function", lf->gave_up[g].function);
      cJSON_AddNumberToObject(go, "line", lf->gave_up[g].line);
    }
    gave_up += lf->ngave_up;
    /* one mechanism for every cause of an incomplete analysis */
    cJSON_AddBoolToObject(o, "incomplete", report_file_incomplete(lf) != 0);
    cJSON_AddItemToObject(o, "incomplete_reason", json_str_or_null(lf->incomplete));
    cJSON_AddNumberToObject(o, "incomplete_handle_functions", (double)report_file_incomplete_fns(lf));
    cJSON_AddNumberToObject(o, "undecided_ownership", (double)lf->undecided);
    undecided += lf->undecided;
  }
  /* warnings about suppression comments (stderr says them too): unknown rule ids, unused ones */
  cJSON* sw = cJSON_AddArrayToObject(root, "suppression_warnings");
  for (size_t i = 0; sw && i < run->nsup_warnings; i++) {
    const lint_sup_warning* w = &run->sup_warnings[i];
    cJSON* o = cJSON_CreateObject();
    if (!o) goto oom;
    cJSON_AddItemToArray(sw, o);
    cJSON_AddStringToObject(o, "kind", w->kind == LINT_SUP_UNUSED ? "unused" : "unknown-rule");
    cJSON_AddStringToObject(o, "id", w->id);
    cJSON_AddStringToObject(o, "file", w->file);
    char* rp = report_repo_path(run, w->file);
    cJSON_AddStringToObject(o, "path", rp ? rp : w->file);
    free(rp);
    cJSON_AddNumberToObject(o, "line", w->line);
    cJSON_AddNumberToObject(o, "column", w->col);
    cJSON_AddNumberToObject(o, "end_column", w->end_col);
    cJSON_AddStringToObject(o, "message", w->message);
  }
  cJSON* s = cJSON_AddObjectToObject(root, "summary");
  if (!s) goto oom;
  cJSON_AddNumberToObject(s, "files", (double)run->nfiles);
  cJSON_AddNumberToObject(s, "findings", (double)total);
  cJSON_AddNumberToObject(s, "error", (double)lv[FINDING_ERROR]);
  cJSON_AddNumberToObject(s, "warning", (double)lv[FINDING_WARNING]);
  cJSON_AddNumberToObject(s, "note", (double)lv[FINDING_NOTE]);
  cJSON_AddNumberToObject(s, "suppressed", (double)run->nsuppressed);
  cJSON_AddNumberToObject(s, "baselined", (double)run->nbaselined);
  cJSON_AddNumberToObject(s, "suppression_warnings", (double)run->nsup_warnings);
  if (!cJSON_AddNumberToObject(s, "parse_error_files", (double)perr)) goto oom;
  if (!cJSON_AddNumberToObject(s, "incomplete_functions", (double)gave_up)) goto oom;
  size_t inc_files, inc_fns;
  report_count_incomplete(run, &inc_files, &inc_fns);
  cJSON_AddNumberToObject(s, "incomplete_files", (double)inc_files);
  if (!cJSON_AddNumberToObject(s, "incomplete_handle_functions", (double)inc_fns)) goto oom;
  if (!cJSON_AddNumberToObject(s, "undecided_ownership", (double)undecided)) goto oom;
  /* per-rule counts of the listed findings, by rule id (what --statistics prints) */
  cJSON* rules = cJSON_AddObjectToObject(s, "rules");
  report_rule_count* rc;
  size_t nrc;
  if (!rules || report_rule_counts(run, &rc, &nrc)) goto oom;
  for (size_t i = 0; i < nrc; i++)
    if (!cJSON_AddNumberToObject(rules, rc[i].rule, (double)rc[i].count)) {
      free(rc);
      goto oom;
    }
  free(rc);
  return root;
oom:
  cJSON_Delete(root);
  return NULL;
}

/* Writes the document pretty-printed (2-space indent is cJSON's tab: we
 * keep cJSON's formatted form) plus a newline; 0, PQL_ENOMEM or PQL_EIO. */
int report_json(const lint_run* run, FILE* out) {
  cJSON* root = json_build(run);
  if (!root) return PQL_ENOMEM;
  char* s = cJSON_Print(root);
  cJSON_Delete(root);
  if (!s) return PQL_ENOMEM;
  int rc = fputs(s, out) < 0 || fputc('\n', out) == EOF ? PQL_EIO : PQL_OK;
  free(s);
  return rc;
}

/* stubs.c - TEMPORARY weak stand-ins for modules other engineers are still writing; each block goes when its module lands. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "error.h"
#include "flow.h"
#include "lint.h"
#include "model.h"
#include "report.h"
#include "suppress.h"

#define WEAK __attribute__((weak))

#if !__has_include("error.c")
WEAK const char* pql_strerror(int code) { return code ? "error" : "ok"; }
WEAK void pql_errorf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("pqlint: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}
WEAK void pql_warnf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("pqlint: warning: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}
#endif

#if !__has_include("finding.c")
WEAK void finding_list_init(finding_list* l) { memset(l, 0, sizeof *l); }
WEAK int finding_list_push(finding_list* l, finding* f) {
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 16;
    l->v = realloc(l->v, l->cap * sizeof *l->v);
  }
  l->v[l->n++] = *f;
  return 0;
}
WEAK int finding_list_move(finding_list* dst, finding_list* src) {
  for (size_t i = 0; i < src->n; i++) finding_list_push(dst, &src->v[i]);
  src->n = 0;
  return 0;
}
static int stub_cmp(const void* a, const void* b) {
  const finding *x = a, *y = b;
  int c = strcmp(x->loc.file, y->loc.file);
  if (c) return c;
  if (x->loc.line != y->loc.line) return x->loc.line < y->loc.line ? -1 : 1;
  if (x->loc.col != y->loc.col) return x->loc.col < y->loc.col ? -1 : 1;
  c = strcmp(x->rule, y->rule);
  return c ? c : strcmp(x->message, y->message);
}
WEAK void finding_list_sort(finding_list* l) {
  if (l->n) qsort(l->v, l->n, sizeof *l->v, stub_cmp);
}
WEAK void finding_free(finding* f) { (void)f; }
WEAK void finding_list_free(finding_list* l) {
  free(l->v);
  memset(l, 0, sizeof *l);
}
WEAK int finding_loc_set(finding_loc* loc, const char* file, unsigned line, unsigned col,
                         unsigned end_line, unsigned end_col, const char* msg) {
  loc->file = strdup(file);
  loc->line = line;
  loc->col = col;
  loc->end_line = end_line;
  loc->end_col = end_col;
  loc->msg = msg ? strdup(msg) : NULL;
  return 0;
}
WEAK int finding_add_step(finding* f, const finding_loc* step) { return 0; }
WEAK int finding_add_related(finding* f, const finding_loc* loc) { return 0; }
WEAK const char* finding_level_name(finding_level lv) {
  return lv == FINDING_ERROR ? "error" : lv == FINDING_WARNING ? "warning" : "note";
}
#endif

#if !__has_include("model.c")
WEAK int model_load(const char* const* extra, size_t n, model_set** out, char* e, size_t el) {
  *out = calloc(1, sizeof **out);
  return 0;
}
WEAK void model_set_free(model_set* s) { free(s); }
WEAK model_set* model_set_new(void) { return calloc(1, sizeof(model_set)); }
WEAK int model_load_text(model_set* set, const char* name, const char* text, char* e, size_t el) {
  snprintf(e, el, "%s: models are not implemented yet", name);
  return PQL_EMODEL;
}
WEAK int model_calls_match(const model_calls* calls, const char* name) { return -1; }
WEAK const model_resource* model_find_acquire(const model_set* m, const char* callee, int* idx) {
  return NULL;
}
WEAK const model_resource* model_find_release(const model_set* m, const char* callee, int* idx) {
  return NULL;
}
WEAK const model_rule* model_rule_find(const model_set* m, const char* id) { return NULL; }
WEAK int model_in_pool_module(const model_set* m, const char* path, const char* const* g, size_t n) {
  return 0;
}
#endif

#if !__has_include("check_syntactic.c")
WEAK int check_syntactic(const lint_tu* t, finding_list* out) { return 0; }
#endif

#if !__has_include("flow.c") && !__has_include("flow_lower.c") && !__has_include("flow_check.c")
WEAK int flow_lower(const lint_tu* t, flow_unit** out) {
  *out = NULL;
  return 0;
}
WEAK flow_summaries* flow_summaries_build(flow_unit* const* u, size_t n, const model_set* m) {
  static int dummy;
  return (flow_summaries*)&dummy;
}
WEAK int flow_check(const flow_unit* u, const flow_summaries* s, const model_set* m,
                    const lint_rules_on* on, finding_list* out) {
  return 0;
}
WEAK void flow_unit_free(flow_unit* u) {}
WEAK void flow_summaries_free(flow_summaries* s) {}
#endif

#if !__has_include("report.c") && !__has_include("report_text.c") && !__has_include("report_file.c")
WEAK int report_format_parse(const char* s) {
  const char* names[] = {"text", "json", "sarif", "github"};
  for (int i = 0; i < 4; i++)
    if (!strcmp(s, names[i])) return i;
  return -1;
}
WEAK int report_write(const lint_run* run, report_format fmt, FILE* out) {
  for (size_t i = 0; i < run->findings.n; i++) {
    const finding* f = &run->findings.v[i];
    if (f->suppressed || f->baselined) continue;
    fprintf(out, "%s:%u:%u: %s: %s [%s]\n", f->loc.file, f->loc.line, f->loc.col,
            finding_level_name(f->level), f->message, f->rule);
  }
  for (size_t i = 0; i < run->nfiles; i++)
    if (run->files[i].parse_errors)
      fprintf(out, "%s: note: %d parse error(s), first: %s\n", run->files[i].path,
              run->files[i].parse_errors, run->files[i].first_error);
  return 0;
}
WEAK int report_write_path(const lint_run* run, report_format fmt, const char* path, char* e,
                           size_t el) {
  FILE* f = fopen(path, "w");
  if (!f) {
    snprintf(e, el, "%s: cannot write", path);
    return PQL_EIO;
  }
  report_write(run, fmt, f);
  fclose(f);
  return 0;
}
WEAK void report_summary(const lint_run* run, FILE* err, int color) {
  fprintf(err, "pqlint: %zu files, %zu findings\n", run->nfiles, run->findings.n);
}
#endif

#if !__has_include("suppress.c")
WEAK int suppress_apply(lint_run* run) { return 0; }
#endif

#if !__has_include("baseline.c")
WEAK int baseline_write(const lint_run* run, const char* path, char* e, size_t el) {
  snprintf(e, el, "baselines are not implemented yet");
  return PQL_EIO;
}
WEAK int baseline_apply(lint_run* run, const char* path, size_t* nstale, char* e, size_t el) {
  snprintf(e, el, "baselines are not implemented yet");
  return PQL_EIO;
}
#endif

#if !__has_include("fingerprint.c")
#include "fingerprint.h"
WEAK int fingerprint_lines(const char* text, size_t len, char*** out, size_t* nlines) {
  *out = NULL;
  *nlines = 0;
  return PQL_ENOMEM;
}
WEAK void fingerprint_free(char** hashes, size_t nlines) {}
#endif

#if !__has_include("merge.c")
WEAK int merge_main(int argc, char** argv) {
  fputs("pqlint: error: merge is not implemented yet\n", stderr);
  return 2;
}
#endif

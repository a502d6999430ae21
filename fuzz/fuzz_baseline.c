/* fuzz_baseline.c - libFuzzer harness: a baseline file through baseline_apply, over a run with findings in an in-memory source file. */
#include "fuzz_common.h"
#include "base/readfile.h"
#include "filter/baseline.h"

static const char src_path[] = "/nonexistent-fuzz/src/a.c";
static const char src_text[] =
    "#include <libpq-fe.h>\n"
    "void f(void) {\n"
    "  PGconn* c = PQconnectdb(\"\");\n"
    "}\n"
    "void g(void) {\n"
    "  PGresult* r = PQexec(0, \"\");\n"
    "}\n";

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char path[] = "/nonexistent-fuzz/.pqlint-baseline.json";
  if (readfile_override(path, (const char*)data, size) ||
      readfile_override(src_path, src_text, sizeof src_text - 1))
    goto out;
  lint_run run;
  memset(&run, 0, sizeof run);
  finding_list_init(&run.findings);
  lint_file lf = {.path = (char*)src_path};
  run.files = &lf;
  run.nfiles = 1;
  run.srcroot = "/nonexistent-fuzz";
  static const struct { const char* rule; const char* fn; unsigned line; } fs[] = {
      {"conn-leak", "f", 3}, {"conn-leak", "f", 3}, {"result-leak", "g", 6}, {"direct-connect", NULL, 3}};
  for (size_t i = 0; i < sizeof fs / sizeof *fs; i++) {
    finding f;
    memset(&f, 0, sizeof f);
    f.rule = fs[i].rule;
    f.message = strdup("m");
    f.function = fs[i].fn ? strdup(fs[i].fn) : NULL;
    if (finding_loc_set(&f.loc, src_path, fs[i].line, 3, fs[i].line, 9, NULL) ||
        finding_list_push(&run.findings, &f))
      break;
  }
  size_t nstale = 0;
  char err[1024];
  (void)baseline_apply(&run, path, &nstale, err, sizeof err);
  finding_list_free(&run.findings);
out:
  readfile_overrides_clear();
  return 0;
}

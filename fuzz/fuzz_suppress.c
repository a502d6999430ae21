/* fuzz_suppress.c - libFuzzer harness: suppression comments, one line (suppress_line_matches) and a whole file (suppress_apply_checked, unused ones kept as warnings). */
#include "fuzz_common.h"
#include "base/readfile.h"
#include "filter/suppress.h"

/* A run with findings on lines 1..8 of path (two rules each). */
static void apply_to_file(const char* path) {
  static const char* const rules[] = {"conn-leak", "result-leak"};
  lint_run run;
  memset(&run, 0, sizeof run);
  finding_list_init(&run.findings);
  for (unsigned line = 1; line <= 8; line++) {
    for (int r = 0; r < 2; r++) {
      finding f;
      memset(&f, 0, sizeof f);
      f.rule = rules[r];
      f.message = strdup("m");
      if (finding_loc_set(&f.loc, path, line, 1, line, 2, NULL) || finding_list_push(&run.findings, &f))
        break;
    }
  }
  /* the checked form too: every id that covered none of those findings is kept as a warning
   * (no catalogue: no id is unknown) */
  suppress_check chk = {NULL, NULL, 1, 0};
  (void)suppress_apply_checked(&run, &chk);
  suppress_warnings_free(&run);
  finding_list_free(&run.findings);
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  /* input: RULE NUL LINE (no NUL: the rule "conn-leak" and the whole input as the line) */
  char* s = fz_cstr(data, size);
  if (!s) return 0;
  const char* rule = "conn-leak";
  const char* line = s;
  size_t rl = strlen(s);
  if (rl < size) {
    rule = s;
    line = s + rl + 1;
  }
  (void)suppress_line_matches(line, rule);
  (void)suppress_line_matches(line, "all");
  static const char path[] = "/nonexistent-fuzz/src/a.c";
  if (readfile_override(path, (const char*)data, size) == 0) apply_to_file(path);
  readfile_overrides_clear();
  free(s);
  return 0;
}

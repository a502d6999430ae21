/* fuzz_compdb.c - libFuzzer harness: compile_commands.json through compdb_load, and "command" strings through compdb_split/compdb_sanitise. */
#include "fuzz_common.h"
#include "base/readfile.h"
#include "input/compdb.h"

static void split_and_sanitise(const char* cmd) {
  char** words = NULL;
  size_t n = 0;
  if (compdb_split(cmd, &words, &n)) return;
  char** out = NULL;
  size_t nout = 0;
  if (compdb_sanitise((const char* const*)words, n, n ? words[n - 1] : NULL, &out, &nout) == 0) {
    for (size_t i = 0; i < nout; i++) free(out[i]);
    free(out);
  }
  for (size_t i = 0; i < n; i++) free(words[i]);
  free(words);
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char path[] = "/nonexistent-fuzz/build/compile_commands.json";
  if (readfile_override(path, (const char*)data, size)) return 0;
  compdb* db = NULL;
  char err[1024];
  if (compdb_load(path, &db, err, sizeof err) == 0) {
    (void)compdb_find_nearest(db, "/nonexistent-fuzz/src/a.h");
    compdb_free(db);
  }
  readfile_overrides_clear();
  char* cmd = fz_cstr(data, size);
  if (cmd) split_and_sanitise(cmd);
  free(cmd);
  return 0;
}

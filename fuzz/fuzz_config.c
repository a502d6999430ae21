/* fuzz_config.c - libFuzzer harness: .pqlint.json through config_load (the input is the file's bytes). */
#include "fuzz_common.h"
#include "base/readfile.h"
#include "input/config.h"

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char path[] = "/nonexistent-fuzz/proj/.pqlint.json";
  if (readfile_override(path, (const char*)data, size)) return 0;
  pql_config c;
  char err[1024];
  (void)config_load(path, &c, err, sizeof err);
  config_free(&c);
  readfile_overrides_clear();
  return 0;
}

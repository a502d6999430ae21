/* fuzz_merge.c - libFuzzer harness: a SARIF log through "pqlint merge" (the input, then the input again and a valid pqlint log). */
#include "fuzz_common.h"
#include "base/readfile.h"
#include "report/merge.h"

static const char good[] =
    "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"pqlint\",\"rules\":"
    "[{\"id\":\"conn-leak\"}]}},\"results\":[{\"ruleId\":\"conn-leak\",\"ruleIndex\":0,"
    "\"message\":{\"text\":\"m\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
    "{\"uri\":\"a.c\",\"uriBaseId\":\"%SRCROOT%\"},\"region\":{\"startLine\":3,\"startColumn\":1}}}],"
    "\"partialFingerprints\":{\"primaryLocationLineHash\":\"abc:1\"}}]}]}";

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static char in[] = "/nonexistent-fuzz/a.sarif", ok[] = "/nonexistent-fuzz/good.sarif";
  static char merge[] = "merge";
  if (readfile_override(in, (const char*)data, size) || readfile_override(ok, good, sizeof good - 1))
    goto out;
  char* argv1[] = {merge, in, NULL};
  (void)merge_main(2, argv1);
  char* argv2[] = {merge, ok, in, in, NULL};
  (void)merge_main(4, argv2);
out:
  readfile_overrides_clear();
  return 0;
}

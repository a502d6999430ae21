/* fuzz_model.c - libFuzzer harness: a model file through model_load_text, then the prefilter and call matching built from it. */
#include "fuzz_common.h"
#include "model/model.h"
#include "parse/prefilter.h"

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  char* text = fz_cstr(data, size);
  model_set* set = model_set_new();
  char err[1024];
  if (text && set && model_load_text(set, "fuzz.json", text, err, sizeof err) == 0) {
    static const char* const names[] = {"PQconnectdb", "PQclear", "PQexec", "pqpool_acquire", ""};
    int idx;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
      (void)model_find_acquire(set, names[i], &idx);
      (void)model_find_release(set, names[i], &idx);
    }
    (void)model_in_pool_module(set, "src/pool/pool.c", NULL, 0);
    prefilter* pf = NULL;
    if (prefilter_new(set, &pf) == 0) {
      static const char src[] = "void f(void) { PGconn* c = PQconnectdb(\"\"); PQfinish(c); }";
      (void)prefilter_match(pf, src, sizeof src - 1);
      prefilter_free(pf);
    }
  }
  model_set_free(set);
  free(text);
  return 0;
}

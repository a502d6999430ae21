/* fuzz_staged.c - libFuzzer harness: the staged-blob reader (git -z name list, blob read from a stream, unsaved contents and readfile overrides). */
#define _GNU_SOURCE /* fmemopen */
#include "fuzz_common.h"
#include "base/readfile.h"
#include "input/sources.h"
#include "input/staged.h"

/* input: NAMES (git diff -z output) "\0\0" BLOB; every name gets the blob as its staged bytes. */
int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  size_t split = size;
  for (size_t i = 0; i + 1 < size; i++)
    if (!data[i] && !data[i + 1]) { split = i; break; }
  char* names = fz_cstr(data, split);
  if (!names) return 0;
  const uint8_t* blob = split + 2 <= size ? data + split + 2 : data + size;
  size_t blen = (size_t)(data + size - blob);
  source_list l = {0};
  size_t off = 0;
  const char* name;
  while ((name = staged_next_name(names, split, &off))) {
    if (!*name) continue;
    static char empty[1];
    FILE* f = fmemopen(blen ? (void*)blob : empty, blen ? blen : 1, "rb");
    if (!f) break;
    size_t n = 0;
    char* bytes = readfile_stream(f, &n);
    fclose(f);
    if (!bytes) break;
    if (blen == 0) n = 0;
    if (staged_add_blob(&l, name, bytes, n)) break;
    size_t back_len = 0;
    char* back = readfile(name, &back_len);
    /* what readfile serves must be the staged bytes of the last name added under that path */
    if (back && (back_len != n || memcmp(back, l.v[l.n - 1].contents, n))) {
      /* an earlier override of the same path wins: check that case is a repeat */
      int repeated = 0;
      for (size_t i = 0; i + 1 < l.n; i++) repeated |= !strcmp(l.v[i].path, name);
      if (!repeated) abort();
    }
    free(back);
  }
  sources_sort(&l);
  sources_free(&l);
  readfile_overrides_clear();
  free(names);
  return 0;
}

/* parse_opts.c - parses each file named on stdin with the given libclang options and prints the CPU seconds of all threads and the peak RSS (docs/performance.md: which parse options pay). */
#include <clang-c/Index.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

/* Usage: parse_opts OPTIONS REUSE [FLAGS...] <files.txt
 * OPTIONS: CXTranslationUnit_* bits (0x4201 is pqlint's KeepGoing | DetailedPreprocessingRecord |
 * IgnoreNonErrorsFromIncludedFiles); REUSE 1: one CXIndex for all files, 0: one per file. */
int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: parse_opts OPTIONS REUSE [FLAGS...] <files.txt\n");
    return 2;
  }
  unsigned opts = (unsigned)strtoul(argv[1], NULL, 0);
  int reuse = atoi(argv[2]);
  const char* base[] = {"-x", "c", "-idirafter", "/usr/include/postgresql", "-ferror-limit=0", "-Wno-everything"};
  int nargs = 6 + (argc - 3);
  const char** args = malloc((size_t)nargs * sizeof *args);
  if (!args) return 2;
  for (int i = 0; i < 6; i++) args[i] = base[i];
  for (int i = 3; i < argc; i++) args[6 + i - 3] = argv[i];
  char line[4096];
  CXIndex idx = clang_createIndex(0, 0);
  struct timespec a, b;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
  int n = 0;
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = 0;
    if (!reuse) {
      clang_disposeIndex(idx);
      idx = clang_createIndex(0, 0);
    }
    CXTranslationUnit tu = NULL;
    clang_parseTranslationUnit2(idx, line, args, nargs, NULL, 0, opts, &tu);
    if (tu) clang_disposeTranslationUnit(tu);
    n++;
  }
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("options 0x%04x, %s index: %d files, %.2f CPU s, peak RSS %ld MB\n", opts,
         reuse ? "one" : "a new", n, (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9,
         ru.ru_maxrss / 1024);
  clang_disposeIndex(idx);
  free(args);
  return 0;
}

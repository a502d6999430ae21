/* test_srclang.c - C or C++: file names, compilers, -x flags, standards; compile-database entries of C++ compilers carry -x c++; parse_is_cxx. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/srclang.h"
#include "input/compdb.h"
#include "parse/parse.h"

#include "unit_check.h"

/* 1 if the sanitised flags of argv are exactly want (NULL-terminated). */
static int sanitised_is(const char* const* argv, size_t argc, const char* file,
                        const char* const* want) {
  char** out = NULL;
  size_t n = 0;
  if (compdb_sanitise(argv, argc, file, &out, &n)) return 0;
  int ok = 1;
  size_t k = 0;
  for (; want[k]; k++)
    if (k >= n || strcmp(out[k], want[k])) ok = 0;
  if (k != n) ok = 0;
  for (size_t i = 0; i < n; i++) free(out[i]);
  free(out);
  return ok;
}

int main(void) {
  /* names */
  const char* cxx[] = {"a.cc", "d/a.cpp", "a.cxx", "a.C", "a.hpp", "a.hh", "a.hxx"};
  for (size_t i = 0; i < sizeof cxx / sizeof *cxx; i++) {
    check(srclang_is_source(cxx[i]), cxx[i]);
    check(srclang_is_cxx_name(cxx[i]), cxx[i]);
  }
  check(srclang_is_source("a.c") && !srclang_is_cxx_name("a.c"), "a.c is C");
  check(srclang_is_source("a.h") && !srclang_is_cxx_name("a.h"), "a.h is C");
  check(!srclang_is_source("a.py") && !srclang_is_source("cpp") && !srclang_is_source(".cc"),
        "not sources: a.py, cpp, .cc");
  check(!srclang_is_source("a.cppx") && !srclang_is_source("a.hpp~"), "a.cppx, a.hpp~");
  check(srclang_is_header("x.hpp") && srclang_is_header("x.h") && !srclang_is_header("x.C") &&
            !srclang_is_header("x.cc"),
        "headers");
  /* compilers */
  const char* yes[] = {"c++", "g++", "clang++", "/usr/bin/g++-12", "x86_64-linux-gnu-g++",
                       "clang++-14", "/opt/x/bin/clang++-16.0"};
  const char* no[] = {"cc", "gcc", "clang", "/usr/bin/gcc-12", "clang-14", "g++x", "/a++/cc", NULL};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) check(srclang_is_cxx_compiler(yes[i]), yes[i]);
  for (size_t i = 0; no[i]; i++) check(!srclang_is_cxx_compiler(no[i]), no[i]);
  /* -x */
  const char* a1[] = {"-I.", "-x", "c++", "-O2"};
  const char* a2[] = {"-xc++", "-x", "c"};
  const char* a3[] = {"-DX", "-Xclang", "-foo"};
  const char* a4[] = {"--driver-mode=g++"};
  check(srclang_of_args(a1, 4) == 1, "-x c++");
  check(srclang_of_args(a2, 3) == 0, "the last -x wins");
  check(srclang_of_args(a3, 3) == -1, "-Xclang is no -x");
  check(srclang_of_args(a4, 1) == 1, "--driver-mode=g++");
  check(srclang_std_of("-std=c++17") == 1 && srclang_std_of("--std=gnu++20") == 1 &&
            srclang_std_of("-std=c11") == 0 && srclang_std_of("-O2") == -1,
        "standards");
  /* compile database entries */
  const char* e1[] = {"/usr/bin/g++", "-I", "inc", "-c", "src/a.cc", "-o", "a.o"};
  const char* w1[] = {"-x", "c++", "-I", "inc", NULL};
  check(sanitised_is(e1, 7, "src/a.cc", w1), "g++ entry: -x c++ in front");
  const char* e2[] = {"ccache", "clang++", "-DX", "-c", "u.c"};
  const char* w2[] = {"-x", "c++", "-DX", NULL};
  check(sanitised_is(e2, 5, "u.c", w2), "ccache clang++ entry: the launcher and the compiler dropped");
  const char* e3[] = {"cc", "-DX", "-c", "u.c"};
  const char* w3[] = {"-DX", NULL};
  check(sanitised_is(e3, 4, "u.c", w3), "cc entry: no -x");
  const char* e4[] = {"g++", "-x", "c", "-c", "u.c"};
  const char* w4[] = {"-x", "c++", "-x", "c", NULL};
  check(sanitised_is(e4, 5, "u.c", w4), "g++ -x c: both kept, the entry's own -x last");
  /* parse_is_cxx: flags first, then the name */
  const char* xc[] = {"-x", "c"};
  const char* xcxx[] = {"-x", "c++"};
  check(parse_is_cxx("a.cpp", NULL, 0, NULL, 0, NULL, 0), "a.cpp");
  check(!parse_is_cxx("a.c", NULL, 0, NULL, 0, NULL, 0), "a.c");
  check(parse_is_cxx("a.c", NULL, 0, xcxx, 2, NULL, 0), "a.c from a g++ entry");
  check(parse_is_cxx("a.h", NULL, 0, xcxx, 2, NULL, 0), "a header whose nearest entry is C++");
  check(!parse_is_cxx("a.cpp", NULL, 0, xcxx, 2, xc, 2), "config flags -x c win over the entry");
  const char* hc = "struct conn { int private; };  // a class template in a comment\n";
  const char* hx = "namespace db { struct conn; }\n";
  const char* hk = "class Conn {\n public:\n  ~Conn();\n};\n";
  const char* hg = "#ifdef __cplusplus\nextern \"C\" {\n#endif\nint f(void);\n";
  check(!parse_is_cxx("a.h", hc, strlen(hc), NULL, 0, NULL, 0), "a C header: private, and words in a comment");
  check(parse_is_cxx("a.h", hx, strlen(hx), NULL, 0, NULL, 0), "a header with a namespace");
  check(parse_is_cxx("a.h", hk, strlen(hk), NULL, 0, NULL, 0), "a header with a class and public:");
  check(!parse_is_cxx("a.h", hg, strlen(hg), NULL, 0, NULL, 0), "a C header with an extern \"C\" guard");
  check(!parse_is_cxx("a.h", hx, strlen(hx), xc, 2, NULL, 0), "an entry's -x c wins over the text");
  const char* hn = "inline void clear(PGresult *&r) { if (nullptr != r) PQclear(r); }\n";
  check(parse_is_cxx("a.h", hn, strlen(hn), NULL, 0, NULL, 0), "a header using nullptr");
  const char* hm = "typedef struct TocEntry { char *namespace; char *typename; int private : 1; } TocEntry;\n"
                   "#define ASSERT_TYPE(v, typename) ((void)0)\n";
  const char* hd = "#ifdef __cplusplus\n#define unconstify(t, e) (const_cast<t>(e))\nnamespace x { }\n#endif\n";
  const char* hq = "#define OBJ_NAME(o, n) (o)\nstatic inline P* pk(B* b) { return (P*)OBJ_NAME(b, Pack::Buffer); }\n";
  const char* ha = "[[gnu::unused]] static int z;\n";
  check(!parse_is_cxx("a.h", hm, strlen(hm), NULL, 0, NULL, 0), "C members named namespace/typename/private (pg_dump.h)");
  check(!parse_is_cxx("a.h", hd, strlen(hd), NULL, 0, NULL, 0), "a header for C and C++ (c.h's __cplusplus blocks)");
  check(!parse_is_cxx("a.h", hq, strlen(hq), NULL, 0, NULL, 0), "A::b in a C macro's argument (pgBackRest)");
  check(!parse_is_cxx("a.h", ha, strlen(ha), NULL, 0, NULL, 0), "a C23 attribute gnu::unused");
  check(!parse_is_cxx("a.c", hx, strlen(hx), NULL, 0, NULL, 0), "the text of a .c file does not count");
  return unit_done();
}

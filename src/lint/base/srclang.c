/* srclang.c - which files are C or C++ sources, by name, by compiler and by flags. */
#include "base/srclang.h"

#include <string.h>

static int ends_with(const char* s, const char* suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n > k && memcmp(s + n - k, suffix, k) == 0;
}

static const char* const cxx_sources[] = {".cc", ".cpp", ".cxx", ".C"};
static const char* const cxx_headers[] = {".hpp", ".hh", ".hxx"};

int srclang_is_cxx_name(const char* name) {
  for (size_t i = 0; i < sizeof cxx_sources / sizeof *cxx_sources; i++)
    if (ends_with(name, cxx_sources[i])) return 1;
  for (size_t i = 0; i < sizeof cxx_headers / sizeof *cxx_headers; i++)
    if (ends_with(name, cxx_headers[i])) return 1;
  return 0;
}

int srclang_is_source(const char* name) {
  return ends_with(name, ".c") || ends_with(name, ".h") || srclang_is_cxx_name(name);
}

int srclang_is_header(const char* name) {
  if (ends_with(name, ".h") || ends_with(name, ".H")) return 1;
  for (size_t i = 0; i < sizeof cxx_headers / sizeof *cxx_headers; i++)
    if (ends_with(name, cxx_headers[i])) return 1;
  return 0;
}

int srclang_is_cxx_compiler(const char* argv0) {
  if (!argv0) return 0;
  const char* base = strrchr(argv0, '/');
  base = base ? base + 1 : argv0;
  const char* pp = strstr(base, "++");
  if (!pp) return 0;
  const char* rest = pp + 2;
  if (!*rest) return 1;
  if (*rest != '-') return 0; /* "++-14": a version suffix */
  for (rest++; *rest; rest++)
    if (!((*rest >= '0' && *rest <= '9') || *rest == '.')) return 0;
  return 1;
}

/* 1 for a C++ language name of -x, 0 for C, -1 for another (assembler, objc). */
static int lang_name(const char* v) {
  if (!strcmp(v, "c++") || !strcmp(v, "c++-header") || !strcmp(v, "c++-cpp-output")) return 1;
  if (!strcmp(v, "c") || !strcmp(v, "c-header") || !strcmp(v, "cpp-output")) return 0;
  return -1;
}

int srclang_of_args(const char* const* args, size_t n) {
  int lang = -1;
  for (size_t i = 0; i < n; i++) {
    const char* a = args[i];
    int l = -2;
    if (!strcmp(a, "-x") && i + 1 < n) l = lang_name(args[++i]);
    else if (!strncmp(a, "-x", 2) && a[2]) l = lang_name(a + 2);
    else if (!strcmp(a, "--driver-mode=g++")) l = 1;
    else if (!strcmp(a, "--driver-mode=gcc")) l = 0;
    if (l >= 0) lang = l;
  }
  return lang;
}

int srclang_std_of(const char* a) {
  const char* v = !strncmp(a, "-std=", 5) ? a + 5 : !strncmp(a, "--std=", 6) ? a + 6 : NULL;
  if (!v) return -1;
  return strstr(v, "++") != NULL;
}

int srclang_has_cxx_std(const char* const* args, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (srclang_std_of(args[i]) == 1) return 1;
  return 0;
}

/* test_scan_cxx.c - the byte scanner on C++ text: raw strings, digit separators, namespaces and extern "C" bodies as file scope. */
#include <stdio.h>
#include <string.h>

#include "parse/scan.h"

#include "unit_check.h"

static int has_def(const scan_result* r, const char* name) {
  for (size_t i = 0; i < r->ndefs; i++)
    if (!r->defs[i].is_macro && !strcmp(r->defs[i].name, name)) return 1;
  return 0;
}

int main(void) {
  scan_result r;
  /* a raw string holding a quote and a newline does not hide what follows */
  const char* t1 =
      "const char* q = R\"sql(select \"x\" from t\n where a = ')sql\";\n"
      "void run() { PGconn* c = PQconnectdb(\"\"); }\n";
  check(scan_text(t1, strlen(t1), 1, &r) == 0, "scan t1");
  check(scan_has(r.ids, r.nids, "PQconnectdb"), "raw string: PQconnectdb after it is code");
  check(!scan_has(r.ids, r.nids, "select") && !scan_has(r.ids, r.nids, "where"),
        "raw string: its words are no identifiers");
  check(has_def(&r, "run"), "raw string: run() after it is a definition");
  scan_free(&r);
  const char* t1b = "auto s = u8R\"(password=x)\";\n";
  check(scan_text(t1b, strlen(t1b), 0, &r) == 0 && r.secret_words, "u8R raw string: secret words seen");
  scan_free(&r);
  /* an odd number of digit separators is no character literal */
  const char* t2 = "int n = 10'000; PGconn* c = PQconnectdb(\"\");\n";
  check(scan_text(t2, strlen(t2), 0, &r) == 0, "scan t2");
  check(scan_has(r.ids, r.nids, "PQconnectdb"), "digit separator: PQconnectdb after it is code");
  scan_free(&r);
  /* namespaces and extern "C" are file scope; class bodies and function bodies are not */
  const char* t3 =
      "namespace db {\nnamespace {\nvoid helper() { }\n}\n"
      "PGconn* open_conn(const char* ci) { return PQconnectdb(ci); }\n"
      "class Conn { public: void close() { } };\n"
      "void Conn::reset() { }\n"
      "}  // namespace db\n"
      "extern \"C\" {\nint c_api(void) { return 0; }\n}\n"
      "static int after(void) { return 1; }\n";
  check(scan_text(t3, strlen(t3), 1, &r) == 0, "scan t3");
  check(has_def(&r, "helper"), "anonymous namespace: helper defined");
  check(has_def(&r, "open_conn"), "namespace: open_conn defined");
  check(scan_has(r.fdefs, r.nfdefs, "open_conn"), "open_conn in fdefs");
  check(!has_def(&r, "close"), "a method inside a class body is not a file-scope definition");
  check(has_def(&r, "Conn::reset") && scan_has(r.fdefs, r.nfdefs, "Conn::reset"),
        "Conn::reset defined at namespace scope, by its qualified name (as lowered)");
  check(has_def(&r, "c_api"), "extern \"C\" body: c_api defined");
  check(has_def(&r, "after") && !scan_has(r.fdefs, r.nfdefs, "after"),
        "after the namespaces close: static after() defined, not in fdefs");
  scan_free(&r);
  return unit_done();
}

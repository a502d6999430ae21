/* test_suppress.c - the suppression parser (positive and negative cases) and suppress_apply over real files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filter/suppress.h"

#include "unit_check.h"

static void line_case(const char* line, const char* rule, int want) {
  char what[512];
  snprintf(what, sizeof what, "suppress_line_matches(\"%s\", %s) should be %d", line, rule, want);
  check(suppress_line_matches(line, rule) == want, what);
}

static void test_parser(void) {
  /* positive */
  line_case("  PGconn* c = PQconnectdb(\"\");  // pqlint: ignore[direct-connect] migration tool",
            "direct-connect", 1);
  line_case("// pqlint: ignore[direct-connect]", "direct-connect", 1);
  line_case("x(); /* pqlint: ignore[max-one] */", "max-one", 1);
  line_case("x(); /* pqlint: ignore[max-one,conn-leak] why */ y();", "conn-leak", 1);
  line_case("x(); // pqlint: ignore[ max-one , conn-leak ] spaced", "conn-leak", 1);
  line_case("x(); //pqlint:ignore[conn-leak]", "conn-leak", 1);
  line_case("x(); // pqlint: ignore[all] vendored", "hardcoded-secret", 1);
  line_case("x(); /* other */ // pqlint: ignore[conn-leak]", "conn-leak", 1);
  line_case("x(); /* a */ /* pqlint: ignore[conn-leak] */", "conn-leak", 1);
  line_case("s = \"a\\\"b\"; // pqlint: ignore[conn-leak] escaped quote before", "conn-leak", 1);
  line_case("c = '\"'; // pqlint: ignore[conn-leak] a quote in a char literal", "conn-leak", 1);
  /* negative */
  line_case("x(); // pqlint: ignore[max-one]", "direct-connect", 0);
  line_case("x(); // pqlint: ignore[direct-connect-2]", "direct-connect", 0);
  line_case("x(); // pqlint: ignore[direct]", "direct-connect", 0);
  line_case("x(); // pqlint: ignore[allx]", "direct-connect", 0);
  line_case("x(); // pqlint ignore[direct-connect]", "direct-connect", 0);
  line_case("x(); // pqlint: ignore direct-connect", "direct-connect", 0);
  line_case("x(); // pqlint: ignore[direct-connect", "direct-connect", 0);
  line_case("x(); // NOLINT(direct-connect)", "direct-connect", 0);
  line_case("x(); // see pqlint: ignore[direct-connect]", "direct-connect", 0);
  line_case("s = \"// pqlint: ignore[direct-connect]\";", "direct-connect", 0);
  line_case("s = \"/* pqlint: ignore[direct-connect] */\"; x();", "direct-connect", 0);
  line_case("x(); /* unrelated */ y(); z = \"// pqlint: ignore[conn-leak]\";", "conn-leak", 0);
  line_case("x(); /* pqlint: ignore[max-one] */ conn-leak", "conn-leak", 0);
  line_case("", "conn-leak", 0);
  line_case("x(); // pqlint: IGNORE[conn-leak]", "conn-leak", 0);
}

/* Writes text to path; 0 on success. */
static int put(const char* path, const char* text) {
  FILE* f = fopen(path, "w");
  if (!f) return -1;
  fputs(text, f);
  return fclose(f);
}

static void add(lint_run* run, const char* rule, const char* file, unsigned line) {
  finding f = {0};
  f.rule = rule;
  f.level = FINDING_WARNING;
  finding_loc_set(&f.loc, file, line, 3, line, 9, NULL);
  f.message = strdup("m");
  finding_list_push(&run->findings, &f);
}

static void test_apply(void) {
  char dir[] = "/tmp/pqlint-suppress-XXXXXX";
  if (!mkdtemp(dir) || chdir(dir)) {
    check(0, "temp dir");
    return;
  }
  put("a.c",
      "int a(void) {\n"                                          /* 1 */
      "  x();  // pqlint: ignore[direct-connect] same line\n"   /* 2 */
      "  // pqlint: ignore[max-one] alone above\n"               /* 3 */
      "  y();\n"                                                 /* 4 */
      "  z();  // pqlint: ignore[conn-leak] code on this line\n" /* 5 */
      "  w();\n"                                                 /* 6 */
      "  // pqlint: ignore[result-leak] two lines above\n"       /* 7 */
      "\n"                                                       /* 8 */
      "  v();\n"                                                 /* 9 */
      "  /* pqlint: ignore[all] */\n"                            /* 10 */
      "  u();\n"                                                 /* 11 */
      "}\n");
  lint_run run = {0};
  finding_list_init(&run.findings);
  add(&run, "direct-connect", "a.c", 2); /* suppressed: same line */
  add(&run, "max-one", "a.c", 2);        /* not: wrong rule */
  add(&run, "max-one", "a.c", 4);        /* suppressed: alone above */
  add(&run, "conn-leak", "a.c", 6);      /* not: the line above has code */
  add(&run, "result-leak", "a.c", 9);    /* not: two lines above */
  add(&run, "pool-leak", "a.c", 11);     /* suppressed: all, block comment above */
  add(&run, "conn-leak", "a.c", 5);      /* suppressed */
  add(&run, "conn-leak", "gone.c", 1);   /* a file that does not exist */
  int rc = suppress_apply(&run);
  check(rc != 0, "a missing file is reported (non-zero)");
  static const int want[] = {1, 0, 1, 0, 0, 1, 1, 0};
  for (size_t i = 0; i < 8; i++) {
    char what[128];
    snprintf(what, sizeof what, "finding %zu (%s line %u) suppressed == %d", i,
             run.findings.v[i].rule, run.findings.v[i].loc.line, want[i]);
    check(run.findings.v[i].suppressed == want[i], what);
  }
  check(run.nsuppressed == 4, "nsuppressed == 4");
  /* applying twice does not count twice */
  suppress_apply(&run);
  check(run.nsuppressed == 4, "nsuppressed stays 4 on a second pass");
  finding_list_free(&run.findings);
  unlink("a.c");
  if (chdir("/") == 0) rmdir(dir);
}

int main(void) {
  test_parser();
  test_apply();
  return unit_done();
}

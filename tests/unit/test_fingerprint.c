/* test_fingerprint.c - GitHub's primaryLocationLineHash: the test vectors of notes/interfaces.md, exactly, line by line. */
#include <stdio.h>
#include <string.h>

#include "report/fingerprint.h"

#include "unit_check.h"

/* Compares every line's hash of text with want[] (n entries), and the count. */
static void check_vector(const char* name, const char* text, const char* const* want, size_t n) {
  char** h = NULL;
  size_t nl = 0;
  int rc = fingerprint_lines(text, strlen(text), &h, &nl);
  char what[256];
  snprintf(what, sizeof what, "%s: rc %d, %zu lines (want %zu)", name, rc, nl, n);
  check(rc == 0 && nl == n, what);
  for (size_t i = 0; rc == 0 && i < n && i < nl; i++) {
    snprintf(what, sizeof what, "%s line %zu: got %s want %s", name, i + 1, h[i], want[i]);
    check(!strcmp(h[i], want[i]), what);
  }
  fingerprint_free(h, nl);
}

int main(void) {
  static const char* const vec1[] = {
      "2d6d1f5e5f560747:1", "fed2fdd7f38a81be:1", "dc5e8a3033e42e0c:1", "fd01cd73424ec6a4:1",
      "1fc32214f2229ac3:1", "333fb3839c0a3074:1", "32dce9ccfdbc9d3e:1", "c129715d7a2bc9a3:1"};
  check_vector("vector.c",
               "#include <libpq-fe.h>\n\nvoid leak(PGconn *c)\n{\n    PGresult *r = PQexec(c, "
               "\"select 1\");\n    (void)r;\n}\n",
               vec1, 8);
  static const char* const vec2[] = {"e575ce3861eee04a:1", "b6323af23bc621b:1",
                                     "ade70578248be16f:1", "c129715d7a2bc9a3:1"};
  check_vector("crlf", "a\r\nb\n\tb\n", vec2, 4);

  /* Properties that follow from the algorithm, not from today's output. */
  {
    /* identical windows get increasing counters */
    char** h = NULL;
    size_t n = 0;
    int rc = fingerprint_lines("x\n", 2, &h, &n);
    char** h2 = NULL;
    size_t n2 = 0;
    int rc2 = fingerprint_lines("x\nx\n", 4, &h2, &n2);
    check(rc == 0 && rc2 == 0 && n == 2 && n2 == 3, "line counts of x\\n and x\\nx\\n");
    /* the last line plus sentinel is the same window in both files: same hash value */
    if (rc == 0 && rc2 == 0 && n == 2 && n2 == 3) {
      check(!strcmp(h[0], h2[1]), "same window, same hash (x then EOF)");
      check(!strcmp(h[1], h2[2]), "EOF sentinel line equal");
    }
    fingerprint_free(h, n);
    fingerprint_free(h2, n2);
  }
  {
    /* spaces and tabs are ignored: "a b\n" hashes as "ab\n" */
    char **a = NULL, **b = NULL;
    size_t na = 0, nb = 0;
    fingerprint_lines("a b\n", 4, &a, &na);
    fingerprint_lines("ab\n", 3, &b, &nb);
    check(na == 2 && nb == 2 && a && b && !strcmp(a[0], b[0]), "blanks ignored");
    fingerprint_free(a, na);
    fingerprint_free(b, nb);
  }
  {
    /* "\r\n" and "\n" give the same hashes */
    char **a = NULL, **b = NULL;
    size_t na = 0, nb = 0;
    fingerprint_lines("p\r\nq\r\n", 6, &a, &na);
    fingerprint_lines("p\nq\n", 4, &b, &nb);
    int same = na == nb && na == 3;
    for (size_t i = 0; same && i < na; i++) same = !strcmp(a[i], b[i]);
    check(same, "CRLF equals LF");
    fingerprint_free(a, na);
    fingerprint_free(b, nb);
  }
  {
    /* empty file: only the sentinel's line */
    char** a = NULL;
    size_t na = 0;
    int rc = fingerprint_lines("", 0, &a, &na);
    check(rc == 0 && na == 1 && a && !strcmp(a[0], "c129715d7a2bc9a3:1"), "empty file");
    fingerprint_free(a, na);
  }
  return unit_done();
}

/* test_finding.c - findings: construction, list push/move, sort order, de-duplication, deterministic survivor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/finding.h"

#include "unit_check.h"

static finding mk(const char* file, unsigned line, unsigned col, const char* rule, const char* msg,
                  const char* step) {
  finding f = {0};
  f.rule = rule;
  f.level = FINDING_ERROR;
  finding_loc_set(&f.loc, file, line, col, line, col + 4, NULL);
  f.message = strdup(msg);
  if (step) {
    finding_loc s;
    finding_loc_set(&s, file, 1, 1, 1, 2, step);
    finding_add_step(&f, &s);
    free(s.file);
    free(s.msg);
  }
  return f;
}

static void push(finding_list* l, finding f) { finding_list_push(l, &f); }

static void test_build(void) {
  finding f = mk("a.c", 3, 5, "conn-leak", "leak", "acquired here");
  check(f.nsteps == 1 && !strcmp(f.steps[0].msg, "acquired here") && f.steps[0].line == 1,
        "finding_add_step copies the step");
  finding_loc r;
  finding_loc_set(&r, "b.c", 7, 2, 7, 9, "related");
  check(finding_add_related(&f, &r) == 0 && f.nrelated == 1 && f.related[0].file != r.file &&
            !strcmp(f.related[0].file, "b.c"),
        "finding_add_related makes its own copy");
  free(r.file);
  free(r.msg);
  check(f.loc.end_col == 9 && f.loc.msg == NULL, "finding_loc_set fields");
  finding_free(&f);
  check(f.message == NULL && f.steps == NULL, "finding_free clears");
  check(!strcmp(finding_level_name(FINDING_NOTE), "note") &&
            !strcmp(finding_level_name(FINDING_WARNING), "warning") &&
            !strcmp(finding_level_name(FINDING_ERROR), "error"),
        "level names");
}

static void test_sort(void) {
  finding_list l;
  finding_list_init(&l);
  push(&l, mk("b.c", 1, 1, "max-one", "m", NULL));
  push(&l, mk("a.c", 10, 1, "conn-leak", "m", NULL));
  push(&l, mk("a.c", 2, 9, "conn-leak", "m", NULL));
  push(&l, mk("a.c", 2, 3, "result-leak", "m", NULL));
  push(&l, mk("a.c", 2, 3, "conn-leak", "z", NULL));
  push(&l, mk("a.c", 2, 3, "conn-leak", "a", NULL));
  finding_list sub;
  finding_list_init(&sub);
  push(&sub, mk("a.c", 2, 3, "conn-leak", "a", NULL)); /* a duplicate of the one above */
  push(&sub, mk("a.b", 1, 1, "max-one", "m", NULL));
  check(finding_list_move(&l, &sub) == 0 && sub.n == 0 && l.n == 8, "move appends and empties");
  finding_list_sort(&l);
  static const struct { const char* file; unsigned line, col; const char* rule; const char* msg; } want[] = {
      {"a.b", 1, 1, "max-one", "m"},       {"a.c", 2, 3, "conn-leak", "a"},
      {"a.c", 2, 3, "conn-leak", "z"},     {"a.c", 2, 3, "result-leak", "m"},
      {"a.c", 2, 9, "conn-leak", "m"},     {"a.c", 10, 1, "conn-leak", "m"},
      {"b.c", 1, 1, "max-one", "m"}};
  check(l.n == 7, "one exact duplicate dropped (7 left)");
  for (size_t i = 0; i < l.n && i < 7; i++) {
    char what[200];
    const finding* f = &l.v[i];
    snprintf(what, sizeof what, "position %zu: %s:%u:%u %s %s", i, f->loc.file, f->loc.line,
             f->loc.col, f->rule, f->message);
    check(!strcmp(f->loc.file, want[i].file) && f->loc.line == want[i].line &&
              f->loc.col == want[i].col && !strcmp(f->rule, want[i].rule) &&
              !strcmp(f->message, want[i].msg),
          what);
  }
  finding_list_free(&l);
  finding_list_free(&sub);
  check(l.v == NULL && l.n == 0, "list freed");
}

/* Two duplicates that differ only in their steps: the same one survives
 * whatever order they arrive in (thread count must not matter). */
static void test_survivor(void) {
  const char* kept[2] = {NULL, NULL};
  for (int order = 0; order < 2; order++) {
    finding_list l;
    finding_list_init(&l);
    finding a = mk("a.c", 4, 4, "conn-leak", "leak", "path one");
    finding b = mk("a.c", 4, 4, "conn-leak", "leak", "path two");
    if (order) {
      push(&l, b);
      push(&l, a);
    } else {
      push(&l, a);
      push(&l, b);
    }
    l.v[0].suppressed = 1; /* a flag on either copy survives */
    finding_list_sort(&l);
    check(l.n == 1, "duplicates merged into one");
    check(l.n == 1 && l.v[0].suppressed == 1, "the suppressed flag is kept");
    kept[order] = l.n && l.v[0].nsteps ? (strcmp(l.v[0].steps[0].msg, "path one") ? "two" : "one") : "?";
    finding_list_free(&l);
  }
  check(!strcmp(kept[0], kept[1]), "the survivor does not depend on the input order");
}

static void test_many(void) {
  finding_list l;
  finding_list_init(&l);
  for (unsigned i = 0; i < 1000; i++) push(&l, mk("m.c", 1000 - i, 1, "conn-leak", "x", NULL));
  finding_list_sort(&l);
  int ok = l.n == 1000;
  for (size_t i = 1; ok && i < l.n; i++) ok = l.v[i - 1].loc.line < l.v[i].loc.line;
  check(ok, "1000 findings grow the list and sort by line");
  finding_list_free(&l);
}

int main(void) {
  test_build();
  test_sort();
  test_survivor();
  test_many();
  return unit_done();
}

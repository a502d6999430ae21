/* baseline_unit.c - unit tests of baseline.c: keys survive edits above, counts, stale entries, stable output, bad files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filter/baseline.h"
#include "base/error.h"

static int failed, passed;

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (cond) {                                                              \
      passed++;                                                              \
    } else {                                                                 \
      failed++;                                                              \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                        \
  } while (0)

static char dir[256];

static void put(const char* name, const char* text) {
  char p[512];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  FILE* f = fopen(p, "w");
  if (!f) abort();
  fputs(text, f);
  fclose(f);
}

static char* slurp(const char* name) {
  char p[512];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  FILE* f = fopen(p, "r");
  if (!f) return NULL;
  static char buf[65536];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  fclose(f);
  return strdup(buf);
}

/* A run with findings at (file, line, function, rule); paths relative to dir. */
typedef struct spec {
  const char* file;
  unsigned line;
  const char* function;
  const char* rule;
} spec;

static void make_run(lint_run* run, const spec* s, size_t n) {
  memset(run, 0, sizeof *run);
  run->findings.v = calloc(n ? n : 1, sizeof(finding));
  run->findings.n = run->findings.cap = n;
  for (size_t i = 0; i < n; i++) {
    finding* f = &run->findings.v[i];
    f->rule = s[i].rule;
    f->level = FINDING_ERROR;
    f->loc.file = (char*)s[i].file;
    f->loc.line = s[i].line;
    f->loc.col = 1;
    f->message = (char*)"m";
    f->function = (char*)s[i].function;
  }
  run->files = calloc(1, sizeof(lint_file));
  run->files[0].path = (char*)"src/x.c";
  run->nfiles = 1;
  run->srcroot = dir;
}

static void free_run(lint_run* run) {
  free(run->findings.v);
  free(run->files);
}

static const char* v1 =
    "#include <libpq-fe.h>\n"
    "PGconn *open_db(void) { return PQconnectdb(\"host=db\"); }\n"
    "void close_db(PGconn *c) { }\n";
static const char* v2 = /* two lines added above the old finding */
    "/* added */\n"
    "int other;\n"
    "#include <libpq-fe.h>\n"
    "PGconn *open_db(void) { return PQconnectdb(\"host=db\"); }\n"
    "void close_db(PGconn *c) { }\n";

int main(void) {
  char err[1024];
  size_t nstale;
  snprintf(dir, sizeof dir, "/tmp/pqlint-bl.XXXXXX");
  if (!mkdtemp(dir)) return 2;
  char p[512];
  snprintf(p, sizeof p, "%s/.git", dir);
  mkdir(p, 0755);
  snprintf(p, sizeof p, "%s/src", dir);
  mkdir(p, 0755);
  /* findings name files relative to the cwd, as pqlint does */
  if (chdir(dir)) return 2;
  put("src/x.c", v1);
  char base[512];
  snprintf(base, sizeof base, "%s/base.json", dir);

  /* write: two findings with the same key fold into count 2; output sorted */
  spec s1[] = {{"src/x.c", 3, "close_db", "b-rule"},
               {"src/x.c", 2, "open_db", "a-rule"},
               {"./src/x.c", 2, "open_db", "a-rule"}};
  lint_run run;
  make_run(&run, s1, 3);
  CHECK(baseline_write(&run, base, err, sizeof err) == 0);
  char* t1 = slurp("base.json");
  CHECK(t1 && strstr(t1, "\"version\": 1"));
  CHECK(t1 && strstr(t1, "\"path\": \"src/x.c\", \"rule\": \"a-rule\", \"function\": \"open_db\""));
  CHECK(t1 && strstr(t1, "\"count\": 2"));
  CHECK(t1 && strstr(t1, "a-rule") < strstr(t1, "b-rule"));
  CHECK(t1 && !strstr(t1, "\"line\""));
  free_run(&run);

  /* same findings in another order: byte-identical file */
  spec s1r[] = {s1[2], s1[0], s1[1]};
  make_run(&run, s1r, 3);
  CHECK(baseline_write(&run, base, err, sizeof err) == 0);
  char* t2 = slurp("base.json");
  CHECK(t1 && t2 && !strcmp(t1, t2));
  free(t2);
  free_run(&run);

  /* apply on the same state: everything baselined, nothing stale */
  make_run(&run, s1, 3);
  CHECK(baseline_apply(&run, base, &nstale, err, sizeof err) == 0);
  CHECK(run.nbaselined == 3 && nstale == 0);
  free_run(&run);

  /* lines added above: the findings move down and stay baselined */
  put("src/x.c", v2);
  spec s2[] = {{"src/x.c", 4, "open_db", "a-rule"}, {"src/x.c", 5, "close_db", "b-rule"}};
  make_run(&run, s2, 2);
  CHECK(baseline_apply(&run, base, &nstale, err, sizeof err) == 0);
  CHECK(run.nbaselined == 2);
  CHECK(run.findings.v[0].baselined && run.findings.v[1].baselined);
  CHECK(nstale == 1); /* a-rule had count 2, one occurrence is gone */
  free_run(&run);

  /* a line added right BELOW the finding (GitHub's hash would see it): still baselined */
  put("src/x.c", "/* added */\nint other;\n#include <libpq-fe.h>\n"
                 "PGconn *open_db(void) { return PQconnectdb(\"host=db\"); }\n"
                 "PGconn *open_two(void);\n"
                 "void close_db(PGconn *c) { }\n");
  spec s2b[] = {{"src/x.c", 4, "open_db", "a-rule"}, {"src/x.c", 6, "close_db", "b-rule"}};
  make_run(&run, s2b, 2);
  CHECK(baseline_apply(&run, base, &nstale, err, sizeof err) == 0);
  CHECK(run.nbaselined == 2);
  free_run(&run);
  put("src/x.c", v2);

  /* a new finding on another line, and a third one of a counted key: reported */
  spec s3[] = {{"src/x.c", 4, "open_db", "a-rule"}, {"src/x.c", 4, "open_db", "a-rule"},
               {"src/x.c", 4, "open_db", "a-rule"}, {"src/x.c", 2, NULL, "a-rule"},
               {"src/x.c", 5, "close_db", "b-rule"}};
  make_run(&run, s3, 5);
  CHECK(baseline_apply(&run, base, &nstale, err, sizeof err) == 0);
  CHECK(run.nbaselined == 3);
  CHECK(!run.findings.v[2].baselined && !run.findings.v[3].baselined);
  CHECK(nstale == 0);
  free_run(&run);

  /* a suppressed finding is neither written nor matched */
  spec s4[] = {{"src/x.c", 4, "open_db", "a-rule"}};
  make_run(&run, s4, 1);
  run.findings.v[0].suppressed = 1;
  CHECK(baseline_write(&run, base, err, sizeof err) == 0);
  char* t3 = slurp("base.json");
  CHECK(t3 && !strstr(t3, "a-rule"));
  free(t3);
  free_run(&run);

  /* the same file from a sub folder: paths are keyed to srcroot, the git
   * root main passes (relative paths resolve against the current folder) */
  make_run(&run, s2, 2);
  CHECK(baseline_write(&run, base, err, sizeof err) == 0);
  free_run(&run);
  if (chdir("src")) return 2;
  snprintf(p, sizeof p, "%s", dir);
  spec s5[] = {{"x.c", 4, "open_db", "a-rule"}, {"x.c", 5, "close_db", "b-rule"}};
  make_run(&run, s5, 2);
  run.srcroot = p;
  run.files[0].path = (char*)"x.c";
  CHECK(baseline_apply(&run, base, &nstale, err, sizeof err) == 0);
  CHECK(run.nbaselined == 2 && nstale == 0);
  free_run(&run);
  if (chdir(dir)) return 2;

  /* entries of files outside this run (another shard) are not stale */
  make_run(&run, NULL, 0);
  run.files[0].path = (char*)"src/other.c";
  put("src/other.c", "int y;\n");
  CHECK(baseline_apply(&run, base, &nstale, err, sizeof err) == 0);
  CHECK(nstale == 0);
  unlink("src/x.c"); /* ...unless the file is gone */
  CHECK(baseline_apply(&run, base, &nstale, err, sizeof err) == 0);
  CHECK(nstale == 2);
  free_run(&run);

  /* bad files: PQL_ECONFIG naming file:line:col */
  struct {
    const char* text;
    const char* want;
  } bad[] = {
      {"{\n  \"version\": 1,\n  \"entries\": [\n    {\"path\": \"a\",, }\n  ]\n}\n", "base.json:4:"},
      {"{\n  \"version\": 2,\n  \"entries\": []\n}\n", "base.json:2:3: unsupported"},
      {"{\"version\": 1}\n", "\"entries\""},
      {"{\n  \"version\": 1,\n  \"entries\": [\n    {\"path\": \"a\", \"rule\": \"r\", \"hash\": "
       "\"h\", \"count\": 1},\n    {\"path\": \"a\", \"rule\": \"r\", \"count\": 1}\n  ]\n}\n",
       "base.json:5:5: baseline entry: \"hash\""},
      {"{\"version\": 1, \"entries\": [{\"path\": \"a\", \"rule\": \"r\", \"hash\": \"h\", "
       "\"count\": 0}]}",
       "\"count\""},
      {"[1]", "base.json:1:1"},
  };
  make_run(&run, NULL, 0);
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    put("base.json", bad[i].text);
    err[0] = 0;
    int rc = baseline_apply(&run, base, &nstale, err, sizeof err);
    CHECK(rc == PQL_ECONFIG);
    if (!strstr(err, bad[i].want)) {
      failed++;
      fprintf(stderr, "bad file %zu: message '%s' lacks '%s'\n", i, err, bad[i].want);
    }
  }
  CHECK(baseline_apply(&run, "/nonexistent/base.json", &nstale, err, sizeof err) == PQL_EIO);
  CHECK(strstr(err, "/nonexistent/base.json") != NULL);
  CHECK(baseline_write(&run, "/nonexistent/base.json", err, sizeof err) == PQL_EIO);
  free_run(&run);

  free(t1);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd)) fprintf(stderr, "could not remove %s\n", dir);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}

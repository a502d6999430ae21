/* pipeline_unit.c - unit tests of the pipeline modules: cli, compdb sanitising, config errors, sources, prefilter, rule selection. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input/cli.h"
#include "input/compdb.h"
#include "input/config.h"
#include "base/error.h"
#include "base/lint.h"
#include "model/model.h"
#include "parse/prefilter.h"
#include "base/readfile.h"
#include "report/report.h"
#include "input/sources.h"

static int failures, checks;

#define CHECK(cond)                                                   \
  do {                                                                \
    checks++;                                                         \
    if (!(cond)) {                                                    \
      failures++;                                                     \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                 \
  } while (0)

static char* join(char** v, size_t n) {
  static char buf[4096];
  buf[0] = 0;
  for (size_t i = 0; i < n; i++) {
    if (i) strcat(buf, " ");
    strcat(buf, v[i]);
  }
  return buf;
}

static void free_vec(char** v, size_t n) {
  for (size_t i = 0; i < n; i++) free(v[i]);
  free(v);
}

static void test_sanitise(void) {
  const char* argv[] = {"/usr/bin/gcc", "-Iinc", "-DX=1", "-fplugin=/evil.so",
                        "-fplugin-arg-evil-x=1", "-Xclang", "-load", "-Xclang", "/evil2.so",
                        "-Xclang", "-plugin", "-Xclang", "evil", "-Xclang", "-add-plugin",
                        "-Xclang", "evil3", "--config", "/x.cfg", "--config=/y.cfg",
                        "-Xclang", "-fno-color-diagnostics", "-c", "src/u.c", "-o", "u.o",
                        "-MD", "-MF", "u.d", "-Werror", "-Werror=format", "-std=c11", "-O2"};
  char** out = NULL;
  size_t n = 0;
  CHECK(compdb_sanitise(argv, sizeof argv / sizeof *argv, "src/u.c", &out, &n) == 0);
  CHECK(!strcmp(join(out, n), "-Iinc -DX=1 -Xclang -fno-color-diagnostics -std=c11 -O2"));
  free_vec(out, n);
  /* -oFILE attached, input given by base name */
  const char* argv2[] = {"cc", "-ou.o", "u.c", "-Wall"};
  CHECK(compdb_sanitise(argv2, 4, "/abs/u.c", &out, &n) == 0);
  CHECK(!strcmp(join(out, n), "-Wall"));
  free_vec(out, n);
}

static void test_split(void) {
  char** out = NULL;
  size_t n = 0;
  CHECK(compdb_split("cc -I 'a b' \"-DX=\\\"s\\\"\" c\\ d  -c", &out, &n) == 0);
  CHECK(n == 6);
  if (n == 6) {
    CHECK(!strcmp(out[2], "a b"));
    CHECK(!strcmp(out[3], "-DX=\"s\""));
    CHECK(!strcmp(out[4], "c d"));
  }
  free_vec(out, n);
}

static int parse(const char* line, cli_opts* o, char* err, size_t errlen) {
  char* argv[32];
  int argc = 0;
  char* copy = strdup(line);
  for (char* t = strtok(copy, " "); t && argc < 31; t = strtok(NULL, " ")) argv[argc++] = t;
  argv[argc] = NULL;
  int rc = cli_parse(argc, argv, o, err, errlen);
  free(copy);
  return rc;
}

static void test_cli(void) {
  cli_opts o;
  char err[256];
  CHECK(parse("pqlint -j3 --format=json -o r.json --enable a,b --enable c src -- -DX -I y", &o, err,
              sizeof err) == 0);
  CHECK(o.jobs == 3 && o.format == REPORT_JSON && !strcmp(o.output, "r.json"));
  CHECK(o.enable.n == 3 && !strcmp(o.enable.v[2], "c"));
  CHECK(o.paths.n == 1 && !strcmp(o.paths.v[0], "src"));
  CHECK(o.flags.n == 3 && !strcmp(o.flags.v[2], "y"));
  cli_free(&o);
  CHECK(parse("pqlint --shard 2/5 --jobs 1", &o, err, sizeof err) == 0);
  CHECK(o.shard_k == 2 && o.shard_n == 5 && o.jobs == 1);
  cli_free(&o);
  CHECK(parse("pqlint --shard 6/5", &o, err, sizeof err) == PQL_EINVAL);
  cli_free(&o);
  CHECK(parse("pqlint --version=1", &o, err, sizeof err) == PQL_EINVAL);
  CHECK(strstr(err, "--version") != NULL);
  cli_free(&o);
  CHECK(parse("pqlint -j", &o, err, sizeof err) == PQL_EINVAL);
  cli_free(&o);
}

static void write_file(const char* path, const char* text) {
  FILE* f = fopen(path, "w");
  fputs(text, f);
  fclose(f);
}

static void test_config(void) {
  char dir[] = "/tmp/pqlint-unit.XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char path[256], err[512];
  snprintf(path, sizeof path, "%s/.pqlint.json", dir);
  write_file(path, "{\n \"pool_modules\": [\"lib/db/*\"],\n \"models\": [\"m.json\"],\n"
                   " \"disable\": [\"max-one\"], \"flags\": [\"-DX\"]\n}\n");
  pql_config c;
  CHECK(config_load(path, &c, err, sizeof err) == 0);
  CHECK(c.npool_modules == 1 && strstr(c.pool_modules[0], "/lib/db/*") && c.pool_modules[0][0] == '/');
  CHECK(c.nmodels == 1 && strstr(c.models[0], "/m.json"));
  CHECK(c.ndisable == 1 && c.nflags == 1);
  config_free(&c);
  /* found upward from a subfolder */
  char sub[300];
  snprintf(sub, sizeof sub, "%s/a", dir);
  mkdir(sub, 0755);
  char* found = config_find(sub);
  CHECK(found && strstr(found, "/.pqlint.json"));
  free(found);
  write_file(path, "{\n  \"exclude\": [],\n  \"pool_module\": []\n}\n");
  CHECK(config_load(path, &c, err, sizeof err) == PQL_ECONFIG);
  CHECK(strstr(err, ".pqlint.json:3:3: unknown key \"pool_module\"") != NULL);
  config_free(&c);
  write_file(path, "{\n  \"exclude\": [1]\n}\n");
  CHECK(config_load(path, &c, err, sizeof err) == PQL_ECONFIG);
  CHECK(strstr(err, ":2:3:") != NULL);
  config_free(&c);
  write_file(path, "{\n  \"exclude\": [\"x\",]\n}\n");
  CHECK(config_load(path, &c, err, sizeof err) == PQL_ECONFIG);
  CHECK(strstr(err, ":2:") != NULL && strstr(err, "invalid JSON") != NULL);
  config_free(&c);
  unlink(path);
  rmdir(sub);
  rmdir(dir);
}

static void test_sources(void) {
  const char* globs[] = {"vendor/*", "*.gen.c"};
  CHECK(sources_excluded("vendor/x.c", globs, 2));
  CHECK(sources_excluded("./vendor/x.c", globs, 2));
  CHECK(sources_excluded("src/a.gen.c", globs, 2));
  CHECK(!sources_excluded("src/vendor.c", globs, 2));
  /* the shard of a path never changes (CI machines must agree) and "./x" = "x" */
  CHECK(sources_in_shard("src/a.c", 1, 1));
  int k1 = 0;
  for (unsigned k = 1; k <= 4; k++) k1 += sources_in_shard("src/a.c", k, 4);
  CHECK(k1 == 1);
  for (unsigned k = 1; k <= 4; k++)
    CHECK(sources_in_shard("src/a.c", k, 4) == sources_in_shard("./src/a.c", k, 4));
  source_list l = {0};
  sources_add(&l, "b.c");
  sources_add(&l, "a.c");
  sources_add(&l, "b.c");
  sources_sort(&l);
  CHECK(l.n == 2 && !strcmp(l.v[0].path, "a.c") && !strcmp(l.v[1].path, "b.c"));
  sources_free(&l);
}

static void test_prefilter(void) {
  model_set* m = model_set_new();
  CHECK(m != NULL);
  if (!m) return;
  char err[512];
  int rc = model_load_text(m, "unit.json",
                           "{\"resources\": [{\"kind\": \"connection\", \"type\": \"PGconn\","
                           " \"acquire\": [{\"call\": \"^(PQconnectdb|PQsetdbLogin)$\"}],"
                           " \"release\": [{\"call\": \"^PQfinish$\", \"arg\": 0}]}]}",
                           err, sizeof err);
  if (rc) fprintf(stderr, "model_load_text: %s\n", err);
  CHECK(rc == 0);
  prefilter* p = NULL;
  CHECK(prefilter_new(m, &p) == 0);
  const char* yes = "void f(void) { c = PQsetdbLogin(0); }";
  const char* no = "int add(int a, int b) { return a + b; }";
  const char* secret = "const char* s = \"postgresql://u:pw@h/db\";";
  CHECK(prefilter_match(p, yes, strlen(yes)) == 1);
  CHECK(prefilter_match(p, no, strlen(no)) == 0);
  CHECK(prefilter_match(p, secret, strlen(secret)) == 1);
  CHECK(prefilter_match(p, "a\0b", 3) == PQL_EINPUT);
  prefilter_free(p);
  model_set_free(m);
}

static void test_rules(void) {
  char* dis[] = {"max-one"};
  char* en[] = {"conn-leak", "max-one"};
  lint_rules_on all = {0};
  lint_rules_on on = {dis, 1, NULL, 0};
  lint_rules_on only = {dis, 1, en, 2};
  CHECK(lint_rule_enabled(&all, "max-one"));
  CHECK(!lint_rule_enabled(&on, "max-one") && lint_rule_enabled(&on, "conn-leak"));
  CHECK(lint_rule_enabled(&only, "conn-leak") && !lint_rule_enabled(&only, "result-leak"));
  CHECK(!lint_rule_enabled(&only, "max-one"));
}

/* readfile: a stream bigger than its first buffer, a folder, an override. */
static void test_readfile(void) {
  FILE* f = tmpfile();
  CHECK(f != NULL);
  if (!f) return;
  size_t big = 200000;
  for (size_t i = 0; i < big; i++) fputc('a' + (int)(i % 26), f);
  rewind(f);
  size_t n = 0;
  char* b = readfile_stream(f, &n);
  CHECK(b && n == big && b[n] == 0 && b[0] == 'a' && b[big - 1] == 'a' + (int)((big - 1) % 26));
  free(b);
  fclose(f);

  char dir[] = "/tmp/pqlint-rf.XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  errno = 0;
  CHECK(readfile(dir, &n) == NULL && errno == EISDIR);

  char cwd[4096], path[4200];
  CHECK(getcwd(cwd, sizeof cwd) != NULL);
  CHECK(chdir(dir) == 0);
  FILE* w = fopen("x.c", "w");
  CHECK(w != NULL);
  if (w) {
    fputs("disk\n", w);
    fclose(w);
  }
  CHECK(readfile_override("x.c", "staged\0!", 8) == 0);
  b = readfile("x.c", &n);
  CHECK(b && n == 8 && !memcmp(b, "staged\0!", 8));
  free(b);
  b = readfile("./x.c", &n); /* the same file spelt another way */
  CHECK(b && n == 8 && !strcmp(b, "staged"));
  free(b);
  snprintf(path, sizeof path, "%s/x.c", dir);
  b = readfile(path, NULL);
  CHECK(b && !strcmp(b, "staged"));
  free(b);
  b = readfile("y.c", &n); /* no override, no file */
  CHECK(b == NULL && errno == ENOENT);
  readfile_overrides_clear();
  b = readfile("x.c", &n);
  CHECK(b && !strcmp(b, "disk\n"));
  free(b);
  unlink("x.c");
  CHECK(chdir(cwd) == 0);
  rmdir(dir);
}

int main(void) {
  test_readfile();
  test_sanitise();
  test_split();
  test_cli();
  test_config();
  test_sources();
  test_prefilter();
  test_rules();
  printf("%d checks, %d failed\n", checks, failures);
  return failures ? 1 : 0;
}

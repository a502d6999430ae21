/* test_report.c - the reporters on a hand-built run: text, JSON, SARIF, GitHub contents, the summary line, the atomic write. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "report/fingerprint.h"
#include "model/model.h"
#include "report/report.h"

#include "unit_check.h"

static int put(const char* path, const char* text) {
  FILE* f = fopen(path, "w");
  if (!f) return -1;
  fputs(text, f);
  return fclose(f);
}

/* Runs a reporter into memory; returns a malloc'd NUL-terminated string. */
static char* render(const lint_run* run, report_format fmt, int* rc) {
  char* buf = NULL;
  size_t len = 0;
  FILE* f = open_memstream(&buf, &len);
  *rc = report_write(run, fmt, f);
  fclose(f);
  return buf;
}

static char* summary(const lint_run* run, int color) {
  char* buf = NULL;
  size_t len = 0;
  FILE* f = open_memstream(&buf, &len);
  report_summary(run, f, color);
  fclose(f);
  return buf;
}

static const char* VECTOR =
    "#include <libpq-fe.h>\n\nvoid leak(PGconn *c)\n{\n    PGresult *r = PQexec(c, \"select 1\");\n"
    "    (void)r;\n}\n";

static void add(lint_run* run, const char* rule, finding_level lv, const char* file, unsigned line,
                unsigned col, unsigned ecol, const char* msg, const char* fn) {
  finding f = {0};
  f.rule = rule;
  f.level = lv;
  finding_loc_set(&f.loc, file, line, col, line, ecol, NULL);
  f.message = strdup(msg);
  f.function = fn ? strdup(fn) : NULL;
  finding_list_push(&run->findings, &f);
}

static char root[] = "/tmp/pqlint-report-XXXXXX";
static char outside[] = "/tmp/pqlint-outside-XXXXXX";
static char outside_file[256];

/* The run: src/vector.c (the fingerprint vector) with a result-leak with
 * steps and a related location; "src/u b.c" with a non-ASCII comment before
 * the column; a file outside srcroot; a suppressed and a baselined finding;
 * a file with parse errors. */
static void build(lint_run* run, model_set* m) {
  memset(run, 0, sizeof *run);
  finding_list_init(&run->findings);
  run->models = m;
  run->srcroot = root;
  run->seconds = 0.42;
  add(run, "result-leak", FINDING_ERROR, "src/vector.c", 5, 19, 25, "'r' is not cleared", "leak");
  finding* f = &run->findings.v[0];
  finding_loc s;
  finding_loc_set(&s, "src/vector.c", 5, 19, 5, 25, "'r' acquired here");
  finding_add_step(f, &s);
  finding_add_related(f, &s);
  free(s.file);
  free(s.msg);
  finding_loc_set(&s, "src/vector.c", 7, 1, 7, 2, "'r' leaks here");
  finding_add_step(f, &s);
  free(s.file);
  free(s.msg);
  add(run, "direct-connect", FINDING_WARNING, "src/u b.c", 1, 11, 32, "100% direct,\nconnect: here",
      NULL);
  add(run, "max-one", FINDING_WARNING, "src/vector.c", 3, 1, 5, "suppressed one", "leak");
  run->findings.v[2].suppressed = 1;
  add(run, "conn-leak", FINDING_ERROR, "src/vector.c", 6, 5, 6, "baselined one", "leak");
  run->findings.v[3].baselined = 1;
  add(run, "connect-in-loop", FINDING_NOTE, outside_file, 1, 1, 2, "outside", NULL);
  finding_list_sort(&run->findings);
  run->nsuppressed = 1;
  run->nbaselined = 1;
  run->nfiles = 3;
  run->files = calloc(3, sizeof *run->files);
  run->files[0].path = strdup("src/u b.c");
  run->files[1].path = strdup("src/vector.c");
  run->files[1].parse_errors = 2;
  run->files[1].first_error = strdup("src/vector.c:1:10: 'libpq-fe.h' file not found");
  run->files[2].path = strdup(outside_file);
}

static void test_text(const lint_run* run) {
  int rc;
  char* t = render(run, REPORT_TEXT, &rc);
  check(rc == 0, "text: rc 0");
  check(strstr(t, "src/vector.c:5:19: error: 'r' is not cleared [result-leak]\n"
                  "src/vector.c:5:19: note: 'r' acquired here\n"
                  "src/vector.c:7:1: note: 'r' leaks here\n") != NULL,
        "text: gcc-style line and its note lines, in order");
  check(strstr(t, "src/u b.c:1:11: warning: 100% direct,\nconnect: here [direct-connect]") != NULL,
        "text: path as given");
  check(strstr(t, "suppressed one") == NULL, "text: suppressed finding not listed");
  check(strstr(t, "baselined one") == NULL, "text: baselined finding not listed");
  check(strstr(t, "src/vector.c: note: 2 parse errors") != NULL && strstr(t, "'libpq-fe.h' file not found"),
        "text: a note names the file with parse errors and its first error");
  /* order: sorted by path: the outside file (/tmp...) sorts before src/ */
  char* a = strstr(t, "outside");
  char* b = strstr(t, "src/u b.c:1:11");
  char* c = strstr(t, "src/vector.c:5:19");
  check(a && b && c && a < b && b < c, "text: findings in sorted order");
  free(t);
}

static void test_json(const lint_run* run) {
  int rc;
  char* t = render(run, REPORT_JSON, &rc);
  cJSON* j = cJSON_Parse(t);
  check(rc == 0 && j != NULL, "json: parses");
  if (!j) {
    free(t);
    return;
  }
  check(cJSON_GetObjectItem(j, "version")->valueint == 1, "json: version 1");
  cJSON* tool = cJSON_GetObjectItem(j, "tool");
  check(tool && !strcmp(cJSON_GetObjectItem(tool, "name")->valuestring, "pqlint"), "json: tool.name");
  cJSON* fs = cJSON_GetObjectItem(j, "findings");
  check(cJSON_GetArraySize(fs) == 3, "json: 3 listed findings (suppressed, baselined left out)");
  cJSON* f = cJSON_GetArrayItem(fs, 2);
  check(f && !strcmp(cJSON_GetObjectItem(f, "rule")->valuestring, "result-leak") &&
            !strcmp(cJSON_GetObjectItem(f, "level")->valuestring, "error") &&
            !strcmp(cJSON_GetObjectItem(f, "file")->valuestring, "src/vector.c") &&
            cJSON_GetObjectItem(f, "line")->valueint == 5 &&
            cJSON_GetObjectItem(f, "column")->valueint == 19 &&
            cJSON_GetObjectItem(f, "end_line")->valueint == 5 &&
            cJSON_GetObjectItem(f, "end_column")->valueint == 25 &&
            !strcmp(cJSON_GetObjectItem(f, "function")->valuestring, "leak"),
        "json: the result-leak's fields");
  cJSON* steps = f ? cJSON_GetObjectItem(f, "steps") : NULL;
  check(cJSON_GetArraySize(steps) == 2 &&
            cJSON_GetObjectItem(cJSON_GetArrayItem(steps, 1), "line")->valueint == 7 &&
            !strcmp(cJSON_GetObjectItem(cJSON_GetArrayItem(steps, 1), "message")->valuestring,
                    "'r' leaks here"),
        "json: steps");
  check(cJSON_GetArraySize(cJSON_GetObjectItem(f, "related")) == 1, "json: related");
  cJSON* g = cJSON_GetArrayItem(fs, 1);
  check(cJSON_IsNull(cJSON_GetObjectItem(g, "function")) &&
            cJSON_GetArraySize(cJSON_GetObjectItem(g, "steps")) == 0 &&
            !strcmp(cJSON_GetObjectItem(g, "message")->valuestring, "100% direct,\nconnect: here"),
        "json: null function, empty steps, message kept exactly");
  cJSON* files = cJSON_GetObjectItem(j, "files");
  cJSON* f1 = cJSON_GetArrayItem(files, 1);
  check(cJSON_GetArraySize(files) == 3 && cJSON_GetObjectItem(f1, "parse_errors")->valueint == 2 &&
            cJSON_IsString(cJSON_GetObjectItem(f1, "first_error")) &&
            cJSON_IsFalse(cJSON_GetObjectItem(f1, "skipped")) &&
            cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(files, 0), "first_error")),
        "json: files");
  cJSON* s = cJSON_GetObjectItem(j, "summary");
  check(s && cJSON_GetObjectItem(s, "files")->valueint == 3 &&
            cJSON_GetObjectItem(s, "findings")->valueint == 3 &&
            cJSON_GetObjectItem(s, "error")->valueint == 1 &&
            cJSON_GetObjectItem(s, "warning")->valueint == 1 &&
            cJSON_GetObjectItem(s, "note")->valueint == 1 &&
            cJSON_GetObjectItem(s, "suppressed")->valueint == 1 &&
            cJSON_GetObjectItem(s, "baselined")->valueint == 1 &&
            cJSON_GetObjectItem(s, "parse_error_files")->valueint == 1,
        "json: summary counts");
  cJSON_Delete(j);
  free(t);
}

static cJSON* path(cJSON* o, const char* p) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s", p);
  for (char* tok = strtok(buf, "."); o && tok; tok = strtok(NULL, "."))
    o = (tok[0] >= '0' && tok[0] <= '9') ? cJSON_GetArrayItem(o, atoi(tok)) : cJSON_GetObjectItem(o, tok);
  return o;
}

static const char* pstr(cJSON* o, const char* p) {
  cJSON* v = path(o, p);
  return cJSON_IsString(v) ? v->valuestring : "";
}

static int pint(cJSON* o, const char* p) {
  cJSON* v = path(o, p);
  return cJSON_IsNumber(v) ? v->valueint : -1;
}

static void test_sarif(const lint_run* run, const model_set* m) {
  int rc;
  char* t = render(run, REPORT_SARIF, &rc);
  check(rc == 0 && t && strchr(t, '\n') == t + strlen(t) - 1, "sarif: compact, one line");
  cJSON* j = cJSON_Parse(t);
  check(j != NULL, "sarif: parses");
  if (!j) return;
  check(!strcmp(pstr(j, "version"), "2.1.0") && strstr(pstr(j, "$schema"), "sarif-2.1.0"),
        "sarif: version and $schema");
  cJSON* r = path(j, "runs.0");
  check(cJSON_GetArraySize(path(j, "runs")) == 1, "sarif: one run");
  check(!strcmp(pstr(r, "tool.driver.name"), "pqlint") && *pstr(r, "tool.driver.semanticVersion") &&
            !path(r, "tool.driver.informationUri"), /* no public home to name: left out */
        "sarif: driver");
  cJSON* rules = path(r, "tool.driver.rules");
  check(m->nrules >= 12 && cJSON_GetArraySize(rules) == (int)m->nrules, "sarif: every rule of the catalogue");
  int complete = 1, sec = 0;
  cJSON* rule;
  cJSON_ArrayForEach(rule, rules) {
    complete &= *pstr(rule, "shortDescription.text") && *pstr(rule, "fullDescription.text") &&
                *pstr(rule, "help.text") && *pstr(rule, "help.markdown") &&
                *pstr(rule, "defaultConfiguration.level") && *pstr(rule, "properties.precision");
    cJSON* props = cJSON_GetObjectItem(rule, "properties");
    complete &= cJSON_IsString(cJSON_GetObjectItem(props, "problem.severity")) &&
                cJSON_IsArray(cJSON_GetObjectItem(props, "tags"));
    if (!strcmp(pstr(rule, "id"), "hardcoded-secret"))
      sec = cJSON_IsString(cJSON_GetObjectItem(props, "security-severity"));
  }
  check(complete, "sarif: every rule has descriptions, help text+markdown, level, tags, precision, problem.severity");
  check(sec, "sarif: hardcoded-secret has a security-severity");
  cJSON* res = path(r, "results");
  check(cJSON_GetArraySize(res) == 3, "sarif: 3 results (suppressed, baselined left out)");
  cJSON* x;
  int idx_ok = 1;
  cJSON_ArrayForEach(x, res) {
    int ri = pint(x, "ruleIndex");
    idx_ok &= ri >= 0 && !strcmp(pstr(cJSON_GetArrayItem(rules, ri), "id"), pstr(x, "ruleId"));
  }
  check(idx_ok, "sarif: ruleIndex points at the rule named by ruleId");
  /* the outside file: absolute file:// URI, no uriBaseId */
  cJSON* o = cJSON_GetArrayItem(res, 0);
  char want[300];
  snprintf(want, sizeof want, "file://%s", outside_file);
  check(!strcmp(pstr(o, "locations.0.physicalLocation.artifactLocation.uri"), want) &&
            !path(o, "locations.0.physicalLocation.artifactLocation.uriBaseId") &&
            !strcmp(pstr(o, "level"), "note"),
        "sarif: a file outside srcroot gets an absolute file URI");
  /* "src/u b.c": percent-encoded, relative to %SRCROOT%, UTF-16 columns */
  cJSON* u = cJSON_GetArrayItem(res, 1);
  check(!strcmp(pstr(u, "locations.0.physicalLocation.artifactLocation.uri"), "src/u%20b.c") &&
            !strcmp(pstr(u, "locations.0.physicalLocation.artifactLocation.uriBaseId"), "%SRCROOT%"),
        "sarif: relative, percent-encoded URI with %SRCROOT%");
  check(pint(u, "locations.0.physicalLocation.region.startLine") == 1 &&
            pint(u, "locations.0.physicalLocation.region.endLine") == 1, "sarif: start and end line");
  check(pint(u, "locations.0.physicalLocation.region.startColumn") == 11,
        "sarif: startColumn before any multi-byte char unchanged");
  check(pint(u, "locations.0.physicalLocation.region.endColumn") == 29,
        "sarif: endColumn in UTF-16 units (byte column 32 -> 29)");
  check(!strcmp(pstr(r, "columnKind"), "utf16CodeUnits"), "sarif: columnKind");
  cJSON* v = cJSON_GetArrayItem(res, 2);
  check(!strcmp(pstr(v, "partialFingerprints.primaryLocationLineHash"), "1fc32214f2229ac3:1"),
        "sarif: primaryLocationLineHash of vector.c line 5 equals GitHub's");
  check(!strcmp(pstr(v, "message.text"), "'r' is not cleared."), "sarif: message text, ending in a period");
  check(cJSON_GetArraySize(path(v, "codeFlows.0.threadFlows.0.locations")) == 2 &&
            pint(v, "codeFlows.0.threadFlows.0.locations.1.location.physicalLocation.region.startLine") == 7 &&
            strstr(pstr(v, "codeFlows.0.threadFlows.0.locations.1.location.message.text"), "leaks here"),
        "sarif: codeFlows from the steps, inline locations with messages");
  check(pint(v, "relatedLocations.0.id") == 1 &&
            pint(v, "relatedLocations.0.physicalLocation.region.startLine") == 5,
        "sarif: relatedLocations");
  char base[300];
  snprintf(base, sizeof base, "file://%s/", root);
  check(!strcmp(pstr(r, "originalUriBaseIds.%SRCROOT%.uri"), base), "sarif: %SRCROOT% is file:///srcroot/");
  check(cJSON_IsTrue(path(r, "invocations.0.executionSuccessful")), "sarif: executionSuccessful");
  cJSON* n = path(r, "invocations.0.toolExecutionNotifications");
  check(cJSON_GetArraySize(n) == 2 && !strcmp(pstr(n, "0.level"), "warning") &&
            strstr(pstr(n, "0.message.text"), "src/vector.c") &&
            strstr(pstr(n, "0.message.text"), "file not found") &&
            !strcmp(pstr(n, "0.locations.0.physicalLocation.artifactLocation.uri"), "src/vector.c"),
        "sarif: a notification for the file with parse errors");
  check(strstr(pstr(n, "1.message.text"), "1 file (0 functions that touch a handle) analysed incompletely") != NULL,
        "sarif: a notification with the count of files analysed incompletely");
  /* byte-identical when written twice */
  char* t2 = render(run, REPORT_SARIF, &rc);
  check(t2 && !strcmp(t, t2), "sarif: byte-identical across runs");
  free(t2);
  /* for tests/sarif: keep a copy to validate with the real validator */
  const char* keep = getenv("PQL_KEEP_SARIF");
  if (keep) {
    FILE* f = fopen(keep, "w");
    if (f) {
      fputs(t, f);
      fclose(f);
    }
  }
  cJSON_Delete(j);
  free(t);
}

static void test_github(const lint_run* run) {
  int rc;
  char* t = render(run, REPORT_GITHUB, &rc);
  check(rc == 0, "github: rc 0");
  check(strstr(t, "::error file=src/vector.c,line=5,col=19,endLine=5,endColumn=25,title=result-leak::'r' is not cleared [result-leak]") != NULL,
        "github: ::error with position and title");
  check(strstr(t, "::warning file=src/u b.c,line=1,col=11,endLine=1,endColumn=32,title=direct-connect::100%25 direct,%0Aconnect: here [direct-connect]") != NULL,
        "github: ::warning, % and newline escaped in the message");
  check(strstr(t, "::notice file=") != NULL, "github: note -> ::notice");
  check(strstr(t, "suppressed one") == NULL && strstr(t, "baselined one") == NULL,
        "github: suppressed/baselined left out");
  /* a property value with , and : is escaped */
  lint_run r2 = {0};
  finding_list_init(&r2.findings);
  add(&r2, "max-one", FINDING_WARNING, "a,b:c.c", 2, 3, 4, "m", NULL);
  char* t2 = render(&r2, REPORT_GITHUB, &rc);
  check(strstr(t2, "::warning file=a%2Cb%3Ac.c,line=2,col=3") != NULL, "github: , and : escaped in properties");
  free(t2);
  finding_list_free(&r2.findings);
  free(t);
}

static void test_summary(const lint_run* run) {
  char* s = summary(run, 0);
  check(!strcmp(s, "pqlint: 3 files, 3 findings (1 error, 1 warning, 1 note), 1 suppressed, 1 baselined, "
                   "1 file with parse errors, 0.42 s\n"
                   "pqlint: 1 file (0 functions that touch a handle) analysed incompletely\n"),
        "summary: the exact line");
  if (strcmp(s, "pqlint: 3 files, 3 findings (1 error, 1 warning, 1 note), 1 suppressed, 1 baselined, "
                "1 file with parse errors, 0.42 s\n"))
    printf("  got: %s", s);
  check(strchr(s, '\033') == NULL, "summary: no colour unless asked");
  free(s);
  s = summary(run, 1);
  check(strstr(s, "\033[") != NULL && strstr(s, "\033[0m") != NULL, "summary: ANSI colour when asked");
  free(s);
}

/* More than GitHub's 25,000 results per run: the most severe are kept, a
 * notification says how many were left out. */
static void test_sarif_limit(void) {
  lint_run r = {0};
  finding_list_init(&r.findings);
  r.srcroot = root;
  for (unsigned i = 0; i < 25005; i++)
    add(&r, "max-one", FINDING_WARNING, "src/many.c", i + 1, 1, 2, "w", NULL);
  for (unsigned i = 0; i < 10; i++) add(&r, "conn-leak", FINDING_ERROR, "src/many.c", i + 1, 5, 6, "e", NULL);
  finding_list_sort(&r.findings);
  int rc;
  char* t = render(&r, REPORT_SARIF, &rc);
  cJSON* j = cJSON_Parse(t);
  cJSON* res = path(j, "runs.0.results");
  int nerr = 0, nwarn = 0;
  cJSON* x;
  cJSON_ArrayForEach(x, res) {
    if (!strcmp(pstr(x, "level"), "error")) nerr++;
    else nwarn++;
  }
  check(cJSON_GetArraySize(res) == 25000 && nerr == 10 && nwarn == 24990,
        "sarif limit: 25000 results kept, every error among them");
  check(strstr(pstr(j, "runs.0.invocations.0.toolExecutionNotifications.0.message.text"),
               "15 of 25015 results left out") != NULL,
        "sarif limit: a notification says how many were left out");
  cJSON_Delete(j);
  free(t);
  finding_list_free(&r.findings);
}

static int count_entries(const char* dir) {
  DIR* d = opendir(dir);
  int n = 0;
  for (struct dirent* e; d && (e = readdir(d));) n += e->d_name[0] != '.';
  if (d) closedir(d);
  return n;
}

static void test_atomic(const lint_run* run) {
  char dir[] = "/tmp/pqlint-atomic-XXXXXX";
  if (!mkdtemp(dir)) return;
  char p[300], err[512] = "";
  snprintf(p, sizeof p, "%s/out.json", dir);
  put(p, "old contents\n");
  int rc = report_write_path(run, (report_format)99, p, err, sizeof err);
  FILE* f = fopen(p, "r");
  char buf[64] = "";
  if (f) {
    if (!fgets(buf, sizeof buf, f)) buf[0] = 0;
    fclose(f);
  }
  check(rc != 0 && !strcmp(buf, "old contents\n"), "atomic: a failed write keeps the old file");
  check(count_entries(dir) == 1, "atomic: no temporary left behind");
  check(strstr(err, p) != NULL, "atomic: the error names the file");
  rc = report_write_path(run, REPORT_JSON, p, err, sizeof err);
  f = fopen(p, "r");
  if (f) {
    if (!fgets(buf, sizeof buf, f)) buf[0] = 0;
    fclose(f);
  }
  check(rc == 0 && buf[0] == '{' && count_entries(dir) == 1, "atomic: success replaces the file");
  snprintf(p, sizeof p, "%s/no/such/dir/out.json", dir);
  rc = report_write_path(run, REPORT_JSON, p, err, sizeof err);
  check(rc == PQL_EIO && strstr(err, "no/such/dir"), "atomic: a missing folder is PQL_EIO naming the path");
  snprintf(p, sizeof p, "%s/out.json", dir);
  unlink(p);
  rmdir(dir);
}


/* --show-source edge cases: a tab, CRLF, a control character, a range
 * over two lines, a column past the end, a line past the end of the file,
 * a five-digit line number. */
static void test_source_edges(const model_set* m) {
  put("src/edge.c", "a\tb\r\nx\x01y z\n");
  FILE* f = fopen("src/long.c", "w");
  for (int i = 1; f && i < 12345; i++) fputc('\n', f);
  if (f) fputs("abc\n", f), fclose(f);
  lint_run run;
  memset(&run, 0, sizeof run);
  finding_list_init(&run.findings);
  run.models = m;
  run.show_source = 1;
  add(&run, "conn-leak", FINDING_ERROR, "src/edge.c", 1, 3, 4, "tab", NULL);
  finding fl = {0};
  fl.rule = "conn-leak";
  fl.level = FINDING_ERROR;
  finding_loc_set(&fl.loc, "src/edge.c", 2, 3, 3, 2, NULL); /* ends on the next line */
  fl.message = strdup("two lines");
  finding_list_push(&run.findings, &fl);
  add(&run, "conn-leak", FINDING_ERROR, "src/edge.c", 2, 40, 41, "past the end", NULL);
  add(&run, "conn-leak", FINDING_ERROR, "src/edge.c", 99, 1, 2, "past the file", NULL);
  add(&run, "conn-leak", FINDING_ERROR, "src/long.c", 12345, 2, 4, "long", NULL);
  int rc;
  char* t = render(&run, REPORT_TEXT, &rc);
  const char* want =
      "src/edge.c:1:3: error: tab [conn-leak]\n"
      "    1 | a       b\n"
      "      |         ^\n"
      "src/edge.c:2:3: error: two lines [conn-leak]\n"
      "    2 | x y z\n"
      "      |   ^\n"
      "src/edge.c:2:40: error: past the end [conn-leak]\n"
      "    2 | x y z\n"
      "      |      ^\n"
      "src/edge.c:99:1: error: past the file [conn-leak]\n"
      "src/long.c:12345:2: error: long [conn-leak]\n"
      " 12345 | abc\n"
      "       |  ^~\n";
  check(rc == 0 && t && !strcmp(t, want), "text --show-source: tabs, CRLF, control characters, ranges, past the end, wide numbers");
  if (t && strcmp(t, want)) printf("got:\n%s", t);
  free(t);
  finding_list_free(&run.findings);
}

int main(void) {
  if (!mkdtemp(root) || !mkdtemp(outside) || chdir(root)) {
    printf("cannot make temp dirs\n0 passed, 1 failed\n");
    return 1;
  }
  snprintf(outside_file, sizeof outside_file, "%s/far.c", outside);
  if (mkdir("src", 0755)) return 1;
  put("src/vector.c", VECTOR);
  /* PQconnectdb at byte 11; then "é𝄞": é = 2 bytes/1 UTF-16 unit, 𝄞
   * (U+1D11E) = 4 bytes/2 units; the call ends before byte column 32,
   * which is UTF-16 column 29 */
  put("src/u b.c", "PGconn* c=PQconnectdb(\"\xc3\xa9\xf0\x9d\x84\x9e\"); /* x */\n");
  put(outside_file, "x\n");
  char err[1024] = "";
  model_set* m = NULL;
  if (model_load(NULL, 0, &m, err, sizeof err) || !m) {
    printf("cannot load the bundled models: %s\n0 passed, 1 failed\n", err);
    return 1;
  }
  lint_run run;
  build(&run, m);
  test_text(&run);
  test_json(&run);
  test_sarif(&run, m);
  test_github(&run);
  test_sarif_limit();
  test_summary(&run);
  test_atomic(&run);
  test_source_edges(m);
  finding_list_free(&run.findings);
  for (size_t i = 0; i < run.nfiles; i++) {
    free(run.files[i].path);
    free(run.files[i].first_error);
  }
  free(run.files);
  model_set_free(m);
  return unit_done();
}

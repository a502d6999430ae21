/* test_model.c - unit tests of the model loader: bundled models, a team model, bad models, pool-module globs, threads. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/error.h"
#include "model/model.h"

static int npass, nfail;

#define CHECK(cond, ...)                                  \
  do {                                                    \
    if (cond) {                                           \
      npass++;                                            \
    } else {                                              \
      nfail++;                                            \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                       \
      fputc('\n', stderr);                                \
    }                                                     \
  } while (0)

/* The folder of this source file (tests/unit), from __FILE__. */
static char srcdir[4096];

static void init_srcdir(void) {
  snprintf(srcdir, sizeof srcdir, "%s", __FILE__);
  char* slash = strrchr(srcdir, '/');
  if (slash) *slash = 0;
  else strcpy(srcdir, ".");
}

static const model_resource* resource(const model_set* m, const char* kind) {
  for (size_t i = 0; i < m->nresources; i++)
    if (!strcmp(m->resources[i].kind, kind)) return &m->resources[i];
  return NULL;
}

static const model_pool* pool(const model_set* m, const char* name) {
  for (size_t i = 0; i < m->npools; i++)
    if (!strcmp(m->pools[i].name, name)) return &m->pools[i];
  return NULL;
}

/* 1 if some size field of p matches (type, field). */
static int size_field(const model_pool* p, const char* type, const char* field) {
  for (size_t i = 0; p && i < p->nsize_fields; i++)
    if (model_re_match(p->size_fields[i].type_re, type) &&
        model_re_match(p->size_fields[i].field_re, field))
      return 1;
  return 0;
}

/* The argument index of the call in `c` matching name, or -99. */
static int arg_of(const model_calls* c, const char* name) {
  int i = model_calls_match(c, name);
  return i < 0 ? -99 : c->v[i].arg;
}

static void test_bundled(void) {
  model_set* m = NULL;
  char err[1024] = "";
  int rc = model_load(NULL, 0, &m, err, sizeof err);
  CHECK(rc == 0 && m, "bundled models load: %d %s", rc, err);
  if (!m) return;
  static const char* const ids[] = {
      "direct-connect", "max-one",           "hardcoded-secret", "conn-leak",
      "result-leak",    "pool-leak",         "use-after-release", "double-release",
      "finish-pooled",  "status-unchecked",  "pool-per-call",    "connect-in-loop",
      "memory-leak",    "cancel-leak",       "conninfo-leak",    "async-unread"};
  static const finding_level levels[] = {FINDING_WARNING, FINDING_WARNING, FINDING_ERROR,
                                         FINDING_ERROR,   FINDING_ERROR,   FINDING_ERROR,
                                         FINDING_ERROR,   FINDING_ERROR,   FINDING_ERROR,
                                         FINDING_WARNING, FINDING_WARNING, FINDING_WARNING,
                                         FINDING_ERROR,   FINDING_ERROR,   FINDING_ERROR,
                                         FINDING_WARNING};
  CHECK(m->nrules == 16, "16 rules, got %zu", m->nrules);
  for (size_t i = 0; i < 16; i++) {
    const model_rule* r = model_rule_find(m, ids[i]);
    CHECK(r != NULL, "rule %s in the catalogue", ids[i]);
    if (!r) continue;
    CHECK(r->level == levels[i], "%s: default level %d (DESIGN.md)", ids[i], (int)levels[i]);
    CHECK(r->name && r->short_desc && r->full_desc && r->precision && r->ntags > 0,
          "%s: name, descriptions, precision, tags", ids[i]);
    CHECK(r->short_desc && strlen(r->short_desc) <= 1024 && r->full_desc &&
              strlen(r->full_desc) <= 1024,
          "%s: descriptions at most 1024 characters", ids[i]);
    CHECK(r->help_text && strstr(r->help_text, "Bad:") && strstr(r->help_text, "Good:"),
          "%s: help text with a bad and a good example", ids[i]);
    CHECK(r->help_markdown && strstr(r->help_markdown, "## Bad") &&
              strstr(r->help_markdown, "## Good") && strstr(r->help_markdown, "```c"),
          "%s: help markdown with a bad and a good example", ids[i]);
    CHECK(r->flow == (i >= 3), "%s: flow flag", ids[i]);
  }
  CHECK(model_rule_find(m, "no-such-rule") == NULL, "unknown rule id");

  const model_resource* conn = resource(m, "connection");
  const model_resource* res = resource(m, "result");
  const model_resource* pooled = resource(m, "pooled");
  CHECK(conn && res && pooled, "connection, result and pooled resources");
  if (!conn || !res || !pooled) goto out;
  CHECK(conn->type && !strcmp(conn->type, "PGconn"), "connection type");
  CHECK(conn->leak_rule && !strcmp(conn->leak_rule, "conn-leak"), "connection leak rule");
  CHECK(res->leak_rule && !strcmp(res->leak_rule, "result-leak"), "result leak rule");
  CHECK(pooled->leak_rule && !strcmp(pooled->leak_rule, "pool-leak"), "pooled leak rule");
  CHECK(pooled->type && !strcmp(pooled->type, "pqpool_lease"), "pooled type");

  static const char* const connects[] = {"PQconnectdb", "PQconnectdbParams", "PQsetdbLogin",
                                         "PQconnectStart", "PQconnectStartParams"};
  for (size_t i = 0; i < 5; i++) {
    int idx = -5;
    CHECK(model_find_acquire(m, connects[i], &idx) == conn && idx >= 0 &&
              conn->acquire.v[idx].arg == -1,
          "%s acquires a connection by return value", connects[i]);
    CHECK(model_calls_match(&m->connect, connects[i]) >= 0, "%s is a connect call", connects[i]);
  }
  CHECK(model_calls_match(&m->connect, "PQsetdb") >= 0, "PQsetdb (a macro) is a connect call");
  CHECK(model_calls_match(&m->connect, "PQconnectdbX") < 0, "patterns are anchored");
  CHECK(model_calls_match(&m->connect, "myPQconnectdb") < 0, "patterns are anchored at the start");
  CHECK(model_calls_match(&m->connect, "PQconnectPoll") < 0, "PQconnectPoll does not connect");

  static const char* const results[] = {"PQexec", "PQexecParams", "PQexecPrepared", "PQprepare",
                                        "PQdescribePrepared", "PQdescribePortal", "PQgetResult",
                                        "PQcopyResult", "PQmakeEmptyPGresult", "PQfn"};
  for (size_t i = 0; i < 10; i++)
    CHECK(model_find_acquire(m, results[i], NULL) == res, "%s acquires a result", results[i]);
  CHECK(model_find_acquire(m, "pqpool_exec", NULL) == res, "pqpool_exec returns a result");
  CHECK(model_find_acquire(m, "PQsendQuery", NULL) == NULL, "PQsendQuery acquires nothing");
  CHECK(model_find_acquire(m, "PQclear", NULL) == NULL, "PQclear acquires nothing");

  int idx = -5;
  CHECK(model_find_release(m, "PQfinish", &idx) == conn && conn->release.v[idx].arg == 0,
        "PQfinish releases arg 0");
  CHECK(model_find_release(m, "PQclear", &idx) == res && res->release.v[idx].arg == 0,
        "PQclear releases arg 0");
  CHECK(model_find_release(m, "pqpool_release", &idx) == pooled && pooled->release.v[idx].arg == 1,
        "pqpool_release releases arg 1");
  CHECK(model_find_release(m, "pqpool_discard", &idx) == pooled && pooled->discard.v[idx].arg == 1,
        "pqpool_discard ends arg 1");
  CHECK(model_find_release(m, "PQreset", NULL) == NULL, "PQreset releases nothing");
  CHECK(model_find_acquire(m, "pqpool_acquire", &idx) == pooled && pooled->acquire.v[idx].arg == 2,
        "pqpool_acquire fills arg 2");
  CHECK(model_find_acquire(m, "pqpool_acquire_at", &idx) == pooled &&
            pooled->acquire.v[idx].arg == 2,
        "pqpool_acquire_at fills arg 2");

  static const char* const borrows[] = {"PQgetvalue", "PQfname", "PQcmdStatus", "PQcmdTuples",
                                        "PQresultErrorMessage", "PQresultErrorField",
                                        "PQoidStatus"};
  for (size_t i = 0; i < 7; i++)
    CHECK(arg_of(&res->borrow, borrows[i]) == 0, "%s borrows from its result", borrows[i]);
  CHECK(arg_of(&res->borrow, "PQresultVerboseErrorMessage") == -99,
        "PQresultVerboseErrorMessage returns a copy (PQfreemem), not a borrow");
  CHECK(arg_of(&res->borrow, "PQntuples") == -99, "PQntuples returns no pointer");
  CHECK(arg_of(&conn->borrow, "PQerrorMessage") == 0, "PQerrorMessage borrows from the connection");
  CHECK(arg_of(&conn->check, "PQstatus") == 0, "PQstatus checks a connection");
  CHECK(arg_of(&res->check, "PQresultStatus") == 0, "PQresultStatus checks a result");
  CHECK(arg_of(&res->reads, "PQgetvalue") == 0 && arg_of(&res->reads, "PQntuples") == 0,
        "row reads");
  CHECK(arg_of(&res->reads, "PQresultErrorMessage") == -99, "an error message is not a row read");
  CHECK(arg_of(&conn->info, "PQerrorMessage") == 0 && arg_of(&res->info, "PQresultStatus") == 0,
        "info calls");
  CHECK(arg_of(&conn->info, "PQexec") == -99, "PQexec is not harmless on a bad connection");

  CHECK(arg_of(&m->conninfo, "PQconnectdb") == 0 && arg_of(&m->conninfo, "PQconnectStart") == 0,
        "conninfo args");
  CHECK(arg_of(&m->password, "PQsetdbLogin") == 6, "PQsetdbLogin's password is arg 6");
  CHECK(arg_of(&m->params, "PQconnectdbParams") == 0 &&
            arg_of(&m->params, "PQconnectStartParams") == 0,
        "keyword/value params");
  static const char* const noret[] = {"exit", "_exit", "abort", "pg_fatal", "exit_nicely"};
  for (size_t i = 0; i < 5; i++)
    CHECK(model_calls_match(&m->noreturn, noret[i]) >= 0, "%s is noreturn", noret[i]);
  CHECK(model_calls_match(&m->noreturn, "exit_handler") < 0, "exit_handler returns");

  const model_pool* pq = pool(m, "pqpool");
  CHECK(pq != NULL, "pqpool pool model");
  if (pq) {
    CHECK(arg_of(&pq->acquire, "pqpool_acquire") == 2, "pool acquire arg 2");
    CHECK(arg_of(&pq->release, "pqpool_release") == 1, "pool release arg 1");
    CHECK(arg_of(&pq->discard, "pqpool_discard") == 1, "pool discard arg 1");
    CHECK(arg_of(&pq->create, "pqpool_create") == 1, "pool create through arg 1");
    CHECK(arg_of(&pq->destroy, "pqpool_close") == 0, "pool destroy arg 0");
    CHECK(arg_of(&pq->create, "pqpool_shared") == -99, "pqpool_shared is not per-call creation");
    CHECK(size_field(pq, "pqpool_config", "max_size"), "pqpool_config.max_size is a size");
    CHECK(!size_field(pq, "pqpool_config", "min_idle"), "min_idle is not a size");
    CHECK(!size_field(pq, "other_config", "max_size"), "max_size of another struct is not");
    CHECK(pq->conn_field && !strcmp(pq->conn_field, "conn"), "lease.conn");
  }
out:
  model_set_free(m);
}

/* Reads the first ```json block after the "loaded and checked" marker of rules/README.md. */
static char* readme_example(void) {
  char path[4200];
  snprintf(path, sizeof path, "%s/../../rules/README.md", srcdir);
  FILE* f = fopen(path, "r");
  if (!f) return NULL;
  static char buf[1 << 16];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  char* mark = strstr(buf, "loaded and checked by tests/unit/test_model.c");
  char* start = mark ? strstr(mark, "```json\n") : NULL;
  if (!start) return NULL;
  start += 8;
  char* end = strstr(start, "```");
  if (!end) return NULL;
  return strndup(start, (size_t)(end - start));
}

static void test_team_model(void) {
  char* text = readme_example();
  CHECK(text != NULL, "rules/README.md has the team example");
  if (!text) return;
  int lines = 0;
  for (const char* p = text; *p; p++) lines += *p == '\n';
  CHECK(lines == 15, "the README example has 15 lines, got %d", lines);
  char path[] = "/tmp/pqlint-team-modelXXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0, "temporary model file");
  if (fd < 0) {
    free(text);
    return;
  }
  FILE* f = fdopen(fd, "w");
  fputs(text, f);
  fclose(f);
  free(text);

  model_set* m = NULL;
  char err[1024] = "";
  const char* files[] = {path};
  int rc = model_load(files, 1, &m, err, sizeof err);
  unlink(path);
  CHECK(rc == 0 && m, "the README team model loads with --model: %d %s", rc, err);
  if (!m) return;
  CHECK(model_rule_find(m, "pool-leak") != NULL, "the bundled catalogue is still there");
  CHECK(pool(m, "pqpool") != NULL, "the bundled pool is still there");
  const model_pool* p = pool(m, "db_pool");
  CHECK(p != NULL, "db_pool model");
  const model_resource* pooled = resource(m, "pooled");
  int idx = -5;
  CHECK(pooled && model_find_acquire(m, "db_pool_get", &idx) == pooled &&
            pooled->acquire.v[idx].arg == -1,
        "db_pool_get acquires a pooled connection by return value");
  CHECK(pooled && model_find_release(m, "db_pool_put", &idx) == pooled &&
            pooled->release.v[idx].arg == 1,
        "db_pool_put releases arg 1");
  CHECK(pooled && model_find_release(m, "db_pool_kill", &idx) == pooled &&
            pooled->discard.v[idx].arg == 1,
        "db_pool_kill discards arg 1");
  CHECK(model_find_acquire(m, "pqpool_acquire", NULL) == pooled, "pqpool still acquires");
  CHECK(model_find_acquire(m, "db_pool_getter", NULL) == NULL, "db_pool_getter does not");
  if (p) {
    CHECK(arg_of(&p->create, "db_pool_new") == -1 && arg_of(&p->destroy, "db_pool_free") == 0,
          "create and destroy");
    CHECK(arg_of(&p->size_args, "db_pool_new") == 1, "size argument");
    CHECK(size_field(p, "db_pool_opts", "size") && size_field(p, "db_pool_opts", "max_conns"),
          "size fields");
    CHECK(!size_field(p, "db_pool_opts", "timeout"), "not a size field");
  }
  CHECK(model_calls_match(&m->noreturn, "db_die") >= 0, "extra noreturn");
  CHECK(model_calls_match(&m->noreturn, "exit") >= 0, "bundled noreturn kept");
  CHECK(model_in_pool_module(m, "fixtures/demo/lib/db/db.c", NULL, 0), "team module glob");
  model_set_free(m);
}

/* A second file changes a rule's level and adds to a resource. */
static void test_merge(void) {
  model_set* m = model_set_new();
  char err[512] = "";
  int rc = model_load_text(m, "a.json",
                           "{\"rules\":[{\"id\":\"conn-leak\",\"level\":\"error\",\"short\":\"x\","
                           "\"tags\":[\"a\",\"b\"]}],"
                           "\"resources\":[{\"kind\":\"connection\",\"acquire\":[\"^open_a$\"]}]}",
                           err, sizeof err);
  CHECK(rc == 0, "first text: %s", err);
  rc = model_load_text(m, "b.json",
                       "{\"resources\":[{\"kind\":\"connection\",\"acquire\":[\"^open_c$\"]}]}",
                       err, sizeof err);
  CHECK(rc == PQL_EMODEL &&
            !strcmp(err, "b.json:1:15: resources[0]: a resource of kind 'connection' is already defined "
                         "by a.json; add \"replace\": true to replace it or \"extend\": true to add to it "
                         "(models are never merged silently)"),
        "a second file naming the same kind is an error: %s", err);
  rc = model_load_text(m, "b.json",
                       "{\"rules\":[{\"id\":\"conn-leak\",\"level\":\"note\",\"tags\":[\"c\"]}],"
                       "\"resources\":[{\"kind\":\"connection\",\"extend\":true,"
                       "\"acquire\":[{\"call\":\"^open_b$\",\"arg\":1}]}]}",
                       err, sizeof err);
  CHECK(rc == 0, "second text: %s", err);
  const model_rule* r = model_rule_find(m, "conn-leak");
  CHECK(m->nrules == 1 && r && r->level == FINDING_NOTE, "a later level wins");
  CHECK(r && r->short_desc && !strcmp(r->short_desc, "x"), "keys not given are kept");
  CHECK(r && r->ntags == 1 && !strcmp(r->tags[0], "c"), "tags are replaced");
  CHECK(m->nresources == 1 && m->resources[0].acquire.n == 2, "same kind extends");
  int idx = -5;
  CHECK(model_find_acquire(m, "open_b", &idx) && idx == 1 && m->resources[0].acquire.v[1].arg == 1,
        "out-parameter acquire");
  rc = model_load_text(m, "c.json",
                       "{\"resources\":[{\"kind\":\"connection\",\"replace\":true,"
                       "\"acquire\":[\"^open_d$\"]}]}",
                       err, sizeof err);
  CHECK(rc == 0 && m->nresources == 1 && m->resources[0].acquire.n == 1 &&
            !model_find_acquire(m, "open_a", &idx) && model_find_acquire(m, "open_d", &idx),
        "replace drops the earlier resource: %s", err);
  rc = model_load_text(m, "d.json", "{\"pools\":[{\"name\":\"p\",\"acquire\":[\"^get_p$\"]}]}", err,
                       sizeof err);
  CHECK(rc == 0, "a pool: %s", err);
  rc = model_load_text(m, "e.json",
                       "{\"pools\":[{\"name\":\"p\",\"replace\":true,\"acquire\":[\"^get_q$\"]}]}",
                       err, sizeof err);
  CHECK(rc == 0 && !model_find_acquire(m, "get_p", &idx) && model_find_acquire(m, "get_q", &idx),
        "a replaced pool's acquire leaves the pooled resource: %s", err);
  rc = model_load_text(m, "bom.json", "\xef\xbb\xbf{\"noreturn\": [\"^die$\"]}", err, sizeof err);
  CHECK(rc == 0 && model_calls_match(&m->noreturn, "die") >= 0, "a UTF-8 BOM is skipped: %s", err);
  model_set_free(m);
}

/* Each file of tests/unit/models/bad_*.json and the exact message after "FILE". */
static const struct {
  const char* file;
  const char* msg;
} bad[] = {
    {"bad_empty.json", ":1:1: invalid JSON"},
    {"bad_json.json", ":5:7: invalid JSON"},
    {"bad_trailing.json", ":2:1: invalid JSON"},
    {"bad_root.json", ":1:1: a model must be a JSON object"},
    {"bad_key.json", ":5:9: unknown key 'foo' in resources[0]"},
    {"bad_key_top.json", ":3:3: unknown key 'pool' at the top level"},
    {"bad_key_call.json", ":4:29: unknown key 'args' in connect[1]"},
    {"bad_nested_key.json", ":4:51: unknown key 'fields' in pools[0].size_fields[0]"},
    {"bad_missing_kind.json", ":3:5: resources[0]: missing key 'kind'"},
    {"bad_type_arg.json", ":4:51: resources[0].release[0].arg: expected an integer"},
    {"bad_type_calls.json", ":2:15: noreturn: expected an array of calls"},
    {"bad_level.json", ":3:35: rules[0].level: expected \"error\", \"warning\" or \"note\""},
    {"bad_regex.json",
     ": resources[0].acquire[1].call: invalid regex '^(fetch|load' at offset 12: missing closing "
     "parenthesis"},
    {"bad_regex_field.json",
     ": pools[0].size_fields[0].field: invalid regex 'max[_size' at offset 9: missing terminating "
     "] for character class"},
};

static void test_bad_models(void) {
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char path[4200], want[4600], err[1024] = "";
    snprintf(path, sizeof path, "%s/models/%s", srcdir, bad[i].file);
    snprintf(want, sizeof want, "%s%s", path, bad[i].msg);
    model_set* m = (model_set*)1;
    const char* files[] = {path};
    int rc = model_load(files, 1, &m, err, sizeof err);
    CHECK(rc == PQL_EMODEL, "%s: PQL_EMODEL, got %d (%s)", bad[i].file, rc, err);
    CHECK(m == NULL, "%s: no set on error", bad[i].file);
    CHECK(!strcmp(err, want), "%s:\n  got  '%s'\n  want '%s'", bad[i].file, err, want);
  }
  /* a missing file is an I/O error that names the file */
  char err[1024] = "";
  model_set* m = NULL;
  const char* files[] = {"/nonexistent/model.json"};
  int rc = model_load(files, 1, &m, err, sizeof err);
  CHECK(rc == PQL_EIO && !m && strstr(err, "/nonexistent/model.json: "), "missing file: %d %s", rc,
        err);
  /* texts: the description limit, a bad kind of id, a wrong value type */
  static const struct {
    const char* text;
    const char* msg;
  } texts[] = {
      {"{\"rules\": [{\"id\": \"Conn_Leak\"}]}",
       "t.json:1:19: rules[0].id: 'Conn_Leak' is not a kebab-case id"},
      {"{\"pools\": [{\"name\": \"p\", \"modules\": \"lib/*\"}]}",
       "t.json:1:37: pools[0].modules: expected an array of strings"},
      {"{\"resources\": [{\"kind\": \"result\", \"release\": [{\"call\": \"^f$\", \"arg\": -2}]}]}",
       "t.json:1:70: resources[0].release[0].arg: must be at least -1"},
      {"{\n\"rules\": [\n{\"id\": \"x\", \"flow\": 1}]}",
       "t.json:3:21: rules[0].flow: expected true or false"},
      {"{\"connect\": [{\"arg\": 0}]}", "t.json:1:14: connect[0]: missing key 'call'"},
      {"{\"resources\": [{\"kind\": \"conection\"}]}",
       "t.json:1:25: resources[0].kind: expected \"connection\", \"result\", \"pooled\", \"memory\", "
       "\"cancel\" or \"conninfo\""},
      {"{\"rules\": [{\"id\": \"a\"}],\n \"resources\": [{\"kind\": \"result\", \"leak_rule\": \"leak\"}]}",
       "t.json:2:48: resources[0].leak_rule: 'leak' is not a rule of the catalogue"},
      {"{\"connect\": [\"^a$\"],\n  \"connect\": [\"^b$\"]}",
       "t.json:2:3: duplicate key 'connect' in the top level"},
      {"{\"connect\": [7]}",
       "t.json:1:14: connect[0]: expected a regex string or an object {\"call\", \"arg\"}"},
  };
  for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
    model_set* s = model_set_new();
    char e[1024] = "";
    rc = model_load_text(s, "t.json", texts[i].text, e, sizeof e);
    CHECK(rc == PQL_EMODEL && !strcmp(e, texts[i].msg), "text %zu:\n  got  %d '%s'\n  want '%s'",
          i, rc, e, texts[i].msg);
    model_set_free(s);
  }
  char longdesc[1200 + 64];
  int n = snprintf(longdesc, sizeof longdesc, "{\"rules\": [{\"id\": \"x\", \"full\": \"");
  memset(longdesc + n, 'a', 1025);
  strcpy(longdesc + n + 1025, "\"}]}");
  model_set* s = model_set_new();
  rc = model_load_text(s, "t.json", longdesc, err, sizeof err);
  CHECK(rc == PQL_EMODEL && !strcmp(err, "t.json:1:32: rules[0].full: longer than 1024 characters"),
        "long description: %s", err);
  model_set_free(s);
}

static void test_pool_module(void) {
  model_set* m = NULL;
  char err[512];
  if (model_load(NULL, 0, &m, err, sizeof err)) {
    CHECK(0, "bundled models: %s", err);
    return;
  }
  static const struct {
    const char* path;
    int extra; /* with the extra glob lib/db/... */
    int want;
  } cases[] = {
      {"src/pool/acquire.c", 0, 1},          /* bundled pqpool glob, as given */
      {"./src/pool/acquire.c", 0, 1},        /* trailing sub-path */
      {"/work/x/src/pool/conn.c", 0, 1},     /* absolute input */
      {"vendor/pqpool/src/pool/a/b.c", 0, 1}, /* no FNM_PATHNAME: '*' spans '/' */
      {"src/poolx/acquire.c", 0, 0},
      {"mysrc/pool/acquire.c", 0, 0},        /* whole components only */
      {"src/lint/model.c", 0, 0},
      {"fixtures/demo/lib/db/db.c", 1, 1},   /* the demo's module through --pool-module */
      {"fixtures/demo/lib/db/db.c", 0, 0},   /* not without it */
      {"lib/db/db.c", 1, 1},
      {"fixtures/demo/mylib/db/db.c", 1, 0},
      {"fixtures/demo/api/files.c", 1, 0},
  };
  const char* extra[] = {"lib/db/*"};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    int got = model_in_pool_module(m, cases[i].path, extra, cases[i].extra ? 1 : 0);
    CHECK(got == cases[i].want, "pool module %s (extra %d): got %d", cases[i].path, cases[i].extra,
          got);
  }
  static const struct {
    const char* glob;
    const char* path;
    int want;
  } globs[] = {
      {"./lib/db/*", "lib/db/db.c", 1},       /* a leading ./ of the glob */
      {"lib/db/", "app/lib/db/pool/db.c", 1}, /* a folder */
      {"lib/db/", "app/lib/dbx/db.c", 0},
      {"lib/db/db.c", "lib/db/db.c", 1},      /* one file */
      {"lib/db/db.c", "lib/db/db.c.orig", 0},
      {"*/db.c", "lib/db/db.c", 1},
      {"lib/*/pool.c", "src/lib/x/y/pool.c", 1},
  };
  for (size_t i = 0; i < sizeof globs / sizeof *globs; i++) {
    const char* g[] = {globs[i].glob};
    int got = model_in_pool_module(NULL, globs[i].path, g, 1);
    CHECK(got == globs[i].want, "glob %s on %s: got %d", globs[i].glob, globs[i].path, got);
  }
  /* a relative path is also matched in its absolute form (the cwd's name) */
  char cwd[4096];
  if (getcwd(cwd, sizeof cwd) && strcmp(cwd, "/")) {
    const char* base = strrchr(cwd, '/') + 1;
    char glob[4200];
    snprintf(glob, sizeof glob, "%s/only-here.c", base);
    const char* g[] = {glob};
    CHECK(model_in_pool_module(m, "only-here.c", g, 1), "absolute form: %s", glob);
  }
  model_set_free(m);
}

typedef struct tharg {
  const model_set* m;
  int errors;
} tharg;

static void* worker(void* p) {
  tharg* a = p;
  char name[64];
  for (int i = 0; i < 20000; i++) {
    const model_resource* r = model_find_acquire(a->m, i % 2 ? "PQexecParams" : "PQconnectdb", NULL);
    if (!r || strcmp(r->kind, i % 2 ? "result" : "connection")) a->errors++;
    snprintf(name, sizeof name, "PQexec%d", i);
    if (model_find_acquire(a->m, name, NULL)) a->errors++;
    if (model_calls_match(&a->m->noreturn, "exit_nicely") < 0) a->errors++;
  }
  return NULL;
}

static void test_threads(void) {
  model_set* m = NULL;
  char err[512];
  if (model_load(NULL, 0, &m, err, sizeof err)) {
    CHECK(0, "bundled models: %s", err);
    return;
  }
  pthread_t t[4];
  tharg a[4];
  for (int i = 0; i < 4; i++) {
    a[i] = (tharg){m, 0};
    CHECK(pthread_create(&t[i], NULL, worker, &a[i]) == 0, "thread %d starts", i);
  }
  int errors = 0;
  for (int i = 0; i < 4; i++) {
    pthread_join(t[i], NULL);
    errors += a[i].errors;
  }
  CHECK(errors == 0, "4 threads matching at once: %d wrong answers", errors);
  model_set_free(m);
}

int main(void) {
  init_srcdir();
  test_bundled();
  test_team_model();
  test_merge();
  test_bad_models();
  test_pool_module();
  test_threads();
  printf("%d passed, %d failed\n", npass, nfail);
  return nfail ? 1 : 0;
}

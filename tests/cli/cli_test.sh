#!/usr/bin/env bash
# tests/cli/cli_test.sh - one command-line test case of pqlint per call: cli_test.sh CASE PQLINT SOURCE_DIR.
set -uo pipefail
case_name=$1
PQLINT=$2
SRC=$3
T=$(mktemp -d /tmp/pqlint-cli.XXXXXX)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
cd "$T" || exit 2
export NO_COLOR=1
export XDG_CACHE_HOME="$T/.xdg-cache" # the pass-1 cache of these runs stays in $T

fail() { echo "FAIL [$case_name]: $*" >&2; exit 1; }

# run ARGS...: runs pqlint, sets $rc, $out (stdout), $err (stderr)
run() {
  "$PQLINT" --no-progress "$@" >"$T/.out" 2>"$T/.err"
  rc=$?
  out=$(cat "$T/.out")
  err=$(cat "$T/.err")
}
expect_rc() { [ "$rc" -eq "$1" ] || fail "expected exit $1, got $rc; stdout: $out; stderr: $err"; }
expect_err() { grep -qF -- "$1" "$T/.err" || fail "stderr lacks '$1': $err"; }
expect_out() { grep -qF -- "$1" "$T/.out" || fail "stdout lacks '$1': $out"; }

# A file with one finding (direct-connect outside the pool module) and a clean one.
mkdir -p src
cat >src/leaky.c <<'C'
#include <libpq-fe.h>
PGconn *open_db(void) { return PQconnectdb("host=db dbname=app"); }
C
cat >src/clean.c <<'C'
int add(int a, int b) { return a + b; }
C

case "$case_name" in
exit-codes)
  run src/clean.c; expect_rc 0
  [ -z "$out" ] || fail "clean file printed: $out"
  run src/leaky.c; expect_rc 1
  expect_out "src/leaky.c:2:"
  expect_out "[direct-connect]"
  run --exit-zero src/leaky.c; expect_rc 0
  run --disable direct-connect src/leaky.c; expect_rc 0
  run --pool-module 'src/*' src/leaky.c; expect_rc 0
  ;;
missing-path)
  run src/clean.c no/such/file.c; expect_rc 2
  expect_err "no/such/file.c"
  expect_err "No such file"
  ;;
unreadable-file)
  cp src/leaky.c locked.c
  chmod 000 locked.c
  if [ "$(id -u)" -eq 0 ]; then
    chmod 755 "$T"
    # root reads anything: run as an unprivileged user, from a copy of pqlint in $T (the build
    # folder may sit below a folder only root can enter, such as one made by mktemp -d)
    cp "$PQLINT" "$T/pqlint" && chmod 755 "$T/pqlint"
    runuser -u nobody -- "$T/pqlint" --no-progress "$T/locked.c" >"$T/.out" 2>"$T/.err"
    rc=$?; out=$(cat "$T/.out"); err=$(cat "$T/.err")
  else
    run locked.c
  fi
  expect_rc 2
  expect_err "locked.c"
  expect_err "Permission denied"
  ;;
binary-file)
  printf 'int x;\0\1\2PQconnectdb\n' >blob.c
  run src/clean.c blob.c; expect_rc 2
  expect_err "blob.c"
  expect_err "binary"
  ;;
bad-format)
  run --format xml src/clean.c; expect_rc 2
  expect_err "xml"
  expect_err "--format"
  ;;
bad-jobs)
  for j in 0 abc -3 99999; do
    run -j "$j" src/clean.c; expect_rc 2
    expect_err "'$j'"
  done
  run --jobs= src/clean.c; expect_rc 2
  ;;
bad-model)
  printf '{\n  "resources": [\n    {"kind": \n' >bad.json
  run --model bad.json src/clean.c; expect_rc 2
  expect_err "bad.json"
  printf '{"nonsense_key": 1}\n' >unknown.json
  run --model unknown.json src/clean.c; expect_rc 2
  expect_err "unknown.json"
  run --model missing-model.json src/clean.c; expect_rc 2
  expect_err "missing-model.json"
  ;;
model-shadow)
  # a user pool or resource named like a bundled one: an error naming both files, unless the
  # object says "replace" (the bundled one is gone) or "extend" (added to it)
  cat >pool.c <<'C'
#include <libpq-fe.h>
typedef struct dbp dbp;
PGconn *db_get(dbp *p);
void db_put(dbp *p, PGconn *c);
int job(dbp *p) {
  PGconn *c = db_get(p);
  int ok = PQstatus(c) == CONNECTION_OK;
  db_put(p, c);
  if (!ok) return -1;
  return 0;
}
int lease(void *pool) {
  pqpool_lease l;
  pqpool_acquire(pool, -1, &l, 0);
  return 0;
}
C
  printf '#include <libpq-fe.h>\ntypedef struct { PGconn *conn; } pqpool_lease;\nint pqpool_acquire(void *p, int t, pqpool_lease *l, void *e);\n' >pqpool_stub.h
  sed -i '1a #include "pqpool_stub.h"' pool.c
  printf '{"pools": [{"name": "pqpool", "type": "PGconn", "acquire": ["^db_get$"], "release": [{"call": "^db_put$", "arg": 1}]}]}\n' >same.json
  run --no-config --model same.json pool.c; expect_rc 2
  expect_err "same.json:1:"
  expect_err "a pool named 'pqpool' is already defined by rules/pqpool.json"
  expect_err '"replace": true'
  printf '{"resources": [{"kind": "result", "acquire": ["^my_exec$"]}]}\n' >res.json
  run --no-config --model res.json pool.c; expect_rc 2
  expect_err "a resource of kind 'result' is already defined by rules/libpq.json"
  # replace: the bundled pqpool_acquire is no longer a pool acquire (no pool-leak of l)
  sed 's/"name": "pqpool",/"name": "pqpool", "replace": true,/' same.json >replace.json
  run --no-config --disable direct-connect --model replace.json pool.c; expect_rc 0
  # extend: both the bundled lease and db_get are pool acquires (l leaks)
  sed 's/"name": "pqpool",/"name": "pqpool", "extend": true,/' same.json >extend.json
  run --no-config --disable direct-connect --model extend.json pool.c; expect_rc 1
  expect_out "pool.c:16:"
  [ "$(grep -c 'pool-leak' "$T/.out")" -eq 1 ] || fail "extend: one pool-leak (the lease) expected: $out"
  # --no-bundled-models (or "bundled_models": false) leaves rules/pqpool.json out: same.json loads
  run --no-config --no-bundled-models --disable direct-connect --model same.json pool.c; expect_rc 0
  run --no-config --disable direct-connect pool.c; expect_rc 1
  expect_out "[pool-leak]"
  run --no-config --no-bundled-models --disable direct-connect pool.c; expect_rc 0
  printf '{"bundled_models": false, "models": ["same.json"], "disable": ["direct-connect"]}\n' >cfg.json
  run --config cfg.json pool.c; expect_rc 0
  printf '{"bundled_models": "no"}\n' >badcfg.json
  run --config badcfg.json pool.c; expect_rc 2
  expect_err '"bundled_models" must be true or false'
  ;;
model-arg)
  # a call pattern whose "arg" the call does not have: a model error naming the model file, exit 2
  cat >put.c <<'C'
typedef struct dbp dbp;
void db_put(dbp *p, void *c);
void done(dbp *p, void *c) { db_put(p, c); }
C
  printf '{"pools": [{"name": "team", "release": [{"call": "^db_put$", "arg": 2}]}]}\n' >arg.json
  run --no-config --model arg.json put.c; expect_rc 2
  expect_err 'arg.json: pools[0].release[0]: "arg": 2'
  expect_err "db_put() is called with 2 arguments at put.c:3"
  [ ! -s "$T/.out" ] || fail "no report after a model error: $out"
  sed 's/"arg": 2/"arg": 1/' arg.json >ok.json
  run --no-config --model ok.json put.c; expect_rc 0
  ;;
released-messages)
  # a finding never cites its own line as the earlier release (a loop's second pass)
  cat >loop.c <<'C'
#include <libpq-fe.h>
void f(PGconn *c, int n) {
  PGresult *r = PQexec(c, "select 1");
  for (int i = 0; i < n; i++)
    PQclear(r);
}
void g(PGconn *c, int n) {
  for (int i = 0; i < n; i++) {
    PQfinish(c);
  }
}
void h(PGconn *c) {
  PQfinish(c);
  PQfinish(c);
}
C
  run --no-config --enable double-release loop.c; expect_rc 1
  expect_out "loop.c:5:5: error: result 'r' is released again; it was already released on an earlier pass through this line [double-release]"
  expect_out "loop.c:9:5: error: connection 'c' is released again; it was already released on an earlier pass through this line [double-release]"
  expect_out "loop.c:14:3: error: connection 'c' is released again; it was already released at line 13 [double-release]"
  grep -q "loop.c:5:.*at line 5\|loop.c:9:.*at line 9" "$T/.out" && fail "a finding cites its own line: $out"
  ;;
leak-where)
  # a leak is reported at the goto that leaves the code that could release it; the code flow
  # (text notes, SARIF threadFlow) still goes on to the exit
  cat >goto.c <<'C'
#include <libpq-fe.h>
int count(PGconn *c) {
  int rc = -1;
  PGresult *r = PQexec(c, "select 1");
  if (PQresultStatus(r) != PGRES_TUPLES_OK)
    goto out;
  rc = PQntuples(r);
  PQclear(r);
out:
  return rc;
}
C
  run --no-config goto.c; expect_rc 1
  expect_out "goto.c:6:5: error: result 'r' acquired at line 4 is not cleared on this path [result-leak]"
  expect_out "goto.c:6:5: note: 'r' leaks here"
  expect_out "goto.c:10:3: note: 'r' is still not cleared here"
  grep -q "goto.c:10:3: error" "$T/.out" && fail "reported at the shared exit: $out"
  run --no-config --format sarif -o goto.sarif goto.c; expect_rc 1
  python3 - goto.sarif <<'PY' || fail "SARIF code flow: $(cat goto.sarif)"
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]["results"][0]
assert r["locations"][0]["physicalLocation"]["region"]["startLine"] == 6
lines = [t["location"]["physicalLocation"]["region"]["startLine"]
         for t in r["codeFlows"][0]["threadFlows"][0]["locations"]]
assert lines == [4, 5, 6, 10], lines
PY
  ;;
bad-config)
  printf '{\n  "pool_modules": ["lib/db/*"],\n  "disable": [\n' >broken.json
  run --config broken.json src/clean.c; expect_rc 2
  expect_err "broken.json:"
  expect_err "invalid JSON"
  printf '{\n  "pool_modules": ["lib/db/*"],\n  "colour": true\n}\n' >unknown.json
  run --config unknown.json src/clean.c; expect_rc 2
  expect_err "unknown.json:3:3: unknown key \"colour\""
  printf '{"exclude": "*.c"}\n' >type.json
  run --config type.json src/clean.c; expect_rc 2
  expect_err "type.json:1:2:"
  expect_err "array"
  # found upward from the input, not only with --config
  printf '{"disable": [' >src/.pqlint.json
  run src/clean.c; expect_rc 2
  expect_err "src/.pqlint.json"
  run --no-config src/clean.c; expect_rc 0
  run --config missing.json src/clean.c; expect_rc 2
  expect_err "missing.json"
  ;;
unreadable-inputs)
  # every input file goes through readfile: a folder given as a file fails in fread (EISDIR),
  # a missing one in fopen; each error names the file and its reason, and exits 2
  mkdir -p adir
  for opt in --config --model --baseline; do
    run $opt adir src/clean.c; expect_rc 2
    expect_err "adir: cannot read the"
    expect_err "Is a directory"
    run $opt no-such.json src/clean.c; expect_rc 2
    expect_err "no-such.json: cannot read the"
    expect_err "No such file"
  done
  mkdir -p cdbdir/compile_commands.json
  run -p cdbdir src/clean.c; expect_rc 2
  expect_err "cdbdir/compile_commands.json: cannot read the compile database: Is a directory"
  ;;
include-cycle)
  # a header that includes itself through ../ (exim's pdkim/) is scanned once, not until the stack overflows
  mkdir -p cyc/x
  printf '#ifndef X_A_H\n#define X_A_H\n#include "../x/a.h"\n#include "../x/b.h"\n#endif\n' >cyc/x/a.h
  printf '#ifndef X_B_H\n#define X_B_H\n#include "../x/a.h"\nPGconn *b_open(void);\n#endif\n' >cyc/x/b.h
  printf '#include <libpq-fe.h>\n#include "x/a.h"\nvoid f(void) { PGconn *c = PQconnectdb(""); (void)c; }\n' >cyc/m.c
  run --no-config --format json --exit-zero cyc/m.c; expect_rc 0
  expect_out '"rule":	"conn-leak"'
  ;;
model-names)
  # the words that guess what a function pqlint cannot see does (rules/names.json "unknown_calls"):
  # a --model adds words (team_stash_result keeps its argument; spawn_link opens a connection),
  # and "replace": true drops the bundled words of the lists it names (append no longer keeps)
  cat >team.c <<'C'
#include <libpq-fe.h>
extern void team_stash_result(PGresult *r);
extern void list_append(void *list, PGresult *r);
extern PGconn *spawn_link(const char *info);
void keep_result(PGconn *c) {
  PGresult *r = PQexec(c, "select 1");
  if (PQresultStatus(r) != PGRES_TUPLES_OK) { PQclear(r); return; }
  team_stash_result(r);
}
void append_result(PGconn *c, void *list) {
  PGresult *r = PQexec(c, "select 1");
  if (PQresultStatus(r) != PGRES_TUPLES_OK) { PQclear(r); return; }
  list_append(list, r);
}
int ping_link(void) {
  PGconn *l = spawn_link("dbname=x");
  return l != NULL;
}
C
  printf '{ "unknown_calls": { "keeps_args": ["stash"], "open_verbs": ["spawn"], "connection_nouns": ["link"] } }\n' >team-names.json
  printf '{ "unknown_calls": { "replace": true, "keeps_args": ["stash"] } }\n' >team-only.json
  run --no-config team.c; expect_rc 1
  expect_out "team.c:9:1: error: result 'r' acquired at line 6 is not cleared on this path [result-leak]"
  [ "$(grep -c ': error: ' "$T/.out")" -eq 1 ] || fail "bundled words: only team_stash_result's result leaks: $out"
  run --no-config --model team-names.json team.c; expect_rc 1
  expect_out "team.c:17:3: error: connection 'l' acquired at line 16 is not finished on this path [conn-leak]"
  [ "$(grep -c ': error: ' "$T/.out")" -eq 1 ] || fail "with team-names.json only spawn_link's connection leaks: $out"
  run --no-config --model team-only.json team.c; expect_rc 1
  expect_out "team.c:14:1: error: result 'r' acquired at line 11 is not cleared on this path [result-leak]"
  [ "$(grep -c ': error: ' "$T/.out")" -eq 1 ] || fail "replace: only list_append's result leaks: $out"
  printf '{ "unknown_calls": { "keeps_args": ["Stash"] } }\n' >bad-word.json
  run --no-config --model bad-word.json team.c; expect_rc 2
  expect_err "bad-word.json:1:37: unknown_calls.keeps_args[0]: 'Stash' is not a lower-case word (a-z)"
  printf '{ "unknown_calls": { "keeps": ["stash"] } }\n' >bad-key.json
  run --no-config --model bad-key.json team.c; expect_rc 2
  expect_err "unknown key 'keeps' in unknown_calls"
  ;;
model-password)
  # hardcoded-secret takes password arguments from the models' "password" calls: libpq's
  # PQsetdbLogin (argument 6) by default, and whatever a --model adds (app_login's argument 2)
  cat >login.c <<'C'
#include <libpq-fe.h>
extern PGconn *app_login(const char *host, const char *user, const char *pw);
extern const char *ask(void);
void f(void) {
  PGconn *a = PQsetdbLogin("db", NULL, NULL, NULL, "app", "app", "s3cret-one");
  PGconn *b = app_login("db", "app", "s3cret-two");
  PGconn *c = app_login("db", "s3cret-not-a-password", ask());
  PQfinish(a); PQfinish(b); PQfinish(c);
}
C
  printf '{\n  "password": [\n    { "call": "^app_login$", "arg": 2 }\n  ]\n}\n' >login.json
  run --no-config --enable hardcoded-secret login.c; expect_rc 1
  expect_out "login.c:5:"
  [ "$(grep -c 'hardcoded-secret' "$T/.out")" -eq 1 ] || fail "without --model only PQsetdbLogin is known: $out"
  run --no-config --enable hardcoded-secret --model login.json login.c; expect_rc 1
  expect_out "login.c:5:"
  expect_out "login.c:6:"
  expect_out "password passed to app_login as a string literal"
  grep -q "login.c:7:" "$T/.out" && fail "a literal outside the password argument was reported: $out"
  grep -q "s3cret" "$T/.out" && fail "the secret is repeated in the message: $out"
  [ "$(grep -c 'hardcoded-secret' "$T/.out")" -eq 2 ] || fail "expected 2 findings: $out"
  # an argument index past the call's arguments is a model error naming the file (issue 9), not a crash
  printf '{"password": [{"call": "^app_login$", "arg": 9}]}\n' >far.json
  run --no-config --enable hardcoded-secret --model far.json login.c; expect_rc 2
  expect_err 'far.json: password[0]: "arg": 9'
  ;;
unknown-option)
  run --frobnicate src/clean.c; expect_rc 2
  expect_err "--frobnicate"
  run -Z src/clean.c; expect_rc 2
  expect_err "-Z"
  run -o; expect_rc 2
  expect_err "needs a value"
  ;;
unknown-rule)
  run --enable no-such-rule src/clean.c; expect_rc 2
  expect_err "no-such-rule"
  run --disable conn-leak,bogus src/clean.c; expect_rc 2
  expect_err "bogus"
  printf '{"enable": ["nope-rule"]}\n' >cfg.json
  run --config cfg.json src/clean.c; expect_rc 2
  expect_err "nope-rule"
  ;;
output-missing-folder)
  mkdir out
  run -o out/missing/report.json --format json src/leaky.c; expect_rc 2
  expect_err "out/missing/report.json"
  [ -z "$(ls -A out)" ] || fail "left files behind: $(ls -A out)"
  ;;
output-kept-on-failure)
  run -o report.json --format json src/leaky.c; expect_rc 1
  cp report.json good.json
  grep -q direct-connect good.json || fail "first report lacks the finding"
  run -o report.json --format json src/leaky.c no-such.c; expect_rc 2
  cmp -s report.json good.json || fail "a failed run replaced the report"
  printf 'x\0y' >bin.c
  run -o report.json --format json src/leaky.c bin.c; expect_rc 2
  cmp -s report.json good.json || fail "a failed run replaced the report"
  [ "$(ls -A | grep -c '^report.json')" -eq 1 ] || fail "temporary left: $(ls -A)"
  ;;
output-special)
  # -o or --write-baseline naming a pipe (or a symlink to one, as /dev/stdout is): written into
  # it, never renamed over it (as root that replaced /dev/null with a regular file); a pipe with
  # no reader is an error that names it, not a hang; a folder is an error
  mkfifo pipe
  ln -s pipe link
  # the test holds the pipe open read-write on fd 3 (a reader that never blocks), pqlint writes
  # into the pipe's buffer, then drain FILE reads what it holds once fd 3 is closed
  drain() {
    python3 - "$1" <<'PY'
import os, sys
fd = os.open("pipe", os.O_RDONLY | os.O_NONBLOCK)
data = b""
while True:
    try:
        b = os.read(fd, 65536)
    except BlockingIOError:
        break
    if not b:
        break
    data += b
open(sys.argv[1], "wb").write(data)
PY
    exec 3>&-
  }
  exec 3<>pipe
  timeout 20 "$PQLINT" --no-progress -o link --format json src/leaky.c >"$T/.out" 2>"$T/.err"; rc=$?
  out=$(cat "$T/.out") err=$(cat "$T/.err")
  drain got.json
  expect_rc 1
  [ -p pipe ] && [ -L link ] || fail "the pipe or the link was replaced: $(ls -l pipe link)"
  jq -e '.findings[0].rule == "direct-connect"' got.json >/dev/null || fail "the reader did not get the report: $(head -c 300 got.json)"
  exec 3<>pipe
  timeout 20 "$PQLINT" --no-progress --write-baseline pipe src/leaky.c >"$T/.out" 2>"$T/.err"; rc=$?
  drain base.json
  [ "$rc" -le 1 ] || fail "--write-baseline into a pipe: exit $rc: $(cat "$T/.err")"
  [ -p pipe ] && jq -e '.entries | length == 1' base.json >/dev/null || fail "baseline through the pipe: $(head -c 300 base.json)"
  timeout 20 "$PQLINT" --no-progress -o pipe --format json src/leaky.c >"$T/.out" 2>"$T/.err"; rc=$?
  out=$(cat "$T/.out") err=$(cat "$T/.err")
  expect_rc 2
  expect_err "pipe: a pipe with no reader"
  mkdir adir
  run -o adir --format json src/leaky.c; expect_rc 2
  expect_err "adir: is a folder"
  [ -p pipe ] && [ -d adir ] && [ -z "$(ls -A adir)" ] || fail "a special target was changed"
  ;;
cache-fixtures)
  # every fixture folder twice through one cache: the second run, served from the cache, gives the
  # same JSON byte for byte as the first and as a run without a cache. A field added to the IR
  # but not to run/cache_format.c makes the warm run differ here.
  for d in "$SRC"/fixtures/*/; do
    n=$(basename "$d")
    for k in cold warm; do
      "$PQLINT" --no-progress --no-config --format json -j2 --cache-dir "$T/cf" "$d" >"$T/$n.$k" 2>/dev/null
    done
    "$PQLINT" --no-progress --no-config --format json -j2 --no-cache "$d" >"$T/$n.none" 2>/dev/null
    cmp -s "$T/$n.cold" "$T/$n.warm" || fail "fixtures/$n: the run from the cache differs: $(diff "$T/$n.cold" "$T/$n.warm" | head -20)"
    cmp -s "$T/$n.cold" "$T/$n.none" || fail "fixtures/$n: the run with a cache differs from one without: $(diff "$T/$n.none" "$T/$n.cold" | head -20)"
  done
  [ -n "$(ls -A "$T/cf")" ] || fail "nothing was cached"
  ;;
jobs-identical)
  [ -d "$SRC/fixtures" ] || fail "no fixtures folder"
  # a snapshot: a fixture edited in the checkout between the two runs must not differ them
  cp -r "$SRC/fixtures" "$T/fixtures" || fail "cannot copy the fixtures"
  # --no-config: no .pqlint.json from above (the repository's own excludes fixtures/)
  for fmt in json text sarif; do
    "$PQLINT" --no-progress --no-config --format $fmt -j 1 fixtures >"$T/j1.$fmt" 2>"$T/j1.err"; r1=$?
    "$PQLINT" --no-progress --no-config --format $fmt -j 2 fixtures >"$T/j2.$fmt" 2>"$T/j2.err"; r2=$?
    [ $r1 -eq 1 ] || fail "-j 1 on fixtures/ exited $r1 (expected findings): $(cat "$T/j1.err")"
    [ $r2 -eq $r1 ] || fail "-j 2 exit $r2 != -j 1 exit $r1"
    cmp -s "$T/j1.$fmt" "$T/j2.$fmt" || fail "$fmt output differs between -j 1 and -j 2"
  done
  ;;
parse-error)
  cat >broken.c <<'C'
#include <libpq-fe.h>
#include "no_such_header.h"
PGconn *open_db(void) { return PQconnectdb("host=db"); }
int broken(void) { return 1 +; }
C
  run broken.c; expect_rc 1
  expect_out "broken.c:3:"
  expect_out "[direct-connect]"
  expect_out "no_such_header.h"
  # the compiler's own headers (libclang's resource dir) and libpq's are found: no parse error
  printf '#include <stddef.h>\n#include <stdbool.h>\n#include <stdarg.h>\n#include <libpq-fe.h>\nPGconn *c(void) { return PQconnectdb("x"); }\n' >headers.c
  run --format json headers.c; expect_rc 1
  echo "$out" | jq -e '.files[0].parse_errors == 0' >/dev/null || fail "system headers not found: $out"
  run --format json broken.c; expect_rc 1
  echo "$out" | jq -e '.files[] | select(.path == "broken.c") | .parse_errors >= 2' >/dev/null ||
    fail "JSON does not count the parse errors: $out"
  ;;
list-rules)
  run --list-rules; expect_rc 0
  for r in direct-connect max-one hardcoded-secret conn-leak result-leak pool-leak \
           use-after-release double-release finish-pooled status-unchecked pool-per-call connect-in-loop; do
    expect_out "$r"
  done
  # issue 11.5: --list-rules --format json: the catalogue's rules, in its order, with its fields
  text_ids=$(awk '{print $1}' "$T/.out")
  run --list-rules --format json; expect_rc 0
  [ "$(echo "$out" | jq -r '.rules[].id')" = "$text_ids" ] || fail "JSON ids differ from the text list: $out"
  [ "$(echo "$out" | jq -c '[.rules[] | [.id, .level, .summary]]')" = "$(jq -c '[.rules[] | [.id, .level, .short]]' "$SRC/rules/catalog.json")" ] ||
    fail "JSON rules differ from rules/catalog.json: $out"
  echo "$out" | jq -e '.version == 1 and (.rules[] | select(.id == "conn-leak") | .kind == "path" and (.tags | index("security") != null or length > 0))
                       and (.rules[] | select(.id == "direct-connect") | .kind == "syntactic")' >/dev/null || fail "kinds/tags: $out"
  run --list-rules --format sarif; expect_rc 2
  expect_err "--list-rules"
  ;;
explain)
  run --explain conn-leak; expect_rc 0
  expect_out "conn-leak"
  expect_out "PQfinish"
  run --explain no-such-rule; expect_rc 2
  expect_err "no-such-rule"
  ;;
version)
  run --version; expect_rc 0
  want=$(bash "$SRC/scripts/version.sh") || fail "no project version"
  [ "$out" = "pqlint $want" ] || fail "version: $out (CMakeLists.txt says $want)"
  ;;
help)
  run --help; expect_rc 0
  for o in --format -o --config --no-config --pool-module --model --enable --disable --list-rules \
           --explain --jobs --version --exit-zero --staged --baseline --write-baseline --shard \
           --max-file-size --file-timeout --memory-budget; do
    expect_out "$o"
  done
  ;;
walk)
  mkdir -p tree/a/b tree/.git tree/build tree/build-x tree/cmake-build-debug tree/CMakeFiles tree/node_modules
  for d in tree/a tree/a/b tree/.git tree/build tree/build-x tree/cmake-build-debug tree/CMakeFiles tree/node_modules; do
    cp src/leaky.c "$d/x.c"
  done
  echo 'int y;' >tree/a/notes.txt
  cp src/clean.c tree/a/b/h.h
  ln -s .. tree/a/b/loop          # a symlink loop
  ln -s ../a tree/a/b/again       # the same folder twice
  ln -s nowhere tree/a/dangling.c # dangling
  run --list-files tree; expect_rc 0
  expected=$'tree/a/b/h.h\ntree/a/b/x.c\ntree/a/x.c'
  [ "$out" = "$expected" ] || fail "walk gave: $out"
  (cd tree && "$PQLINT" --no-progress --list-files) >walk.out 2>&1 || fail "walk of . failed"
  [ "$(cat walk.out)" = $'a/b/h.h\na/b/x.c\na/x.c' ] || fail "walk of . gave: $(cat walk.out)"
  run tree; expect_rc 1
  expect_out "tree/a/b/x.c:2:"
  expect_out "tree/a/x.c:2:"
  grep -q "build" "$T/.out" && fail "a build folder was analysed: $out"
  # an explicit file is analysed whatever its extension
  cp src/leaky.c leaky.inc
  run leaky.inc; expect_rc 1
  ;;
config)
  mkdir -p proj/lib/db proj/api proj/vendor
  cp src/leaky.c proj/lib/db/conn.c
  cp src/leaky.c proj/api/files.c
  cp src/leaky.c proj/vendor/v.c
  printf '{\n  "pool_modules": ["lib/db/*"],\n  "exclude": ["vendor/*"]\n}\n' >proj/.pqlint.json
  run proj; expect_rc 1
  expect_out "proj/api/files.c:2:"
  grep -q "lib/db/conn.c" "$T/.out" && fail "pool module reported: $out"
  grep -q "vendor" "$T/.out" && fail "excluded file reported: $out"
  (cd proj && "$PQLINT" --no-progress) >c.out 2>&1; [ $? -eq 1 ] || fail "run in proj/: $(cat c.out)"
  [ "$(grep -c direct-connect c.out)" -eq 1 ] || fail "run in proj/ gave: $(cat c.out)"
  grep -q "^api/files.c:2:" c.out || fail "paths not relative: $(cat c.out)"
  run --no-config proj; expect_rc 1
  [ "$(grep -c direct-connect "$T/.out")" -eq 3 ] || fail "--no-config: $out"
  printf '{"disable": ["direct-connect"]}\n' >off.json
  run --config off.json proj; expect_rc 0
  run --config off.json --enable direct-connect proj; expect_rc 1
  ;;
compdb)
  # a compile database whose flags define the connect macro through an include dir and -D,
  # plus flags that must never reach libclang (pipeline_unit checks the sanitised list itself)
  mkdir -p cdb/inc cdb/out
  printf '#define OPEN() PQconnectdb(CONNINFO)\n' >cdb/inc/wrap.h
  printf '#include <libpq-fe.h>\n#include "wrap.h"\nPGconn *f(void) { return OPEN(); }\n' >cdb/u.c
  cat >cdb/out/compile_commands.json <<J
[{"directory": "$T/cdb", "file": "u.c",
  "arguments": ["gcc", "-Iinc", "-DCONNINFO=\"host=x\"", "-fplugin=/nonexistent/plugin.so",
                "-Xclang", "-load", "-Xclang", "/nonexistent/evil.so", "--config=/nonexistent.cfg",
                "-c", "u.c", "-o", "u.o"]}]
J
  run -p cdb/out --format json cdb/u.c; expect_rc 1
  echo "$out" | jq -e '.files[0].parse_errors == 0' >/dev/null || fail "flags not applied: $out"
  echo "$out" | jq -e '[.findings[] | select(.rule == "direct-connect")] | length == 1' >/dev/null ||
    fail "no direct-connect through the macro: $out"
  run -p cdb/out/compile_commands.json cdb/u.c; expect_rc 1
  # without the database the macro's header is missing: a parse-error note, no crash
  run --format json cdb/u.c
  echo "$out" | jq -e '.files[0].parse_errors > 0' >/dev/null || fail "expected parse errors: $out"
  # a header not in the database borrows the flags of its .c file
  printf '#include <libpq-fe.h>\n#include "wrap.h"\nstatic inline PGconn *g(void) { return OPEN(); }\n' >cdb/u.h
  run -p cdb/out --format json cdb/u.h; expect_rc 1
  echo "$out" | jq -e '.files[0].parse_errors == 0' >/dev/null || fail "header without the .c file's flags: $out"
  # auto-discovery: compile_commands.json in the git root's build/ folder, without -p
  mkdir -p cdb/.git cdb/build
  cp cdb/out/compile_commands.json cdb/build/
  (cd cdb && "$PQLINT" --no-progress --format json u.c >"$T/auto.json" 2>"$T/auto.err")
  jq -e '.files[0].parse_errors == 0 and ([.findings[] | select(.rule == "direct-connect")] | length == 1)' \
    "$T/auto.json" >/dev/null || fail "compile database in build/ not found: $(cat "$T/auto.json" "$T/auto.err")"
  rm -rf cdb/.git cdb/build
  # -p naming no database: a warning, then the run goes on without flags (as clang-tidy)
  run -p no-such-dir cdb/u.c; expect_rc 0
  expect_err "no-such-dir"
  expect_err "running without compile database flags"
  # auto-discovery also looks in build*/ and out/ and says which one it used (--summary)
  mkdir -p cdb/.git cdb/build-rel
  cp cdb/out/compile_commands.json cdb/build-rel/
  (cd cdb && "$PQLINT" --no-progress --summary --format json u.c >"$T/auto2.json" 2>"$T/auto2.err")
  jq -e '.files[0].parse_errors == 0' "$T/auto2.json" >/dev/null || fail "build-rel/ not found: $(cat "$T/auto2.err")"
  grep -q "compile database: .*build-rel/compile_commands.json (found by pqlint" "$T/auto2.err" ||
    fail "--summary does not say which database: $(cat "$T/auto2.err")"
  rm -rf cdb/build-rel
  mkdir -p cdb/out2 && mv cdb/out cdb/out2/keep && mkdir -p cdb/out && cp cdb/out2/keep/compile_commands.json cdb/out/
  (cd cdb && "$PQLINT" --no-progress --format json u.c >"$T/auto3.json" 2>/dev/null)
  jq -e '.files[0].parse_errors == 0' "$T/auto3.json" >/dev/null || fail "out/ not found"
  rm -rf cdb/.git cdb/out2
  printf '[{"file": 3}]' >cdb/bad.json
  run -p cdb/bad.json cdb/u.c; expect_rc 2
  expect_err "cdb/bad.json"
  # the command form, split like a shell
  cat >cdb/out/compile_commands.json <<J
[{"directory": "$T/cdb", "file": "$T/cdb/u.c",
  "command": "cc -I inc '-DCONNINFO=\"host=x\"' -fplugin=/x.so -c u.c -o u.o"}]
J
  run -p cdb/out --format json cdb/u.c; expect_rc 1
  echo "$out" | jq -e '.files[0].parse_errors == 0' >/dev/null || fail "command form: $out"
  ;;
staged)
  command -v git >/dev/null || fail "git missing"
  mkdir repo && cd repo || exit 2
  git init -q . && git config user.email t@example.com && git config user.name t
  mkdir -p lib
  cp ../src/clean.c lib/ok.c
  git add lib/ok.c && git commit -qm init
  cp ../src/leaky.c lib/new.c
  git add lib/new.c
  cp ../src/clean.c lib/new.c     # the working copy is clean, the staged copy is not
  cp ../src/leaky.c lib/ok.c      # unstaged change: not analysed
  cd lib || exit 2                # from a subfolder: paths are relative to the repo root
  run --staged; expect_rc 1
  expect_out "lib/new.c:2:"
  grep -q "ok.c" "$T/.out" && fail "unstaged change analysed: $out"
  run --staged -o rep.txt; expect_rc 1        # -o stays relative to where pqlint started
  grep -q "lib/new.c:2:" rep.txt || fail "report not written in the starting folder"
  cd .. && git add lib/ok.c && cp ../src/clean.c lib/new.c && git add lib/new.c
  run --staged; expect_rc 1
  expect_out "lib/ok.c:2:"
  grep -q "new.c" "$T/.out" && fail "fixed staged file still reported: $out"
  cd "$T" && run --staged; expect_rc 2
  expect_err "git"
  ;;
shard)
  mkdir -p many
  for i in $(seq 1 12); do cp src/leaky.c many/f$i.c; done
  cp src/clean.c many/clean.c
  run many; expect_rc 1
  sort "$T/.out" >all.txt
  [ "$(wc -l <all.txt)" -eq 12 ] || fail "unsharded run: $(cat all.txt)"
  : >union.txt
  for k in 1 2 3; do
    run --shard $k/3 many; [ $rc -le 1 ] || fail "shard $k/3 exit $rc: $err"
    cat "$T/.out" >>union.txt
    run --list-files --shard $k/3 many; cat "$T/.out" >>files.txt
  done
  sort union.txt | cmp -s - all.txt || fail "union of shards differs: $(sort union.txt | diff - all.txt)"
  [ "$(sort files.txt | uniq | wc -l)" -eq 13 ] && [ "$(wc -l <files.txt)" -eq 13 ] ||
    fail "shards overlap or miss files: $(cat files.txt)"
  for bad in 0/3 4/3 x/2 3 1/0; do
    run --shard $bad many; expect_rc 2
    expect_err "--shard"
  done
  ;;
merge)
  mkdir -p many
  for i in $(seq 1 6); do cp src/leaky.c many/f$i.c; done
  run --format sarif -o all.sarif many; expect_rc 1
  run --format sarif --shard 1/2 -o s1.sarif many; [ $rc -le 1 ] || fail "shard 1: $err"
  run --format sarif --shard 2/2 -o s2.sarif many; [ $rc -le 1 ] || fail "shard 2: $err"
  "$PQLINT" merge s1.sarif s2.sarif s1.sarif -o merged.sarif 2>merge.err || fail "merge failed: $(cat merge.err)"
  a=$(jq -cS '[.runs[].results[] | {ruleId, l: .locations[0].physicalLocation}] | sort' all.sarif)
  m=$(jq -cS '[.runs[].results[] | {ruleId, l: .locations[0].physicalLocation}] | sort' merged.sarif)
  [ -n "$a" ] && [ "$a" != "[]" ] || fail "no results in the unsharded SARIF"
  [ "$a" = "$m" ] || fail "merged results differ from the unsharded run"
  ;;
summary)
  run src/leaky.c; expect_rc 1
  [ -z "$err" ] || fail "stderr is not a terminal: no summary expected, got: $err"
  run --summary src/leaky.c src/clean.c; expect_rc 1
  expect_err "finding"
  expect_err "pqlint: 2 files walked, 1 skipped by the prefilter, 1 parsed (0 only for summaries)"
  grep -q $'\033\[' "$T/.err" && fail "colour without a terminal: $err"
  # on a terminal (script(1) gives one): summary in colour, unless NO_COLOR is set
  command -v script >/dev/null || fail "script(1) missing (util-linux)"
  env -u NO_COLOR script -qec "$PQLINT src/leaky.c" /dev/null >tty.out 2>&1
  grep -q "finding" tty.out || fail "no summary on a terminal: $(cat tty.out)"
  grep -q $'\033\[' tty.out || fail "no colour on a terminal: $(cat tty.out)"
  NO_COLOR=1 script -qec "$PQLINT src/leaky.c" /dev/null >tty2.out 2>&1
  grep -q "finding" tty2.out || fail "no summary on a terminal: $(cat tty2.out)"
  grep -q $'\033\[' tty2.out && fail "colour despite NO_COLOR: $(cat tty2.out)"
  ;;
prefilter)
  # parsed: own text names libpq (db.c), or calls a wrapper learned from a
  # summary (app.c: open_db is in db.c), or uses a header macro that expands
  # to libpq (mac.c); for summaries: util.c defines die(), which a function
  # holding a handle calls (its noreturn summary keeps app.c quiet on that
  # path). Skipped: a file that only includes the declaring header (plain.c),
  # names in comments and strings only (words.c).
  mkdir -p p
  cat >p/db.h <<'C'
#include <libpq-fe.h>
PGconn *open_db(const char *ci);
void close_db(PGconn *c);
#define RUN_QUERY(c, q) PQexec((c), (q))
void die(const char *m);
C
  cat >p/db.c <<'C'
#include "db.h"
PGconn *open_db(const char *ci) { return PQconnectdb(ci); }
void close_db(PGconn *c) { PQfinish(c); }
C
  cat >p/util.c <<'C'
#include <stdlib.h>
void die(const char *m) { (void)m; exit(1); }
C
  cat >p/app.c <<'C'
#include "db.h"
int leaks(void) { void *c = open_db("dbname=x"); return c != 0; }
int quiet(void *c0) {
  void *c = open_db("dbname=x");
  if (!c0) die("no");
  close_db(c);
  return 0;
}
C
  cat >p/mac.c <<'C'
#include "db.h"
void q(void *c) { RUN_QUERY(c, "select 1"); }
C
  cat >p/plain.c <<'C'
#include "db.h"
int twice(int x) { return 2 * x; }
C
  cat >p/words.c <<'C'
/* PQconnectdb PQfinish PGconn password= */
const char *say(void) { return "call PQexec and PQclear"; }
C
  run --summary --format json --exit-zero -j2 p
  expect_err "pqlint: 7 files walked, 2 skipped by the prefilter, 5 parsed (1 only for summaries)"
  for f in db.h db.c util.c app.c mac.c; do
    echo "$out" | jq -e --arg f "p/$f" '.files[] | select(.path == $f) | .skipped == false' >/dev/null || fail "p/$f not parsed: $out"
  done
  for f in plain.c words.c; do
    echo "$out" | jq -e --arg f "p/$f" '.files[] | select(.path == $f) | .skipped == true' >/dev/null || fail "p/$f parsed: $out"
  done
  echo "$out" | jq -e '[.findings[] | select(.file == "p/app.c" and .rule == "conn-leak")] | length == 1' >/dev/null \
    || fail "expected one conn-leak in p/app.c (leaks()): $out"
  echo "$out" | jq -e '[.findings[] | select(.file == "p/mac.c" and .rule == "result-leak")] | length == 1' >/dev/null \
    || fail "expected the result-leak of RUN_QUERY in p/mac.c: $out"
  ;;
progress)
  run --progress src/leaky.c src/clean.c; expect_rc 1
  expect_err "pqlint: parsed 1/2 files (1 skipped by the prefilter)"
  expect_err "pqlint: checked 2/2 files"
  grep -q $'\033' "$T/.err" && fail "escape codes without a terminal: $err"
  run src/leaky.c; expect_rc 1
  grep -q "files, " "$T/.err" && fail "progress without a terminal or --progress: $err"
  # on a terminal the line rewrites itself and is cleared at the end
  env -u NO_COLOR script -qec "$PQLINT --progress src/leaky.c" /dev/null >tty.out 2>&1
  grep -q $'\r\033\[K' tty.out || fail "no rewriting progress line on a terminal: $(cat -v tty.out)"
  ;;
github-format)
  run --format github src/leaky.c; expect_rc 1
  expect_out "::warning file=src/leaky.c,line=2"
  ;;
baseline)
  mkdir -p b
  cp src/leaky.c b/x.c
  run --write-baseline base.json b; expect_rc 0
  [ -s base.json ] || fail "no baseline written"
  run --baseline base.json b; expect_rc 0
  # an edit above the old finding: still baselined; a new finding: reported
  printf '/* a comment */\n\n' | cat - b/x.c >b/y && mv b/y b/x.c
  printf 'PGconn *open2(void) { return PQconnectdb("host=other"); }\n' >>b/x.c
  run --baseline base.json b; expect_rc 1
  [ "$(grep -c direct-connect "$T/.out")" -eq 1 ] || fail "expected one new finding: $out"
  expect_out "b/x.c:5:"
  expect_err "1 baselined, 1 new"
  ;;
explicit-exclude)
  # issue 8.2: a file named on the command line is analysed even when an exclude matches it
  mkdir -p ex/fixtures && cp src/leaky.c ex/fixtures/bad.c && cp src/leaky.c ex/other.c
  printf '{"exclude": ["fixtures/*"]}' >ex/.pqlint.json
  cd ex || exit 2
  run fixtures/bad.c; expect_rc 1
  expect_out "fixtures/bad.c:2:"
  run --force-exclude fixtures/bad.c; expect_rc 0
  expect_err "excluded"
  expect_err "'fixtures/*'"
  # a folder is walked with the excludes, and an all-excluded run says so, naming the pattern
  run fixtures; expect_rc 0
  [ -z "$out" ] || fail "excluded folder reported: $out"
  expect_err "'fixtures/*'"
  run --list-files .; expect_rc 0
  [ "$out" = "other.c" ] || fail "walk with excludes gave: $out"
  run --no-config --exclude '*.c' --list-files .; expect_rc 0
  [ -z "$out" ] || fail "--exclude did not apply: $out"
  expect_err "'*.c' from --exclude"
  grep -q -- "--force-exclude" "$SRC/.pre-commit-hooks.yaml" || fail "the pre-commit hook does not pass --force-exclude"
  ;;
gitignore)
  # a walk in a git work tree honours .gitignore; a named file is analysed anyway
  command -v git >/dev/null || fail "git missing"
  mkdir -p g/gen g/src && cp src/leaky.c g/gen/made.c && cp src/clean.c g/src/ok.c
  (cd g && git init -q . && printf 'gen/\n' >.gitignore)
  cd g || exit 2
  run --no-config --list-files .; expect_rc 0
  [ "$out" = "src/ok.c" ] || fail "gitignored file walked: $out"
  run --no-config --no-gitignore --list-files .; expect_rc 0
  echo "$out" | grep -qx "gen/made.c" || fail "--no-gitignore: $out"
  run --no-config gen; expect_rc 0
  expect_err "git ignores them"
  run --no-config gen/made.c; expect_rc 1
  ;;
cxx)
  # issue 11.2: C++ files are walked, parsed as C++, and never pass as clean when a construct is not modelled
  mkdir -p cx
  cat >cx/leak.cpp <<'CPP'
#include <libpq-fe.h>
class Store {
 public:
  int rows(const char* ci) {
    PGconn* c = PQconnectdb(ci);
    if (PQstatus(c) != CONNECTION_OK) return -1;
    PQfinish(c);
    return 0;
  }
};
CPP
  run --no-config --disable direct-connect --format json cx; expect_rc 1
  echo "$out" | jq -e '[.findings[] | select(.rule == "conn-leak" and .path == "cx/leak.cpp" and .line == 6)] | length == 1' >/dev/null ||
    fail "the C++ method's leak: $out"
  echo "$out" | jq -e '.files[0].parse_errors == 0 and .files[0].incomplete == false' >/dev/null || fail "leak.cpp parsed with errors: $out"
  # direct-connect names the callee as written: qualified, not bare (and not the qualifier as if a macro)
  run --no-config "$SRC/fixtures/cxx/cx20_direct_connect_qualified.cpp"; expect_rc 1
  expect_out "warning: direct connection with legacy::PQconnectdb outside the pool module"
  # a compile-database entry of g++ makes a .c file C++ (a class parses)
  printf '#include <libpq-fe.h>\nclass K { public: int f(PGconn* c); };\nint K::f(PGconn* c) { return PQstatus(c); }\n' >cx/k.c
  printf '[{"directory": "%s", "file": "cx/k.c", "arguments": ["g++", "-c", "cx/k.c"]}]' "$T" >compile_commands.json
  run --no-config -p . --format json cx/k.c; expect_rc 0
  echo "$out" | jq -e '.files[0].parse_errors == 0 and .files[0].skipped == false' >/dev/null || fail "k.c not parsed as C++ under g++: $out"
  printf '[{"directory": "%s", "file": "cx/k.c", "arguments": ["gcc", "-c", "cx/k.c"]}]' "$T" >compile_commands.json
  run --no-config -p . --format json cx/k.c
  echo "$out" | jq -e '.files[0].parse_errors > 0 and .files[0].skipped == false' >/dev/null || fail "k.c parsed as C++ under gcc: $out"
  # a header borrows the flags of its same-named .cpp entry
  printf '#include <libpq-fe.h>\n#ifndef FROM_ENTRY\n#error no flags\n#endif\ninline int st(PGconn* c) { return PQstatus(c); }\n' >cx/h.hpp
  printf '#include "h.hpp"\n' >cx/h.cpp
  printf 'int a;\n' >cx/a.c
  printf '[{"directory": "%s", "file": "cx/a.c", "arguments": ["cc", "-c", "cx/a.c"]},
           {"directory": "%s", "file": "cx/h.cpp", "arguments": ["c++", "-DFROM_ENTRY", "-c", "cx/h.cpp"]}]' "$T" "$T" >compile_commands.json
  run --no-config -p . --format json cx/h.hpp; expect_rc 0
  echo "$out" | jq -e '.files[0].parse_errors == 0 and .files[0].skipped == false' >/dev/null || fail "h.hpp without h.cpp's flags: $out"
  rm compile_commands.json
  # constructs not modelled: a function template, try/catch around a raw handle, a deleter that is not PQclear
  mkdir -p cu
  cat >cu/t.cpp <<'CPP'
#include <libpq-fe.h>
#include <memory>
#include <stdexcept>
template <typename F> int with_result(PGconn* c, F f) {
  PGresult* r = PQexec(c, "select 1");
  int n = f(r);
  PQclear(r);
  return n;
}
int guarded(PGconn* c) {
  PGresult* r = PQexec(c, "select 1");
  try {
    if (PQresultStatus(r) != PGRES_TUPLES_OK) throw std::runtime_error("x");
  } catch (const std::exception&) {
    PQclear(r);
    return -1;
  }
  PQclear(r);
  return 0;
}
struct Odd { void operator()(PGresult*) const {} };
int odd(PGconn* c) {
  std::unique_ptr<PGresult, Odd> r(PQexec(c, "select 1"));
  return PQresultStatus(r.get()) == PGRES_TUPLES_OK;
}
int plain(int a) { return a + 1; }
CPP
  run --no-config --format json --summary cu/t.cpp; expect_rc 0
  echo "$out" | jq -e '.files[0].incomplete == true and .files[0].incomplete_handle_functions == 3 and .summary.incomplete_files == 1' >/dev/null ||
    fail "incomplete counts for the C++ constructs: $out"
  for w in "with_result() (line 4): template" "guarded() (line 12): try/catch in a function with a raw handle" "odd() (line 23): smart pointer"; do
    echo "$out" | jq -r '.files[0].incomplete_reason' | grep -qF "$w" || fail "incomplete_reason lacks '$w': $out"
  done
  expect_err "1 file (3 functions that touch a handle) analysed incompletely"
  run --no-config cu/t.cpp; expect_rc 0
  expect_out "cu/t.cpp: note: analysed incompletely: C++ not modelled in with_result() (line 4)"
  # the same constructs with RAII owners only are understood (complete, clean)
  cat >cu/ok.cpp <<'CPP'
#include <libpq-fe.h>
#include <memory>
#include <stdexcept>
int guarded(PGconn* c) {
  try {
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c, "select 1"), &PQclear);
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) throw std::runtime_error("x");
  } catch (const std::exception&) {
    return -1;
  }
  return 0;
}
CPP
  run --no-config --format json cu/ok.cpp; expect_rc 0
  echo "$out" | jq -e '.files[0].incomplete == false and (.findings | length) == 0' >/dev/null || fail "ok.cpp: $out"
  ;;
parse-errors)
  # issue 11.1: a file with a missing header is never a silent pass
  printf '#include <libpq-fe.h>\n#include "missing.h"\nPGconn *f(void) { return PQconnectdb("host=x"); }\n' >pe.c
  run --no-config --format json pe.c; expect_rc 1
  expect_err "1 file with parse errors"
  expect_err "analysed incompletely"
  echo "$out" | jq -e '.summary.incomplete_files == 1 and .summary.incomplete_handle_functions == 1 and .files[0].incomplete == true' >/dev/null ||
    fail "JSON counts: $out"
  run --no-config --parse-errors=fail pe.c; expect_rc 2
  run --no-config --parse-errors ignore pe.c; expect_rc 1
  grep -q "parse errors" "$T/.err" && fail "--parse-errors=ignore still warns: $err"
  printf '{"parse_errors": "fail"}' >.pqlint.json
  run pe.c; expect_rc 2
  printf '{"parse_errors": "sometimes"}' >.pqlint.json
  run pe.c; expect_rc 2
  expect_err '"parse_errors" must be'
  rm .pqlint.json
  run --no-config --summary pe.c
  expect_err "1 file (1 function that touch a handle) analysed incompletely"
  # github: one grouped notice, not one warning per file
  cp pe.c pe2.c
  run --no-config --format github pe.c pe2.c
  [ "$(grep -c '^::notice' "$T/.out")" -eq 1 ] || fail "expected one grouped notice: $out"
  grep -q '^::warning file=pe' "$T/.out" && grep -q "parse error" <<<"$(grep '^::warning' "$T/.out")" && fail "per-file parse warnings: $out"
  expect_out "2 files (2 functions that touch a handle) analysed incompletely"
  # SARIF: a notification with the count
  run --no-config --format sarif pe.c
  echo "$out" | jq -e '[.runs[0].invocations[0].toolExecutionNotifications[].message.text | select(test("1 file \\(1 function that touch a handle\\) analysed incompletely"))] | length == 1' >/dev/null ||
    fail "SARIF count notification: $out"
  ;;
tree-includes)
  # issue 11.1: without a compile database the tree's include folders are found
  mkdir -p t/include/app t/src
  printf '#include <libpq-fe.h>\n#define OPEN() PQconnectdb("host=x")\n' >t/include/app/db.h
  printf '#include "app/db.h"\nPGconn *f(void) { return OPEN(); }\n' >t/src/u.c
  mkdir -p t/lib/q && printf '#define QOPEN() PQconnectdb("host=y")\n' >t/lib/q/qdb.h
  printf '#include <libpq-fe.h>\n#include "q/qdb.h"\nPGconn *g(void) { return QOPEN(); }\n' >t/src/v.c
  run --no-config --summary --format json t; expect_rc 1
  echo "$out" | jq -e '[.files[] | select(.parse_errors > 0)] | length == 0' >/dev/null || fail "parse errors remain: $out"
  echo "$out" | jq -e '[.findings[] | select(.rule == "direct-connect")] | length == 2' >/dev/null || fail "findings: $out"
  expect_err "include folders of the tree"
  # pqpool.h by pqlint's own place (the build tree's src/pool here)
  printf '#include <pqpool.h>\nint h(pqpool *p) { pqpool_lease l; return pqpool_acquire(p, 1000, &l, NULL); }\n' >pp.c
  run --no-config --format json pp.c
  echo "$out" | jq -e '.files[0].parse_errors == 0' >/dev/null || fail "pqpool.h not found: $out"
  ;;
srcroot)
  # issue 11.3: paths relative to the repository root from any folder
  mkdir -p r/sub && cp src/leaky.c r/sub/x.c && (cd r && git init -q .)
  (cd r && "$PQLINT" --no-progress --no-config --format json sub/x.c >"$T/root.json"; "$PQLINT" --no-progress --no-config --format github sub/x.c >"$T/root.gh"; "$PQLINT" --no-progress --no-config --format sarif sub/x.c >"$T/root.sarif")
  (cd r/sub && "$PQLINT" --no-progress --no-config --format json x.c >"$T/sub.json"; "$PQLINT" --no-progress --no-config --format github x.c >"$T/sub.gh"; "$PQLINT" --no-progress --no-config --format sarif x.c >"$T/sub.sarif")
  [ "$(jq -r '.findings[0].path' "$T/sub.json")" = "sub/x.c" ] || fail "JSON path from a subfolder: $(cat "$T/sub.json")"
  [ "$(jq -r '.findings[0].path' "$T/root.json")" = "sub/x.c" ] || fail "JSON path from the root"
  grep -q "file=sub/x.c," "$T/sub.gh" || fail "github path from a subfolder: $(cat "$T/sub.gh")"
  cmp -s "$T/root.gh" "$T/sub.gh" || fail "github differs: $(cat "$T/root.gh" "$T/sub.gh")"
  [ "$(jq -r '.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri' "$T/sub.sarif")" = "sub/x.c" ] || fail "SARIF uri from a subfolder"
  cmp -s "$T/root.sarif" "$T/sub.sarif" || fail "SARIF differs between root and subfolder"
  (cd r/sub && "$PQLINT" --no-progress --no-config --srcroot . --format github x.c >"$T/own.gh")
  grep -q "file=x.c," "$T/own.gh" || fail "--srcroot: $(cat "$T/own.gh")"
  # baselines from a subfolder match those written at the root
  (cd r && "$PQLINT" --no-progress --no-config --write-baseline b.json sub/x.c 2>/dev/null)
  (cd r/sub && "$PQLINT" --no-progress --no-config --baseline ../b.json x.c >/dev/null 2>&1) || fail "baseline from a subfolder does not match"
  ;;
rule-shaping)
  # issue 11.5: globs and tags in --enable/--disable, per_file_ignores, --fail-on, option suggestions
  run --disable 'direct-*' src/leaky.c; expect_rc 0
  run --disable maintainability src/leaky.c; expect_rc 0
  run --enable 'pool-*' src/leaky.c; expect_rc 0
  run --enable 'nothing-*' src/leaky.c; expect_rc 2
  expect_err "nothing-*"
  run --fail-on error src/leaky.c; expect_rc 0
  expect_out "[direct-connect]"
  run --fail-on warning src/leaky.c; expect_rc 1
  run --fail-on bad src/leaky.c; expect_rc 2
  mkdir -p pf/tests && cp src/leaky.c pf/tests/t.c && cp src/leaky.c pf/app.c
  printf '{"per_file_ignores": {"tests/**": ["direct-connect"]}}' >pf/.pqlint.json
  run pf; expect_rc 1
  expect_out "pf/app.c:2:"
  grep -q "tests/t.c" "$T/.out" && fail "per_file_ignores did not apply: $out"
  printf '{"per_file_ignores": {"tests/**": ["no-such"]}}' >pf/.pqlint.json
  run pf; expect_rc 2
  expect_err "per_file_ignores"
  run --exlude x src/clean.c; expect_rc 2
  expect_err "did you mean --exclude?"
  run --disabel x src/clean.c; expect_rc 2
  expect_err "did you mean --disable?"
  ;;
cache)
  # the pass-1 cache: reused when nothing changed (same report, byte for
  # byte), rebuilt for a changed file, for the includers of a changed header,
  # when a missing header appears, and for a corrupt or truncated entry
  mkdir -p c
  cat >c/db.h <<'C'
#include <libpq-fe.h>
PGconn *open_db(const char *ci);
C
  cat >c/db.c <<'C'
#include "db.h"
PGconn *open_db(const char *ci) { return PQconnectdb(ci); }
C
  cat >c/app.c <<'C'
#include "db.h"
#include "extra.h"
int leaks(void) { PGconn *c = open_db("dbname=x"); return c != 0; }
C
  cachedir="$T/cc"
  lint() { run --no-config --summary --format json --cache-dir "$cachedir" -o "$T/$1.json" c; }
  lint r1; expect_rc 1
  expect_err "cache: 0 files read from it, 0 stale or corrupt rebuilt, 3 written"
  n=$(ls "$cachedir" | wc -l); [ "$n" -eq 3 ] || fail "expected 3 entries (db.h, db.c, app.c), found $n"
  lint r2; expect_rc 1
  expect_err "cache: 3 files read from it, 0 stale or corrupt rebuilt, 0 written"
  cmp -s "$T/r1.json" "$T/r2.json" || fail "a report from the cache differs"
  run --no-config --format json --no-cache -o "$T/nc.json" c
  cmp -s "$T/r1.json" "$T/nc.json" || fail "the cached report differs from one without a cache"
  # a changed file: only it is parsed again, and its new finding is there
  echo 'int leaks2(void) { PGconn *d = open_db("dbname=y"); return d != 0; }' >>c/app.c
  lint r3; expect_rc 1
  expect_err "cache: 2 files read from it, 1 stale or corrupt rebuilt, 1 written"
  grep -qP '"line":\s*4,' "$T/r3.json" || fail "the changed file's new finding is missing: $(cat "$T/r3.json")"
  # a changed header: it and both includers again
  echo '/* changed */' >>c/db.h
  lint r4; expect_rc 1
  expect_err "cache: 0 files read from it, 3 stale or corrupt rebuilt, 3 written"
  # the missing header appears: app.c is parsed again (its parse error goes)
  grep -q "extra.h' file not found" "$T/r4.json" || fail "app.c should not parse without extra.h"
  echo '#define EXTRA 1' >c/extra.h
  lint r5; expect_rc 1
  expect_err "stale or corrupt rebuilt"
  grep -q "extra.h' file not found" "$T/r5.json" && fail "a stale entry kept the old parse error"
  # corrupt entries: one byte flipped in one, another truncated; both rebuilt, report unchanged
  lint r6; expect_rc 1
  expect_err "cache: 3 files read from it"
  set -- "$cachedir"/*.pqlc
  size=$(stat -c %s "$1")
  printf '\xff' | dd of="$1" bs=1 seek=$((size / 2)) conv=notrunc status=none
  head -c $(( $(stat -c %s "$2") / 3 )) "$2" >"$T/trunc" && mv "$T/trunc" "$2"
  lint r7; expect_rc 1
  expect_err "cache: 1 file read from it, 2 stale or corrupt rebuilt, 2 written"
  cmp -s "$T/r6.json" "$T/r7.json" || fail "a corrupt entry changed the report"
  lint r8; expect_rc 1
  expect_err "cache: 3 files read from it"
  # --no-cache writes nothing; an unusable --cache-dir warns and the run goes on
  run --no-config --no-cache --cache-dir "$T/none" c; expect_rc 1
  [ -e "$T/none" ] && fail "--no-cache made a cache folder"
  : >"$T/afile"
  run --no-config --cache-dir "$T/afile/sub" c; expect_rc 1
  expect_err "running without a cache"
  ;;
cache-prune)
  # the size cap: after a run the least recently used entries go until the rest fit; a read
  # records the entry's last use (its mtime), so an entry read just now stays although it was
  # written first; other files in the folder are never removed
  for t in x y z; do
    mkdir -p "$t"
    printf '#include <libpq-fe.h>\nPGconn *open_%s(void) { return PQconnectdb("host=db"); }\n' "$t" >"$t/$t.c"
  done
  cachedir="$T/cp"
  entry_of() { # entry_of TREE: runs pqlint on TREE and prints the one new entry's name
    local before; before=$(ls "$cachedir" 2>/dev/null)
    run --no-config --cache-dir "$cachedir" "$1"; expect_rc 1
    comm -13 <(printf '%s\n' "$before" | sort) <(ls "$cachedir" | sort) | grep '\.pqlc$'
  }
  ex=$(entry_of x); ey=$(entry_of y); ez=$(entry_of z)
  [ -n "$ex" ] && [ -n "$ey" ] && [ -n "$ez" ] || fail "one entry per tree expected: '$ex' '$ey' '$ez'"
  echo 'not pqlint' >"$cachedir/notes.txt"
  mkdir "$cachedir/sub"
  now=$(date +%s)
  touch -d "@$((now - 86400))" "$cachedir/$ex"       # used a day ago
  touch -d "@$((now - 2 * 86400))" "$cachedir/$ez"   # two days ago
  touch -d "@$((now - 5 * 86400))" "$cachedir/$ey"   # five days ago: the oldest
  # without a cap (0), and under the default cap (512M), nothing goes, and a read records its use
  run --no-config --summary --cache-dir "$cachedir" --cache-max-size 0 y; expect_rc 1
  expect_err "cache: 1 file read from it, 0 stale or corrupt rebuilt, 0 written"
  grep -q "removed" "$T/.err" && fail "--cache-max-size 0 removed entries: $err"
  [ "$(stat -c %Y "$cachedir/$ey")" -ge "$now" ] || fail "a read did not record the entry's last use"
  touch -d "@$((now - 5 * 86400))" "$cachedir/$ey"
  run --no-config --cache-dir "$cachedir" y; expect_rc 1
  [ -e "$cachedir/$ex" ] && [ -e "$cachedir/$ez" ] || fail "the default cap (512M) removed entries"
  touch -d "@$((now - 5 * 86400))" "$cachedir/$ey"
  # a cap of exactly x's and y's bytes: z (now the least recently used) goes, x and y stay
  cap=$(( $(stat -c %s "$cachedir/$ex") + $(stat -c %s "$cachedir/$ey") ))
  run --no-config --summary --cache-dir "$cachedir" --cache-max-size "$cap" y; expect_rc 1
  expect_err "0 written, 1 least recently used entry removed (over the cap of"
  [ -e "$cachedir/$ez" ] && fail "the least recently used entry was kept"
  [ -e "$cachedir/$ey" ] || fail "the entry used by this run (the oldest before it) was removed"
  [ -e "$cachedir/$ex" ] || fail "an entry that fits under the cap was removed"
  [ -e "$cachedir/notes.txt" ] && [ -d "$cachedir/sub" ] || fail "pruning removed a file that is not pqlint's"
  # the config key "cache_max_size", a cap of one entry: z is written again (it was removed above)
  # and is the only one used by this run, so x and y go
  printf '{"cache_max_size": "%s"}' "$(stat -c %s "$cachedir/$ey")" >z/.pqlint.json
  touch -d "@$((now - 86400))" "$cachedir/$ex" "$cachedir/$ey"
  run --summary --cache-dir "$cachedir" z; expect_rc 1
  expect_err "1 written, 2 least recently used entries removed"
  [ "$(ls "$cachedir" | grep -c '\.pqlc$')" -eq 1 ] && [ -e "$cachedir/$ez" ] ||
    fail "only the entry just written should be left: $(ls "$cachedir")"
  # a temporary of a crashed run (over an hour old) goes; a fresh one (a write in progress) stays
  touch -d "@$((now - 7200))" "$cachedir/$ex.123.7f00.tmp"
  touch "$cachedir/$ey.456.7f01.tmp"
  run --summary --cache-dir "$cachedir" z; expect_rc 1
  [ -e "$cachedir/$ex.123.7f00.tmp" ] && fail "a stale temporary was kept"
  [ -e "$cachedir/$ey.456.7f01.tmp" ] || fail "a fresh temporary (a write in progress) was removed"
  # bad sizes: exit 2, naming the option or the key
  for bad in 12X -1 '' 1.5M; do
    run --no-config --cache-dir "$cachedir" --cache-max-size "$bad" x; expect_rc 2
    expect_err "bad value '$bad' for --cache-max-size"
  done
  printf '{"cache_max_size": "lots"}' >z/.pqlint.json
  run --cache-dir "$cachedir" z; expect_rc 2
  expect_err 'z/.pqlint.json:1:2: "cache_max_size" must be a number of bytes or a size such as "8M" (0: no cap)'
  ;;
cache-cmd)
  # pqlint cache --stats: the numbers of the folder; --clear: pqlint's entries and temporaries
  # only; both without a folder; usage errors exit 2
  mkdir -p c
  for n in a b; do
    printf '#include <libpq-fe.h>\nPGconn *open_%s(void) { return PQconnectdb("host=db"); }\n' "$n" >"c/$n.c"
  done
  cachedir="$T/cs"
  runcache() { # pqlint cache ARGS...: $rc, $out, $err as run sets them
    "$PQLINT" cache "$@" >"$T/.out" 2>"$T/.err"; rc=$?; out=$(cat "$T/.out"); err=$(cat "$T/.err")
  }
  run --no-config --cache-dir "$cachedir" c; expect_rc 1
  set -- "$cachedir"/*.pqlc
  [ $# -eq 2 ] || fail "expected 2 entries, found $#"
  touch -d '2026-01-02 03:04:05 UTC' "$1"
  touch -d '2026-03-04 05:06:07 UTC' "$2"
  bytes=$(( $(stat -c %s "$1") + $(stat -c %s "$2") ))
  printf 'keep me' >"$cachedir/README"
  printf 'x' >"$cachedir/0123456789abcdef0123456789abcdef.pqlc.99.abc.tmp"  # a temporary
  mkdir "$cachedir/0123456789abcdef0123456789abcdee.pqlc"                # a folder with an entry's name
  printf 'y' >"$cachedir/0123456789ABCDEF0123456789ABCDEF.pqlc"           # not a name pqlint writes
  runcache --stats --cache-dir "$cachedir"; expect_rc 0
  want="folder:      $cachedir
entries:     2
bytes:       $bytes
oldest use:  2026-01-02T03:04:05Z
newest use:  2026-03-04T05:06:07Z
temporaries: 1 (1 bytes)
other files: 3 (not pqlint's, left alone)"
  [ "$out" = "$want" ] || fail "cache --stats printed: $out; expected: $want"
  runcache --stats --format json --cache-dir "$cachedir"; expect_rc 0
  jq -e --arg d "$cachedir" --argjson b "$bytes" '.folder == $d and .exists and .entries == 2 and .bytes == $b and
      .oldest_use == "2026-01-02T03:04:05Z" and .newest_use == "2026-03-04T05:06:07Z" and .temporaries == 1 and
      .other_files == 3' "$T/.out" >/dev/null || fail "cache --stats --format json: $out"
  # the default folder: $XDG_CACHE_HOME/pqlint
  run --no-config c; expect_rc 1
  runcache --stats; expect_rc 0
  expect_out "folder:      $XDG_CACHE_HOME/pqlint"
  expect_out "entries:     2"
  runcache --clear; expect_rc 0
  runcache --clear --cache-dir "$cachedir"; expect_rc 0
  expect_out "pqlint cache: removed 2 entries ("
  left=$(cd "$cachedir" && ls | sort | tr '\n' ' ')
  [ "$left" = "0123456789ABCDEF0123456789ABCDEF.pqlc 0123456789abcdef0123456789abcdee.pqlc README " ] ||
    fail "--clear left: $left"
  [ "$(cat "$cachedir/README")" = "keep me" ] || fail "--clear changed a foreign file"
  runcache --stats --cache-dir "$cachedir"; expect_rc 0
  expect_out "entries:     0"
  expect_out "oldest use:  -"
  # the next run fills it again
  run --no-config --summary --cache-dir "$cachedir" c; expect_rc 1
  expect_err "cache: 0 files read from it, 0 stale or corrupt rebuilt, 2 written"
  # a folder that does not exist holds nothing; one that is a file is an error
  runcache --stats --cache-dir "$T/none"; expect_rc 0
  expect_out "folder:      $T/none (does not exist)"
  runcache --clear --cache-dir "$T/none"; expect_rc 0
  [ -e "$T/none" ] && fail "cache --clear made a folder"
  runcache --stats --cache-dir "$cachedir/README"; expect_rc 2
  expect_err "cache folder $cachedir/README: not a folder"
  # usage
  runcache; expect_rc 2; expect_err "cache: give one of --stats or --clear"
  runcache --stats --clear; expect_rc 2; expect_err "give one of --stats or --clear"
  runcache --stats --bogus; expect_rc 2; expect_err "cache: unknown option '--bogus'"
  runcache --stats --format sarif; expect_rc 2; expect_err "text or json, not 'sarif'"
  runcache --stats --cache-dir; expect_rc 2; expect_err "needs a value"
  runcache --help; expect_rc 0; expect_out "usage: pqlint cache --stats"
  run --help; expect_rc 0; expect_out "pqlint cache --stats|--clear"; expect_out "--cache-max-size SIZE"
  ;;
summaries-shard)
  # pqlint summaries -o S.json, then --summaries S.json --shard K/3: the union of
  # the shards is the unsharded run (findings and files), each shard parses
  # only its share, and a summaries file for other inputs or a broken one is an error
  mkdir -p s
  cat >s/db.h <<'C'
#include <libpq-fe.h>
PGconn *open_db(const char *ci);
void close_db(PGconn *c);
void die(const char *m);
C
  cat >s/db.c <<'C'
#include "db.h"
PGconn *open_db(const char *ci) { return PQconnectdb(ci); }
void close_db(PGconn *c) { PQfinish(c); }
C
  cat >s/util.c <<'C'
#include <stdlib.h>
void die(const char *m) { (void)m; exit(1); }
C
  for i in 1 2 3 4 5 6; do
    cat >s/app$i.c <<C
#include "db.h"
int leak$i(void) { PGconn *c = open_db("dbname=x"); return c != 0; }
int ok$i(void) { PGconn *c = open_db("dbname=x"); if (!c) die("no"); close_db(c); return 0; }
int twice$i(void) { PGconn *c = open_db("dbname=x"); close_db(c); close_db(c); return 0; }
C
  done
  runsum() { "$PQLINT" summaries --no-progress "$@" >"$T/.out" 2>"$T/.err"; rc=$?; out=$(cat "$T/.out"); err=$(cat "$T/.err"); }
  runsum --no-config --no-cache -o "$T/S.json" s; expect_rc 0
  grep -q '"pqlint_summaries":4' "$T/S.json" || fail "no summaries file: $(head -c 200 "$T/S.json")"
  grep -q '"name":"open_db"' "$T/S.json" || fail "open_db's summary is missing"
  run --no-config --no-cache --format json -o "$T/full.json" s; expect_rc 1
  for k in 1 2 3; do
    run --no-config --no-cache --summaries "$T/S.json" --shard $k/3 --format json -o "$T/s$k.json" s
    [ "$rc" -le 1 ] || fail "shard $k: exit $rc: $err"
  done
  python3 - "$T" <<'PY' || fail "the union of the shards differs from the unsharded run"
import json, sys
t = sys.argv[1]
full = json.load(open(t + "/full.json"))
parts = [json.load(open("%s/s%d.json" % (t, k))) for k in (1, 2, 3)]
key = lambda x: json.dumps(x, sort_keys=True)
for field in ("findings", "files"):
    u = sorted(key(x) for p in parts for x in p[field])
    g = sorted(key(x) for x in full[field])
    if u != g:
        print(field, "differ:", len(u), "vs", len(g)); sys.exit(1)
if len(full["findings"]) < 12:  # a leak and a double release per app file
    print("too few findings in the full run:", len(full["findings"])); sys.exit(1)
PY
  # each shard parses only its share (PQL_TIMING counts the parsed batch)
  for k in 1 2 3; do
    PQL_TIMING=1 "$PQLINT" --no-progress --no-config --no-cache --summaries "$T/S.json" --shard $k/3 --format json -o /dev/null s 2>"$T/tm" || true
    n=$(grep -c 'timing: file' "$T/tm")
    [ "$n" -lt 8 ] || fail "shard $k parsed $n of 8 parsed files"
  done
  # other inputs, other flags, a broken file: exit 2 naming the file
  run --no-config --no-cache --summaries "$T/S.json" --shard 1/3 s/db.c; expect_rc 2
  expect_err "S.json"
  run --no-config --no-cache --summaries "$T/S.json" --shard 1/3 s -- -DX=1; expect_rc 2
  expect_err "other flags"
  head -c 100 "$T/S.json" >"$T/bad.json"
  run --no-config --no-cache --summaries "$T/bad.json" s; expect_rc 2
  expect_err "bad.json: not JSON"
  runsum --no-config s; expect_rc 2
  expect_err "needs -o FILE"
  ;;
compdb-context)
  # with -p, the other translation units of the database feed the summaries:
  # drop() in db.c releases, so app.c's second PQfinish is a double release;
  # db.c itself is not reported (it has a direct connect) nor listed
  mkdir -p x
  printf '#include <libpq-fe.h>\nvoid drop(PGconn *c);\n' >x/db.h
  printf '#include "db.h"\nvoid drop(PGconn *c) { PQfinish(c); }\nPGconn *mk(void) { return PQconnectdb("a"); }\n' >x/db.c
  printf '#include "db.h"\nint twice(void) { PGconn *c = PQconnectdb("dbname=x"); drop(c); PQfinish(c); return 0; }\n' >x/app.c
  printf '[{"directory":"%s/x","file":"app.c","command":"cc -c app.c"},{"directory":"%s/x","file":"db.c","command":"cc -c db.c"}]' "$T" "$T" >x/compile_commands.json
  run --no-config --no-cache --disable direct-connect x/app.c; expect_rc 0
  run --no-config --no-cache --disable direct-connect --summary -p x x/app.c; expect_rc 1
  expect_out "[double-release]"
  expect_err "1 more translation unit(s) of it read for the summaries only"
  grep -q "db.c" "$T/.out" && fail "a context file was reported: $out"
  run --no-config --no-cache -p x --list-files x/app.c; expect_rc 0
  [ "$out" = "x/app.c" ] || fail "--list-files listed context files: $out"
  ;;
undecided-ownership)
  # issue 9: a handle whose ownership cannot be decided gets no finding, and is counted
  cp "$SRC/fixtures/exits/ex08_callee_not_parsed.c" "$SRC/fixtures/exits/ex05_release_on_flag.c" .
  run --no-config --disable direct-connect --format json ex08_callee_not_parsed.c; expect_rc 1
  echo "$out" | jq -e '.summary.undecided_ownership == 1 and .files[0].undecided_ownership == 1 and ([.findings[].line] == [30])' >/dev/null ||
    fail "callee not parsed: $out"
  run --no-config --disable direct-connect --format json ex05_release_on_flag.c; expect_rc 1
  echo "$out" | jq -e '.summary.undecided_ownership == 1 and ([.findings[].line] == [27])' >/dev/null ||
    fail "flag not a constant: $out"
  cp "$SRC/fixtures/exits/ex10_release_on_return_value.c" .
  run --no-config --disable direct-connect --format json ex10_release_on_return_value.c; expect_rc 1
  echo "$out" | jq -e '.summary.undecided_ownership == 1 and ([.findings[].line] == [40, 51])' >/dev/null ||
    fail "return value tested ambiguously: $out"
  # a field left held where the other storers' evidence is too thin: one count per place, not per path
  cp "$SRC/fixtures/owners/ow17_ok_transient_evidence_lacking.c" "$SRC/fixtures/owners/ow16_transient_field_held.c" .
  run --no-config --disable direct-connect --format json ow17_ok_transient_evidence_lacking.c; expect_rc 0
  echo "$out" | jq -e '.summary.undecided_ownership == 3 and (.findings | length) == 0' >/dev/null ||
    fail "transient evidence lacking: $out"
  run --no-config --disable direct-connect --format json ow16_transient_field_held.c; expect_rc 1
  echo "$out" | jq -e '.summary.undecided_ownership == 0 and ([.findings[].rule] == ["result-leak"])' >/dev/null ||
    fail "transient field held: $out"
  run --no-config --disable direct-connect --summary ex05_release_on_flag.c; expect_rc 1
  expect_err "1 handle passed where ownership cannot be decided"
  # a condition on an argument needs the argument
  printf '{"nonlocal_exit": [{"call": "^die$", "min": 21}]}\n' >nl.json
  run --model nl.json src/clean.c; expect_rc 2
  expect_err "need an argument"
  printf '{"nonlocal_exit": [{"call": "^die$", "arg": 0, "min": "ERROR"}]}\n' >nl2.json
  run --model nl2.json src/clean.c; expect_rc 2
  expect_err "expected an integer"
  ;;
statistics)
  # issue 11.5: --statistics (per-rule counts, as ruff) and summary.rules in JSON; suppressed findings not counted
  mkdir -p st
  cat >st/a.c <<'C'
#include <libpq-fe.h>
PGconn *one(void) { return PQconnectdb("host=a"); }
PGconn *two(void) { return PQconnectdb("host=b"); }
PGconn *hush(void) { return PQconnectdb("host=c"); } // pqlint: ignore[direct-connect] tested
C
  cat >st/b.c <<'C'
#include <libpq-fe.h>
int f(void) {
  PGconn *c = PQconnectdb("host=d");
  if (PQstatus(c) != CONNECTION_OK) return 1;
  PQfinish(c);
  return 0;
}
C
  run --no-config --statistics st; expect_rc 1
  expected=$'3  direct-connect  warning  A connection is opened directly outside the pool module.\n1  conn-leak       error    A PGconn is not finished on some path.'
  [ "$out" = "$expected" ] || fail "--statistics printed: $out"
  run --no-config --statistics --exit-zero -o stats.txt st; expect_rc 0
  [ "$(cat stats.txt)" = "$expected" ] || fail "--statistics -o: $(cat stats.txt)"
  run --no-config --statistics --format json st; expect_rc 1
  echo "$out" | jq -e '.version == 1 and (.statistics | map([.rule, .level, .count]) == [["direct-connect", "warning", 3], ["conn-leak", "error", 1]])
                       and (.statistics[1].summary | test("not finished"))' >/dev/null || fail "--statistics --format json: $out"
  run --no-config --format json st; expect_rc 1
  echo "$out" | jq -e '.summary.rules == {"conn-leak": 1, "direct-connect": 3} and .summary.suppressed == 1
                       and ([.summary.rules[]] | add) == .summary.findings' >/dev/null || fail "summary.rules: $out"
  run --no-config --format json src/clean.c; expect_rc 0
  echo "$out" | jq -e '.summary.rules == {}' >/dev/null || fail "summary.rules of a clean run: $out"
  run --no-config --statistics src/clean.c; expect_rc 0
  [ -z "$out" ] || fail "--statistics of a clean run printed: $out"
  run --no-config --statistics --format sarif st; expect_rc 2
  expect_err "--statistics"
  ;;
suppression-warnings)
  # issue 11.5: a suppression naming an unknown rule is warned about (file:line:col, did-you-mean);
  # with --report-unused-suppressions (or the config key) so is one that silenced nothing
  mkdir -p sw
  cat >sw/a.c <<'C'
#include <libpq-fe.h>
PGconn *one(void) { return PQconnectdb("host=a"); } // pqlint: ignore[direct-conect] typo
PGconn *two(void) { return PQconnectdb("host=b"); } // pqlint: ignore[direct-connect] used
// pqlint: ignore[direct-connect] used, alone above
PGconn *three(void) { return PQconnectdb("host=c"); }
int add(int a, int b) { return a + b; } /* pqlint: ignore[conn-leak] unused */
// pqlint: ignore[all] unused, alone
int sub(int a, int b) { return a - b; }
// pqlint: ignore[max-one, bogus-rule]
int mul(int a, int b) { return a * b; }
const char *s = "// pqlint: ignore[in-a-string]";
C
  printf 'int x; // pqlint: ignore[result-lek]\n' >sw/b.c   # a file without findings (not even parsed)
  unknown=$'pqlint: warning: sw/a.c:2:71: unknown rule \'direct-conect\' in a pqlint suppression (did you mean \'direct-connect\'?)
pqlint: warning: sw/a.c:9:28: unknown rule \'bogus-rule\' in a pqlint suppression (see pqlint --list-rules)
pqlint: warning: sw/b.c:1:26: unknown rule \'result-lek\' in a pqlint suppression (did you mean \'result-leak\'?)'
  run --no-config sw; expect_rc 1
  [ "$err" = "$unknown" ] || fail "unknown-rule warnings: $err"
  [ "$(grep -c direct-connect "$T/.out")" -eq 1 ] || fail "only the typo'd line is reported: $out"
  run --no-config --report-unused-suppressions sw; expect_rc 1
  all=$'pqlint: warning: sw/a.c:2:71: unknown rule \'direct-conect\' in a pqlint suppression (did you mean \'direct-connect\'?)
pqlint: warning: sw/a.c:6:59: unused suppression \'conn-leak\': no conn-leak finding on this line
pqlint: warning: sw/a.c:7:19: unused suppression \'all\': no finding on this line or the next
pqlint: warning: sw/a.c:9:19: unused suppression \'max-one\': no max-one finding on this line or the next
pqlint: warning: sw/a.c:9:28: unknown rule \'bogus-rule\' in a pqlint suppression (see pqlint --list-rules)
pqlint: warning: sw/b.c:1:26: unknown rule \'result-lek\' in a pqlint suppression (did you mean \'result-leak\'?)'
  [ "$err" = "$all" ] || fail "--report-unused-suppressions: $err"
  # the same warnings are in the JSON report (kind, id, place of the id, the message stderr has
  # after the location), in the same order, counted in the summary
  run --no-config --report-unused-suppressions --format json -o "$T/sw.json" sw; expect_rc 1
  [ "$err" = "$all" ] || fail "stderr changed with --format json -o: $err"
  got=$(jq -c '[.suppression_warnings[] | [.kind, .id, .path, .line, .column, .end_column]]' "$T/sw.json")
  want='[["unknown-rule","direct-conect","sw/a.c",2,71,84],["unused","conn-leak","sw/a.c",6,59,68],["unused","all","sw/a.c",7,19,22],["unused","max-one","sw/a.c",9,19,26],["unknown-rule","bogus-rule","sw/a.c",9,28,38],["unknown-rule","result-lek","sw/b.c",1,26,36]]'
  [ "$got" = "$want" ] || fail "JSON suppression_warnings: $got"
  jq -r '.suppression_warnings[] | "pqlint: warning: \(.file):\(.line):\(.column): \(.message)"' "$T/sw.json" >"$T/sw.msgs"
  [ "$(cat "$T/sw.msgs")" = "$all" ] || fail "JSON messages differ from stderr: $(cat "$T/sw.msgs")"
  jq -e '.summary.suppression_warnings == 6' "$T/sw.json" >/dev/null || fail "summary.suppression_warnings: $(jq -c .summary "$T/sw.json")"
  run --no-config --format json sw; expect_rc 1
  echo "$out" | jq -e '[.suppression_warnings[].kind] == ["unknown-rule","unknown-rule","unknown-rule"] and
    .summary.suppression_warnings == 3' >/dev/null || fail "without --report-unused-suppressions: $out"
  run --no-config --format json src/clean.c; expect_rc 0
  echo "$out" | jq -e '.suppression_warnings == [] and .summary.suppression_warnings == 0' >/dev/null ||
    fail "no suppression comments: $out"
  # GitHub annotations: one ::warning at each comment's rule id
  run --no-config --report-unused-suppressions --format github sw; expect_rc 1
  expect_out "::warning file=sw/a.c,line=2,col=71,endLine=2,endColumn=84,title=pqlint%3A unknown rule in a suppression::unknown rule 'direct-conect' in a pqlint suppression (did you mean 'direct-connect'?)"
  expect_out "::warning file=sw/a.c,line=7,col=19,endLine=7,endColumn=22,title=pqlint%3A unused suppression::unused suppression 'all': no finding on this line or the next"
  [ "$(grep -c 'title=pqlint%3A un' "$T/.out")" -eq 6 ] || fail "expected 6 suppression annotations: $out"
  # a suppression of a rule that did not run is not called unused
  run --no-config --report-unused-suppressions --disable max-one sw; expect_rc 1
  grep -q "unused suppression 'max-one'" "$T/.err" && fail "disabled rule called unused: $err"
  printf '{"report_unused_suppressions": true}' >sw/.pqlint.json
  run sw; expect_rc 1
  expect_err "sw/a.c:6:59: unused suppression 'conn-leak'"
  printf '{"report_unused_suppressions": 1}' >sw/.pqlint.json
  run sw; expect_rc 2
  expect_err '"report_unused_suppressions" must be true or false'
  rm sw/.pqlint.json
  # --staged: the comments come from the staged blob, not the working copy
  command -v git >/dev/null || fail "git missing"
  mkdir sg && cd sg && git init -q . || exit 2
  printf 'int x; // pqlint: ignore[conn-lek]\n' >s.c && git add s.c
  printf 'int x; // pqlint: ignore[max-onne]\n' >s.c
  run --no-config --staged; expect_rc 0
  expect_err "s.c:1:26: unknown rule 'conn-lek'"
  grep -q "max-onne" "$T/.err" && fail "--staged read the working copy: $err"
  ;;
source-caret)
  # issue 11.6: the source line and a caret under the column, as gcc prints them; tabs expanded to
  # stops of 8, a UTF-8 character one column, '~' under the rest of the range
  printf '#include <libpq-fe.h>\nPGconn *f(void) {\n\t/*\xc3\xa9*/return PQconnectdb("h");\n}\n' >t.c
  run --no-config --show-source t.c; expect_rc 1
  expected=$(printf 't.c:3:15: warning: direct connection with PQconnectdb outside the pool module: acquire a connection from the shared pool instead [direct-connect]\n    3 |         /*\xc3\xa9*/return PQconnectdb("h");\n      |                     ^~~~~~~~~~~~~~~~')
  [ "$out" = "$expected" ] || fail "--show-source: $(cat -A "$T/.out")"
  # path steps get theirs too; a caret without a range is one '^'
  printf '#include <libpq-fe.h>\nint g(void) {\n  PGconn *c = PQconnectdb("h");\n  if (PQstatus(c) != CONNECTION_OK) return 1;\n  PQfinish(c);\n  return 0;\n}\n' >s.c
  run --no-config --enable conn-leak --show-source s.c; expect_rc 1
  expected=$'s.c:4:37: error: connection \'c\' acquired at line 3 is not finished on this path [conn-leak]
    4 |   if (PQstatus(c) != CONNECTION_OK) return 1;
      |                                     ^
s.c:3:15: note: \'c\' acquired here
    3 |   PGconn *c = PQconnectdb("h");
      |               ^
s.c:4:7: note: taking the true branch
    4 |   if (PQstatus(c) != CONNECTION_OK) return 1;
      |       ^
s.c:4:37: note: \'c\' leaks here
    4 |   if (PQstatus(c) != CONNECTION_OK) return 1;
      |                                     ^'
  [ "$out" = "$expected" ] || fail "steps with source: $out"
  # off unless asked when stdout is not a terminal (the text report stays one line per finding)
  run --no-config t.c; expect_rc 1
  [ "$(echo "$out" | wc -l)" -eq 1 ] || fail "source shown without a terminal: $out"
  # on a terminal: shown; --no-show-source and the config key turn it off
  command -v script >/dev/null || fail "script(1) missing (util-linux)"
  script -qec "$PQLINT --no-config t.c" /dev/null >tty.out 2>&1
  grep -q '      |                     ^~~~~~~~~~~~~~~~' tty.out || fail "no caret on a terminal: $(cat -A tty.out)"
  script -qec "$PQLINT --no-config --no-show-source t.c" /dev/null >tty.out 2>&1
  grep -q ' | ' tty.out && fail "--no-show-source on a terminal: $(cat -A tty.out)"
  printf '{"show_source": false}' >.pqlint.json
  script -qec "$PQLINT t.c" /dev/null >tty.out 2>&1
  grep -q ' | ' tty.out && fail "show_source false on a terminal: $(cat -A tty.out)"
  rm .pqlint.json
  # --staged: the line comes from the staged blob, not the working copy
  command -v git >/dev/null || fail "git missing"
  mkdir sg && cd sg && git init -q . || exit 2
  printf '#include <libpq-fe.h>\nPGconn *f(void) { return PQconnectdb("staged"); }\n' >u.c && git add u.c
  printf '#include <libpq-fe.h>\nPGconn *f(void) { return PQconnectdb("working copy"); }\n' >u.c
  run --no-config --staged --show-source; expect_rc 1
  expect_out '    2 | PGconn *f(void) { return PQconnectdb("staged"); }'
  expect_out '      |                          ^~~~~~~~~~~~~~~~~~~~~'
  grep -q "working copy" "$T/.out" && fail "--staged showed the working copy: $out"
  ;;
color)
  # issue 11.6: gcc's colours on the finding lines: bold location, severity coloured, rule in brackets
  # in the severity's colour; --color=auto|always|never, NO_COLOR honoured under auto
  esc=$'\033'
  run --no-config --color=always src/leaky.c; expect_rc 1
  [ "$out" = "${esc}[1msrc/leaky.c:2:32:${esc}[0m ${esc}[1;35mwarning:${esc}[0m direct connection with PQconnectdb outside the pool module: acquire a connection from the shared pool instead [${esc}[1;35mdirect-connect${esc}[0m]" ] ||
    fail "--color=always: $(cat -v "$T/.out")"
  run --no-config src/leaky.c; expect_rc 1
  grep -q "$esc" "$T/.out" && fail "colour when stdout is not a terminal: $(cat -v "$T/.out")"
  run --no-config --color never src/leaky.c; expect_rc 1
  grep -q "$esc" "$T/.out" && fail "--color never: $(cat -v "$T/.out")"
  run --no-config --color=sometimes src/leaky.c; expect_rc 2
  expect_err "--color"
  command -v script >/dev/null || fail "script(1) missing (util-linux)"
  env -u NO_COLOR script -qec "$PQLINT --no-config src/leaky.c" /dev/null >tty.out 2>&1
  grep -q "^${esc}\[1msrc/leaky.c:2:32:${esc}\[0m ${esc}\[1;35mwarning:" tty.out || fail "no colour on a terminal: $(cat -v tty.out)"
  NO_COLOR=1 script -qec "$PQLINT --no-config src/leaky.c" /dev/null >tty.out 2>&1
  grep -q "$esc" tty.out && fail "colour on a terminal despite NO_COLOR: $(cat -v tty.out)"
  grep -q "^src/leaky.c:2:32: warning:" tty.out || fail "no finding on a terminal: $(cat -v tty.out)"
  env -u NO_COLOR script -qec "$PQLINT --no-config --color=never src/leaky.c" /dev/null >tty.out 2>&1
  grep -q "$esc" tty.out && fail "--color=never on a terminal (report or summary): $(cat -v tty.out)"
  # other formats never get colour
  run --no-config --color=always --format github src/leaky.c; expect_rc 1
  grep -q "$esc" "$T/.out" && fail "colour in --format github: $out"
  ;;
demo-count)
  # README's "finds the N planted bugs" is the demo's number of expect comments and what pqlint
  # reports on it with the demo's own .pqlint.json (lib/db/ is its pool module); with --no-config
  # the pool module's own connect would be a 12th
  n=$(grep -Eo 'finds the [0-9]+ planted bugs' "$SRC/README.md" | grep -Eo '[0-9]+')
  [ -n "$n" ] || fail "README.md no longer says 'finds the N planted bugs'"
  expects=$(grep -rhoE '// expect: .*' "$SRC/fixtures/demo" | sed 's,// expect: ,,' | tr ',' '\n' | grep -c .)
  [ "$expects" -eq "$n" ] || fail "README says $n planted bugs, fixtures/demo has $expects expect comments"
  run --config "$SRC/fixtures/demo/.pqlint.json" --format json "$SRC/fixtures/demo"; expect_rc 1
  got=$(jq '.summary.findings' "$T/.out")
  [ "$got" = "$n" ] || fail "README says $n planted bugs, pqlint reports $got on fixtures/demo"
  ;;
*)
  fail "unknown case"
  ;;
esac
echo "PASS [$case_name]"

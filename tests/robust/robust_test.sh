#!/usr/bin/env bash
# tests/robust/robust_test.sh - pqlint on hostile inputs, one case per call: robust_test.sh CASE PQLINT SOURCE_DIR.
# Cases: special-files, max-file-size, file-timeout, parse-watchdog, memory, spill, cache-shared, signals.
set -uo pipefail
case_name=$1
PQLINT=$2
SRC=$3
T=$(mktemp -d /tmp/pqlint-robust.XXXXXX)
# a cache of its own: results here must not depend on what an earlier run left in ~/.cache/pqlint
export XDG_CACHE_HOME=$T/cache
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 2
export NO_COLOR=1

fail() { echo "FAIL [$case_name]: $*" >&2; exit 1; }

# run ARGS...: runs pqlint (killed after 60 s: a hang fails the test rather than the suite),
# sets $rc, $out (stdout), $err (stderr)
run() {
  timeout -k 5 60 "$PQLINT" --no-progress "$@" >"$T/.out" 2>"$T/.err"
  rc=$?
  out=$(cat "$T/.out")
  err=$(cat "$T/.err")
  [ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] || fail "pqlint $* hung (killed after 60 s); stderr: $err"
}
expect_rc() { [ "$rc" -eq "$1" ] || fail "expected exit $1, got $rc; stdout: $out; stderr: $err"; }
expect_err() { grep -qF -- "$1" "$T/.err" || fail "stderr lacks '$1': $err"; }
expect_out() { grep -qF -- "$1" "$T/.out" || fail "stdout lacks '$1': $out"; }
jqo() { echo "$out" | jq -e "$1" >/dev/null || fail "JSON check failed: $1; stdout: $out"; }

mkdir -p src
cat >src/leaky.c <<'C'
#include <libpq-fe.h>
PGconn *open_db(void) { return PQconnectdb("host=db dbname=app"); }
C
cat >src/clean.c <<'C'
int add(int a, int b) { return a + b; }
C

# gen_big FILE N: N functions, each reading a result unchecked and leaking it on one path (two findings each)
gen_big() {
  { echo '#include <libpq-fe.h>'
    for i in $(seq 1 "$2"); do
      echo "int f$i(PGconn *c) { PGresult *r = PQexec(c, \"select 1\"); if (!r) return 0; if (PQntuples(r) == 0) return -1; PQclear(r); return 1; }"
    done; } >"$1"
}

case "$case_name" in
special-files)
  mkfifo fifo.c
  ln -s /dev/zero zero.c
  python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' sock.c
  # named: an error naming the file, exit 2, no hang, no endless read
  run fifo.c src/leaky.c; expect_rc 2
  expect_err "fifo.c: not a regular file (a FIFO)"
  run zero.c; expect_rc 2
  expect_err "zero.c: not a regular file (a character device)"
  run sock.c; expect_rc 2
  expect_err "sock.c: not a regular file (a socket)"
  # walked: skipped with a note, the other files analysed as usual
  mkdir -p tree && cp src/leaky.c tree/ && mkfifo tree/pipe.c && ln -s /dev/zero tree/zero.h
  run --no-config tree; expect_rc 1
  expect_out "tree/leaky.c:2:"
  expect_err "tree/pipe.c: not a regular file (a FIFO)"
  expect_err "2 walked .c/.h names are not regular files"
  # every other reader of outside data refuses them too, naming the file
  run --config fifo.c src/clean.c; expect_rc 2; expect_err "fifo.c: cannot read the configuration: not a regular file (a FIFO)"
  run --model zero.c src/clean.c; expect_rc 2; expect_err "zero.c: cannot read the model: not a regular file"
  run -p fifo.c src/clean.c; expect_rc 2; expect_err "fifo.c: cannot read the compile database: not a regular file"
  run --baseline fifo.c src/clean.c; expect_rc 2; expect_err "fifo.c: cannot read the baseline: not a regular file"
  timeout 60 "$PQLINT" merge fifo.c >.out 2>.err; rc=$?; out=$(cat .out); err=$(cat .err)
  expect_rc 2; expect_err "fifo.c: cannot read: not a regular file (a FIFO)"
  # an include that is a FIFO or a device, beside the file, through -I or two levels down: libclang
  # would block on it or read /dev/zero until memory runs out; the file is not parsed, the run goes on
  # (each names libpq, so the prefilter does not skip it)
  mkdir -p inc/sub && mkfifo inc/sub/pipe.h && ln -s /dev/zero inc/zero.h
  printf '#include "fifo.c"\n#include <libpq-fe.h>\nvoid a(PGconn *c) { PQfinish(c); }\n' >incl1.c
  printf '#include <zero.h>\n#include <libpq-fe.h>\nvoid b(PGconn *c) { PQfinish(c); }\n' >incl2.c
  printf '#include "inc/mid.h"\n#include <libpq-fe.h>\nvoid c(PGconn *c) { PQfinish(c); }\n' >incl3.c
  printf '#include "sub/pipe.h"\n' >inc/mid.h
  run --no-config --format json incl1.c incl2.c incl3.c src/leaky.c -- -Iinc; expect_rc 1
  jqo '.files[] | select(.path == "incl1.c") | .incomplete_reason == "not parsed: it includes fifo.c (fifo.c): not a regular file (a FIFO); pqlint reads only regular files"'
  jqo '.files[] | select(.path == "incl2.c") | .incomplete_reason | test("it includes zero.h \\(inc/zero.h\\): not a regular file \\(a character device\\)")'
  jqo '.files[] | select(.path == "incl3.c") | .incomplete_reason | test("it includes sub/pipe.h \\(inc/sub/pipe.h\\): not a regular file \\(a FIFO\\)")'
  jqo '[.findings[] | select(.path == "src/leaky.c")] | length == 1'
  expect_err "3 files not analysed in full"
  run --no-config --parse-errors fail incl1.c; expect_rc 2
  # a .pqlint.json that is a FIFO, found upward
  mkdir -p cfgdir && mkfifo cfgdir/.pqlint.json && cp src/clean.c cfgdir/
  run cfgdir/clean.c; expect_rc 2; expect_err ".pqlint.json: cannot read the configuration: not a regular file"
  ;;
max-file-size)
  gen_big big.c 400   # about 48 kB
  size=$(stat -c %s big.c)
  run --no-config --max-file-size 20k src/leaky.c big.c; expect_rc 1
  expect_out "src/leaky.c:2:"
  expect_out "big.c: note: analysed incompletely: not parsed: $size bytes, larger than --max-file-size 20 kB"
  echo "$out" | grep -q "^big.c:[0-9]" && fail "a finding in a file over the limit: $out"
  expect_err "1 file not analysed in full"
  run --no-config --max-file-size 20k --format json src/leaky.c big.c; expect_rc 1
  jqo '.files[] | select(.path == "big.c") | .incomplete == true and (.incomplete_reason | test("larger than --max-file-size 20 kB")) and .skipped == false'
  jqo '.summary.incomplete_files == 1 and .summary.findings == 1'
  run --no-config --max-file-size 20k --format sarif src/leaky.c big.c; expect_rc 1
  jqo '[.runs[0].invocations[0].toolExecutionNotifications[].message.text | select(test("big.c: analysed incompletely: not parsed"))] | length == 1'
  # the exit status follows --parse-errors, and the config's parse_errors
  run --no-config --max-file-size 20k --parse-errors fail src/clean.c big.c; expect_rc 2
  expect_err "error: 1 file not analysed in full"
  run --no-config --max-file-size 20k --parse-errors ignore src/clean.c big.c; expect_rc 0
  grep -q "not analysed in full" .err && fail "--parse-errors ignore still warned: $err"
  # no limit (0), the default (8 MB) and the config key
  run --no-config --max-file-size 0 --format json big.c; expect_rc 1
  jqo '.files[0].incomplete == false and .summary.findings == 800'
  run --no-config big.c; expect_rc 1
  expect_out "big.c:2:"
  echo '{"max_file_size": "20k", "parse_errors": "fail"}' >.pqlint.json
  run big.c; expect_rc 2; expect_out "larger than --max-file-size 20 kB"
  echo '{"max_file_size": 100000}' >.pqlint.json
  run big.c; expect_rc 1; expect_out "big.c:2:"
  run --max-file-size 1k big.c; expect_rc 0; expect_out "larger than --max-file-size 1 kB"  # the option wins
  echo '{"max_file_size": -3}' >.pqlint.json
  run big.c; expect_rc 2; expect_err '.pqlint.json:1:2: "max_file_size" must be a number of bytes'
  rm .pqlint.json
  run --max-file-size 8X big.c; expect_rc 2; expect_err "bad value '8X' for --max-file-size"
  # --staged: the blob's size counts
  git init -q st && cp big.c st/ && (cd st && git add big.c)
  (cd st && timeout 60 "$PQLINT" --no-progress --no-config --staged --max-file-size 20k >"$T/.out" 2>"$T/.err"); rc=$?
  out=$(cat .out); err=$(cat .err); expect_rc 0; expect_out "big.c: note: analysed incompletely: not parsed"
  ;;
file-timeout)
  # PQL_TEST_DEADLINE_STEPS=N (test knob, base/deadline.c): the deadline passes at the N-th poll of a
  # file instead of on the clock, so what times out is the same on any machine and thread count.
  gen_big big.c 300; cp src/leaky.c small.c
  export PQL_TEST_DEADLINE_STEPS=50
  run --no-config -j1 --format json small.c big.c; expect_rc 1
  j1=$out
  jqo '.files[] | select(.path == "big.c") | .incomplete == true and (.incomplete_reason | test("analysis stopped in the path analysis after --file-timeout 30 s; its findings are dropped"))'
  jqo '[.findings[] | select(.path == "big.c")] | length == 0'     # dropped: none kept
  jqo '[.findings[] | select(.path == "small.c")] | length == 1'   # the run went on
  jqo '.files[] | select(.path == "small.c") | .incomplete == false'
  run --no-config -j4 --format json small.c big.c; expect_rc 1
  [ "$out" = "$j1" ] || fail "-j1 and -j4 differ: $(diff <(echo "$j1") <(echo "$out"))"
  run --no-config -j1 small.c big.c; expect_rc 1
  expect_out "big.c: note: analysed incompletely: analysis stopped in the path analysis"
  expect_err "1 file not analysed in full"
  run --no-config -j2 --format sarif small.c big.c; expect_rc 1
  jqo '[.runs[0].invocations[0].toolExecutionNotifications[].message.text | select(test("big.c: analysed incompletely: analysis stopped"))] | length == 1'
  run --no-config --parse-errors fail small.c big.c; expect_rc 2
  # a deadline in an earlier stage: before lowering no unit, so no summary either
  # (--no-cache: the runs above cached big.c's pass 1, which a cache hit would not redo)
  PQL_TEST_DEADLINE_STEPS=2 run --no-config --no-cache --format json big.c; expect_rc 0
  jqo '.files[0].incomplete_reason | test("stopped after the syntactic checks")'
  # --file-timeout 0 and the config's file_timeout 0 turn the limit off: every finding is back
  run --no-config --file-timeout 0 --format json big.c; expect_rc 1
  jqo '.files[0].incomplete == false and .summary.findings == 600'
  echo '{"file_timeout": 0}' >.pqlint.json
  run --format json big.c; expect_rc 1; jqo '.summary.findings == 600'
  echo '{"file_timeout": 12.5}' >.pqlint.json
  run big.c; expect_rc 0; expect_out "after --file-timeout 12.5 s"
  echo '{"file_timeout": "soon"}' >.pqlint.json
  run big.c; expect_rc 2; expect_err '"file_timeout" must be a number of seconds'
  rm .pqlint.json
  unset PQL_TEST_DEADLINE_STEPS
  run --file-timeout -1 big.c; expect_rc 2; expect_err "bad value '-1' for --file-timeout"
  # without the knob a generous timeout changes nothing
  run --no-config --file-timeout 600 --format json big.c; expect_rc 1; jqo '.summary.findings == 600'
  ;;
parse-watchdog)
  # A preprocessor bomb (2^47 expansions): libclang's parse cannot be interrupted, so the watchdog
  # stops the run at twice --file-timeout with an error naming the file; an old -o file stays.
  { echo '#define A0 ;'; for i in $(seq 1 47); do echo "#define A$i A$((i - 1)) A$((i - 1))"; done; echo 'A47'
    cat src/leaky.c; } >bomb.c
  echo OLD >report.txt
  start=$(date +%s)
  run --no-config --file-timeout 0.5 -o report.txt src/leaky.c bomb.c; expect_rc 2
  expect_err "bomb.c: the parse is still running after"
  expect_err "twice --file-timeout 0.5 s"
  [ "$(cat report.txt)" = OLD ] || fail "the -o file was replaced: $(cat report.txt)"
  ls report.txt.* >/dev/null 2>&1 && fail "temporary left: $(ls report.txt.*)"
  [ $(( $(date +%s) - start )) -lt 50 ] || fail "the watchdog took too long"
  ;;
memory)
  # A file that cannot be read into memory: an error naming it, exit 2, not an abort.
  truncate -s 3G huge.c
  (ulimit -v 1500000; timeout 60 "$PQLINT" --no-progress --no-config --max-file-size 0 huge.c src/leaky.c) >.out 2>.err
  rc=$?; out=$(cat .out); err=$(cat .err)
  expect_rc 2
  expect_err "huge.c: cannot read the file: out of memory (the file does not fit in memory)"
  # with the default limit the same file is not read at all
  (ulimit -v 1500000; timeout 60 "$PQLINT" --no-progress --no-config huge.c src/leaky.c) >.out 2>.err
  rc=$?; out=$(cat .out); err=$(cat .err)
  expect_rc 1
  expect_out "huge.c: note: analysed incompletely: not parsed: 3072 MB, larger than --max-file-size 8 MB"
  grep -q "suppressions were not read\|out of memory" .err && fail "a later reader read the file over the limit: $err"
  ;;
spill)
  # Lowered units past the memory budget go to the spill file and come back for the summaries
  # and pass 2 (src/lint/run/spill.c): with a budget of 1 byte every unit is spilled, and the
  # report over all fixtures must be byte for byte the one of a run that spills nothing (a field
  # that the spill format drops changes a finding). The spill file is unlinked at once: nothing
  # is left in TMPDIR, even while the run is killed.
  mkdir -p tmp
  export TMPDIR=$T/tmp
  fx=$SRC/fixtures
  run --no-config --no-cache --exit-zero --format json -j2 "$fx"; expect_rc 0
  echo "$out" >plain.json
  jqo '.summary.findings > 100'
  for j in 1 2; do
    PQL_TIMING=1 PQL_TEST_SPILL_BYTES=1 run --no-config --no-cache --exit-zero --format json -j$j "$fx"
    expect_rc 0
    echo "$out" >spilled.json
    cmp -s plain.json spilled.json || fail "-j$j: the report with every unit spilled differs: $(diff plain.json spilled.json | head -20)"
    w=$(sed -n 's/^pqlint-timing: spill \([0-9]*\) units written, \([0-9]*\) loads.*/\1 \2/p' .err)
    [ -n "$w" ] && [ "${w% *}" -gt 300 ] && [ "${w#* }" -ge "${w% *}" ] || fail "-j$j: the units were not spilled and read back: '$w'"
  done
  # the default budget: nothing spilled on the fixtures (small runs pay nothing)
  PQL_TIMING=1 run --no-config --no-cache --exit-zero --format json -j2 "$fx"
  expect_err "pqlint-timing: spill 0 units written, 0 loads"
  [ -z "$(ls tmp)" ] || fail "files left in TMPDIR: $(ls tmp)"
  # killed mid-run with units spilled: nothing left either (the file has no name once created)
  gen_big big.c 300
  { echo '#define A0 ;'; for i in $(seq 1 47); do echo "#define A$i A$((i - 1)) A$((i - 1))"; done; echo 'A47'; } >bomb.c
  PQL_TEST_SPILL_BYTES=1 "$PQLINT" --no-progress --no-config --no-cache --file-timeout 0 -j1 big.c bomb.c >/dev/null 2>&1 &
  pid=$!
  sleep 1.5
  kill -s KILL $pid; wait $pid 2>/dev/null
  [ -z "$(ls tmp)" ] || fail "files left in TMPDIR after SIGKILL: $(ls tmp)"
  ;;
cache-shared)
  # runs sharing one cache folder at the same time, each pruning it to a cap far below what they
  # write (so entries are removed while the others read and write them), and a cache --clear among
  # them: every run still reports exactly what a run without a cache reports, and what is left in
  # the folder are whole entries (a later run reads them, none is corrupt)
  mkdir -p sh
  for i in $(seq 1 12); do
    printf '#include <libpq-fe.h>\nint f%s(void) { PGconn *c = PQconnectdb("dbname=x"); return c != 0; }\n' "$i" \
      >"sh/f$i.c"
  done
  run --no-config --format json --no-cache sh; expect_rc 1
  echo "$out" | jq -S 'del(.summary.seconds)' >"$T/want.json"
  [ "$(jq '.findings | length' "$T/want.json")" -eq 24 ] || fail "expected 24 findings (a direct-connect and a conn-leak per file): $(head -c 500 "$T/want.json")"
  shared=$T/shared
  for round in 1 2 3; do
    pids=
    for k in 1 2 3 4; do
      cap=$([ "$k" -le 2 ] && echo 10k || echo 0)
      timeout -k 5 60 "$PQLINT" --no-progress --no-config --format json -j1 --cache-dir "$shared" \
        --cache-max-size "$cap" -o "$T/r$round.$k.json" sh 2>"$T/r$round.$k.err" &
      pids="$pids $!"
    done
    [ "$round" -eq 2 ] && "$PQLINT" cache --clear --cache-dir "$shared" >/dev/null 2>"$T/clear.err"
    for p in $pids; do
      wait "$p"; rc=$?
      [ "$rc" -eq 1 ] || fail "a run sharing the cache exited $rc: $(cat "$T"/r$round.*.err)"
    done
    for k in 1 2 3 4; do
      jq -S 'del(.summary.seconds)' "$T/r$round.$k.json" >"$T/got.json"
      cmp -s "$T/want.json" "$T/got.json" ||
        fail "round $round run $k differs from the run without a cache: $(diff "$T/want.json" "$T/got.json" | head -20)"
    done
  done
  # what is left is whole: a run without a cap reads every entry left and rebuilds none
  n=$(ls "$shared" | grep -c '\.pqlc$')
  run --no-config --summary --format json --cache-dir "$shared" --cache-max-size 0 sh; expect_rc 1
  expect_err "cache: $n file"
  expect_err ", 0 stale or corrupt rebuilt"
  ;;
signals)
  set -m  # background jobs get SIGINT's default action (without job control bash ignores it there)
  # mid-run for sure, on any machine: a preprocessor bomb keeps the parse busy (no --file-timeout)
  { echo '#define A0 ;'; for i in $(seq 1 47); do echo "#define A$i A$((i - 1)) A$((i - 1))"; done; echo 'A47'
    cat src/leaky.c; } >bomb.c
  gen_big big.c 300
  for sig in TERM INT; do
    # 1. during the analysis: no report yet, the old one stays
    echo OLD >report.json
    "$PQLINT" --no-progress --no-config --file-timeout 0 --format json -o report.json big.c bomb.c src/leaky.c >/dev/null 2>&1 &
    pid=$!
    sleep 1
    kill -s $sig $pid; wait $pid; rc=$?
    [ "$rc" -eq $((128 + $(kill -l $sig))) ] || fail "SIG$sig mid-run: expected death by the signal, got rc $rc"
    [ "$(cat report.json)" = OLD ] || fail "SIG$sig mid-run replaced report.json"
    ls report.json.* >/dev/null 2>&1 && fail "SIG$sig mid-run left $(ls report.json.*)"
    # 2. while the temporary report exists (PQL_TEST_WRITE_PAUSE holds it before the rename)
    PQL_TEST_WRITE_PAUSE=30 "$PQLINT" --no-progress --no-config --format json -o report.json src/leaky.c >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 1 300); do ls report.json.* >/dev/null 2>&1 && break; sleep 0.1; done
    ls report.json.* >/dev/null 2>&1 || fail "no temporary report appeared"
    kill -s $sig $pid; wait $pid; rc=$?
    [ "$rc" -eq $((128 + $(kill -l $sig))) ] || fail "SIG$sig: expected death by the signal, got rc $rc"
    [ "$(cat report.json)" = OLD ] || fail "SIG$sig while writing replaced report.json"
    ls report.json.* >/dev/null 2>&1 && fail "SIG$sig while writing left $(ls report.json.*)"
    # 3. the same for a baseline being written
    echo OLDBASE >base.json
    PQL_TEST_WRITE_PAUSE=30 "$PQLINT" --no-progress --no-config --write-baseline base.json src/leaky.c >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 1 300); do ls base.json.* >/dev/null 2>&1 && break; sleep 0.1; done
    ls base.json.* >/dev/null 2>&1 || fail "no temporary baseline appeared"
    kill -s $sig $pid; wait $pid
    [ "$(cat base.json)" = OLDBASE ] || fail "SIG$sig replaced the baseline"
    ls base.json.* >/dev/null 2>&1 && fail "SIG$sig left $(ls base.json.*)"
  done
  # and without a signal the knob only delays: the report is written
  PQL_TEST_WRITE_PAUSE=0 run --no-config --format json -o report.json src/leaky.c; expect_rc 1
  jq -e '.summary.findings == 1' report.json >/dev/null || fail "report not written: $(cat report.json)"
  ;;
*)
  echo "unknown case $case_name" >&2
  exit 2
  ;;
esac
echo "ok [$case_name]"

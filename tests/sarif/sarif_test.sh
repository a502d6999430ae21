#!/bin/bash
# sarif_test.sh CASE PQLINT TEST_REPORT SRCDIR VALIDATOR - writes a SARIF report and validates it with the real validator.
# Cases: validator (it rejects what GitHub rejects), hand-built (the run test_report builds by hand), fixtures, demo, merge (shards merged = unsharded),
# suppressions (warnings about suppression comments as notifications).
set -u
c=$1 PQLINT=$2 TEST_REPORT=$3 SRC=$4 VALIDATE=$5
T=$(mktemp -d /tmp/pqlint-sarif-XXXXXX) || exit 2
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL [$c]: $*"; echo "0 passed, 1 failed"; exit 1; }
[ -x "$VALIDATE" ] || fail "no validator at $VALIDATE (scripts/validate-sarif)"

# validate FILE: the validator's verdict, with its messages on failure
validate() {
  "$VALIDATE" "$1" >"$T/val.log" 2>&1; local rc=$?
  [ $rc -eq 0 ] || fail "$1 is not valid SARIF (validator exit $rc): $(head -c 3000 "$T/val.log")"
}

# lint OUT ARGS...: pqlint --format sarif, exit 0 or 1 (findings) expected
lint() {
  local out=$1; shift
  "$PQLINT" --no-progress --format sarif -o "$out" "$@" 2>"$T/lint.err"; local rc=$?
  [ $rc -le 1 ] || fail "pqlint $* exited $rc: $(cat "$T/lint.err")"
  [ -s "$out" ] || fail "pqlint $* wrote no SARIF"
}

case $c in
validator)
  # a check that cannot fail proves nothing: the validator must reject broken SARIF with exit 1,
  # a missing file with exit 2, and accept a minimal valid log
  printf '%s' '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"r","message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"/abs/a.c"},"region":{"startLine":0}}}]}]}]}' >"$T/bad.sarif"
  "$VALIDATE" "$T/bad.sarif" >"$T/val.log" 2>&1; rc=$?
  [ $rc -eq 1 ] || fail "invalid SARIF gave validator exit $rc, not 1: $(head -c 2000 "$T/val.log")"
  grep -q 'error GH1018' "$T/val.log" || fail "GitHub's rules did not run (no GH1018 for a driver without rules): $(head -c 2000 "$T/val.log")"
  grep -q 'error JSON1008' "$T/val.log" || fail "the schema did not run (no JSON1008 for startLine 0)"
  printf '{"version":' >"$T/trunc.sarif"
  "$VALIDATE" "$T/trunc.sarif" >"$T/val.log" 2>&1; rc=$?
  [ $rc -eq 1 ] || fail "truncated JSON gave validator exit $rc, not 1"
  "$VALIDATE" "$T/none.sarif" >"$T/val.log" 2>&1; rc=$?
  [ $rc -eq 2 ] || fail "a missing file gave validator exit $rc, not 2"
  "$PQLINT" --no-progress --no-config --format sarif -o "$T/ok.sarif" "$SRC/fixtures/demo-fixed" 2>"$T/lint.err"
  validate "$T/ok.sarif"
  ;;
hand-built)
  PQL_KEEP_SARIF=$T/hand.sarif "$TEST_REPORT" >"$T/unit.log" 2>&1 || fail "test_report failed: $(cat "$T/unit.log")"
  [ -s "$T/hand.sarif" ] || fail "test_report kept no SARIF"
  validate "$T/hand.sarif"
  ;;
fixtures)
  cd "$SRC" || exit 2
  # --no-config: the repository's .pqlint.json excludes fixtures/ (pqlint's self-lint)
  lint "$T/fixtures.sarif" --no-config fixtures
  n=$(jq '.runs[0].results | length' "$T/fixtures.sarif")
  [ "$n" -gt 0 ] || fail "no results over fixtures/"
  validate "$T/fixtures.sarif"
  ;;
demo)
  cd "$SRC/fixtures" || exit 2
  lint "$T/demo.sarif" demo
  jq -e '[.runs[0].results[].partialFingerprints.primaryLocationLineHash | select(. != null)] | length > 0' \
    "$T/demo.sarif" >/dev/null || fail "demo results carry no primaryLocationLineHash"
  validate "$T/demo.sarif"
  ;;
merge)
  cd "$SRC/fixtures" || exit 2
  lint "$T/all.sarif" demo
  for k in 1 2 3; do lint "$T/s$k.sarif" --shard $k/3 demo; done
  # a shard given twice must not duplicate its results
  "$PQLINT" merge "$T/s1.sarif" "$T/s2.sarif" "$T/s3.sarif" "$T/s2.sarif" -o "$T/m.sarif" 2>"$T/merge.err" ||
    fail "merge failed: $(cat "$T/merge.err")"
  a=$(jq -cS '.runs[0].results' "$T/all.sarif")
  m=$(jq -cS '.runs[0].results' "$T/m.sarif")
  [ "$a" != "[]" ] || fail "no results in the unsharded run"
  [ "$a" = "$m" ] || fail "merged results differ from the unsharded run"
  [ "$(jq -c '.runs[0].tool.driver.rules | map(.id)' "$T/all.sarif")" = \
    "$(jq -c '.runs[0].tool.driver.rules | map(.id)' "$T/m.sarif")" ] || fail "merged rules differ"
  validate "$T/m.sarif"
  # more than GitHub's 25,000 results per run: 25,000 kept, errors first, and a notification
  jq -c '.runs[0].results[0] as $r | .runs[0].results =
    ([range(0; 25001) | . as $i | $r | .level = "warning" | .locations[0].physicalLocation.region.startLine = ($i + 1)
      | .partialFingerprints.primaryLocationLineHash = "w\($i):1"]
     + [$r | .level = "error" | .partialFingerprints.primaryLocationLineHash = "e:1"])' \
    "$T/s1.sarif" >"$T/big.sarif" || fail "jq could not build the big input"
  "$PQLINT" merge "$T/big.sarif" -o "$T/bigm.sarif" 2>"$T/merge.err" || fail "merge of the big input failed: $(cat "$T/merge.err")"
  jq -e '(.runs[0].results | length) == 25000 and ([.runs[0].results[] | select(.level == "error")] | length) == 1' \
    "$T/bigm.sarif" >/dev/null || fail "the merged big input does not keep 25000 results with the error among them"
  jq -e '[.runs[0].invocations[0].toolExecutionNotifications[].message.text | select(test("2 of 25002 results left out"))] | length == 1' \
    "$T/bigm.sarif" >/dev/null || fail "no notification about the results left out"
  # not SARIF: exit 2, the file named, the old output kept
  echo '{"version": 1}' >"$T/bad.sarif"
  echo keep >"$T/out.sarif"
  "$PQLINT" merge "$T/s1.sarif" "$T/bad.sarif" -o "$T/out.sarif" 2>"$T/merge.err"; rc=$?
  [ $rc -eq 2 ] || fail "merging a non-SARIF file exited $rc, not 2"
  grep -q "bad.sarif" "$T/merge.err" || fail "the error does not name bad.sarif: $(cat "$T/merge.err")"
  [ "$(cat "$T/out.sarif")" = keep ] || fail "a failed merge changed the output file"
  ;;
suppressions)
  # warnings about suppression comments are toolExecutionNotifications with the comment's place
  # (UTF-16 columns: a 4-byte character before the comment counts 2), the log stays valid, and
  # pqlint merge keeps them once
  mkdir -p "$T/sw" && cd "$T" || exit 2
  printf '#include <libpq-fe.h>\nPGconn *one(void) { return PQconnectdb("host=a"); } // pqlint: ignore[direct-conect]\n' >sw/a.c
  printf 'const char *s = "\xf0\x9f\x98\x80"; // pqlint: ignore[conn-leak]\n' >sw/b.c
  lint "$T/sw.sarif" --no-config --report-unused-suppressions sw
  jq -e '[.runs[0].invocations[0].toolExecutionNotifications[] | select(.message.text | test("suppression"))] |
    length == 2 and
    (.[0].level == "warning" and (.[0].message.text | startswith("sw/a.c:2:71: unknown rule '"'"'direct-conect'"'"'")) and
     .[0].locations[0].physicalLocation.artifactLocation.uri == "sw/a.c" and
     .[0].locations[0].physicalLocation.region == {"startLine": 2, "startColumn": 71, "endLine": 2, "endColumn": 84}) and
    (.[1].level == "warning" and (.[1].message.text | startswith("sw/b.c:1:43: unused suppression '"'"'conn-leak'"'"'")) and
     .[1].locations[0].physicalLocation.artifactLocation.uri == "sw/b.c" and
     .[1].locations[0].physicalLocation.region == {"startLine": 1, "startColumn": 41, "endLine": 1, "endColumn": 50})' \
    "$T/sw.sarif" >/dev/null ||
    fail "suppression notifications: $(jq -c '.runs[0].invocations[0].toolExecutionNotifications' "$T/sw.sarif")"
  validate "$T/sw.sarif"
  "$PQLINT" merge "$T/sw.sarif" "$T/sw.sarif" -o "$T/swm.sarif" 2>"$T/merge.err" || fail "merge failed: $(cat "$T/merge.err")"
  [ "$(jq '[.runs[0].invocations[0].toolExecutionNotifications[] | select(.message.text | test("suppression"))] | length' \
      "$T/swm.sarif")" -eq 2 ] || fail "merge did not keep the two suppression notifications once"
  validate "$T/swm.sarif"
  ;;
*) echo "unknown case $c"; exit 2 ;;
esac
echo "1 passed, 0 failed"

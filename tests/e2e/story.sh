#!/usr/bin/env bash
# story.sh - the story end to end: demo vs demo-fixed under 60 concurrent requests against max_connections=20, and pqlint on both.
#
#   story.sh --pqlint PQLINT --bin DIR_WITH_DEMO_EXECUTABLES --src PROJECT_ROOT [--concurrency N] [--rounds N]
# Starts its own server (tests/pg/pgtest.sh, max_connections=20) and stops it on exit.
# Fails unless: the original gets > 0 "too many clients" errors, the fixed one 0 errors,
# pqlint exits 1 with findings of the story's rules on fixtures/demo and 0 on fixtures/demo-fixed.
set -u
pqlint= bin= src= concurrency=60 rounds=2
while [ $# -gt 0 ]; do
  case "$1" in
  --pqlint) pqlint=$2; shift 2 ;;
  --bin) bin=$2; shift 2 ;;
  --src) src=$2; shift 2 ;;
  --concurrency) concurrency=$2; shift 2 ;;
  --rounds) rounds=$2; shift 2 ;;
  *) echo "story.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -x "$pqlint" ] && [ -d "$bin" ] && [ -d "$src/fixtures/demo" ] || {
  echo "usage: story.sh --pqlint PQLINT --bin DIR --src PROJECT_ROOT" >&2; exit 2; }

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
# value KEY FILE: the number after "KEY: " in a demo_server report (empty if absent)
value() { sed -n "s/^$1: \([0-9][0-9]*\)\$/\1/p" "$2" | head -1; }

work=$(mktemp -d /tmp/e2e-story.XXXXXX)
pgdir=
cleanup() {
  [ -n "$pgdir" ] && "$src/tests/pg/pgtest.sh" stop "$pgdir"
  rm -rf "$work"
}
trap cleanup EXIT

pgdir=$("$src/tests/pg/pgtest.sh" start 20) || { echo "FAIL: could not start PostgreSQL"; exit 1; }
export POSTGRES_URL="host=$pgdir port=${PGTEST_PORT:-5432} user=postgres dbname=postgres"
echo "== server: max_connections=20 at $pgdir"

# run_variant NAME PREFIX: reset + seed with the variant's scripts, then the load; report in $work/NAME.out
run_variant() {
  local name=$1 prefix=$2
  echo "== $name: ${prefix}reset, ${prefix}seed_experts, ${prefix}server -c $concurrency -r $rounds"
  "$bin/${prefix}reset" && "$bin/${prefix}seed_experts" || { fail "$name: scripts failed"; return 1; }
  "$bin/${prefix}server" -c "$concurrency" -r "$rounds" >"$work/$name.out" 2>"$work/$name.err"
  local rc=$?
  cat "$work/$name.out" "$work/$name.err"
  [ $rc -eq 0 ] || { fail "$name: server exited $rc"; return 1; }
}

if run_variant original demo_; then
  req=$(value requests "$work/original.out") tmc=$(value too_many_clients "$work/original.out")
  if [ "${req:-0}" -eq $((concurrency * rounds)) ] && [ "${tmc:-0}" -gt 0 ]; then
    pass "original: $tmc of $req requests failed with 'sorry, too many clients already'"
  else
    fail "original: expected $((concurrency * rounds)) requests and > 0 'too many clients' errors, got requests=${req:-?} too_many_clients=${tmc:-?}"
  fi
fi

if run_variant fixed demo_fixed_; then
  req=$(value requests "$work/fixed.out") errs=$(value errors "$work/fixed.out")
  if [ "${req:-0}" -eq $((concurrency * rounds)) ] && [ "${errs:-1}" -eq 0 ]; then
    pass "fixed: $req requests, 0 errors"
  else
    fail "fixed: expected $((concurrency * rounds)) requests and 0 errors, got requests=${req:-?} errors=${errs:-?}"
  fi
fi

# pqlint: findings on the original (exit 1), nothing on the fixed one (exit 0).
cd "$src" || exit 2
echo "== pqlint fixtures/demo"
"$pqlint" fixtures/demo >"$work/lint-demo.txt" 2>&1
rc=$?
cat "$work/lint-demo.txt"
if [ $rc -eq 1 ]; then
  missing=
  for rule in direct-connect max-one hardcoded-secret conn-leak result-leak status-unchecked; do
    grep -q "\[$rule\]" "$work/lint-demo.txt" || missing="$missing $rule"
  done
  if [ -z "$missing" ]; then pass "pqlint fixtures/demo: exit 1 with findings of every story rule"
  else fail "pqlint fixtures/demo: no finding for:$missing"; fi
else
  fail "pqlint fixtures/demo: exit $rc, expected 1"
fi
echo "== pqlint fixtures/demo-fixed"
"$pqlint" fixtures/demo-fixed >"$work/lint-fixed.txt" 2>&1
rc=$?
cat "$work/lint-fixed.txt"
if [ $rc -eq 0 ]; then pass "pqlint fixtures/demo-fixed: exit 0"
else fail "pqlint fixtures/demo-fixed: exit $rc, expected 0"; fi

echo "== $failures failure(s)"
[ $failures -eq 0 ]

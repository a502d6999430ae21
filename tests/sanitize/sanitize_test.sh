#!/usr/bin/env bash
# tests/sanitize/sanitize_test.sh - the sanitizer build (clang-14, address + undefined) in BUILD/sanitize: build it, run one libFuzzer harness a few seconds on its seed corpus, or run pqlint over every fixture.
# Usage: sanitize_test.sh build SRC BUILD | fuzz HARNESS SRC BUILD | fixtures SRC BUILD
set -uo pipefail
mode=$1
if [ "$mode" = fuzz ]; then h=$2; shift; fi
SRC=$2
OUT=$3/sanitize   # cached between runs: only what changed is rebuilt
fail() { echo "FAIL [sanitize $mode${h:+ $h}]: $*" >&2; exit 1; }
command -v clang-14 >/dev/null || fail "clang-14 is missing (bash scripts/deps.sh test installs clang and libclang-rt-14-dev)"

case "$mode" in
build)
  CC=clang-14 cmake -S "$SRC" -B "$OUT" -DPQL_FUZZ=ON -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    >"$OUT.configure.log" 2>&1 || { cat "$OUT.configure.log"; fail "configure failed"; }
  targets=(--target pqlint)
  for f in "$SRC"/fuzz/fuzz_*.c; do targets+=(--target "$(basename "$f" .c)"); done
  nice cmake --build "$OUT" -j2 "${targets[@]}" >"$OUT.build.log" 2>&1 || { tail -50 "$OUT.build.log"; fail "build failed"; }
  ;;
fuzz)
  bin=$OUT/fuzz/fuzz_$h
  [ -x "$bin" ] || fail "$bin missing (sanitize.build failed?)"
  T=$(mktemp -d /tmp/pqlint-fuzz.XXXXXX)
  trap 'rm -rf "$T"' EXIT
  # new inputs go to the scratch folder (first), never into the seed corpus in the tree;
  # any crash, leak, timeout (10 s per input) or sanitizer report exits non-zero
  "$bin" -max_total_time=4 -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$T/" "$T" "$SRC/fuzz/corpus/$h" >"$T/log" 2>&1
  rc=$?
  grep -q "stat::number_of_executed_units" "$T/log" || { tail -40 "$T/log"; fail "the harness did not run"; }
  if [ $rc -ne 0 ]; then # keep the crasher for a look (and as a seed once fixed)
    mkdir -p "$OUT/crashes" && cp "$T"/crash-* "$T"/leak-* "$T"/timeout-* "$OUT/crashes/" 2>/dev/null
    grep -A30 -E "ERROR|runtime error|timeout" "$T/log" | head -60
    fail "exit $rc (crasher in $OUT/crashes/, log above)"
  fi
  echo "ok [fuzz $h]: $(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$T/log")"
  ;;
fixtures)
  bin=$OUT/src/lint/pqlint
  [ -x "$bin" ] || fail "$bin missing (sanitize.build failed?)"
  T=$(mktemp -d /tmp/pqlint-asan.XXXXXX)
  trap 'rm -rf "$T"' EXIT
  export ASAN_OPTIONS=detect_leaks=1:halt_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=0
  cd "$SRC" || fail "no $SRC"
  # every fixture folder, each with its own configuration where it has one, then all of them at once
  for d in fixtures/*/ fixtures; do
    cfg=(--no-config) # the repository's own .pqlint.json leaves fixtures/ out
    [ -f "$d/.pqlint.json" ] && cfg=(--config "$d/.pqlint.json")
    "$bin" --no-progress "${cfg[@]}" -j2 --format json "$d" >"$T/out.json" 2>"$T/err"
    rc=$?
    if grep -qE "AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer" "$T/err"; then
      head -60 "$T/err"; fail "sanitizer report on $d"
    fi
    [ $rc -le 2 ] || fail "pqlint died on $d (exit $rc): $(tail -5 "$T/err")"
    [ $rc -eq 2 ] || jq -e '.summary.files >= 1' "$T/out.json" >/dev/null || fail "no report for $d"
  done
  # the reports themselves, through the other formats and the baseline/merge readers
  demo=(--no-progress --config fixtures/demo/.pqlint.json)
  "$bin" "${demo[@]}" --format sarif -o "$T/a.sarif" fixtures/demo 2>"$T/err"
  "$bin" "${demo[@]}" --write-baseline "$T/base.json" fixtures/demo 2>>"$T/err"
  "$bin" "${demo[@]}" --baseline "$T/base.json" --format github fixtures/demo >/dev/null 2>>"$T/err"
  "$bin" merge -o "$T/m.sarif" "$T/a.sarif" "$T/a.sarif" 2>>"$T/err"
  if grep -qE "AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer" "$T/err"; then
    head -60 "$T/err"; fail "sanitizer report in sarif/baseline/merge"
  fi
  jq -e '.runs[0].results | length > 0' "$T/m.sarif" >/dev/null || fail "merge wrote no results"
  echo "ok [fixtures]"
  ;;
*) echo "usage: $0 build|fuzz HARNESS|fixtures SRC BUILD" >&2; exit 2 ;;
esac

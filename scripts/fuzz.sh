#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS] [HARNESS...] - builds the sanitizer/libFuzzer build (clang-14) in build-fuzz/ and runs each harness SECONDS (default 60) on fuzz/corpus/<harness>/, two at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}; shift || true
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(config model compdb baseline merge suppress staged)
out=${PQL_FUZZ_BUILD:-build-fuzz}
CC=clang-14 cmake -S . -B "$out" -DPQL_FUZZ=ON -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$out" -j2 $(printf ' --target fuzz_%s' "${harnesses[@]}") >/dev/null
mkdir -p "$out/crashes"
status=0
run() { # one harness: new inputs go to a scratch corpus, crashes to $out/crashes
  local h=$1 scratch="$out/corpus-$1"
  mkdir -p "$scratch"
  nice "$out/fuzz/fuzz_$h" -max_total_time="$secs" -max_len=65536 -artifact_prefix="$out/crashes/$h-" \
    "$scratch" "fuzz/corpus/$h" >"$out/fuzz-$h.log" 2>&1
}
pids=()
for h in "${harnesses[@]}"; do
  run "$h" & pids+=($!)
  if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}" || status=1; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
for h in "${harnesses[@]}"; do echo "fuzz_$h: $(grep -aEo '#[0-9]+[[:space:]]+DONE.*' "$out/fuzz-$h.log" | tail -1 || echo 'see log')"; done
[ $status = 0 ] || { echo "fuzz.sh: a harness failed; crashers in $out/crashes/, logs $out/fuzz-*.log" >&2; exit 1; }

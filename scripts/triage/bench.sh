#!/usr/bin/env bash
# scripts/triage/bench.sh - analysis time of two pqlint builds on a triage corpus, as a ratio measured in one run.
#
# Usage: scripts/triage/bench.sh --old BIN --new BIN [--corpus DIR] [--set NAME] [--rounds N]
#   --corpus DIR   the folder corpus.sh fetched into (default /tmp/pqlint-corpus); nothing is fetched
#   --rounds N     rounds (default 3); each round runs every run of the set with both builds, the
#                  order alternating from round to round (the machine is shared and noisy)
# Prints each round's wall time per build, the medians and new/old. Exit status: 0 done, 1 a run
# failed, 2 usage error.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
old= new= corpus=/tmp/pqlint-corpus set_name=debian17 rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --old) old=$2; shift 2 ;;
    --new) new=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --set) set_name=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ -x "$old" ] && [ -x "$new" ] || { echo "bench.sh: --old and --new must name pqlint executables" >&2; exit 2; }
[ -d "$corpus" ] || { echo "bench.sh: no corpus folder '$corpus' (fetch it with corpus.sh)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# one BIN LABEL: runs the whole set once with BIN; prints the wall seconds.
one() {
  local t0 t1
  t0=$(date +%s.%N)
  bash "$here/corpus.sh" --pqlint "$1" --out "$corpus" --reports "$work/$2" --set "$set_name" --no-fetch \
    > "$work/$2.log" 2>&1 || { echo "bench.sh: a run of $1 failed (see corpus.sh)" >&2; cat "$work/$2.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
to=() tn=()
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then a=$(one "$old" old); b=$(one "$new" new)
  else b=$(one "$new" new); a=$(one "$old" old); fi
  to+=("$a") tn+=("$b")
  printf 'round %d: old %.2f s, new %.2f s\n' "$r" "$a" "$b"
done
med() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
mo=$(med "${to[@]}") mn=$(med "${tn[@]}")
printf 'median: old %.2f s, new %.2f s, new/old %.2f\n' "$mo" "$mn" "$(echo "$mn / $mo" | bc -l)"

#!/usr/bin/env bash
# compare.sh - A/B of two pqpool_bench builds (e.g. before and after a change): runs bench/run.sh for each in turn, N times interleaved, and prints the median of each judged row and new/old.
#
#   bench/compare.sh OLD_BENCH NEW_BENCH [N]      (N defaults to 3; about 75 s per run)
# Interleaving puts both builds under the same background load; a ratio near 1.00 is "no change".
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 2 ] || { echo "usage: bench/compare.sh OLD_BENCH NEW_BENCH [N]" >&2; exit 2; }
old=$1 new=$2 n=${3:-3}
for b in "$old" "$new"; do [ -x "$b" ] || { echo "compare.sh: $b is not an executable" >&2; exit 2; }; done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in $(seq "$n"); do
  for side in old new; do
    bin=$old; [ "$side" = new ] && bin=$new
    PQPOOL_BENCH_CALLGRIND=0 bash "$root/bench/run.sh" "$bin" >"$out/$side.$i" 2>&1 || { cat "$out/$side.$i" >&2; exit 2; }
  done
done
# row label | awk field holding the number, on the line that starts with the label
rows=("pqpool, acquire/query/release|5|pqpool / ceiling"
      "persistent connection per thread|6|ceiling tps"
      "uncontended acquire+release (idle conn)|5|acquire+release ns (CPU)"
      "fairness                     |2|fairness (pinned)")
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
printf '%-28s %10s %10s %8s   (median of %d interleaved runs each)\n' row old new new/old "$n"
for r in "${rows[@]}"; do
  IFS='|' read -r label field name <<<"$r"
  o=$(cat "$out"/old.* | grep -F "$label" | awk -v f="$field" '{print $f}' | median)
  w=$(cat "$out"/new.* | grep -F "$label" | awk -v f="$field" '{print $f}' | median)
  printf '%-28s %10s %10s %8s\n' "$name" "$o" "$w" "$(awk -v a="$o" -v b="$w" 'BEGIN {if (a > 0) printf "%.3f", b / a; else print "-"}')"
done

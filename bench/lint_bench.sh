#!/usr/bin/env bash
# bench/lint_bench.sh - pqlint's cost on a source tree against the parse floor (clang -fsyntax-only) and clang-tidy's malloc checker, min and median of N runs, one table.
#
# Usage: bench/lint_bench.sh [-j N] [-r RUNS] [--pqlint BIN] [--no-tidy] TREE [PATH...] [-- FLAGS...]
#   TREE       the tree's root (commands run from there); PATH... the folders or files to lint in
#              it (default: .); FLAGS the compiler flags for every file (e.g. -Isrc/include)
#   -j N       parallelism of pqlint, clang and clang-tidy (default 2); -r RUNS (default 3)
#   --pqlint   the binary (default: build/src/lint/pqlint of this checkout)
# Prints: files walked / skipped / parsed; pqlint wall and peak RSS without a cache (cold) and with a
# warm cache; clang -fsyntax-only over ALL the .c files under PATH... and over the files pqlint
# parsed, with the same -j; clang-tidy -checks=-*,clang-analyzer-unix.Malloc over the .c files
# pqlint parsed; the ratios of the medians; the median CPU seconds (user + sys) of pqlint cold and
# of clang over all .c files, and their ratio. Not a test: the machine's load moves the absolute
# numbers, the ratios in one run are what to compare. Example (docs/performance.md):
#   bench/lint_bench.sh /work/corpus/pg15 src/bin contrib src/fe_utils -- -Isrc/include -Isrc/interfaces/libpq
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jobs=2 runs=3 pqlint=$here/build/src/lint/pqlint tidy=1
while [ $# -gt 0 ]; do
  case $1 in
    -j) jobs=$2; shift 2 ;;
    -r) runs=$2; shift 2 ;;
    --pqlint) pqlint=$(realpath "$2"); shift 2 ;;
    --no-tidy) tidy=0; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { echo "usage: bench/lint_bench.sh [-j N] [-r RUNS] [--pqlint BIN] TREE [PATH...] [-- FLAGS]" >&2; exit 2; }
tree=$1; shift
paths=() flags=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do paths+=("$1"); shift; done
[ "${1:-}" = "--" ] && { shift; flags=("$@"); }
[ ${#paths[@]} -gt 0 ] || paths=(.)
[ -x "$pqlint" ] || { echo "lint_bench: no pqlint at $pqlint (build first or pass --pqlint)" >&2; exit 2; }
command -v clang >/dev/null || { echo "lint_bench: clang is not installed" >&2; exit 2; }
cd "$tree"
w=$(mktemp -d /tmp/lint-bench.XXXXXX)
trap 'rm -rf "$w"' EXIT
pgflags=(-idirafter /usr/include/postgresql) # what pqlint adds, so both parse the same headers

find "${paths[@]}" -name '*.c' -type f | sort >"$w/all.txt"
# one pqlint run to learn which files it parses (JSON files[].skipped)
"$pqlint" --no-config --no-cache --no-progress --exit-zero -j "$jobs" --format json -o "$w/r.json" \
  "${paths[@]}" -- "${flags[@]}" 2>/dev/null
python3 - "$w/r.json" "$w" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
parsed = [f["path"] for f in d["files"] if not f.get("skipped")]
open(sys.argv[2] + "/parsed.txt", "w").write("".join(p + "\n" for p in parsed))
open(sys.argv[2] + "/parsed_c.txt", "w").write("".join(p + "\n" for p in parsed if p.endswith(".c")))
print(len(d["files"]), len(d["files"]) - len(parsed), len(parsed), file=open(sys.argv[2] + "/counts", "w"))
PY
read -r walked skipped parsed <"$w/counts"

# measure NAME CMD...: RUNS runs of CMD, "wall_s rss_kb user_s sys_s" per line in $w/NAME
measure() {
  local name=$1; shift
  : >"$w/$name"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M %U %S" -o "$w/t" "$@" >/dev/null 2>&1 || true
    tail -1 "$w/t" >>"$w/$name"
  done
}
# minmed NAME COL: "min median" of column COL (cpu: user + sys) (one line: read needs its newline under set -e)
minmed() { awk -v c="$2" '{print (c == "cpu" ? $3 + $4 : $c)}' "$w/$1" | sort -g | awk '{v[NR]=$1} END {printf "%s %s\n", v[1], v[int((NR+1)/2)]}'; }

cache="$w/cache"
measure pq_cold "$pqlint" --no-config --no-cache --no-progress --exit-zero -j "$jobs" --format json -o "$w/o.json" "${paths[@]}" -- "${flags[@]}"
"$pqlint" --no-config --cache-dir "$cache" --no-progress --exit-zero -j "$jobs" --format json -o "$w/o.json" "${paths[@]}" -- "${flags[@]}" >/dev/null 2>&1 || true
measure pq_warm "$pqlint" --no-config --cache-dir "$cache" --no-progress --exit-zero -j "$jobs" --format json -o "$w/o.json" "${paths[@]}" -- "${flags[@]}"
# the reference tools as scripts xargs can run (files last, flags fixed)
{ echo '#!/bin/sh'; printf 'exec clang -fsyntax-only -x c -Wno-everything -ferror-limit=0'; printf ' %q' "${pgflags[@]}" "${flags[@]}"; echo ' "$@"'; } >"$w/clang.sh"
{ echo '#!/bin/sh'; printf 'exec clang-tidy --quiet -checks=-*,clang-analyzer-unix.Malloc "$@" -- -x c -Wno-everything'; printf ' %q' "${pgflags[@]}" "${flags[@]}"; echo; } >"$w/tidy.sh"
chmod +x "$w/clang.sh" "$w/tidy.sh"
measure clang_all sh -c "xargs -P $jobs -n 4 $w/clang.sh <$w/all.txt"
measure clang_parsed sh -c "xargs -P $jobs -n 4 $w/clang.sh <$w/parsed.txt"
if [ "$tidy" = 1 ] && command -v clang-tidy >/dev/null; then
  measure tidy sh -c "xargs -P $jobs -n 4 $w/tidy.sh <$w/parsed_c.txt"
fi

read -r cmin cmed < <(minmed pq_cold 1)
read -r wmin wmed < <(minmed pq_warm 1)
read -r amin amed < <(minmed clang_all 1)
read -r pmin pmed < <(minmed clang_parsed 1)
read -r _ ccpu < <(minmed pq_cold cpu)
read -r _ acpu < <(minmed clang_all cpu)
read -r _ crss < <(minmed pq_cold 2)
read -r _ wrss < <(minmed pq_warm 2)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", (b > 0 ? a / b : 0)}'; }
echo "tree: $tree ${paths[*]}  flags: ${flags[*]:-none}  -j $jobs, $runs runs, $(date -u +%F) on $(nproc) cores"
echo "files: $walked walked, $skipped skipped by the prefilter, $parsed parsed; $(wc -l <"$w/all.txt") .c files in all"
printf '| %-44s | %9s | %9s | %12s | %14s | %14s |\n' "run" "min s" "median s" "peak RSS MB" "vs clang all" "vs clang parsed"
printf '|%s|%s|%s|%s|%s|%s|\n' "----------------------------------------------" "-----------" "-----------" "--------------" "----------------" "----------------"
row() { printf '| %-44s | %9s | %9s | %12s | %14s | %14s |\n' "$1" "$2" "$3" "$4" "$(ratio "$3" "$amed")" "$(ratio "$3" "$pmed")"; }
row "pqlint, no cache (cold)" "$cmin" "$cmed" "$((crss / 1024))"
row "pqlint, warm cache" "$wmin" "$wmed" "$((wrss / 1024))"
row "clang -fsyntax-only, all $(wc -l <"$w/all.txt") .c files" "$amin" "$amed" "-"
row "clang -fsyntax-only, the $parsed files pqlint parsed" "$pmin" "$pmed" "-"
echo "CPU (user + sys, median): pqlint cold $ccpu s, clang all $acpu s ($(ratio "$ccpu" "$acpu"))"
if [ -s "$w/tidy" ] 2>/dev/null; then
  read -r tmin tmed < <(minmed tidy 1)
  row "clang-tidy unix.Malloc, the $(wc -l <"$w/parsed_c.txt") parsed .c files" "$tmin" "$tmed" "-"
fi

#!/bin/bash
# call-graph.sh [--objects OBJ_DIR] BUILD_DIR [FOLDER...] : lists the calls between pqlint's source files
# (from the object files' symbols: A -> B when A uses a symbol B defines) and exits 1 if they form a circle.
# With FOLDERs (e.g. engine rules_flow ir), only files in those folders of src/lint/ are checked.
# --objects: another target's object folder below BUILD_DIR (src/pool/CMakeFiles/pqpool_objs.dir: pqpool).
set -u
OBJ=src/lint/CMakeFiles/pqlint_core.dir
if [ "${1:-}" = --objects ]; then OBJ=${2:?--objects needs a folder}; shift 2; fi
B=${1:?usage: call-graph.sh [--objects OBJ_DIR] BUILD_DIR [FOLDER...]}; shift
O=$(find "$B/$OBJ" -name '*.o' 2>/dev/null | sort)
[ -n "$O" ] || { echo "call-graph.sh: no object files under $B/$OBJ (build first)" >&2; exit 2; }
keep() { # keep FILE: 0 if FILE (src/lint relative, no .o) is in the folders asked for
  [ $# -eq 1 ] && [ ${#FOLDERS[@]} -eq 0 ] && return 0
  for f in "${FOLDERS[@]}"; do case $1 in "$f"/*) return 0;; esac; done; return 1; }
FOLDERS=("$@")
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
for o in $O; do
  n=${o#*"$OBJ"/}; n=${n%.o}; n=${n%.c}.c
  keep "$n" || continue
  nm -g --defined-only "$o" | awk -v n="$n" '{print $3, n}' >> "$t/def"
  nm -u "$o" | awk -v n="$n" '{print $2, n}' >> "$t/use"
done
sort -o "$t/def" "$t/def"; sort -o "$t/use" "$t/use"
join "$t/use" "$t/def" | awk '$2 != $3 {print $2, $3}' | sort -u > "$t/edges"
cat "$t/edges"
if ! tsort "$t/edges" > /dev/null 2> "$t/err"; then
  echo "call-graph.sh: files that call each other in a circle:" >&2
  grep -v 'input contains a loop' "$t/err" | sed 's/^tsort: /  /' >&2
  exit 1
fi
echo "call-graph.sh: $(wc -l < "$t/edges") calls between files, no circle" >&2

#!/bin/bash
# tests/layout/circle_detected.sh CC SRC: scripts/call-graph.sh exits 1 and names the files on a call circle,
# 0 on layered calls (two tiny object trees laid out like pqlint_core's, built with CC in a temp folder).
set -u
CC=$1 SRC=$2
T=$(mktemp -d /tmp/pqlint-circle.XXXXXX); trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# tree NAME A_BODY B_BODY: $T/NAME/src/lint/CMakeFiles/pqlint_core.dir/x/{a,b}.c.o
tree() {
  local d=$T/$1/src/lint/CMakeFiles/pqlint_core.dir/x
  mkdir -p "$d"
  printf '%s\n' "$2" > "$T/a.c"; printf '%s\n' "$3" > "$T/b.c"
  "$CC" -c -o "$d/a.c.o" "$T/a.c" && "$CC" -c -o "$d/b.c.o" "$T/b.c" || fail "cannot compile with $CC"
}
tree circle 'int b(int); int a(int n) { return n ? b(n - 1) : 0; }' 'int a(int); int b(int n) { return a(n); }'
tree layers 'int b(int); int a(int n) { return b(n); }' 'int b(int n) { return n; }'
"$SRC/scripts/call-graph.sh" "$T/circle" x > "$T/out" 2> "$T/err"; rc=$?
[ $rc -eq 1 ] || fail "a circle: exit $rc, expected 1"
grep -q 'x/a.c' "$T/err" && grep -q 'x/b.c' "$T/err" || fail "the circle's files are not named: $(cat "$T/err")"
"$SRC/scripts/call-graph.sh" "$T/layers" x > "$T/out" 2> "$T/err"; rc=$?
[ $rc -eq 0 ] || fail "layered calls: exit $rc, expected 0: $(cat "$T/err")"
grep -qx 'x/a.c x/b.c' "$T/out" || fail "the call a -> b is not listed: $(cat "$T/out")"
echo "ok: circle detected (exit 1), layers pass (exit 0)"

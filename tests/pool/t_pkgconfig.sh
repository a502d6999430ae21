#!/usr/bin/env bash
# tests/pool/t_pkgconfig.sh - an installed pqpool needs no cJSON: consumers' pkg-config flags, the shared
# library's NEEDED entries and both libraries' undefined symbols are clean, and a program using the stats
# (JSON and Prometheus) builds from pkg-config's flags alone, shared and static. Usage: t_pkgconfig.sh CMAKE BUILD_DIR
set -uo pipefail
CMAKE=$1
BUILD=$2
T=$(mktemp -d /tmp/pqpool-pc.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL [pool.pkgconfig]: $*" >&2; exit 1; }

"$CMAKE" --install "$BUILD" --prefix "$T/p" >"$T/install.log" 2>&1 || fail "cmake --install: $(tail "$T/install.log")"
pc=$(find "$T/p" -name pqpool.pc | head -1)
[ -n "$pc" ] || fail "no pqpool.pc installed"
export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(dirname "$pc")
flags=$(pkg-config --cflags --libs pqpool) || fail "pkg-config does not find pqpool"
static_flags=$(pkg-config --static --cflags --libs pqpool) || fail "pkg-config --static fails"
requires=$(pkg-config --print-requires --print-requires-private pqpool)
echo "pkg-config --cflags --libs pqpool: $flags"
echo "requires: $requires"
for what in "$flags" "$static_flags" "$requires" "$(cat "$pc")"; do
  if grep -qi cjson <<<"$what"; then fail "cJSON in pqpool's pkg-config data: $what"; fi
done

libdir=$(pkg-config --variable=libdir pqpool)
so=$(find "$libdir" -name 'libpqpool.so.*' -type f | head -1)
[ -n "$so" ] && [ -f "$libdir/libpqpool.a" ] || fail "no installed libpqpool.so / libpqpool.a in $libdir"
readelf -d "$so" >"$T/dyn" || fail "readelf $so"
grep -q 'NEEDED.*libpq\.so' "$T/dyn" || fail "readelf shows no NEEDED at all? $(cat "$T/dyn")" # the check below can see
if grep -qi 'NEEDED.*cjson' "$T/dyn"; then fail "libpqpool.so needs cJSON: $(grep NEEDED "$T/dyn")"; fi
nm -D --undefined-only "$so" >"$T/undef.so" && nm --undefined-only "$libdir/libpqpool.a" >"$T/undef.a" 2>/dev/null ||
  fail "nm failed"
grep -q 'PQconninfoParse' "$T/undef.so" || fail "nm shows no libpq symbol, so it cannot show cJSON ones either"
if grep -q cJSON_ "$T/undef.so" "$T/undef.a"; then fail "libpqpool refers to cJSON: $(grep -h cJSON_ "$T"/undef.*)"; fi

cat >"$T/app.c" <<'C'
#include <pqpool.h>
#include <stdio.h>
#include <string.h>
int main(void) {
  pqpool_config cfg;
  pqpool_config_init(&cfg);
  cfg.conninfo = "host=/nonexistent-pqpool-pkgconfig dbname=x"; /* never connected */
  pqpool *p;
  pqpool_error err;
  if (pqpool_create(&cfg, &p, &err) < 0) { fprintf(stderr, "%s\n", err.msg); return 1; }
  char buf[8192];
  int n = pqpool_stats_json(p, buf, sizeof buf);
  int ok = n > 0 && buf[0] == '{' && strstr(buf, "\"db_up\":true");
  n = pqpool_stats_prometheus(p, buf, sizeof buf);
  ok = ok && n > 0 && strncmp(buf, "# HELP ", 7) == 0;
  pqpool_close(p);
  puts(ok ? "stats ok" : "stats wrong");
  return ok ? 0 : 1;
}
C
cd "$T" || exit 2
# shellcheck disable=SC2086
cc -Wall -Werror app.c -o app $flags 2>"$T/cc.err" || fail "app does not build from pkg-config's flags: $(cat "$T/cc.err")"
LD_LIBRARY_PATH="$libdir" ./app >"$T/app.out" 2>&1 || fail "app failed: $(cat "$T/app.out")"
grep -q "stats ok" "$T/app.out" || fail "app: $(cat "$T/app.out")"
LD_LIBRARY_PATH="$libdir" ldd ./app >"$T/ldd" 2>&1
if grep -qi cjson "$T/ldd"; then fail "the app loads cJSON: $(cat "$T/ldd")"; fi
# static: the archive by path, libpq shared, no cJSON on the line
# shellcheck disable=SC2086
cc app.c -o app-static "$libdir/libpqpool.a" $(pkg-config --cflags pqpool) -lpq -lpthread 2>"$T/cc.err" ||
  fail "static link without cJSON fails: $(cat "$T/cc.err")"
./app-static >/dev/null || fail "static app failed"
# the header alone, strict, in C and in C++
inc=$(pkg-config --cflags pqpool)
# shellcheck disable=SC2086
echo '#include <pqpool.h>' | cc -std=c99 -Wall -Wextra -pedantic -Werror -fsyntax-only $inc -x c - 2>"$T/h.err" ||
  fail "pqpool.h is not clean C99: $(cat "$T/h.err")"
if command -v c++ >/dev/null; then
  # shellcheck disable=SC2086
  printf '#include <pqpool.h>\nint main() { pqpool_config c; pqpool_config_script(&c); return c.max_size == 2 ? 0 : 1; }\n' |
    c++ -Wall -Wextra -Werror -fsyntax-only $inc -x c++ - 2>"$T/h.err" || fail "pqpool.h does not build as C++: $(cat "$T/h.err")"
fi
echo "pool.pkgconfig: ok"

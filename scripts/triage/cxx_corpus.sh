#!/usr/bin/env bash
# scripts/triage/cxx_corpus.sh - runs pqlint on the C++ libpq code of Debian's libpqxx (src/*.cxx) and gdal (ogr/ogrsf_frmts/pg), as docs/triage-cxx.md reports.
# Usage: scripts/triage/cxx_corpus.sh [--pqlint BIN] [--out DIR] [--reports DIR]
#   --pqlint BIN   the pqlint to run (default: build/src/lint/pqlint of this checkout)
#   --out DIR      where the sources are fetched (apt-get source --download-only) and unpacked
#                  (default: /work/corpus/cxx)
#   --reports DIR  where the JSON reports go (default: DIR/reports)
# The trees are not built: the few headers their build generates get stand-ins (gen/), and the
# flags are given after `--`. Prints one line per run: files, findings, parse errors, incomplete.
# Exit status: 0 both reports written, 1 a fetch or run failed, 2 usage error.
set -uo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
pqlint=$here/build/src/lint/pqlint
out=/work/corpus/cxx
reports=
while [ $# -gt 0 ]; do
  case $1 in
    --pqlint) pqlint=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --reports) reports=$2; shift 2 ;;
    *) echo "cxx_corpus.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
reports=${reports:-$out/reports}
[ -x "$pqlint" ] || { echo "cxx_corpus.sh: $pqlint is not executable" >&2; exit 2; }
mkdir -p "$out" "$reports" || exit 1
cd "$out" || exit 1
pqlint=$(cd "$(dirname "$pqlint")" && pwd)/$(basename "$pqlint")
reports=$(cd "$reports" && pwd)
rc=0

fetch() { # fetch PACKAGE GLOB: the orig tarball matching GLOB, fetched once
  ls $2 >/dev/null 2>&1 || apt-get source --download-only "$1" >/dev/null 2>&1 || {
    echo "cxx_corpus.sh: cannot fetch $1" >&2
    return 1
  }
}

# libpqxx 6.4.5: configure generates two small headers
if fetch libpqxx 'libpqxx_*.orig.tar.*'; then
  [ -d libpqxx-6.4.5 ] || tar xf libpqxx_*.orig.tar.* || rc=1
  mkdir -p libpqxx-6.4.5/gen/pqxx
  printf '#define PQXX_HAVE_GCC_PURE 1\n#define PQXX_HAVE_GCC_CONST 1\n#define PQXX_HAVE_GCC_VISIBILITY 1\n' \
    >libpqxx-6.4.5/gen/pqxx/config-public-compiler.h
  printf '#define PQXX_HAVE_POLL 1\n' >libpqxx-6.4.5/gen/pqxx/config-internal-compiler.h
  (cd libpqxx-6.4.5 && "$pqlint" --no-config --no-progress --format json --exit-zero -j 2 src \
     -- -Iinclude -Igen >"$reports/libpqxx.json" 2>"$reports/libpqxx.stderr") || rc=1
else
  rc=1
fi

# gdal 3.6.2: only the PostgreSQL driver and the headers it includes; cmake generates
# cpl_config.h and gdal_version.h
if fetch gdal 'gdal_*.orig.tar.*'; then
  g=gdal-3.6.2
  [ -d $g/ogr/ogrsf_frmts/pg ] || tar xJf gdal_*.orig.tar.xz --wildcards '*/ogr/ogrsf_frmts/pg/*' \
    '*/ogr/ogrsf_frmts/pgdump/*' '*/port/*.h' '*/port/*.in' '*/gcore/*.h' '*/gcore/*.in' '*/ogr/*.h' \
    '*/frmts/*.h' '*/alg/*.h' '*/apps/*.h' 2>/dev/null
  mkdir -p $g/gen
  sed -E 's/^#cmakedefine01 (\w+).*/#define \1 0/; s/^#cmakedefine (\w+).*/\/* #undef \1 *\//; s/@[A-Za-z_]+@/0/g' \
    $g/port/cpl_config.h.in >$g/gen/cpl_config.h
  printf '#define SIZEOF_INT 4\n#define SIZEOF_UNSIGNED_LONG 8\n#define SIZEOF_VOIDP 8\n#define HAVE_LONG_LONG 1\n#define CPL_MULTIPROC_PTHREAD 1\n#define HAVE_UNISTD_H 1\n' \
    >>$g/gen/cpl_config.h
  sed -E 's/@[A-Za-z_]+@/0/g' $g/gcore/gdal_version.h.in >$g/gen/gdal_version.h
  (cd $g && "$pqlint" --no-config --no-progress --format json --exit-zero -j 2 ogr/ogrsf_frmts/pg \
     -- -Iport -Igcore -Iogr -Iogr/ogrsf_frmts -Iogr/ogrsf_frmts/pgdump -Igen -DGDAL_COMPILATION \
     >"$reports/gdal.json" 2>"$reports/gdal.stderr") || rc=1
else
  rc=1
fi

for r in libpqxx gdal; do
  [ -s "$reports/$r.json" ] || continue
  jq -r --arg r "$r" '"\($r): \(.summary.files) files (\([.files[] | select(.skipped | not)] | length) parsed), \(.summary.findings) findings, \(.summary.parse_error_files) with parse errors, \(.summary.incomplete_files) files (\(.summary.incomplete_handle_functions) functions) incomplete"' \
    "$reports/$r.json"
done
exit $rc

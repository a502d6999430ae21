#!/usr/bin/env bash
# scripts/triage/fresh3.sh - checks and runs corpus F3, F4, F5 or F6 (docs/triage-fresh3.md ... -fresh6.md): pqlint once per package.
#
# Usage: scripts/triage/fresh3.sh [--set fresh3|fresh4|fresh5|fresh6] [--pqlint BIN] [--out DIR] [--reports DIR]
#                                 [--only RUN[,RUN...]] [--check-only]
#   --set NAME     the corpus: fresh3 (the default), fresh4, fresh5 or fresh6 (sets/NAME.tsv, sets/NAME-sources.tsv)
#   --pqlint BIN   the pqlint to run (default: build/src/lint/pqlint of this checkout)
#   --out DIR      the corpus folder (default: /work/corpus/f3, f4 ... f6 for fresh6); runs start in it
#   --reports DIR  where the JSON reports go (default: DIR/reports)
#   --only RUNS    only these runs (first column of the set)
#   --check-only   check the sources (and fetch the Debian ones), run nothing
#
# Sources: the Debian trees of the set are fetched with `apt-get source --download-only`
# and their orig tarball unpacked when DIR lacks them. The "github" trees are files read from
# stored public copies (repository, path, commit in sets/SET-sources.tsv); they cannot be
# fetched by this script, so each must already be at DIR/PACKAGE/PATH with the sha256 the
# table records (a missing or changed file is named on stderr and its run is skipped).
# Each run is `timeout 300 pqlint --format json --no-config -j 2 --exit-zero -o REPORTS/RUN.json
# FILES -- FLAGS` from DIR, FILES and FLAGS as in the set ($PGI = libpq's headers, $PGS = the
# server headers of postgresql-server-dev-15).
# Exit status: 0 every report written, 1 some check, fetch or run failed (named on stderr),
# 2 usage error.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pqlint="$root/build/src/lint/pqlint"
out=
set_name=fresh3
reports=
only=
runs=1

die() { echo "fresh3.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --pqlint) [ $# -ge 2 ] || die "--pqlint needs a value"; pqlint=$2; shift 2 ;;
    --set) [ $# -ge 2 ] || die "--set needs a value"; set_name=$2; shift 2 ;;
    --out) [ $# -ge 2 ] || die "--out needs a value"; out=$2; shift 2 ;;
    --reports) [ $# -ge 2 ] || die "--reports needs a value"; reports=$2; shift 2 ;;
    --only) [ $# -ge 2 ] || die "--only needs a value"; only=$2; shift 2 ;;
    --check-only) runs=0; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
case "$set_name" in fresh3) [ -n "$out" ] || out=/work/corpus/f3 ;; fresh4) [ -n "$out" ] || out=/work/corpus/f4 ;;
  fresh5) [ -n "$out" ] || out=/work/corpus/f5 ;; fresh6) [ -n "$out" ] || out=/work/corpus/f6 ;;
  *) die "unknown set '$set_name' (fresh3, fresh4, fresh5, fresh6)" ;; esac
set_file="$here/sets/$set_name.tsv"
src_file="$here/sets/$set_name-sources.tsv"
[ -f "$set_file" ] || die "missing $set_file"
[ -f "$src_file" ] || die "missing $src_file"
. "$here/common.sh"
triage_paths "reports"

PGI=-I/usr/include/postgresql
PGS=-I/usr/include/postgresql/15/server
status=0

# check_github TREE: 0 when every file of TREE in the sources table is in DIR with its sha256.
check_github() {
  local tree=$1 pkg repo path commit id chars sum got bad=0
  while IFS=$'\t' read -r pkg repo path commit id chars sum; do
    case "$pkg" in ''|'#'*) continue ;; esac
    [ "$pkg" = "$tree" ] || continue
    if [ ! -f "$out/$pkg/$path" ]; then
      echo "fresh3.sh: $pkg/$path is missing (read $repo $path at $commit)" >&2; bad=1; continue
    fi
    got=$(sha256sum "$out/$pkg/$path" | cut -c1-64)
    if [ "$got" != "$sum" ]; then
      echo "fresh3.sh: $pkg/$path differs from the copy of $repo at $commit (sha256 $got)" >&2; bad=1
    fi
  done < "$src_file"
  return $bad
}

# fetch_deb SRCPKG TREE: downloads the Debian source package into DIR/dl and unpacks its orig
# tarball into DIR unless TREE is there already.
fetch_deb() {
  local src=$1 tree=$2 f
  [ -d "$out/$tree" ] && return 0
  mkdir -p "$out/dl"
  (cd "$out/dl" && timeout 600 apt-get source --download-only -qq "$src" >/dev/null 2>&1)
  for f in "$out/dl/${src}"_*.orig.tar.*; do
    case "$f" in *.asc|*\**) continue ;; esac
    tar -xf "$f" -C "$out" || { echo "fresh3.sh: cannot unpack $f" >&2; return 1; }
  done
  [ -d "$out/$tree" ] || { echo "fresh3.sh: $src: no orig tarball unpacked into $tree" >&2; return 1; }
}

# check_debs LIST: 0 when the comma-separated Debian packages (headers the flags need) are installed.
check_debs() {
  local missing
  read -r -a missing <<<"$(triage_missing_debs "$1")"
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "fresh3.sh: missing Debian packages: ${missing[*]} (apt-get install them)" >&2
  return 1
}

# run_one NAME FILES FLAGS: runs pqlint from DIR, report to REPORTS/NAME.json; 0 when written.
run_one() {
  local name=$1 files=$2 flags=$3 rc
  local -a fa ga
  ( cd "$out" && eval "fa=($files)" && eval "ga=($flags)" && timeout 300 "$pqlint" --format json --no-config -j 2 \
      --exit-zero -o "$reports/$name.json" "${fa[@]}" -- "${ga[@]}" 2> "$reports/$name.stderr" )
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "fresh3.sh: $name: pqlint exited $rc (see $reports/$name.stderr)" >&2
    return 1
  fi
  [ -s "$reports/$name.stderr" ] || rm -f "$reports/$name.stderr"
}

while IFS=$'\t' read -r name src tree deps files flags; do
  case "$name" in ''|'#'*) continue ;; esac
  if [ -n "$only" ] && [[ ",$only," != *",$name,"* ]]; then continue; fi
  check_debs "$deps" || { status=1; continue; }
  if [ "$src" = github ]; then
    check_github "$tree" || { status=1; continue; }
  else
    fetch_deb "$src" "$tree" || { status=1; continue; }
  fi
  [ "$runs" = 1 ] || continue
  run_one "$name" "$files" "$flags" || { status=1; continue; }
  printf '%-14s %s\n' "$name" \
    "$(jq -r '.summary | "\(.files) files, \(.findings) findings, \(.parse_error_files) with parse errors, \(.incomplete_functions) incomplete"' "$reports/$name.json")"
done < "$set_file"
exit $status

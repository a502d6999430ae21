#!/usr/bin/env bash
# scripts/triage/corpus.sh - fetches the triage corpora (Debian bookworm source packages) and runs pqlint on each.
#
# Usage: scripts/triage/corpus.sh [--pqlint BIN] [--out DIR] [--reports DIR] [--set NAME]
#                                 [--only PKG[,PKG...]] [--fetch-only] [--no-fetch]
#   --pqlint BIN   the pqlint to run (default: build/src/lint/pqlint of this checkout)
#   --out DIR      where the sources are fetched and unpacked (default: /tmp/pqlint-corpus)
#   --reports DIR  where the JSON reports go, one per run (default: DIR/reports-SET)
#   --set NAME     debian17 (docs/triage-debian.md, the default), fresh1 (docs/triage-fresh.md)
#                  or fresh2 (docs/triage-fresh2.md: corpus F1, the first run on code never triaged)
#   --only PKGS    only these runs of the set (names of the first column below)
#   --fetch-only   fetch and unpack, run nothing; --no-fetch: use what DIR already holds
#
# Sources: `apt-get source --download-only` from deb-src entries that mirror the deb ones
# (added to /etc/apt/sources.list.d/pqlint-deb-src.sources when none exist, as root), then the
# .orig tarball is unpacked; nothing is configured or built. Missing generated headers come from
# the small stubs in scripts/triage/stubs/ (copied to DIR/stubs so reports name no checkout path).
# Each run is `pqlint --format json --no-config -j 2 --exit-zero FILES -- FLAGS` from DIR, with the
# FILES and FLAGS of the doc, under `timeout 300`, written with -o (atomic) to REPORTS/RUN.json.
# Exit status: 0 all reports written, 1 some run or fetch failed (named on stderr), 2 usage error.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pqlint="$root/build/src/lint/pqlint"
out=/tmp/pqlint-corpus
reports=
set_name=debian17
only=
fetch=1
runs=1

die() { echo "corpus.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --pqlint) pqlint=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --reports) reports=$2; shift 2 ;;
    --set) set_name=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --fetch-only) runs=0; shift ;;
    --no-fetch) fetch=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
case "$set_name" in debian17|fresh1|fresh2) ;; *) die "unknown set '$set_name' (debian17, fresh1, fresh2)" ;; esac
[ -f "$here/sets/$set_name.tsv" ] || die "missing $here/sets/$set_name.tsv"
. "$here/common.sh"
triage_paths "reports-$set_name"

# The set file: one run per line, tab-separated:
#   run-name  source-package  tree  debian-build-deps(comma list or -)  FILES  FLAGS
# FILES and FLAGS are expanded by the shell in DIR ($I = stubs, $PGI = libpq's headers, globs).
I=stubs
PGI=-I/usr/include/postgresql
status=0

# ensure_deb_src: adds deb-src entries mirroring the deb ones when apt has none.
ensure_deb_src() {
  if grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then return 0; fi
  [ "$(id -u)" -eq 0 ] || die "no deb-src entries in apt's sources, and not root to add them"
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
    > /etc/apt/sources.list.d/pqlint-deb-src.sources || die "cannot write the deb-src entries"
  apt-get update -qq || die "apt-get update failed"
}

# ensure_debs LIST: installs the comma-separated Debian packages that are missing (headers the FLAGS need).
ensure_debs() {
  local missing
  read -r -a missing <<<"$(triage_missing_debs "$1")"
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || { echo "corpus.sh: missing Debian packages: ${missing[*]}" >&2; return 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# fetch_pkg SRCPKG TREE: downloads the source package into DIR/dl and unpacks its orig tarball(s)
# into DIR unless TREE already exists. The Debian tarball may 404 on the mirror; only the orig counts.
fetch_pkg() {
  local src=$1 tree=$2 f
  [ -d "$out/$tree" ] && return 0
  mkdir -p "$out/dl"
  (cd "$out/dl" && timeout 600 apt-get source --download-only -qq "$src" >/dev/null 2>&1)
  for f in "$out/dl/${src}"_*.orig.tar.* "$out/dl/${src}"_*.orig-*.tar.*; do
    case "$f" in *.asc|*\**) continue ;; esac
    case "$f" in *.orig-*) continue ;; esac   # extra component tarballs (templates, vendor): not needed
    tar -xf "$f" -C "$out" || { echo "corpus.sh: cannot unpack $f" >&2; return 1; }
  done
  [ -d "$out/$tree" ] || { echo "corpus.sh: $src: no orig tarball unpacked into $tree" >&2; return 1; }
}

# run_one NAME FILES FLAGS: runs pqlint from DIR, report to REPORTS/NAME.json; 0 when written.
run_one() {
  local name=$1 files=$2 flags=$3 rc
  local -a fa ga
  ( cd "$out" && eval "fa=($files)" && eval "ga=($flags)" && timeout 300 "$pqlint" --format json --no-config -j 2 --exit-zero \
      -o "$reports/$name.json" "${fa[@]}" -- "${ga[@]}" 2> "$reports/$name.stderr" )
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "corpus.sh: $name: pqlint exited $rc (see $reports/$name.stderr)" >&2
    return 1
  fi
  [ -s "$reports/$name.stderr" ] || rm -f "$reports/$name.stderr"
}

# link_stubs: stubs/links.tsv names folders that stand for an installed include folder
# (freeradius-devel/ is src/include/): each header of an unpacked tree gets a relative link
# there unless a stub replaces it. Run before each pqlint run (the tree may be new).
link_stubs() {
  local ldir target up h
  while IFS=$'\t' read -r ldir target; do
    case "$ldir" in ''|'#'*) continue ;; esac
    [ -d "$out/$target" ] || continue
    up=$(echo "stubs/$ldir" | sed 's|[^/]*|..|g')
    for h in "$out/$target"/*.h; do
      [ -e "$out/stubs/$ldir/$(basename "$h")" ] || ln -s "$up/$target/$(basename "$h")" "$out/stubs/$ldir/"
    done
  done < "$here/stubs/links.tsv"
}

[ "$fetch" = 1 ] && ensure_deb_src
rm -rf "$out/stubs" && cp -a "$here/stubs" "$out/stubs" || die "cannot copy the stubs to '$out/stubs'"
while IFS=$'\t' read -r name src tree deps files flags; do
  case "$name" in ''|'#'*) continue ;; esac
  if [ -n "$only" ] && [[ ",$only," != *",$name,"* ]]; then continue; fi
  if [ "$fetch" = 1 ]; then
    ensure_debs "$deps" || { status=1; continue; }
    fetch_pkg "$src" "$tree" || { status=1; continue; }
  fi
  [ "$runs" = 1 ] || continue
  [ -d "$out/$tree" ] || { echo "corpus.sh: $name: $out/$tree is missing (fetch it)" >&2; status=1; continue; }
  link_stubs
  start=$(date +%s.%N)
  run_one "$name" "$files" "$flags" || { status=1; continue; }
  printf '%-22s %6.2f s  %s\n' "$name" "$(echo "$(date +%s.%N) - $start" | bc)" \
    "$(jq -r '.summary | "\(.files) files, \(.findings) findings, \(.parse_error_files) with parse errors, \(.incomplete_functions) incomplete"' "$reports/$name.json")"
done < "$here/sets/$set_name.tsv"
exit $status

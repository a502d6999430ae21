#!/usr/bin/env bash
# scripts/triage/mutate.sh - mutation recall of pqlint's leak rules on a corpus fetched by corpus.sh.
#
# Usage: scripts/triage/mutate.sh --pqlint BIN --corpus DIR [--set debian17] [--work DIR] [--scope S]
#                                 [--runs RUN,...] [--jobs N] [--list-only] [--timeout S] [--max-seconds S]
#   --corpus DIR   the folder corpus.sh fetched into (its stubs/ included)
#   --work DIR     scratch folder (a hard-linked copy of DIR, the reports, mutations.tsv);
#                  default /tmp/pqlint-mutate
#   --runs         runs of the set to mutate (default: the 15 packages of docs/triage-debian.md)
#   --jobs N       mutants analysed at the same time (default 2); each pqlint runs with -j 1
#   --list-only    count the deletions per class (and which end in exit), run nothing
#   --timeout S    per pqlint run (default 120); --max-seconds S: stop starting runs after S (3000)
#   --scope S      file: a mutant is analysed alone (default; repmgr's with dbutils.c); package: with
#                  all the files of its run (one pass-1 cache; a new leak in any file counts)
# Deletes one PQclear/PQfinish statement at a time and prints recall overall, per package and per
# class of handle (local, field, global, outparam, param); see mutate.py for the outcomes.
# Exit status: 0 done, 2 usage error.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
set_name=debian17
work=/tmp/pqlint-mutate
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --set) set_name=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --pqlint|--corpus|--runs|--jobs|--timeout|--max-seconds|--scope) pass+=("$1" "$2"); shift 2 ;;
    --list-only) pass+=("$1"); shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "mutate.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ -f "$here/sets/$set_name.tsv" ] || { echo "mutate.sh: unknown set '$set_name'" >&2; exit 2; }
command -v python3 >/dev/null || { echo "mutate.sh: needs python3" >&2; exit 2; }
mkdir -p "$work"
exec nice python3 "$here/mutate.py" --set-file "$here/sets/$set_name.tsv" --work "$work" "${pass[@]}"

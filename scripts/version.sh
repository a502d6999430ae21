#!/usr/bin/env bash
# scripts/version.sh - prints the project's version, read from its one source: project(... VERSION X.Y.Z) in CMakeLists.txt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
v=$(sed -n 's/^project(pqlint VERSION \([0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*\).*/\1/p' "$root/CMakeLists.txt")
[ -n "$v" ] || { echo "scripts/version.sh: no 'project(pqlint VERSION X.Y.Z' line in $root/CMakeLists.txt" >&2; exit 2; }
echo "$v"

#!/usr/bin/env bash
# scripts/deps.sh - installs the Debian packages pqlint and its tests need, only those missing.
# Usage: scripts/deps.sh build|test
set -euo pipefail
build_pkgs=(cmake make gcc pkg-config libclang-dev libpcre2-dev libcjson-dev libpq-dev)
test_pkgs=(postgresql pgbouncer pre-commit git jq man-db clang libclang-rt-14-dev debhelper dpkg-dev g++)  # g++: the C++ headers fixtures/cxx include
want=("${build_pkgs[@]}")
[ "${1:-build}" = test ] && want+=("${test_pkgs[@]}")
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# The SARIF validator comes from npm: any node + npm will do (Debian's, or a
# nodejs package that bundles npm), so only install Debian's when none is there.
if [ "${1:-build}" = test ] && ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/deps.sh: missing packages: ${missing[*]} (run as root, or install them)" >&2
  exit 2
fi
echo "scripts/deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# scripts/demo.sh - README command 1: installs what is missing, builds pqlint and pqpool (what `cmake --install build` installs), runs pqlint over the demo application.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh build
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# show the build's output only when it fails
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$log" 2>&1 || { cat "$log" >&2; exit 2; }
cmake --build build -j"$(nproc)" --target installable >"$log" 2>&1 || { cat "$log" >&2; exit 2; }
echo "\$ pqlint --summary fixtures/demo" >&2
set +e
build/src/lint/pqlint --summary fixtures/demo
rc=$?
set -e
echo "pqlint exited with $rc (0 clean, 1 findings, 2 error)" >&2
[ $rc -le 1 ]

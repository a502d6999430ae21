#!/usr/bin/env bash
# scripts/demo.sh - README command 1: installs what is missing, builds pqlint, runs it over the demo application.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target pqlint >/dev/null
set +e
build/src/lint/pqlint fixtures/demo
rc=$?
set -e
echo "pqlint exited with $rc (0 clean, 1 findings, 2 error)" >&2
[ $rc -le 1 ]

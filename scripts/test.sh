#!/usr/bin/env bash
# scripts/test.sh - README command 2: installs what is missing, builds everything, runs the whole test suite (ctest).
# The tests that need PostgreSQL start and stop their own server (tests/pg/pgtest.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh test
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
cd build
ctest --output-on-failure -j2 "$@"

#!/usr/bin/env bash
# share_cost.sh - what each way of sharing one server costs: the story's load (3 processes x max 10 x 16 threads, max_connections=20, 3 reserved) for SECONDS, with the host budget and with the even share; prints new connections per process per minute after the first 10 s.
#
#   bench/share_cost.sh [BUILD] [SECONDS]     (default build, 60; 20-64 s)
# Each run starts and stops its own PostgreSQL (tests/pg/pgtest.sh), unix socket only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
secs=${2:-60}
story=$build/tests/pool/pool_t_story
[ -x "$story" ] || { echo "share_cost.sh: $story not built (cmake --build BUILD --target pool_t_story)" >&2; exit 2; }
for mode in budget share; do
  "$story" "$mode" "$secs" | grep -E 'per minute|smallest share|FAIL'
done

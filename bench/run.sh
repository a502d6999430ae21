#!/usr/bin/env bash
# run.sh - runs pqpool_bench against its own PostgreSQL (tests/pg/pgtest.sh) and a pgbouncer in transaction mode, then stops both.
#
#   bench/run.sh [PQPOOL_BENCH] [-- extra pqpool_bench options]
# PQPOOL_BENCH defaults to build/bench/pqpool_bench. Everything listens on unix sockets
# in temporary folders only; both servers are stopped (by pid) on exit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${1:-$root/build/bench/pqpool_bench}
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
[ -x "$bench" ] || { echo "run.sh: $bench not built (cmake --build BUILD --target pqpool_bench)" >&2; exit 2; }
pgbouncer=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
[ -x "$pgbouncer" ] || { echo "run.sh: pgbouncer not installed (apt-get install pgbouncer)" >&2; exit 2; }

port=${PGTEST_PORT:-5432}
bport=6432
threads=8
pgdir= bdir= bpid=
cleanup() {
  if [ -n "$bpid" ] && kill -0 "$bpid" 2>/dev/null; then
    kill "$bpid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$bpid" 2>/dev/null || break; sleep 0.1; done
  fi
  [ -n "$bdir" ] && rm -rf "$bdir"
  [ -n "$pgdir" ] && "$root/tests/pg/pgtest.sh" stop "$pgdir"
}
trap cleanup EXIT

start=$(date +%s)
pgdir=$("$root/tests/pg/pgtest.sh" start 100)
conninfo="host=$pgdir port=$port user=postgres dbname=postgres"

# pgbouncer: transaction mode, unix socket only (no listen_addr), config in its own temp folder.
bdir=$(mktemp -d /tmp/pgbouncer.XXXXXX)
chmod 755 "$bdir"
cat >"$bdir/pgbouncer.ini" <<INI
[databases]
postgres = host=$pgdir port=$port dbname=postgres user=postgres

[pgbouncer]
unix_socket_dir = $bdir
listen_port = $bport
auth_type = trust
auth_file = $bdir/userlist.txt
pool_mode = transaction
default_pool_size = $threads
max_client_conn = 200
logfile = $bdir/pgbouncer.log
pidfile = $bdir/pgbouncer.pid
log_connections = 0
log_disconnections = 0
INI
echo '"postgres" ""' >"$bdir/userlist.txt"
if [ "$(id -u)" -eq 0 ]; then
  chown -R postgres: "$bdir"
  runuser -u postgres -- "$pgbouncer" -d "$bdir/pgbouncer.ini"
else
  "$pgbouncer" -d "$bdir/pgbouncer.ini"
fi
for _ in $(seq 50); do [ -s "$bdir/pgbouncer.pid" ] && [ -S "$bdir/.s.PGSQL.$bport" ] && break; sleep 0.1; done
bpid=$(cat "$bdir/pgbouncer.pid" 2>/dev/null || true)
[ -n "$bpid" ] || { echo "run.sh: pgbouncer did not start:" >&2; cat "$bdir/pgbouncer.log" >&2; exit 2; }
bouncer="host=$bdir port=$bport user=postgres dbname=postgres"

echo "server: PostgreSQL $(psql -At -h "$pgdir" -p "$port" -U postgres -d postgres -c 'show server_version' 2>/dev/null || echo '?') on $pgdir; pgbouncer $("$pgbouncer" --version | head -1 | awk '{print $2}') (transaction mode) on $bdir; $(nproc) cores"
rc=0
"$bench" --conninfo "$conninfo" --bouncer "$bouncer" --threads "$threads" "$@" || rc=$?

# Instructions per uncontended acquire+release, counted by callgrind (hardware counters are often
# unavailable in VMs): two runs that differ only in the number of pairs, difference / pairs.
# PQPOOL_BENCH_CALLGRIND=0 skips it.
if [ "${PQPOOL_BENCH_CALLGRIND:-1}" != 1 ]; then
  :
elif command -v valgrind >/dev/null; then
  count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bench" --conninfo "$conninfo" --count-pairs "$1" 2>&1 |
      awk '/Collected :/ {print $NF}'
  }
  small=$(count 2000) big=$(count 12000)
  if [ -n "$small" ] && [ -n "$big" ]; then
    echo "instructions per uncontended acquire+release (callgrind): $(( (big - small) / 10000 ))"
  fi
else
  echo "instructions per uncontended acquire+release: not counted (valgrind not installed)"
fi
echo "wall time: $(( $(date +%s) - start )) s"
exit $rc

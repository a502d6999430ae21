#!/usr/bin/env bash
# tests/pg/pgtest.sh - starts and stops a throw-away PostgreSQL server for one test (initdb into a temp folder, unix socket).
#
#   pgtest.sh start [MAX_CONNECTIONS] [-- EXTRA postgres -c settings...]
#       prints one line: the folder. The server listens on the unix socket
#       FOLDER/.s.PGSQL.$PGTEST_PORT (default 5432) and, if PGTEST_TCP=1, on 127.0.0.1:$PGTEST_PORT.
#       Connect with: host=FOLDER port=PORT user=postgres dbname=postgres
#   pgtest.sh stop FOLDER      stops that server (by its postmaster.pid) and removes the folder
#   pgtest.sh restart FOLDER   restarts it (same folder, same settings)
#   pgtest.sh ctl FOLDER ARGS  runs pg_ctl ARGS against it (e.g. "stop -m fast")
# As root, the server runs as the `postgres` user (initdb refuses root).
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || { echo "pgtest.sh: no PostgreSQL server found (apt-get install postgresql)" >&2; exit 2; }
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cmd=${1:-}; shift || true
case "$cmd" in
start)
  max=${1:-20}; shift || true
  [ "${1:-}" = "--" ] && shift
  dir=$(mktemp -d /tmp/pgtest.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  port=${PGTEST_PORT:-5432}
  listen="''"
  [ "${PGTEST_TCP:-0}" = 1 ] && listen="'127.0.0.1'"
  as_pg "$bindir/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 2; }
  {
    echo "max_connections = $max"
    echo "superuser_reserved_connections = 0"
    echo "listen_addresses = $listen"
    echo "port = $port"
    echo "unix_socket_directories = '$dir'"
    echo "fsync = off"
    echo "synchronous_commit = off"
    echo "full_page_writes = off"
    echo "shared_buffers = 32MB"
    for kv in "$@"; do echo "$kv"; done
  } >>"$dir/data/postgresql.conf"
  as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
    { cat "$dir/server.log" >&2; rm -rf "$dir"; exit 2; }
  echo "$dir"
  ;;
stop)
  dir=$1
  [ -d "$dir/data" ] || exit 0
  as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
restart)
  dir=$1
  as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >/dev/null
  ;;
ctl)
  dir=$1; shift
  as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" "$@"
  ;;
*)
  echo "usage: pgtest.sh start [MAX] [-- settings...] | stop DIR | restart DIR | ctl DIR ARGS" >&2
  exit 2
  ;;
esac

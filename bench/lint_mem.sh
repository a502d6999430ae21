#!/usr/bin/env bash
# bench/lint_mem.sh PQLINT - pqlint's peak memory (max RSS, /usr/bin/time, no cache) against the size of the largest file (generated C of 1, 2, 4, 8 MB, one file and several; MB and MB per MB of source over an empty run) and against the total size with the largest file fixed (1, 4, 8, 16 files of 1 MB: the default IR budget, and every unit spilled with --memory-budget 0; ratios against the one-file run), and the worst case for the summaries (1, 4, 8 files of 1 MB where every function has a summary of its own, all spilled). `lint_mem.sh PQLINT distinct`: only that table.
set -euo pipefail
P=$(readlink -f "${1:-build/src/lint/pqlint}")
ONLY=${2:-}  # "distinct": only the third table
T=$(mktemp -d /tmp/pqlint-mem.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T"
python3 - <<'PY'
body = '''int f%d(PGconn *c, int k) {
  PGresult *r = PQexec(c, "select 1");
  if (PQresultStatus(r) != PGRES_TUPLES_OK) { PQclear(r); return -1; }
  int n = PQntuples(r);
  for (int i = 0; i < n; i++) { if (k > i) k -= i; else k += 2 * i; }
  PQclear(r);
  return n + k;
}
'''
for p in range(16):  # 1 MB each, names of their own (one definition per name in the run)
    with open(f'tree{p}.c', 'w') as f:
        f.write('#include <libpq-fe.h>\n')
        i = size = 0
        while size < 1 << 20:
            s = body.replace('int f%d', 'int t%d_%%d' % p) % i
            f.write(s); size += len(s); i += 1
# the worst case for the summaries: every function a summary of its own (it stores a new
# connection into a field of its own record type: the ownership evidence names the record)
own = '''struct r%d { PGconn *c; int n; };
void o%d(struct r%d *s) { s->c = PQconnectdb("x"); s->n = 1; }
'''
for p in range(8):
    with open(f'own{p}.c', 'w') as f:
        f.write('#include <libpq-fe.h>\n')
        i = size = 0
        while size < 1 << 20:
            k = p * 100000 + i
            s = own % (k, k, k)
            f.write(s); size += len(s); i += 1
for mb in (1, 2, 4, 8):
    with open(f'gen{mb}.c', 'w') as f:
        f.write('#include <libpq-fe.h>\n')
        i = size = 0
        while size < mb << 20:
            s = body % i
            f.write(s); size += len(s); i += 1
PY
echo 'int x;' >empty.c
for k in a b c; do cp gen2.c gen2$k.c; done
# no cache: every run parses (a cache hit skips libclang, and which runs hit would depend on the order)
peak() { /usr/bin/time -f %M "$P" --no-progress --no-config --no-cache --exit-zero --max-file-size 0 "$@" 2>&1 >/dev/null | tail -1; }
spilled() { if [ "${SPILL_ALL:-}" = env ]; then PQL_TEST_SPILL_BYTES=1 peak "$@"; else peak --memory-budget 0 "$@"; fi; }
distinct_table() {
  printf '\n%-28s %12s %8s\n' "own-record functions, -j1" "all spilled" "ratio"
  local o1; o1=$(spilled -j1 own0.c)
  for n in 1 4 8; do
    files=(); for ((k = 0; k < n; k++)); do files+=("own$k.c"); done
    local s; s=$([ "$n" = 1 ] && echo "$o1" || spilled -j1 "${files[@]}")
    printf '%-28s %12.0f %8.2f\n' "$n x 1 MB ($n MB)" "$(awk "BEGIN{print $s/1024}")" "$(awk "BEGIN{print $s/$o1}")"
  done
}
if [ "$ONLY" = distinct ]; then distinct_table; exit 0; fi
base=$(peak -j1 empty.c)
printf '%-28s %8s %14s\n' run "peak MB" "MB/MB source"
printf '%-28s %8.0f %14s\n' "empty file (baseline)" "$(awk "BEGIN{print $base/1024}")" -
row() { # label, MB of source that the ratio is taken against, args
  local label=$1 mb=$2; shift 2
  local kb; kb=$(peak "$@")
  printf '%-28s %8.0f %14.1f\n' "$label" "$(awk "BEGIN{print $kb/1024}")" "$(awk "BEGIN{print ($kb-$base)/1024/$mb}")"
}
for mb in 1 2 4 8; do row "one ${mb} MB file, -j1" $mb -j1 gen$mb.c; done
row "4 x 2 MB files, -j1 (total)" 8 -j1 gen2.c gen2a.c gen2b.c gen2c.c
row "4 x 2 MB files, -j2 (total)" 8 -j2 gen2.c gen2a.c gen2b.c gen2c.c

# the same largest file (1 MB), a growing tree: with the default budget (256 MB of IR) and with
# every unit spilled (--memory-budget 0, what a bigger tree does past the budget; SPILL_ALL overrides
# the arguments that ask for it, e.g. SPILL_ALL=env for a pqlint older than the option)
printf '\n%-28s %8s %8s %12s %8s\n' "tree of 1 MB files, -j1" "default" "ratio" "all spilled" "ratio"
d1=$(peak -j1 tree0.c); s1=$(spilled -j1 tree0.c)
for n in 1 4 8 16; do
  files=(); for ((k = 0; k < n; k++)); do files+=("tree$k.c"); done
  d=$([ "$n" = 1 ] && echo "$d1" || peak -j1 "${files[@]}")
  s=$([ "$n" = 1 ] && echo "$s1" || spilled -j1 "${files[@]}")
  printf '%-28s %8.0f %8.2f %12.0f %8.2f\n' "$n x 1 MB ($n MB)" "$(awk "BEGIN{print $d/1024}")" \
    "$(awk "BEGIN{print $d/$d1}")" "$(awk "BEGIN{print $s/1024}")" "$(awk "BEGIN{print $s/$s1}")"
done
distinct_table

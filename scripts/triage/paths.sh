# scripts/triage/paths.sh - sourced by corpus.sh and fresh3.sh: checks the pqlint to run and makes the corpus and report folders absolute.
#
# triage_paths DEFAULT_REPORTS: reads and sets the caller's $pqlint (checked and made absolute
# when $runs is 1), $out (created, made absolute) and $reports (DEFAULT_REPORTS when empty;
# created, made absolute). Calls the caller's die (exit 2) on an error.
triage_paths() {
  if [ "$runs" = 1 ]; then
    [ -x "$pqlint" ] || die "pqlint '$pqlint' is not an executable file"
    pqlint=$(cd "$(dirname "$pqlint")" && pwd)/$(basename "$pqlint")
  fi
  mkdir -p "$out" || die "cannot create '$out'"
  out=$(cd "$out" && pwd)
  [ -n "$reports" ] || reports="$out/$1"
  mkdir -p "$reports" || die "cannot create '$reports'"
  reports=$(cd "$reports" && pwd)
}

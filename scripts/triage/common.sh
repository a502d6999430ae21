# scripts/triage/common.sh - sourced by corpus.sh and fresh3.sh: the pqlint and folder checks and the Debian package test both runners share.
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

# triage_missing_debs LIST: prints the comma-separated Debian packages (LIST, or - for none) that
# are not installed, space-separated; prints nothing when all are.
triage_missing_debs() {
  local p missing=()
  [ "$1" = - ] && return 0
  for p in ${1//,/ }; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  echo "${missing[*]}"
}

#!/usr/bin/env bash
# scripts/release.sh - makes a release: sets the version everywhere it is written, adds the debian/changelog entry, commits and tags vX.Y.Z (annotated). Pushing is left to you.
#
#   scripts/release.sh X.Y.Z
# Needs a clean work tree and a version greater than the current one (scripts/version.sh).
# Exit 0 released, 2 refused (nothing changed). Then: git push origin HEAD vX.Y.Z
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
die() { echo "scripts/release.sh: $*" >&2; exit 2; }
[ $# -eq 1 ] || die "usage: scripts/release.sh X.Y.Z"
new=$1
[[ $new =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]] || die "'$new' is not a version X.Y.Z"
old=$(bash scripts/version.sh) || die "cannot read the current version"
[ "$new" != "$old" ] && [ "$(printf '%s\n%s\n' "$old" "$new" | sort -V | tail -1)" = "$new" ] ||
  die "$new is not greater than the current version $old"
git rev-parse --git-dir >/dev/null 2>&1 || die "$root is not a git work tree"
[ -z "$(git status --porcelain --untracked-files=no)" ] || die "the work tree has uncommitted changes: commit or stash them first"
git rev-parse -q --verify "refs/tags/v$new" >/dev/null && die "tag v$new exists already"

# every place that writes the version (the tests compare them with scripts/version.sh)
sed -i "s/^project(pqlint VERSION $old /project(pqlint VERSION $new /" CMakeLists.txt
sed -i "s/^\.TH PQLINT 1 \"\([0-9]*\)\" \"pqlint $old\"/.TH PQLINT 1 \"$(date -u +%Y)\" \"pqlint $new\"/" docs/pqlint.1
sed -i "s/^\( *rev: \)v$old\$/\1v$new/" docs/ci.md docs/usage.md
sed -i "s/\(uses: <your fork>\/pqlint@\)v$old\$/\1v$new/" docs/ci.md
sed -i "s/\"name\": \"pqlint\", \"version\": \"$old\"/\"name\": \"pqlint\", \"version\": \"$new\"/" docs/json-format.md
[ "$(bash scripts/version.sh)" = "$new" ] || die "CMakeLists.txt was not updated (its project() line changed shape?)"

# debian/changelog: a new entry with the commits since the last release
prev=$(git describe --tags --abbrev=0 --match 'v[0-9]*' 2>/dev/null || true)
range=${prev:+$prev..}HEAD
{
  echo "pqlint ($new) unstable; urgency=medium"
  echo
  git log --no-merges --format='  * %s' "$range" | cut -c1-79 | head -200
  [ -n "$(git log --no-merges --format=x "$range" | head -1)" ] || echo "  * Release $new."
  echo
  echo " -- pqlint developers <pqlint@localhost>  $(date -u -R)"
  echo
  cat debian/changelog
} >debian/changelog.new
mv debian/changelog.new debian/changelog

git add CMakeLists.txt docs/pqlint.1 docs/ci.md docs/usage.md docs/json-format.md debian/changelog
git commit -q -m "release $new"
git tag -a "v$new" -m "pqlint $new"
echo "released $new (tag v$new on $(git rev-parse --short HEAD)); publish with: git push origin HEAD v$new"

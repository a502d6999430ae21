#!/usr/bin/env bash
# tests/integration/integration_test.sh - one integration case per call: integration_test.sh CASE PQLINT SOURCE_DIR BUILD_DIR CMAKE.
# Cases run pqlint where users run it (installed, pre-commit, CI, baselines,
# shards); the docs' examples are taken from docs/usage.md and docs/ci.md as
# written (see block() below), so a doc that drifts from pqlint fails here.
set -uo pipefail
case_name=$1
PQLINT=$2
SRC=$3
BUILD=$4
CMAKE=${5:-cmake}
T=$(mktemp -d /tmp/pqlint-integ.XXXXXX)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
export NO_COLOR=1
# pqlint on PATH, as users have it (the build's binary; the install case uses the installed one)
mkdir -p "$T/bin" && ln -s "$PQLINT" "$T/bin/pqlint"
export PATH="$T/bin:$PATH"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com

fail() { echo "FAIL [$case_name]: $*" >&2; exit 1; }

# run ARGS...: runs pqlint, sets $rc, $out (stdout), $err (stderr)
run() {
  pqlint --no-progress "$@" >"$T/.out" 2>"$T/.err"
  rc=$?
  out=$(cat "$T/.out")
  err=$(cat "$T/.err")
}
expect_rc() { [ "$rc" -eq "$1" ] || fail "expected exit $1, got $rc; stdout: $out; stderr: $err"; }
expect_err() { grep -qF -- "$1" "$T/.err" || fail "stderr lacks '$1': $err"; }
expect_out() { grep -qF -- "$1" "$T/.out" || fail "stdout lacks '$1': $out"; }

# block FILE NAME: the fenced block after the line "<!-- test: NAME -->" (or
# "<!-- workflow: NAME -->") of docs/FILE, without its fences.
block() {
  local b
  b=$(awk -v m1="<!-- test: $2 -->" -v m2="<!-- workflow: $2 -->" '
    $0 == m1 || $0 == m2 { want = 1; next }
    want && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$SRC/docs/$1")
  [ -n "$b" ] || fail "docs/$1 has no block '$2'"
  printf '%s\n' "$b"
}

# copy_source DIR: this tree's files as a user's checkout has them (tracked and untracked,
# not ignored; no build folders) into the existing folder DIR.
copy_source() {
  if git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1; then
    (cd "$SRC" && git ls-files -co --exclude-standard -z | tar --null -cf - -T -) | tar -xf - -C "$1"
  else
    (cd "$SRC" && tar --exclude='./build*' -cf - .) | tar -xf - -C "$1"
  fi
}

# The fixture tree: one direct-connect finding in src/leaky.c (line 2, in
# open_db), clean files, and a compile database in build/.
make_tree() {
  mkdir -p "$1/src" "$1/include" "$1/build"
  cat >"$1/src/leaky.c" <<'C'
#include <libpq-fe.h>
PGconn *open_db(void) { return PQconnectdb("host=db dbname=app"); }
C
  cat >"$1/src/clean.c" <<'C'
int add(int a, int b) { return a + b; }
C
  cat >"$1/include/app.h" <<'C'
#define APP_CONNINFO "host=db dbname=app"
C
  cat >"$1/build/compile_commands.json" <<JSON
[
  {"directory": "$1", "file": "src/leaky.c", "command": "cc -Iinclude -c src/leaky.c -o build/leaky.o"},
  {"directory": "$1", "file": "src/clean.c", "command": "cc -Iinclude -c src/clean.c -o build/clean.o"}
]
JSON
}

case "$case_name" in

action)
  # action.yml run the way the runner runs a composite action: each step's run script under
  # bash -eo pipefail with ${{ inputs.* }} filled in, its env:, GITHUB_ACTION_PATH (this tree),
  # RUNNER_TEMP, GITHUB_OUTPUT. On a tree with one finding: fail-on-findings true fails the step
  # with the SARIF written, false passes with exit-code=1, a bad option fails with exit-code=2.
  # The docs' workflow uses only inputs the action declares.
  make_tree "$T/proj"
  block ci.md action >"$T/wf.yml"
  python3 - "$SRC/action.yml" "$T/wf.yml" >"$T/action.json" <<'PY' || fail "action.yml or the docs' action workflow is not valid"
import json, sys, yaml
act = yaml.safe_load(open(sys.argv[1]))
assert act["runs"]["using"] == "composite", "not a composite action"
wf = yaml.safe_load(open(sys.argv[2]))
used = [s for j in wf["jobs"].values() for s in j["steps"] if "pqlint@" in s.get("uses", "")]
assert len(used) == 1, "the docs' workflow does not use the action once"
unknown = set(used[0].get("with", {})) - set(act["inputs"])
assert not unknown, "the docs' workflow passes inputs the action does not declare: %s" % unknown
steps = []
for st in act["runs"]["steps"]:
    assert st.get("shell") == "bash", "a step without shell: bash"
    steps.append({"id": st.get("id", ""), "run": st["run"], "env": st.get("env", {})})
print(json.dumps({"defaults": {k: v.get("default", "") for k, v in act["inputs"].items()}, "steps": steps}))
PY
  # run_action CASE INPUT=VALUE...: runs every step in order; stops at a failing one; sets $rc
  run_action() {
    local name=$1; shift
    python3 - "$T/action.json" "$T/$name" "$@" <<'PY'
import json, os, re, shlex, sys
spec = json.load(open(sys.argv[1])); out = sys.argv[2]
inputs = dict(spec["defaults"])
for kv in sys.argv[3:]:
    k, v = kv.split("=", 1); inputs[k] = v
os.makedirs(out, exist_ok=True)
sub = lambda s: re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: inputs[m.group(1)], s)
for i, st in enumerate(spec["steps"]):
    open(os.path.join(out, "step%d.sh" % i), "w").write(sub(st["run"]))
    open(os.path.join(out, "step%d.env" % i), "w").write("".join("%s=%s\n" % (k, shlex.quote(sub(str(v)))) for k, v in st["env"].items()))
PY
    local i=0
    rc=0
    : >"$T/$name/output"
    while [ -f "$T/$name/step$i.sh" ]; do
      (set -a; . "$T/$name/step$i.env"; set +a
       GITHUB_ACTION_PATH=$SRC RUNNER_TEMP=$T/runner GITHUB_OUTPUT=$T/$name/output \
         bash --noprofile --norc -eo pipefail "$T/$name/step$i.sh") >"$T/$name/log$i" 2>&1 || { rc=$?; return; }
      i=$((i + 1))
    done
  }
  cd "$T/proj" || exit 2
  mkdir -p "$T/runner"
  run_action fail "args=src" "sarif-file=out/pqlint.sarif"
  [ "$rc" -eq 1 ] || fail "findings with fail-on-findings true: exit $rc, want 1: $(tail -n 3 "$T"/fail/log*)"
  grep -qx "exit-code=1" "$T/fail/output" || fail "exit-code output: $(cat "$T/fail/output")"
  grep -q "::error::pqlint reported findings" "$T/fail/log2" || fail "no error annotation: $(cat "$T/fail/log2")"
  jq -e '.version == "2.1.0" and ([.runs[0].results[] | select(.ruleId == "direct-connect")] | length) == 1' \
    out/pqlint.sarif >/dev/null || fail "the action's SARIF lacks the finding"
  grep -q "^pqlint [0-9]" "$T/fail/log1" || fail "the build step did not print pqlint's version: $(tail -n 3 "$T/fail/log1")"
  rm -rf out
  run_action pass "args=src" "fail-on-findings=false"
  [ "$rc" -eq 0 ] || fail "fail-on-findings false: exit $rc, want 0: $(tail -n 3 "$T"/pass/log*)"
  grep -qx "exit-code=1" "$T/pass/output" && grep -qx "sarif-file=pqlint.sarif" "$T/pass/output" ||
    fail "outputs: $(cat "$T/pass/output")"
  [ -s pqlint.sarif ] || fail "no pqlint.sarif with the default sarif-file"
  run_action bad "args=--no-such-option src" "fail-on-findings=false"
  [ "$rc" -eq 2 ] && grep -qx "exit-code=2" "$T/bad/output" || fail "a bad option: exit $rc, outputs $(cat "$T/bad/output")"
  echo "ok action"
  ;;

release)
  # scripts/release.sh on a copy of this tree in a fresh repository: refuses a bad, a smaller
  # and an equal version and a dirty tree (exit 2, nothing changed), then releases 99.1.0: every
  # place that writes the version says it, debian/changelog parses with the new entry on top,
  # and the annotated tag v99.1.0 is the release commit.
  mkdir -p "$T/rel"
  copy_source "$T/rel"
  cd "$T/rel" || exit 2
  git init -q && git add -A && git commit -q -m base && git tag -a v0.0.1 -m old
  old=$(bash scripts/version.sh)
  head0=$(git rev-parse HEAD)
  for bad in 1.2 v1.2.3 01.2.3 "$old" 0.0.0; do
    bash scripts/release.sh "$bad" >"$T/rel.out" 2>&1; rc=$?
    [ "$rc" -eq 2 ] || fail "release.sh $bad: exit $rc, want 2: $(cat "$T/rel.out")"
  done
  echo x >>README.md
  bash scripts/release.sh 99.1.0 >"$T/rel.out" 2>&1; rc=$?
  [ "$rc" -eq 2 ] && grep -q "uncommitted" "$T/rel.out" || fail "dirty tree not refused: exit $rc: $(cat "$T/rel.out")"
  git checkout -q README.md
  [ "$(git rev-parse HEAD)" = "$head0" ] && [ -z "$(git status --porcelain)" ] && [ -z "$(git tag -l 'v99*')" ] ||
    fail "a refused release changed the repository"
  git commit -q --allow-empty -m "a change since v0.0.1"
  bash scripts/release.sh 99.1.0 >"$T/rel.out" 2>&1 || fail "release.sh 99.1.0 failed: $(cat "$T/rel.out")"
  [ "$(bash scripts/version.sh)" = 99.1.0 ] || fail "CMakeLists.txt not at 99.1.0"
  grep -q '^\.TH PQLINT 1 "[0-9]*" "pqlint 99.1.0"' docs/pqlint.1 || fail "pqlint.1 not at 99.1.0: $(sed -n 3p docs/pqlint.1)"
  grep -q "rev: v99.1.0" docs/ci.md && grep -q "rev: v99.1.0" docs/usage.md || fail "the pre-commit examples do not pin v99.1.0"
  grep -q "uses: <your fork>/pqlint@v99.1.0" docs/ci.md || fail "the action example does not pin v99.1.0"
  grep -q '"version": "99.1.0"' docs/json-format.md || fail "json-format.md's example not at 99.1.0"
  git grep -n "\b$old\b" -- CMakeLists.txt docs/pqlint.1 docs/ci.md docs/usage.md docs/json-format.md >"$T/rel.left" &&
    fail "the old version $old is still written: $(cat "$T/rel.left")"
  [ "$(dpkg-parsechangelog -S Version)" = 99.1.0 ] || fail "debian/changelog's top version: $(dpkg-parsechangelog -S Version)"
  dpkg-parsechangelog -S Changes | grep -qF "a change since v0.0.1" || fail "the changelog entry lacks the commits since the last tag"
  [ "$(git cat-file -t v99.1.0)" = tag ] || fail "v99.1.0 is not an annotated tag"
  [ "$(git rev-parse 'v99.1.0^{commit}')" = "$(git rev-parse HEAD)" ] || fail "v99.1.0 is not the release commit"
  [ "$(git log -1 --format=%s)" = "release 99.1.0" ] && [ -z "$(git status --porcelain)" ] || fail "release commit missing or tree dirty"
  echo "ok release"
  ;;

deb)
  # debian/: dpkg-buildpackage builds pqlint, libpqpool0 and libpqpool-dev from a copy of the
  # source (a clean environment: no user PATH, so no tool shims leak into the control files);
  # they install with dpkg into a root folder of their own; the installed pqlint reports a
  # finding, and a program built from the installed header, pkg-config file and CMake package
  # runs against the installed library.
  ver=$(bash "$SRC/scripts/version.sh") || fail "no project version"
  head -1 "$SRC/debian/changelog" | grep -qF "pqlint ($ver)" ||
    fail "debian/changelog's top entry is not the project version $ver: $(head -1 "$SRC/debian/changelog")"
  mkdir -p "$T/pkg/pqlint-$ver"
  copy_source "$T/pkg/pqlint-$ver"
  (cd "$T/pkg/pqlint-$ver" && env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$T" LANG=C.UTF-8 \
     dpkg-buildpackage -b -us -uc -j2) >"$T/dpkg-build.log" 2>&1 ||
    fail "dpkg-buildpackage failed: $(tail -20 "$T/dpkg-build.log")"
  for p in pqlint libpqpool0 libpqpool-dev; do
    [ -f "$T/pkg/${p}_${ver}_amd64.deb" ] || fail "no ${p}_${ver}_amd64.deb: $(ls "$T/pkg")"
  done
  deb() { echo "$T/pkg/${1}_${ver}_amd64.deb"; }
  has() { dpkg-deb -c "$(deb "$1")" | awk '{print $6}' | grep -qx "./$2" || fail "$1 lacks $2"; }
  has pqlint usr/bin/pqlint
  has pqlint usr/share/man/man1/pqlint.1.gz
  has libpqpool0 usr/lib/x86_64-linux-gnu/libpqpool.so.0
  has libpqpool-dev usr/include/pqpool.h
  has libpqpool-dev usr/lib/x86_64-linux-gnu/pkgconfig/pqpool.pc
  has libpqpool-dev usr/lib/x86_64-linux-gnu/cmake/pqpool/pqpoolConfig.cmake
  has libpqpool-dev usr/share/man/man3/pqpool_acquire.3.gz
  dpkg-deb -c "$(deb libpqpool0)" | awk '{print $6}' | grep -q 'include/' && fail "libpqpool0 ships headers"
  dpkg-deb -f "$(deb libpqpool-dev)" Depends | grep -qF "libpqpool0 (= $ver)" ||
    fail "libpqpool-dev does not depend on libpqpool0 (= $ver): $(dpkg-deb -f "$(deb libpqpool-dev)" Depends)"
  dpkg-deb -f "$(deb pqlint)" Depends | grep -q libclang || fail "pqlint's Depends lack libclang"
  for p in pqlint libpqpool0 libpqpool-dev; do # control files are plain text (no tool's noise)
    dpkg-deb --ctrl-tarfile "$(deb "$p")" | tar -tf - | while read -r m; do
      case $m in ./|./md5sums) continue ;; esac
      dpkg-deb --ctrl-tarfile "$(deb "$p")" | tar -xOf - "$m" | grep -q '^/' && fail "$p control file $m has a stray line"
    done
  done
  # install into a root of its own (its dpkg database starts empty, so dependencies are forced)
  R=$T/root
  mkdir -p "$R/var/lib/dpkg/updates" "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/triggers"
  : >"$R/var/lib/dpkg/status"; : >"$R/var/lib/dpkg/available"
  force=(--force-depends --force-script-chrootless --no-triggers)
  [ "$(id -u)" -ne 0 ] && force+=(--force-not-root)
  dpkg --root="$R" "${force[@]}" -i "$(deb pqlint)" "$(deb libpqpool0)" "$(deb libpqpool-dev)" >"$T/dpkg-i.log" 2>&1 ||
    fail "dpkg -i failed: $(tail "$T/dpkg-i.log")"
  [ "$(dpkg --root="$R" -l | grep -c "^ii  \(pqlint\|libpqpool0\|libpqpool-dev\)[: ]")" -eq 3 ] ||
    fail "not all three packages installed: $(dpkg --root="$R" -l | tail -4)"
  "$R/usr/bin/pqlint" --version | grep -qx "pqlint $ver" || fail "installed pqlint --version: $("$R/usr/bin/pqlint" --version)"
  make_tree "$T/tree"
  (cd "$T/tree" && "$R/usr/bin/pqlint" --no-config --no-progress src) >"$T/deb-lint.out" 2>&1
  rc=$?
  [ "$rc" -eq 1 ] && grep -qF "src/leaky.c:2:" "$T/deb-lint.out" || fail "installed pqlint: exit $rc: $(cat "$T/deb-lint.out")"
  man -l "$R/usr/share/man/man3/pqpool_create.3.gz" 2>/dev/null | grep -q pqpool_create || fail "pqpool_create(3) does not render"
  # a consumer: pkg-config (pqpool.pc finds its prefix from its own folder), then CMake's find_package
  cat >"$T/app.c" <<'C'
#include <pqpool.h>
#include <stdio.h>
int main(void) {
  pqpool_config cfg;
  pqpool_config_init(&cfg);
  printf("pqpool %s\n", PQPOOL_VERSION);
  return cfg.max_size > 0 ? 0 : 1;
}
C
  ml=$R/usr/lib/x86_64-linux-gnu
  flags=$(PKG_CONFIG_PATH="$ml/pkgconfig" pkg-config --cflags --libs pqpool) ||
    fail "pkg-config does not find the installed pqpool.pc"
  inc=$(PKG_CONFIG_PATH="$ml/pkgconfig" pkg-config --cflags-only-I pqpool | awk '{sub(/^-I/, "", $1); print $1}')
  [ "$(realpath "$inc")" = "$R/usr/include" ] || fail "pkg-config's first include folder is not the installed one: $flags"
  # shellcheck disable=SC2086
  cc "$T/app.c" -o "$T/app" $flags 2>"$T/cc.err" || fail "consumer does not build: $flags: $(cat "$T/cc.err")"
  LD_LIBRARY_PATH="$ml" "$T/app" | grep -qx "pqpool $ver" || fail "consumer does not run against the installed library"
  mkdir -p "$T/capp"
  cp "$T/app.c" "$T/capp/"
  block usage.md install-prefix-cmake >"$T/capp/CMakeLists.txt"
  "$CMAKE" -S "$T/capp" -B "$T/capp/b" -DCMAKE_PREFIX_PATH="$R/usr" >"$T/capp.log" 2>&1 &&
    "$CMAKE" --build "$T/capp/b" >>"$T/capp.log" 2>&1 || fail "find_package consumer: $(tail "$T/capp.log")"
  LD_LIBRARY_PATH="$ml" "$T/capp/b/app" | grep -qx "pqpool $ver" || fail "find_package consumer does not run"
  echo "ok deb"
  ;;

install-prefix)
  # docs/usage.md blocks "install-prefix" and "install-prefix-cmake" as written, with HOME a
  # temporary folder and `build` the build under test: pqlint, its man page and a program using
  # pqpool (pkg-config and find_package) work from ~/.local with the docs' search paths. Without
  # the docs' LD_LIBRARY_PATH line the pkg-config program does not start (the line is needed).
  export HOME=$T/home
  mkdir -p "$HOME/proj"
  cd "$HOME/proj" || exit 2
  ln -s "$BUILD" build
  block usage.md install-prefix >steps.sh
  block usage.md install-prefix-cmake >CMakeLists.txt
  cat >app.c <<'C'
#include <pqpool.h>
#include <stdio.h>
int main(void) {
  pqpool_config cfg;
  pqpool_config_init(&cfg);
  printf("pqpool %s, max_size %d\n", PQPOOL_VERSION, cfg.max_size);
  return cfg.max_size > 0 ? 0 : 1;
}
C
  # the docs' cmake is the user's; the test's is $CMAKE (same binary on PATH first)
  mkdir -p "$T/cm" && ln -s "$CMAKE" "$T/cm/cmake"
  (PATH="$T/cm:/usr/bin:/bin" bash -e steps.sh) >"$T/steps.log" 2>&1 || fail "the docs' lines failed: $(tail -20 "$T/steps.log")"
  [ "$(grep -c '^pqpool [0-9]*\.[0-9]*\.[0-9]*, max_size [1-9]' "$T/steps.log")" -eq 2 ] ||
    fail "the pkg-config and the CMake program did not both run: $(tail "$T/steps.log")"
  [ -f "$HOME/.local/lib/libpqpool.so.0" ] || fail "libpqpool.so.0 is not in ~/.local/lib as the docs say"
  # the same shell lines give pqlint and its page
  (PATH="$T/cm:/usr/bin:/bin" bash -e -c "$(grep '^export' steps.sh)"'
     [ "$(command -v pqlint)" = "$HOME/.local/bin/pqlint" ] && pqlint --version &&
     MANPAGER=cat man pqlint | grep -q "EXIT STATUS" && man 3 pqpool_create | grep -q pqpool_create') \
     >"$T/path.log" 2>&1 || fail "pqlint or its man pages not found with the docs' paths: $(tail "$T/path.log")"
  # the LD_LIBRARY_PATH line is needed: without it the pkg-config program does not start
  if (env -u LD_LIBRARY_PATH ./app) >"$T/noldp.log" 2>&1; then
    fail "./app ran without LD_LIBRARY_PATH: the docs' line would not be needed"
  fi
  grep -q "libpqpool.so.0" "$T/noldp.log" || fail "./app without LD_LIBRARY_PATH failed otherwise: $(cat "$T/noldp.log")"
  echo "ok install-prefix"
  ;;

install)
  # docs/usage.md block "install", run from its second line on: the first line (configure
  # and build) made $BUILD, the build under test. Here build is $BUILD, ~/.local is
  # $T/prefix, and the prefix's bin, man and pkgconfig folders are on the search paths.
  prefix=$T/prefix
  block usage.md install | sed -n '2,$p' |
    sed -e "s#^cmake --install build #\"$CMAKE\" --install \"$BUILD\" #" -e "s#~/.local#$prefix#" >"$T/install.sh"
  grep -q "^\"$CMAKE\" --install \"$BUILD\" --prefix $prefix\$" "$T/install.sh" || fail "usage.md install block changed: $(cat "$T/install.sh")"
  mkdir -p "$T/home"
  (cd "$T/home" && PATH="$prefix/bin:$PATH" MANPATH="$prefix/share/man" MANPAGER=cat MANWIDTH=80 \
     PKG_CONFIG_PATH="$prefix/lib/pkgconfig:$prefix/lib/x86_64-linux-gnu/pkgconfig" \
     bash -e "$T/install.sh") >"$T/install.log" 2>&1 || fail "install block failed: $(tail "$T/install.log")"
  [ -x "$prefix/bin/pqlint" ] || fail "no bin/pqlint installed"
  ver=$(bash "$SRC/scripts/version.sh") || fail "no project version"
  grep -qF "$ver" "$T/install.log" || fail "pqlint --version printed no version: $(tail "$T/install.log")"
  grep -q "pqlint - find PostgreSQL libpq" "$T/install.log" || fail "man pqlint did not show the page"
  grep -q -- "-lpqpool" "$T/install.log" || fail "pkg-config did not find pqpool"
  # the installed binary, from another folder, on a copied fixture: findings, exit 1
  make_tree "$T/elsewhere"
  cd "$T/elsewhere" || exit 2
  PATH="$prefix/bin:/usr/bin:/bin"
  [ "$(command -v pqlint)" = "$prefix/bin/pqlint" ] || fail "installed pqlint not first on PATH"
  run src; expect_rc 1
  expect_out "src/leaky.c:2:"
  expect_out "[direct-connect]"
  run src/clean.c; expect_rc 0
  run --version; expect_rc 0
  expect_out "$ver"
  run --list-rules; expect_rc 0
  expect_out "conn-leak"
  # the man page renders, by path and through MANPATH ("man pqlint")
  # (outputs go to files before grep: with pipefail, grep -q quitting early SIGPIPEs the writer)
  man -l "$prefix/share/man/man1/pqlint.1" >"$T/man.out" 2>"$T/man.err"
  grep -q "pqlint - find PostgreSQL libpq" "$T/man.out" ||
    fail "man -l does not render the page: $(cat "$T/man.err")"
  [ -s "$T/man.err" ] && fail "man warnings: $(cat "$T/man.err")"
  MANPATH="$prefix/share/man" MANPAGER=cat man pqlint >"$T/man2.out" 2>/dev/null
  grep -q "EXIT STATUS" "$T/man2.out" ||
    fail "man pqlint with MANPATH does not find the page"
  # pkg-config finds pqpool; a tiny program compiles, links and runs against the installed library
  export PKG_CONFIG_PATH="$prefix/lib/pkgconfig:$prefix/lib/x86_64-linux-gnu/pkgconfig:$prefix/lib64/pkgconfig"
  flags=$(pkg-config --cflags --libs pqpool) || fail "pkg-config does not find pqpool"
  inc=$(pkg-config --variable=includedir pqpool)
  [ "$(realpath "$inc")" = "$(realpath "$prefix/include")" ] && [ -f "$inc/pqpool.h" ] ||
    fail "pqpool's includedir is not the installed one: $inc ($flags)"
  cat >tiny.c <<'C'
#include <pqpool.h>
#include <stdio.h>
int main(void) {
  pqpool_config cfg;
  pqpool_config_init(&cfg);
  const char* s = pqpool_strerror(PQPOOL_ESTALE);
  printf("%s\n", s ? s : "(null)");
  return s && *s ? 0 : 1;
}
C
  # shellcheck disable=SC2086
  cc tiny.c -o tiny $flags 2>"$T/cc.err" || fail "tiny program does not build: $(cat "$T/cc.err")"
  libdir=$(pkg-config --variable=libdir pqpool)
  LD_LIBRARY_PATH="$libdir" ./tiny >tiny.out || fail "tiny program failed: $(cat tiny.out)"
  LD_LIBRARY_PATH="$libdir" ldd ./tiny >"$T/ldd.out" 2>&1
  got=$(awk '$1 ~ /^libpqpool\.so/ {print $3}' "$T/ldd.out")
  [ -n "$got" ] && [ "$(realpath "$(dirname "$got")")" = "$(realpath "$libdir")" ] ||
    fail "not linked to the installed libpqpool ($libdir): $(cat "$T/ldd.out")"
  # and the static library, linked by path with its private dependencies (libpq itself shared; no cJSON)
  sflags="$(pkg-config --cflags pqpool) -lpq -lpthread"
  # shellcheck disable=SC2086
  cc tiny.c -o tiny-static "$libdir/libpqpool.a" $sflags 2>"$T/cc.err" || fail "static link fails: $(cat "$T/cc.err")"
  ./tiny-static >/dev/null || fail "statically linked program failed"
  # relocatable: the same tree moved elsewhere still answers pkg-config
  mv "$prefix" "$T/moved"
  inc=$(PKG_CONFIG_PATH="${PKG_CONFIG_PATH//$prefix/$T/moved}" pkg-config --variable=includedir pqpool)
  [ "$(realpath "$inc" 2>/dev/null)" = "$T/moved/include" ] || fail "pqpool.pc is not relocatable: $inc"
  ;;

precommit-local | precommit-remote)
  command -v pre-commit >/dev/null || fail "pre-commit missing (apt-get install pre-commit)"
  export PRE_COMMIT_HOME="$T/pc-home" HOME="$T/home"
  mkdir -p "$HOME"
  make_tree "$T/repo"
  cd "$T/repo" || exit 2
  git init -q . || fail "git init"
  if [ "$case_name" = precommit-remote ]; then
    # docs/usage.md block "precommit-remote", as written: its repository URL is redirected
    # (git insteadOf, offline) to a temporary clone of this repository, tagged as its rev.
    git clone -q "$SRC" "$T/pqlint-repo" || fail "cannot clone $SRC"
    [ -f "$T/pqlint-repo/.pre-commit-hooks.yaml" ] || fail ".pre-commit-hooks.yaml is not committed"
    rev=$(block usage.md precommit-remote | sed -n 's/^ *rev: *//p')
    url=$(block usage.md precommit-remote | sed -n 's/^ *- repo: *//p')
    git -C "$T/pqlint-repo" tag -f "$rev" >/dev/null || fail "cannot tag the clone"
    git config --global url."$T/pqlint-repo".insteadOf "$url"
    block usage.md precommit-remote >.pre-commit-config.yaml
  else
    block usage.md precommit-local >.pre-commit-config.yaml  # docs/usage.md block "precommit-local"
    rm -rf build   # no compile database: pqlint still analyses with plain flags
  fi
  git add .pre-commit-config.yaml src/clean.c include && { [ ! -d build ] || git add build; } && git commit -qm init --no-verify || fail "first commit"
  pre-commit install >"$T/pc.log" 2>&1 || fail "pre-commit install: $(cat "$T/pc.log")"
  # a commit with a finding is refused
  git add src/leaky.c
  git commit -m "add leaky" >"$T/commit.log" 2>&1 && fail "commit with a finding went through: $(cat "$T/commit.log")"
  grep -q "src/leaky.c:2:.*\[direct-connect\]" "$T/commit.log" || fail "hook output lacks the finding: $(cat "$T/commit.log")"
  grep -q "^pqlint\.*Failed" "$T/commit.log" || fail "pre-commit did not report the hook as failed: $(cat "$T/commit.log")"
  [ "$(git rev-list --count HEAD)" -eq 1 ] || fail "a commit was made"
  # the fixed file commits
  printf '#include <libpq-fe.h>\nint ready(PGconn *c) { return PQstatus(c) == CONNECTION_OK; }\n' >src/leaky.c
  git add src/leaky.c
  git commit -m "add fixed" >"$T/commit.log" 2>&1 || fail "fixed commit refused: $(cat "$T/commit.log")"
  grep -q "^pqlint\.*Passed" "$T/commit.log" || fail "hook did not run on the fixed commit: $(cat "$T/commit.log")"
  [ "$(git rev-list --count HEAD)" -eq 2 ] || fail "fixed commit missing"
  # a commit without C files skips the hook (types_or)
  echo notes >README && git add README
  git commit -m readme >"$T/commit.log" 2>&1 || fail "commit without C files refused: $(cat "$T/commit.log")"
  grep -q "^pqlint\.*(no files to check)Skipped" "$T/commit.log" || fail "hook not skipped: $(cat "$T/commit.log")"
  # a C++ file with a leak is refused too (types_or: [c, c++]; parsed as C++), and passes once fixed
  cat >src/leak.cpp <<'CPP'
#include <libpq-fe.h>
#include <memory>
class Store {
 public:
  int rows(const char* ci) {
    PGconn* c = PQconnectdb(ci); // pqlint: ignore[direct-connect] the test is about the leak
    if (PQstatus(c) != CONNECTION_OK) return -1;
    PQfinish(c);
    return 0;
  }
};
CPP
  git add src/leak.cpp
  git commit -m "add leak.cpp" >"$T/commit.log" 2>&1 && fail "commit of a C++ leak went through: $(cat "$T/commit.log")"
  grep -q "src/leak.cpp:7:.*\[conn-leak\]" "$T/commit.log" || fail "hook output lacks the C++ leak: $(cat "$T/commit.log")"
  grep -q "^pqlint\.*Failed" "$T/commit.log" || fail "pre-commit did not fail on the C++ leak: $(cat "$T/commit.log")"
  sed -i 's|return -1;|{ PQfinish(c); return -1; }|' src/leak.cpp
  git add src/leak.cpp
  git commit -m "add fixed leak.cpp" >"$T/commit.log" 2>&1 || fail "fixed C++ commit refused: $(cat "$T/commit.log")"
  grep -q "^pqlint\.*Passed" "$T/commit.log" || fail "hook did not pass the fixed C++ file: $(cat "$T/commit.log")"
  if [ "$case_name" = precommit-local ]; then
    # pre-commit try-repo on a clone of this repository uses its .pre-commit-hooks.yaml
    git clone -q "$SRC" "$T/pqlint-repo" || fail "cannot clone $SRC"
    cp "$T/repo/src/leaky.c" "$T/repo/src/ok.c"
    printf '#include <libpq-fe.h>\nPGconn *again(void) { return PQconnectdb(""); }\n' >src/bad.c
    git add src/bad.c
    pre-commit try-repo "$T/pqlint-repo" pqlint --files src/bad.c src/ok.c >"$T/try.log" 2>&1 &&
      fail "try-repo passed with a finding: $(cat "$T/try.log")"
    grep -q "src/bad.c:2:.*\[direct-connect\]" "$T/try.log" || fail "try-repo output lacks the finding: $(cat "$T/try.log")"
    pre-commit try-repo "$T/pqlint-repo" pqlint --files src/ok.c >"$T/try.log" 2>&1 ||
      fail "try-repo failed on a clean file: $(cat "$T/try.log")"
    # the repository's own .pre-commit-hooks.yaml hands C++ files to pqlint, which checks them
    printf '#include <libpq-fe.h>\nnamespace app { int n(PGconn* c) { PGresult* r = PQexec(c, "x");\n  return PQntuples(r); } }\n' >src/bad.cc
    git add src/bad.cc
    pre-commit try-repo "$T/pqlint-repo" pqlint --files src/bad.cc >"$T/try.log" 2>&1 &&
      fail "try-repo passed a C++ leak: $(cat "$T/try.log")"
    grep -q "src/bad.cc:3:.*\[result-leak\]" "$T/try.log" || fail "try-repo output lacks the C++ leak: $(cat "$T/try.log")"
  fi
  ;;

baseline)
  make_tree "$T/proj"
  cd "$T/proj" || exit 2
  git init -q .
  # docs/usage.md block "baseline", line by line
  block usage.md baseline >"$T/bl.sh"
  write_cmd=$(sed -n 1p "$T/bl.sh")
  read_cmd=$(sed -n 2p "$T/bl.sh")
  bfile=.pqlint-baseline.json
  eval "$write_cmd" >"$T/.out" 2>"$T/.err"; rc=$?
  expect_rc 0
  [ -s "$bfile" ] || fail "no baseline written by: $write_cmd"
  jq -e '.version == 1 and (.entries | length) == 1 and .entries[0].path == "src/leaky.c"
         and .entries[0].rule == "direct-connect" and .entries[0].function == "open_db"
         and .entries[0].count == 1 and (.entries[0].hash | test("^[0-9a-f]+$"))' "$bfile" >/dev/null ||
    fail "unexpected baseline: $(cat "$bfile")"
  cp "$bfile" "$T/first.json"
  eval "$write_cmd" 2>/dev/null
  cmp -s "$bfile" "$T/first.json" || fail "writing twice gives different files"
  eval "$read_cmd" >"$T/.out" 2>"$T/.err"; rc=$?; out=$(cat "$T/.out"); err=$(cat "$T/.err")
  expect_rc 0
  expect_err "1 baselined, 0 new"
  [ -z "$out" ] || fail "baselined finding printed: $out"
  # lines added ABOVE the old finding: it moves to line 5 and stays baselined
  { printf '/* header */\n#include <stdio.h>\n\n'; cat src/leaky.c; } >src/x && mv src/x src/leaky.c
  run --baseline "$bfile" src; expect_rc 0
  expect_err "1 baselined, 0 new"
  # the same from a sub folder (paths are keyed to the git root)
  (cd src && pqlint --no-progress --baseline "../$bfile" leaky.c >/dev/null 2>"$T/sub.err"; echo $? >"$T/sub.rc")
  [ "$(cat "$T/sub.rc")" -eq 0 ] && grep -q "1 baselined, 0 new" "$T/sub.err" || fail "from src/: $(cat "$T/sub.err")"
  # a new finding: reported, exit 1
  printf 'PGconn *open_other(void) { return PQconnectdb("host=other"); }\n' >>src/leaky.c
  run --baseline "$bfile" src; expect_rc 1
  expect_err "1 baselined, 1 new"
  expect_out "src/leaky.c:6:"
  [ "$(grep -c '\[direct-connect\]' "$T/.out")" -eq 1 ] || fail "expected only the new finding: $out"
  # the old finding removed: its entry is stale, the new one still reported
  grep -v open_db src/leaky.c >src/x && mv src/x src/leaky.c
  run --baseline "$bfile" src; expect_rc 1
  expect_err "0 baselined, 1 new, 1 stale baseline entry"
  expect_err "stale baseline entry: direct-connect in src/leaky.c, function open_db"
  # the form docs/ci.md gives for CI: --baseline with --format github
  run -p build --baseline "$bfile" --format github; expect_rc 1
  expect_out "::warning file=src/leaky.c,line=5"
  # a broken baseline is an error (exit 2) naming file:line:col
  printf '{\n  "version": 1,\n  "entries": [\n    {"path": }\n  ]\n}\n' >bad.json
  run --baseline bad.json src; expect_rc 2
  expect_err "bad.json:4:"
  ;;

shard)
  make_tree "$T/proj"
  cd "$T/proj" || exit 2
  for i in $(seq 1 9); do sed "s/open_db/open_db$i/" src/leaky.c >src/f$i.c; done
  # cross-file: get_conn (src/getconn.c) returns a new connection; src/user.c leaks it
  cat >src/getconn.c <<'C'
#include <libpq-fe.h>
PGconn *get_conn(void) { return PQconnectdb("dbname=app"); }
C
  cat >src/user.c <<'C'
#include <libpq-fe.h>
PGconn *get_conn(void);
int count_rows(void) {
  PGconn *c = get_conn();
  if (PQstatus(c) != CONNECTION_OK) return -1;
  return 1;
}
C
  run --format json -o all.json src; expect_rc 1
  run --format sarif -o all.sarif src; expect_rc 1
  jq -e '[.findings[] | select(.rule == "conn-leak" and .file == "src/user.c")] | length >= 1' all.json >/dev/null ||
    fail "unsharded run misses the cross-file conn-leak in src/user.c: $(jq -c '[.findings[] | [.file, .line, .rule]]' all.json)"
  # union of shards K/3 equals the unsharded run (JSON findings)
  for k in 1 2 3; do
    run --shard $k/3 --format json -o s$k.json src; [ $rc -le 1 ] || fail "shard $k/3 exit $rc: $err"
  done
  a=$(jq -cS '.findings | sort_by(.file, .line, .column, .rule, .message)' all.json)
  u=$(jq -cS -s '[.[].findings[]] | sort_by(.file, .line, .column, .rule, .message)' s1.json s2.json s3.json)
  [ "$a" = "$u" ] || fail "union of shards differs from the unsharded run: $(diff <(echo "$a" | jq .) <(echo "$u" | jq .) | head -20)"
  for k in 1 2 3; do
    [ "$(jq '.findings | length' s$k.json)" -gt 0 ] || fail "shard $k/3 is empty: the split is not spread"
  done
  # cross-file summaries in a shard: pick N so that user.c and getconn.c fall in different shards
  for n in 2 3 4 5 6 7; do
    ku=; kg=
    for k in $(seq 1 $n); do
      pqlint --list-files --shard $k/$n src >"$T/files" || fail "--list-files"
      grep -qx src/user.c "$T/files" && ku=$k
      grep -qx src/getconn.c "$T/files" && kg=$k
    done
    [ -n "$ku" ] && [ -n "$kg" ] && [ "$ku" != "$kg" ] && break
  done
  [ "$ku" != "$kg" ] || fail "no shard count separates user.c and getconn.c"
  run --shard "$ku/$n" --format json src; [ $rc -eq 1 ] || fail "shard $ku/$n exit $rc: $err"
  user='[.findings[] | select(.file == "src/user.c")] | sort_by(.line, .column, .rule)'
  [ "$(echo "$out" | jq -cS "$user")" = "$(jq -cS "$user" all.json)" ] ||
    fail "shard $ku/$n (without getconn.c) reports src/user.c differently: $(echo "$out" | jq -c "$user")"
  echo "$out" | jq -e '[.findings[] | select(.file == "src/getconn.c")] | length == 0' >/dev/null ||
    fail "shard $ku/$n reports another shard's file"
  # docs/usage.md block "shard": three shards as SARIF, then merge
  block usage.md shard >"$T/shard.sh"
  bash "$T/shard.sh" >"$T/shard.log" 2>&1; src_rc=$?
  [ -s pqlint.sarif ] || fail "merge wrote no pqlint.sarif (rc $src_rc): $(cat "$T/shard.log")"
  sel='[.runs[].results[] | {ruleId, level, m: .message.text, l: .locations[0].physicalLocation}] | sort'
  a=$(jq -cS "$sel" all.sarif)
  m=$(jq -cS "$sel" pqlint.sarif)
  [ "$a" != "[]" ] || fail "no results in the unsharded SARIF"
  [ "$a" = "$m" ] || fail "merged results differ from the unsharded SARIF: $(diff <(echo "$a" | jq .) <(echo "$m" | jq .) | head -20)"
  [ "$(jq '[.runs[]] | length' pqlint.sarif)" -eq 1 ] || fail "merged SARIF has more than one run"
  # the project's validator (as tests/sarif): schema, SARIF rules and GitHub's ingestion rules
  validator=${PQL_SARIF_VALIDATOR:-$SRC/scripts/validate-sarif}
  [ -x "$validator" ] || fail "no SARIF validator at $validator (set PQL_SARIF_VALIDATOR)"
  "$validator" pqlint.sarif >"$T/val.log" 2>&1 || fail "merged SARIF invalid: $(cat "$T/val.log")"
  ;;

ci)
  make_tree "$T/proj"
  cd "$T/proj" || exit 2
  # docs/usage.md block "ci", line by line
  block usage.md ci >"$T/ci.sh"
  sarif_cmd=$(sed -n 1p "$T/ci.sh")
  gh_cmd=$(sed -n 2p "$T/ci.sh")
  eval "$sarif_cmd" >"$T/.out" 2>"$T/.err"; rc=$?; out=$(cat "$T/.out"); err=$(cat "$T/.err")
  expect_rc 0
  jq -e '.version == "2.1.0" and ([.runs[].results[] | select(.ruleId == "direct-connect")] | length) == 1' pqlint.sarif >/dev/null ||
    fail "unexpected SARIF: $(head -c 600 pqlint.sarif)"
  eval "$gh_cmd" >"$T/.out" 2>"$T/.err"; rc=$?; out=$(cat "$T/.out"); err=$(cat "$T/.err")
  expect_rc 1
  expect_out "::warning file=src/leaky.c,line=2"
  ;;

shaping)
  # docs/usage.md block "shaping", line by line, in the fixture tree (plus a file with an unused
  # suppression and one with a mistyped one)
  make_tree "$T/proj"
  cd "$T/proj" || exit 2
  printf 'int f(void) { return 1; } // pqlint: ignore[conn-leak] left over\n' >src/old.c
  printf 'int g(void) { return 2; } // pqlint: ignore[conn-leek] typo\n' >src/typo.c
  block usage.md shaping >"$T/shaping.sh"
  [ "$(wc -l <"$T/shaping.sh")" -eq 5 ] || fail "usage.md block shaping changed: $(cat "$T/shaping.sh")"
  line() { eval "$(sed -n "$1p" "$T/shaping.sh")" >"$T/.out" 2>"$T/.err"; rc=$?; out=$(cat "$T/.out"); err=$(cat "$T/.err"); }
  line 1; expect_rc 1
  [ "$out" = "1  direct-connect  warning  A connection is opened directly outside the pool module." ] || fail "--statistics: $out"
  line 2; expect_rc 0
  expect_out "src/leaky.c:2:32: warning:"
  line 3; expect_rc 1
  expect_err "src/old.c:1:45: unused suppression 'conn-leak'"
  expect_err "src/typo.c:1:45: unknown rule 'conn-leek' in a pqlint suppression (did you mean 'conn-leak'?)"
  line 4; expect_rc 0
  echo "$out" | jq -e '.version == 1 and ([.rules[].id] | index("conn-leak") != null)' >/dev/null || fail "--list-rules --format json: $out"
  line 5; expect_rc 1
  grep -q $'\033\[1;35mwarning:' "$T/.out" || fail "no colour: $(cat -v "$T/.out")"
  grep -q '^    2 | PGconn \*open_db' "$T/.out" || fail "no source line: $(cat -v "$T/.out")"
  grep -q '|                                .*\^~~~' "$T/.out" || fail "no caret: $(cat -v "$T/.out")"
  ;;

ci-workflow)
  # docs/ci.md: the workflows are YAML; every run: step that calls pqlint runs as written
  make_tree "$T/proj"
  cd "$T/proj" || exit 2
  for w in single shards; do
    block ci.md "$w" >"$T/$w.yml"
    python3 - "$T/$w.yml" >"$T/$w.steps" <<'PY' || fail "docs/ci.md workflow $w is not valid YAML"
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
assert doc["permissions"]["security-events"] == "write"
uploads = 0
for job in doc["jobs"].values():
    shards = job.get("strategy", {}).get("matrix", {}).get("shard", [None])
    for step in job["steps"]:
        if "upload-sarif" in step.get("uses", ""):
            uploads += 1
            assert step["with"]["category"], "upload without a category"
        run = step.get("run", "")
        if run.startswith("pqlint"):
            for s in shards:
                print(run.replace("${{ matrix.shard }}", str(s)).strip())
assert uploads == 1, "expected one upload-sarif step"
PY
    [ -s "$T/$w.steps" ] || fail "workflow $w has no pqlint step"
    while read -r cmd; do
      eval "$cmd" >"$T/.out" 2>"$T/.err"; rc=$?; out=$(cat "$T/.out"); err=$(cat "$T/.err")
      case "$cmd" in
        *--exit-zero*) expect_rc 0 ;;
        *"--format github"*) expect_rc 1; expect_out "::warning file=src/leaky.c,line=2" ;;
        *) [ $rc -le 1 ] || fail "'$cmd' exit $rc: $err" ;;
      esac
    done <"$T/$w.steps"
    jq -e '[.runs[].results[] | select(.ruleId == "direct-connect")] | length == 1' pqlint.sarif >/dev/null ||
      fail "workflow $w: pqlint.sarif lacks the finding"
    rm -f pqlint.sarif shard-*.sarif
  done
  ;;

github-format)
  make_tree "$T/proj"
  cd "$T/proj" || exit 2
  printf '#include <libpq-fe.h>\nvoid f(void) { PGconn *c = PQconnectdb("password=hunter2 host=x"); PQfinish(c); }\n' >src/secret.c
  run --format github src; expect_rc 1
  # every line is a workflow command; levels map to error/warning/notice
  grep -vqE '^::(error|warning|notice) ' "$T/.out" && fail "a line is not a workflow command: $out"
  expect_out "::warning file=src/leaky.c,line=2"
  grep -qE '^::error file=src/secret.c,line=2[,:]' "$T/.out" || fail "no ::error for the hardcoded secret: $out"
  grep -q hunter2 "$T/.out" && fail "the secret is repeated in the annotation: $out"
  # the message part follows the last '::' and names the rule
  grep -E '^::warning file=src/leaky.c.*direct-connect' "$T/.out" >/dev/null || fail "annotation lacks the rule id: $out"
  ;;

staged)
  make_tree "$T/repo"
  cd "$T/repo" || exit 2
  git init -q . && git add src/clean.c && git commit -qm init
  cp src/leaky.c src/new.c && git add src/new.c       # staged: the bad version
  cp src/clean.c src/new.c                            # working tree: a good one
  run --staged; expect_rc 1
  expect_out "src/new.c:2:"
  grep -q "leaky.c" "$T/.out" && fail "an unstaged file was analysed: $out"
  # the other way round: staged good, working tree bad
  git add src/new.c && cp src/leaky.c src/new.c
  run --staged; expect_rc 0
  [ -z "$out" ] || fail "the working copy was analysed instead of the staged one: $out"
  ;;

exit-zero)
  make_tree "$T/proj"
  cd "$T/proj" || exit 2
  run --exit-zero src; expect_rc 0
  expect_out "src/leaky.c:2:"
  run --exit-zero --format json src; expect_rc 0
  echo "$out" | jq -e '.summary.findings == 1' >/dev/null || fail "json summary: $out"
  run --exit-zero src no/such.c; expect_rc 2     # errors still fail
  run src; expect_rc 1
  ;;

man-sync)
  # every option of `pqlint --help` is documented in docs/pqlint.1, and the page renders cleanly
  pqlint --help >"$T/help" || fail "--help failed"
  MANWIDTH=200 man -l "$SRC/docs/pqlint.1" >"$T/man.txt" 2>"$T/man.err" || fail "man -l failed"
  [ -s "$T/man.err" ] && fail "man warnings: $(cat "$T/man.err")"
  opts=$(grep -oE '^ +(-[a-zA-Z], )?--?[a-zA-Z][a-zA-Z-]*' "$T/help" | grep -oE -- '--?[a-zA-Z][a-zA-Z-]*' | sort -u)
  [ "$(echo "$opts" | wc -l)" -ge 20 ] || fail "could not read the options from --help: $opts"
  for o in $opts; do
    grep -qE -- "(^|[ ,])$o([ ,=]|$)" "$T/man.txt" || fail "option $o of --help is not in the man page"
  done
  grep -q "pqlint merge" "$T/man.txt" || fail "merge is not in the man page"
  grep -q "pqlint cache --stats" "$T/man.txt" && grep -q "^CACHE" "$T/man.txt" || fail "pqlint cache is not in the man page"
  # the workflow options of issues 8 and 11 are in README's summary and in docs/usage.md too
  for o in --exclude --force-exclude --no-gitignore --parse-errors --srcroot --fail-on --statistics \
           --report-unused-suppressions --color --show-source --no-show-source --list-rules; do
    grep -q -- "$o" "$T/help" || fail "option $o is not in --help"
    grep -qE -- "$o([^a-z-]|$)" "$SRC/README.md" || fail "option $o is not in README's options summary"
    grep -qE -- "$o([^a-z-]|$)" "$SRC/docs/usage.md" || fail "option $o is not in docs/usage.md"
  done
  grep -q "per_file_ignores" "$SRC/docs/usage.md" || fail "per_file_ignores is not in docs/usage.md"
  for s in "EXIT STATUS" FILES EXAMPLES; do grep -q "^$s" "$T/man.txt" || fail "no $s section"; done
  # the rules listed in the man page are the rules pqlint knows
  pqlint --list-rules >"$T/rules" || fail "--list-rules failed"
  for r in $(grep -oE '^[a-z]+(-[a-z]+)+' "$T/rules" | sort -u); do
    grep -q "^ *$r " "$T/man.txt" || fail "rule $r is not in the man page"
  done
  ;;

self-lint)
  # pqlint over its own repository, configured by the repository's .pqlint.json (fixtures and
  # the pool tests that misuse the pool on purpose are excluded; bench and the pool tests'
  # helpers may connect directly): no finding. With the build's compile database when the
  # configure step wrote one; else an empty one, so that no stray database is picked up.
  cd "$SRC" || exit 2
  [ -f .pqlint.json ] || fail "no .pqlint.json at the repository root"
  if [ -f "$BUILD/compile_commands.json" ]; then db=$BUILD; else echo '[]' >"$T/none.json"; db=$T/none.json; fi
  echo "compile database: $db"
  run -p "$db" --list-files; expect_rc 0
  for f in src/pool/acquire.c src/lint/run/driver.c tests/cli/pipeline_unit.c tests/integration/baseline_unit.c \
           tests/pool/tcheck.h bench/pqpool_bench.c bench/bench_util.c; do
    grep -qx "$f" "$T/.out" || fail "$f is not analysed: the excludes are too wide: $out"
  done
  grep -q "^fixtures/" "$T/.out" && fail "fixtures/ is analysed"
  [ "$(wc -l <"$T/.out")" -ge 80 ] || fail "too few files analysed: $out"
  for form in "" "src tests bench"; do
    # shellcheck disable=SC2086
    run -p "$db" --format json -o "$T/self.json" $form; rc_self=$rc
    jq -r '.findings[] | "\(.file):\(.line): \(.message) [\(.rule)]"' "$T/self.json" >"$T/self.txt" 2>/dev/null
    [ "$rc_self" -eq 0 ] || fail "pqlint ${form:-.} exit $rc_self: $(cat "$T/self.txt") $err"
    [ ! -s "$T/self.txt" ] || fail "pqlint ${form:-.} found: $(cat "$T/self.txt")"
  done
  if [ "$db" = "$BUILD" ]; then
    jq -r '.files[] | select(.parse_errors > 0) | .path' "$T/self.json" >"$T/perr.txt"
    [ ! -s "$T/perr.txt" ] || fail "parse errors with the compile database in: $(cat "$T/perr.txt")"
  fi
  # the same run without the configuration does report the deliberate misuse (the check can fail)
  run -p "$db" --no-config --format json fixtures/conn-leak tests/pool; expect_rc 1
  ;;

staged-text)
  # --staged: suppressions, baseline line hashes and SARIF fingerprints come from the staged
  # blob, like the findings, never from the working copy
  make_tree "$T/repo"
  cd "$T/repo" || exit 2
  rm -rf build
  git init -q . && git add src/clean.c && git commit -qm init
  sup='  // pqlint: ignore[direct-connect] reviewed'
  # 1. staged: the finding; working copy: a suppression comment added, not staged
  cp src/leaky.c src/new.c && git add src/new.c
  sed "2i\\$sup" src/leaky.c >src/x && mv src/x src/new.c   # the comment above the call: line 2
  grep -q "pqlint: ignore" src/new.c || fail "test setup: no suppression in the working copy"
  run --no-config src/new.c; expect_rc 0          # without --staged the working copy's comment holds
  run --no-config --staged; expect_rc 1
  expect_out "src/new.c:2:"
  # 2. the reverse: the suppression staged, the working copy without it
  git add src/new.c && cp src/leaky.c src/new.c
  run --no-config src/new.c; expect_rc 1
  run --no-config --staged; expect_rc 0
  [ -z "$out" ] || fail "a suppression in the staged copy was not honoured: $out"
  # 3. baseline and SARIF fingerprint taken with working copy = staged copy ...
  cp src/leaky.c src/new.c && git add src/new.c
  run --no-config --write-baseline "$T/base.json" src/new.c; expect_rc 0
  run --no-config --format sarif -o "$T/clean.sarif" src/new.c; expect_rc 1
  h0=$(jq -r '.runs[0].results[0].partialFingerprints.primaryLocationLineHash' "$T/clean.sarif")
  [ -n "$h0" ] && [ "$h0" != null ] || fail "no line hash in the SARIF: $(cat "$T/clean.sarif")"
  # ... then the working copy's line edited and lines added above it, not staged
  { printf '/* unstaged */\n\n'; sed 's/host=db/host=elsewhere/' src/leaky.c; } >src/new.c
  run --no-config --baseline "$T/base.json" src/new.c; expect_rc 1   # the working copy differs
  run --no-config --staged --baseline "$T/base.json"; expect_rc 0
  expect_err "1 baselined, 0 new"
  run --no-config --staged --format sarif -o "$T/staged.sarif"; expect_rc 1
  h1=$(jq -r '.runs[0].results[0].partialFingerprints.primaryLocationLineHash' "$T/staged.sarif")
  [ "$h1" = "$h0" ] || fail "--staged SARIF line hash $h1 is not the staged line's $h0"
  jq -e '.runs[0].results[0].locations[0].physicalLocation.region.startLine == 2' "$T/staged.sarif" >/dev/null ||
    fail "--staged SARIF region is not the staged line: $(jq -c '.runs[0].results[0].locations' "$T/staged.sarif")"
  # the docs say so too (issue 11.8: they used to say the working copy)
  for d in docs/config.md docs/pqlint.1 docs/suppressions.md docs/usage.md; do
    tr '\n' ' ' <"$SRC/$d" | grep -qiE '(suppressions?|line contents)[^.]*(read|come)[^.]*from the working copy' &&
      fail "$d says suppressions or line contents come from the working copy under --staged"
  done
  grep -q "staged blob" "$SRC/docs/config.md" || fail "docs/config.md does not say --staged reads the staged blob"
  ;;

install-after-demo)
  # issue 11.8: `cmake --install build` after README command 1 works. Command 1 builds the target
  # `installable`; CMake's file API (codemodel v2, a fresh configure, no build: 2 s) shows that
  # every installed target is a dependency of it and every installed file exists after the
  # configure step, which is all `cmake --install` needs. (Command 1 in a fresh copy, then the
  # install, ran by hand: 36 s alone, 210 s beside the other tests; too slow to run every time.)
  cmd1=$(sed -n 's/^\(bash scripts\/demo.sh\) .*/\1/p' "$SRC/README.md" | head -1)
  [ "$cmd1" = "bash scripts/demo.sh" ] || fail "README command 1 is not 'bash scripts/demo.sh': $cmd1"
  grep -qE '^cmake --build build .*--target installable( |$)' "$SRC/scripts/demo.sh" ||
    fail "scripts/demo.sh does not build the target 'installable'"
  q="$T/b/.cmake/api/v1/query"
  mkdir -p "$q" && touch "$q/codemodel-v2"
  "$CMAKE" -S "$SRC" -B "$T/b" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >"$T/conf.log" 2>&1 ||
    fail "configure failed: $(tail "$T/conf.log")"
  r="$T/b/.cmake/api/v1/reply"
  cm=$(ls "$r"/codemodel-v2-*.json 2>/dev/null | head -1)
  [ -n "$cm" ] || fail "no file API reply"
  tj=$(jq -r '.configurations[0].targets[] | select(.name == "installable") | .jsonFile' "$cm")
  [ -n "$tj" ] || fail "no target 'installable'"
  deps=$(jq -r '.dependencies[]?.id' "$r/$tj" | sort)
  n=0
  for dj in $(jq -r '.configurations[0].directories[].jsonFile' "$cm"); do
    while IFS=$'\t' read -r type tid paths; do
      n=$((n + 1))
      case $type in
        target) grep -qxF "$tid" <<<"$deps" || fail "installed target ${tid%%::*} is not built by 'installable' (add it in CMakeLists.txt)";;
        file)
          for p in $paths; do
            case $p in /*) f=$p;; *) f=$SRC/$p;; esac
            [ -e "$f" ] || fail "installed file $p does not exist after configuring (is it built? then make 'installable' build it)"
          done;;
        export) ;;  # the exported targets are installed by their own target installers
        *) fail "installer of type $type: this test does not know it yet";;
      esac
    done < <(jq -r '.installers[]? | [.type, (.targetId // "-"), (.paths // [] | map(if type == "object" then .from else . end) | join(" "))] | @tsv' "$r/$dj")
  done
  [ "$n" -ge 5 ] || fail "only $n installers found: the file API reply was not read"
  # ... and the docs say what command 1 builds
  grep -q "builds pqlint and pqpool" "$SRC/README.md" || fail "README does not say command 1 builds pqpool too"
  ;;

*)
  echo "unknown case $case_name" >&2
  exit 2
  ;;
esac
exit 0

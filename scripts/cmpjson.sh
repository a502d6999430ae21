#!/bin/bash
# cmpjson.sh A B : JSON reports of fixtures (each subfolder) and demo from two pqlint binaries must be byte-identical
A=$(realpath $1) B=$(realpath $2); cd "$(dirname "$0")/.."
o=$(mktemp -d); rc=0
for d in fixtures/*/ fixtures/demo fixtures/demo-fixed; do
  n=$(echo $d | tr / _)
  $A --no-config --format json --exit-zero -j2 $d >$o/a_$n.json 2>$o/a_$n.err
  $B --no-config --format json --exit-zero -j2 $d >$o/b_$n.json 2>$o/b_$n.err
  cmp -s $o/a_$n.json $o/b_$n.json || { echo "DIFF $d"; rc=1; }
done
(cd fixtures/demo && $A --format sarif . > $o/a.sarif; $B --format sarif . > $o/b.sarif); cmp -s $o/a.sarif $o/b.sarif || { echo "DIFF sarif demo"; rc=1; }
echo "compared $(ls $o/a_*.json | wc -l) reports, rc=$rc"; rm -rf $o; exit $rc

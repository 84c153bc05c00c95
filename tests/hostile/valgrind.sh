#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A few CLI commands under valgrind (memcheck): no invalid read or write, no
# use of uninitialised memory, no definite or indirect leak.  Against the
# plain build only: ASan and valgrind do not mix (tests/run.sh skips this
# for a SAN=1 build).  Skipped, with a message, when valgrind is missing.
# Usage: tests/hostile/valgrind.sh BUILD/incstat
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/../.." || exit 1
if ! command -v valgrind > /dev/null 2>&1; then
  echo "valgrind: not installed, skipped (apt-get install valgrind)"
  exit 0
fi
if nm "$bin" 2>/dev/null | grep -q __asan_init; then
  echo "valgrind: $bin is a sanitizer build, skipped"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
shipped=datasets/pbc_suicide_attacks_ver11_2017-11-30.csv

# v NAME WANT_STATUS ARGS...: incstat ARGS under memcheck, two at a time
# (valgrind spends most of its time loading Cairo and Pango, on one core)
names=()
v() {
  local name=$1 want=$2; shift 2
  names+=("$name")
  echo "$want" > "$tmp/$name.want"
  ( valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
      --show-leak-kinds=definite,indirect "$bin" "$@" > /dev/null 2> "$tmp/$name.err"
    echo $? > "$tmp/$name.st" ) &
  [ "$(jobs -rp | wc -l)" -lt "${VALGRIND_JOBS:-2}" ] || wait -n
}

printf 'id,date,killed\n1,2004-01-01,3\n2,2004-02-01\n3,2004-03-01,1,9,9\n4,"2004-04-01,2\n' > "$tmp/broken.csv"

v summary-shipped 0 summary --estimate high --to 2016 "$shipped"
v summary-month-where 0 summary --by month --where 'admin1=~punjab' --format json "$shipped"
v inspect-shipped 0 inspect "$shipped"
v inspect-gz 0 inspect --format json tests/data/load/gtd_sample.csv.gz
v summary-schema 0 summary --schema tests/data/load/custom.schema tests/data/load/custom.csv
v trend-shipped 0 trend --to 2016 "$shipped"
v trend-compare-shipped 0 trend --compare 2012 2013 --boot 200 "$shipped"
v unterminated-quote 1 summary --map date=date --map killed=killed "$tmp/broken.csv"
v map-missing-column 1 summary --map killed=Fatalities "$shipped"
v bad-schema 1 summary --schema tests/data/load/bad.schema tests/data/load/custom.csv

wait
for name in "${names[@]}"; do
  st=$(cat "$tmp/$name.st"); want=$(cat "$tmp/$name.want")
  if [ "$st" = "$want" ]; then
    pass=$((pass+1)); echo "PASS valgrind $name"
  else
    fail=$((fail+1)); echo "FAIL valgrind $name: exit status $st, want $want (99: memcheck errors)"
    head -60 "$tmp/$name.err" | sed 's/^/    /'
  fi
done
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

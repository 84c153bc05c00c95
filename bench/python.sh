#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/python.sh BUILD_DIR: the Python package (python/, built in place
# against BUILD_DIR's library) against pandas on the bench file of
# bench/run.sh (bench/gen_events.py, 1,000,000 ACLED-like rows):
#   incstat.summary       vs pandas.read_csv(usecols=3 columns) + groupby("year")  (target >= 5x)
#   incstat.load          vs pandas.read_csv of the same 13 columns, the date
#                            parsed and the text as category       (target >= 2x, peak RSS no higher)
# Each task runs in a process of its own (python_task.py), RUNS times; the
# table gives the median seconds inside Python (imports not counted), the
# peak RSS of the process, and both ratios.  Rows and the sum of killed are
# checked to agree between incstat and pandas.
#
#   bash bench/python.sh build        ROWS=1000000 RUNS=3 BENCH_DIR=/tmp/incstat-bench
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
rows=${ROWS:-1000000}
runs=${RUNS:-3}
dir=${BENCH_DIR:-/tmp/incstat-bench}
py=/usr/bin/python3
$py -c "import numpy, pandas, setuptools" 2> /dev/null ||
  { echo "bench: python.sh needs python3-numpy, python3-pandas, python3-setuptools"; exit 1; }
in=$dir/events_$rows.csv
if [ ! -s "$in" ]; then
  echo "bench: generating $in ($rows rows, seeded)" >&2
  mkdir -p "$dir"
  $py "$here/gen_events.py" "$rows" "$in" --expect "$dir/events_$rows.expect.csv" >&2 || exit 1
fi
(cd "$here/../python" && $py setup.py -q build_ext --inplace > /dev/null) || exit 1
export PYTHONPATH=$here/../python
cat "$in" > /dev/null # warm cache

# median of RUNS: "secs peak rows killed"
run() {
  for _ in $(seq "$runs"); do $py "$here/python_task.py" "$1" "$in" || return 1; done |
    sort -n | awk -v m=$(( (runs + 1) / 2 )) 'NR == m'
}
s_inc=$(run summary) && s_pd=$(run pandas_groupby) && l_inc=$(run load) && l_pd=$(run pandas_load) ||
  { echo "bench: a Python task failed"; exit 1; }
set -- $s_inc; a_s=$1 a_m=$2 a_n=$3 a_k=$4
set -- $s_pd; b_s=$1 b_m=$2 b_n=$3 b_k=$4
set -- $l_inc; c_s=$1 c_m=$2 c_n=$3 c_k=$4
set -- $l_pd; d_s=$1 d_m=$2 d_n=$3 d_k=$4
ok=yes
[ "$a_n $a_k" = "$b_n $b_k" ] || { ok=no; echo "bench: summary disagrees: incstat $a_n $a_k, pandas $b_n $b_k"; }
[ "$c_n $c_k" = "$d_n $d_k" ] || { ok=no; echo "bench: load disagrees: incstat $c_n $c_k, pandas $d_n $d_k"; }
echo "Python package, $rows rows ($(date -u +%Y-%m-%d), median of $runs, seconds inside Python):"
echo
echo "| task | incstat s | peak MiB | pandas s | peak MiB | pandas / incstat |"
echo "|---|---:|---:|---:|---:|---:|"
awk -v a="$a_s" -v am="$a_m" -v b="$b_s" -v bm="$b_m" \
  'BEGIN { printf "| summary vs read_csv(usecols) + groupby | %.2f | %d | %.2f | %d | %.1fx (target 5x) |\n", a, am, b, bm, b / a }'
awk -v a="$c_s" -v am="$c_m" -v b="$d_s" -v bm="$d_m" \
  'BEGIN { printf "| load vs read_csv of the same columns | %.2f | %d | %.2f | %d | %.1fx (target 2x), memory %.2f of pandas |\n", a, am, b, bm, b / a, am / bm }'
echo
echo "checks (rows and sum of killed agree): $ok"

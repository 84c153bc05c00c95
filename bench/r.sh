#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The R package against data.table (issue 26: inc_summary at least as fast as
# fread(select=) plus the [, by=] sum), on the 1M-row benchmark file, each
# a whole Rscript process (start-up, package load, writing the table), in
# one run; both tables checked against the generator's exact answer first.
#   bash bench/r.sh BUILD          ROWS=1000000 RUNS=5 BENCH_DIR=/tmp/incstat-bench
# Needs R with the package installable (make r), hyperfine, and
# r-cran-data.table for the peer.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rows=${ROWS:-1000000}
runs=${RUNS:-5}
dir=${BENCH_DIR:-/tmp/incstat-bench}
py=/usr/bin/python3
in=$dir/events_$rows.csv
expect=$dir/events_$rows.expect.csv
lib=$root/build/r-lib
command -v Rscript > /dev/null || { echo "bench/r.sh: no R, skipped"; exit 0; }
command -v hyperfine > /dev/null || { echo "bench/r.sh: needs hyperfine"; exit 1; }
Rscript -e 'suppressPackageStartupMessages(library(data.table))' > /dev/null 2>&1 ||
  { echo "bench/r.sh: no data.table (r-cran-data.table), skipped"; exit 0; }
(cd "$root" && make --no-print-directory -s r) || exit 1
mkdir -p "$dir/out"
if [ ! -s "$in" ] || [ ! -s "$expect" ]; then
  echo "bench/r.sh: generating $in ($rows rows, seeded)" >&2
  $py "$here/gen_events.py" "$rows" "$in" --expect "$expect" >&2 || exit 1
fi
cat "$in" > /dev/null # warm cache

declare -a names cmds outs
add() { names+=("$1"); cmds+=("$2"); outs+=("$3"); }
for t in 2 1; do
  add "R incstat::inc_summary, $t thread(s)" "Rscript $here/peers/incstat_r.R $lib $in $dir/out/r_inc$t.csv $t" "r_inc$t"
  add "R data.table fread(select=) + [, by=], $t thread(s)" "Rscript $here/peers/dt_fread.R $in $dir/out/r_dt$t.csv $t select" "r_dt$t"
done
for i in "${!names[@]}"; do
  eval "${cmds[$i]}" > /dev/null 2>&1
  $py "$here/peers/check.py" "$expect" "$dir/out/${outs[$i]}.csv" > /dev/null ||
    { echo "bench/r.sh: ${names[$i]} gives a wrong table ($dir/out/${outs[$i]}.csv)"; exit 1; }
done

echo
echo "$rows rows, $(nproc) cores; whole Rscript processes, median of $runs runs after 1 warm-up (hyperfine); both tables equal the generator's answer"
echo
echo "| task | median s | peak MiB |"
echo "|---|---:|---:|"
declare -a med
for i in "${!names[@]}"; do
  hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$dir/out/hr$i.json" \
    --output null "${cmds[$i]}" > /dev/null 2>&1 || { echo "| ${names[$i]} | failed | |"; continue; }
  med[$i]=$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$dir/out/hr$i.json")
  rss=$( { /usr/bin/time -f '%M' sh -c "${cmds[$i]} > /dev/null 2>&1"; } 2>&1 | tail -1)
  printf '| %s | %.3f | %d |\n' "${names[$i]}" "${med[$i]}" "$((rss / 1024))"
done
for t in 0 2; do # pairs: incstat at i, data.table at i+1 (2 threads, then 1)
  [ -n "${med[$t]:-}" ] && [ -n "${med[$((t + 1))]:-}" ] &&
    $py -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print("%s: data.table / inc_summary = %.2fx (target >= 1)" % (sys.argv[3], b / a))' \
      "${med[$t]}" "${med[$((t + 1))]}" "$([ $t = 0 ] && echo "2 threads" || echo "1 thread")"
done

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/statsfile.sh BUILD_DIR: reading a Stata (.dta) and an SPSS (.sav)
# file of incidents with incstat's statistics-file reader
# (src/io/source/stats_file.h, every cell typed, labels as text) against
# haven::read_dta / read_sav and pandas.read_stata, on the same machine in
# the same run.  The files are written by bench/gen_stats.R (seeded, haven).
# Every tool's row count and sum of "killed" are checked against the
# generator's.  Prints a markdown table: the seconds the read itself took
# inside each tool (median of RUNS), the whole command's median wall time
# (hyperfine, warm cache, R's and Python's start included) and peak RSS
# (GNU time).
#
#   bash bench/statsfile.sh build        ROWS=1000000 RUNS=5 BENCH_DIR=/tmp/incstat-bench
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
rows=${ROWS:-1000000}
runs=${RUNS:-5}
dir=${BENCH_DIR:-/tmp/incstat-bench}
py=/usr/bin/python3
mkdir -p "$dir"
command -v hyperfine > /dev/null || { echo "bench: needs hyperfine (apt-get install hyperfine)"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)"; exit 1; }
Rscript -e 'suppressPackageStartupMessages(library(haven))' > /dev/null 2>&1 ||
  { echo "bench: needs R's haven to write the files (apt-get install r-cran-haven)"; exit 1; }
dta=$dir/events_$rows.dta
sav=$dir/events_$rows.sav
if [ ! -s "$dta" ] || [ ! -s "$sav" ] || [ ! -s "$dta.sum" ]; then
  echo "bench: generating $dta and $sav ($rows rows, seeded)" >&2
  Rscript "$here/gen_stats.R" "$rows" "$dta" "$sav" > "$dta.sum" || exit 1
fi
want=$(tr -d ' \n' < "$dta.sum")

cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$here/../include" -I"$here/../src" -o "$dir/stats_read" \
  "$here/stats_read.c" "$build/libincstat.a" -lreadstat -lpthread -lm || exit 1

declare -a names cmds kinds
add() { names+=("$1"); cmds+=("$2"); kinds+=("$3"); }
add "incstat stats_file, .dta" "$dir/stats_read $dta killed" incstat
add "incstat summary, .dta (the whole command)" "$build/incstat summary --quiet $dta" summary
add "haven::read_dta" "Rscript $here/peers/haven_read.R $dta killed" peer
add "haven::read_dta + as_factor" "Rscript $here/peers/haven_read.R $dta killed factor" peer
if $py -c 'import pandas' 2> /dev/null; then
  add "pandas.read_stata" "$py $here/peers/pandas_stata.py $dta killed" peer
fi
add "incstat stats_file, .sav" "$dir/stats_read $sav killed" incstat
add "haven::read_sav" "Rscript $here/peers/haven_read.R $sav killed" peer

cat "$dta" "$sav" > /dev/null # warm cache
echo
echo "$rows rows ($(du -mL "$dta" | cut -f1) MB .dta, $(du -mL "$sav" | cut -f1) MB .sav), $(nproc) cores;" \
  "read: median seconds inside the tool of $runs runs; wall: hyperfine median of $runs runs after 1 warm-up;" \
  "peak RSS of one more run (GNU time); rows and the sum of killed checked ($want)"
echo
echo "| task | read s | wall s | peak MiB |"
echo "|---|---:|---:|---:|"
for i in "${!names[@]}"; do
  cmd=${cmds[$i]}
  reads=()
  for r in $(seq "$runs"); do
    out=$($cmd) || { echo "bench: ${names[$i]} failed"; continue 2; }
    if [ "${kinds[$i]}" = summary ]; then # the year table: no read time of its own
      n=$rows; s=$(echo "$out" | awk -F, 'NR > 1 { k += $3 } END { print k }'); t=-
    elif [ "${kinds[$i]}" = incstat ]; then
      n=${out%% records*}; s=$(echo "$out" | sed 's/.* sum \([0-9.e+]*\),.*/\1/'); t=$(echo "$out" | sed 's/.*; \([0-9.]*\) s$/\1/')
    else
      read -r n s t <<< "$out"
    fi
    s=$($py -c 'import sys; print("%.0f" % float(sys.argv[1]))' "$s")
    [ "$n $s" = "$rows $want" ] || { echo "bench: ${names[$i]} read $n rows, killed $s (want $rows $want)"; exit 1; }
    reads+=("$t")
  done
  med=$(printf '%s\n' "${reads[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  [ "${kinds[$i]}" = summary ] && med="n/a"
  hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$dir/hs$i.json" \
    --output null "$cmd" > /dev/null 2>&1 || { echo "bench: ${names[$i]} failed"; continue; }
  wall=$($py -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$dir/hs$i.json")
  rss=$( { /usr/bin/time -f '%M' sh -c "$cmd > /dev/null 2>&1"; } 2>&1 | tail -1)
  echo "| ${names[$i]} | $med | $wall | $((rss / 1024)) |"
done

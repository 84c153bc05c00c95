#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# make bench: incstat against the tools users would run instead, on the same
# machine in the same run.  Generates the seeded ACLED-like benchmark file
# (bench/gen_events.py, 1,000,000 rows, ~637 MB), checks every tool's per-year
# table against the generator's exact answer, and prints a markdown table of
# median wall time (hyperfine, warm cache) and peak RSS (GNU time).
#
#   bash bench/run.sh BUILD/incstat        ROWS=200000 RUNS=5 BENCH_DIR=/tmp/incstat-bench
#
# Peers run when installed: R data.table (r-cran-data.table), pandas
# (python3-pandas), DuckDB and Polars (npm, see bench/peers/package.json;
# NODE_DIR points at their node_modules' parent), gnuplot and matplotlib for
# the chart.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
build=$(dirname "$bin")
rows=${ROWS:-1000000}
runs=${RUNS:-5}
dir=${BENCH_DIR:-/tmp/incstat-bench}
node_dir=${NODE_DIR:-$dir/node}
py=/usr/bin/python3
mkdir -p "$dir/out"
in=$dir/events_$rows.csv
expect=$dir/events_$rows.expect.csv
command -v hyperfine > /dev/null || { echo "bench: needs hyperfine (apt-get install hyperfine)"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)"; exit 1; }
if [ ! -s "$in" ] || [ ! -s "$expect" ]; then
  echo "bench: generating $in ($rows rows, seeded)" >&2
  $py "$here/gen_events.py" "$rows" "$in" --expect "$expect" >&2 || exit 1
fi
cat "$in" > /dev/null # warm cache: every figure is warm-cache
mb=$($py -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$in")

# the library's full load, built against the static library
cc -O2 -I"$here/../include" $(pkg-config --cflags cairo) -o "$dir/load_table" "$here/load_table.c" "$build/libincstat.a" \
  $(pkg-config --libs gsl cairo pangocairo zlib libpng sqlite3 expat jansson) -lreadstat -lpthread -lm || exit 1

# incstat's yearly table in the peers' format, for the check
inc_year() { # threads out
  "$bin" summary --quiet --threads "$1" --preset acled --map injured=injured --format csv "$in" |
    $py -c 'import csv,sys
r=csv.DictReader(sys.stdin); w=sys.stdout
w.write("year,events,fatalities,injured\n")
for x in r: w.write("%s,%s,%s,%s\n"%(x["year"],x["incidents"],x["killed"],x["injured"]))' > "$2"
}

declare -a names cmds checks
add() { names+=("$1"); cmds+=("$2"); checks+=("${3:-}"); }
add "incstat summary, 2 threads" "$bin summary --quiet --threads 2 --preset acled --map injured=injured --format csv $in" inc2
add "incstat summary, 1 thread" "$bin summary --quiet --threads 1 --preset acled --map injured=injured --format csv $in" inc1
# alerts by admin1 and month: a summary by group and month, then the bounds
# (issue 15: no more than 1.5x the yearly summary's time)
add "incstat alerts by admin1 and month, 2 threads" "$bin alerts --quiet --threads 2 --preset acled --by admin1 --format json $in"
add "incstat alerts by admin1 and month, 1 thread" "$bin alerts --quiet --threads 1 --preset acled --by admin1 --format json $in"
add "incstat inspect (every column typed), 2 threads" "$bin inspect --quiet --threads 2 --format json $in"
add "incstat inspect (every column typed), 1 thread" "$bin inspect --quiet --threads 1 --format json $in"
add "incstat load into a table (library), 2 threads" "$dir/load_table $in 2"
add "incstat load into a table (library), 1 thread" "$dir/load_table $in 1"
if Rscript -e 'suppressPackageStartupMessages(library(data.table))' > /dev/null 2>&1; then
  add "R data.table fread(select=), 2 threads" "Rscript $here/peers/dt_fread.R $in $dir/out/dt2.csv 2 select" dt2
  add "R data.table fread(select=), 1 thread" "Rscript $here/peers/dt_fread.R $in $dir/out/dt1.csv 1 select" dt1
fi
if [ -d "$node_dir/node_modules/@duckdb" ]; then
  add "DuckDB read_csv_auto + GROUP BY, 2 threads" "env NODE_PATH=$node_dir/node_modules node $here/peers/duckdb_year.js $in $dir/out/duck.csv 2 scan" duck
fi
if [ -d "$node_dir/node_modules/nodejs-polars" ]; then
  add "Polars lazy scan + group-by, 2 threads" "env NODE_PATH=$node_dir/node_modules POLARS_MAX_THREADS=2 node $here/peers/polars_year.js $in $dir/out/polars.csv lazy" polars
fi
if $py -c 'import pandas' 2> /dev/null; then
  add "pandas read_csv(usecols=)" "$py $here/peers/pandas_year.py $in $dir/out/pandas.csv select" pandas
fi

# correctness first: every table must equal the generator's answer
inc_year 2 "$dir/out/inc2.csv"
inc_year 1 "$dir/out/inc1.csv"
for i in "${!names[@]}"; do
  c=${checks[$i]}
  [ -n "$c" ] || continue
  case $c in inc*) ;; *) eval "${cmds[$i]}" > /dev/null 2>&1 ;; esac
  if ! $py "$here/peers/check.py" "$expect" "$dir/out/$c.csv" > /dev/null; then
    echo "bench: ${names[$i]} gives a wrong table ($dir/out/$c.csv)"; exit 1
  fi
done

echo
echo "$rows rows, $(printf '%.0f' "$mb") MB, $(nproc) cores; median of $runs runs after 1 warm-up (hyperfine), peak RSS of one more run (GNU time); all tables checked against the generator's exact answer"
echo
echo "| task | median s | peak MiB | MB/s | vs data.table 2T |"
echo "|---|---:|---:|---:|---:|"
declare -a med rss
for i in "${!names[@]}"; do
  cmd=${cmds[$i]}
  hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$dir/out/h$i.json" \
    --output null "$cmd" > /dev/null 2>&1 || { echo "bench: ${names[$i]} failed"; continue; }
  med[$i]=$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$dir/out/h$i.json")
  rss[$i]=$( { /usr/bin/time -f '%M' sh -c "$cmd > /dev/null 2>&1"; } 2>&1 | tail -1)
done
ref=""
for i in "${!names[@]}"; do
  case ${names[$i]} in "R data.table fread(select=), 2 threads") ref=${med[$i]:-} ;; esac
done
for i in "${!names[@]}"; do
  [ -n "${med[$i]:-}" ] || continue
  $py - "${names[$i]}" "${med[$i]}" "${rss[$i]}" "$mb" "$ref" <<'PY'
import sys
name, med, rss, mb, ref = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
ratio = "%.2fx" % (med / float(ref)) if ref else "-"
print("| %s | %.3f | %.0f | %.0f | %s |" % (name, med, rss / 1024, mb / med, ratio))
PY
done

# alerts against the yearly summary it must stay within 1.5x of
for t in 2 1; do
  a="" ; b=""
  for i in "${!names[@]}"; do
    case ${names[$i]} in
      "incstat alerts by admin1 and month, $t thread"*) a=${med[$i]:-} ;;
      "incstat summary, $t thread"*) b=${med[$i]:-} ;;
    esac
  done
  [ -n "$a" ] && [ -n "$b" ] && $py -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print("alerts by admin1 and month / yearly summary, %s thread(s): %.2fx (target <= 1.5x)" % (sys.argv[3], a / b, ))' "$a" "$b" "$t"
done

# Job B: the yearly bar chart from the 37-row per-year table, as a whole
# process, next to gnuplot (cairo terminals) and matplotlib
echo
echo "Yearly bar chart from the $(($(wc -l < "$expect") - 1))-row per-year table (1600x900 PNG, 16x9 in PDF); median of $runs runs"
echo
echo "| tool | PNG median s | PDF median s | PNG peak MiB |"
echo "|---|---:|---:|---:|"
chart_row() { # name png-cmd pdf-cmd
  local p d r
  hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$dir/out/cp.json" "$2" > /dev/null 2>&1 || { echo "| $1 | failed | | |"; return; }
  hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$dir/out/cd.json" "$3" > /dev/null 2>&1 || { echo "| $1 | failed | | |"; return; }
  p=$($py -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$dir/out/cp.json")
  d=$($py -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$dir/out/cd.json")
  r=$( { /usr/bin/time -f '%M' sh -c "$2 > /dev/null 2>&1"; } 2>&1 | tail -1)
  echo "| $1 | $p | $d | $((r / 1024)) |"
}
chart_row "incstat chart bar" \
  "$bin chart bar --quiet --preset none --map year=year --map killed=fatalities $expect -o $dir/out/inc.png" \
  "$bin chart bar --quiet --preset none --map year=year --map killed=fatalities --width 1152 --height 648 $expect -o $dir/out/inc.pdf"
if command -v gnuplot > /dev/null; then
  chart_row "gnuplot 5 (pngcairo, pdfcairo)" "sh $here/peers/chart_gnuplot.sh $expect $dir/out/gp.png" \
    "sh $here/peers/chart_gnuplot.sh $expect $dir/out/gp.pdf"
fi
if $py -c 'import matplotlib' 2> /dev/null; then
  chart_row "matplotlib (Agg)" "$py $here/peers/chart_mpl.py $expect $dir/out/mpl.png" \
    "$py $here/peers/chart_mpl.py $expect $dir/out/mpl.pdf"
fi


# Job C: release diff and export (issue 16), also runnable alone
bash "$here/diff_export.sh" "$bin"

# Job D: workbooks and statistics files (issue 25), also runnable alone
echo
echo "## Workbooks (bench/xlsx.sh)"
bash "$here/xlsx.sh" "$(dirname "$bin")" || echo "bench: bench/xlsx.sh did not run to its end"
echo
echo "## Maps (bench/map.sh)"
bash "$here/map.sh" "$(dirname "$bin")" || echo "bench: bench/map.sh did not run to its end"
echo
echo "## Stata and SPSS files (bench/statsfile.sh)"
bash "$here/statsfile.sh" "$(dirname "$bin")" || echo "bench: bench/statsfile.sh did not run to its end"
echo
echo "## Python (bench/python.sh)"
bash "$here/python.sh" "$(dirname "$bin")" || echo "bench: bench/python.sh did not run to its end"

# Job E: the R package against data.table (issue 26), also runnable alone
echo
echo "## R (bench/r.sh)"
bash "$here/r.sh" "$(dirname "$bin")" || echo "bench: bench/r.sh did not run to its end"

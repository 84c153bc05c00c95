#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# make bench, part C (also alone): incstat diff and incstat export on the
# bench file, next to DuckDB.
#
#   bash bench/diff_export.sh BUILD/incstat     ROWS=1000000 RUNS_C=3 BENCH_DIR=/tmp/incstat-bench
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
build=$(dirname "$bin")
rows=${ROWS:-1000000}
dir=${BENCH_DIR:-/tmp/incstat-bench}
node_dir=${NODE_DIR:-$dir/node}
py=/usr/bin/python3
mkdir -p "$dir/out"
in=$dir/events_$rows.csv
command -v hyperfine > /dev/null || { echo "bench: needs hyperfine (apt-get install hyperfine)"; exit 1; }
if [ ! -s "$in" ]; then
  echo "bench: generating $in ($rows rows, seeded)" >&2
  $py "$here/gen_events.py" "$rows" "$in" --expect "$dir/events_$rows.expect.csv" >&2 || exit 1
fi
cat "$in" > /dev/null
mb=$($py -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$in")
if [ ! -x "$dir/load_table" ] || [ "$dir/load_table" -ot "$build/libincstat.a" ]; then
  cc -O2 -I"$here/../include" $(pkg-config --cflags cairo) -o "$dir/load_table" "$here/load_table.c" "$build/libincstat.a" \
    $(pkg-config --libs gsl cairo pangocairo zlib libpng sqlite3 expat jansson) -lreadstat -lpthread -lm || exit 1
fi

# The release diff and the export.  The "next release" is the bench
# file with 1% of records changed, 0.1% removed and 0.1% added
# (bench/diff_copy.py, seeded); the diff must find exactly those.  Targets:
# the diff within 2x the time of loading both tables; csv/jsonl export at
# 0.5 GB/s of input or more on 2 threads; sqlite at 500,000 rows/s or more.
next=$dir/events_$rows.next.csv
if [ ! -s "$next" ] || [ ! -s "$next.counts" ]; then
  echo "bench: writing $next" >&2
  $py "$here/diff_copy.py" "$in" "$next" 2> "$next.counts" || exit 1
fi
cat "$next" > /dev/null
read -r _ want_changed _ want_removed _ want_added < "$next.counts"
"$bin" diff --quiet --threads 2 --format csv "$in" "$next" > "$dir/out/diff.csv" || { echo "bench: diff failed"; exit 1; }
got=$($py -c 'import csv,sys
r=list(csv.DictReader(open(sys.argv[1])))
print(len({x["id"] for x in r if x["change"]=="changed"}), sum(x["change"]=="removed" for x in r), sum(x["change"]=="added" for x in r))' "$dir/out/diff.csv")
[ "$got" = "$want_changed $want_removed $want_added" ] || { echo "bench: diff found $got, the generator made $want_changed $want_removed $want_added"; exit 1; }
runs_c=${RUNS_C:-3}
time_of() { # command [prepare] -> median seconds
  hyperfine -N --style none --warmup 1 --runs "$runs_c" --export-json "$dir/out/c.json" --output null \
    ${2:+--prepare "$2"} "$1" > /dev/null 2>&1 || { echo nan; return; }
  $py -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$dir/out/c.json"
}
peak_of() { { /usr/bin/time -f '%M' sh -c "$1 > /dev/null 2>&1"; } 2>&1 | tail -1; }
nmb=$($py -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$next")
echo
echo "Release diff and export: $rows rows ($(printf '%.0f' "$mb") MB) against a copy with $want_changed changed, $want_removed removed, $want_added added records; median of $runs_c runs"
echo
echo "| task | median s | peak MiB | figure |"
echo "|---|---:|---:|---|"
row_c() { # name command figure-kind [output file, removed before each run]
  local s p prep=${4:+rm -f $4}
  s=$(time_of "$2" "$prep"); [ -n "${4:-}" ] && rm -f "$4"; p=$(peak_of "$2")
  $py - "$1" "$s" "$p" "$3" "$mb" "$nmb" "$rows" <<'PY'
import sys
name, s, p, kind, mb, nmb, rows = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
fig = {"both": "%.0f MB/s of both files" % ((mb + nmb) / s), "in": "%.2f GB/s of input" % (mb / s / 1000),
       "rows": "%.0f rows/s" % (rows / s), "": ""}[kind]
print("| %s | %.3f | %.0f | %s |" % (name, s, p / 1024, fig))
PY
  echo "$s" > "$dir/out/c_last"
}
row_c "incstat load into a table (library), 2 threads: old" "$dir/load_table $in 2" in
l1=$(cat "$dir/out/c_last")
row_c "incstat load into a table (library), 2 threads: new" "$dir/load_table $next 2" in
l2=$(cat "$dir/out/c_last")
row_c "incstat diff, 2 threads" "$bin diff --quiet --threads 2 --format csv $in $next" both
d=$(cat "$dir/out/c_last")
if [ -d "$node_dir/node_modules/@duckdb" ]; then
  row_c "DuckDB EXCEPT ALL both ways, 2 threads" "env NODE_PATH=$node_dir/node_modules node $here/peers/duckdb_diff.js except $in $next 2" both
  row_c "DuckDB full join on the id, 2 threads" "env NODE_PATH=$node_dir/node_modules node $here/peers/duckdb_diff.js join $in $next 2" both
fi
# every export writes a new file (removed before each run, as a user's
# first export would find it); to a pipe the text formats are slower, as
# both chunks then go through a temporary file (docs/performance.md)
o=$dir/out
row_c "incstat export csv, 2 threads" "$bin export --quiet --threads 2 $in -o $o/x.csv" in $o/x.csv
row_c "incstat export jsonl, 2 threads" "$bin export --quiet --threads 2 --format jsonl $in -o $o/x.jsonl" in $o/x.jsonl
row_c "incstat export sqlite, 2 threads" "$bin export --quiet --threads 2 --format sqlite $in -o $o/x.db" rows $o/x.db
row_c "incstat export csv to a pipe, 2 threads" "sh -c '$bin export --quiet --threads 2 $in | cat > /dev/null'" in
if [ -d "$node_dir/node_modules/@duckdb" ]; then
  row_c "DuckDB read_csv + COPY to csv, 2 threads" "env NODE_PATH=$node_dir/node_modules node $here/peers/duckdb_diff.js copy $in $o/duck.csv 2 csv" in $o/duck.csv
  row_c "DuckDB read_csv + COPY to json lines, 2 threads" "env NODE_PATH=$node_dir/node_modules node $here/peers/duckdb_diff.js copy $in $o/duck.json 2 json" in $o/duck.json
fi
$py -c 'import sys; l1, l2, d = map(float, sys.argv[1:]); print("\ndiff / (load old + load new) = %.2f (target 2)" % (d / (l1 + l2)))' "$l1" "$l2" "$d"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The xlsx reader's speed and memory on a GTD-shaped workbook (bench/xlsx_gen.c:
# ROWS rows under GTD's 135 column names, ~80% of cells filled, a unique
# summary and three notes per row as shared strings): `incstat summary` (the
# CLI: the sheet read, GTD recognised, every row loaded and summed) and the
# reader alone (every cell, bench/xlsx_read.c) against `unzip -p` of the
# sheet, timed in the same run, with the ratios; peak memory against the
# shared strings' size; and, when installed, openpyxl's read-only mode and
# R's readxl on PEER_ROWS rows (they are far slower: the full file would
# take minutes).  Median of RUNS runs (hyperfine), warm cache.
#
#   bash bench/xlsx.sh BUILD_DIR     ROWS=200000 PEER_ROWS=20000 RUNS=3 BENCH_DIR=/tmp/incstat-bench
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: bench/xlsx.sh BUILD_DIR}" && pwd)
rows=${ROWS:-200000}
peer_rows=${PEER_ROWS:-20000}
runs=${RUNS:-3}
dir=${BENCH_DIR:-/tmp/incstat-bench}
mkdir -p "$dir"
command -v hyperfine > /dev/null || { echo "bench: needs hyperfine (apt-get install hyperfine)"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)"; exit 1; }
cc -O2 -o "$dir/xlsx_gen" "$here/xlsx_gen.c" -lz || exit 1
cc -O2 -I"$here/../include" -I"$here/../src" -o "$dir/xlsx_read" "$here/xlsx_read.c" "$build/libincstat.a" \
  $(pkg-config --libs gsl cairo pangocairo zlib libpng sqlite3 expat jansson) -lreadstat -lpthread -lm || exit 1
# the generator's version in the name: a workbook of an older generator is not reused
gen_id=$(cksum < "$here/xlsx_gen.c" | cut -c1-8)
book=$dir/gtd_${rows}_$gen_id.xlsx
small=$dir/gtd_${peer_rows}_$gen_id.xlsx
[ -s "$book" ] || "$dir/xlsx_gen" "$rows" "$book" || exit 1
[ -s "$small" ] || "$dir/xlsx_gen" "$peer_rows" "$small" || exit 1
cat "$book" > /dev/null
sheet_mb=$(unzip -l "$book" xl/worksheets/sheet1.xml | awk 'NR==4 {printf "%.0f", $1/1e6}')
sst_mb=$(unzip -l "$book" xl/sharedStrings.xml | awk 'NR==4 {printf "%.1f", $1/1e6}')
echo "workbook: $book ($rows rows; sheet $sheet_mb MB, shared strings $sst_mb MB uncompressed)"
"$dir/xlsx_read" "$book"

median() { # hyperfine's median wall time of a command, in seconds
  hyperfine -N --runs "$runs" --export-json "$dir/h.json" "$1" > /dev/null 2>&1 &&
    python3 -c 'import json,sys; print("%.2f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$dir/h.json"
}
peak() { # peak RSS in MB
  /usr/bin/time -f %M "$@" 2>&1 > /dev/null | tail -1 | awk '{printf "%.0f", $1/1024}'
}
unz=$(hyperfine --runs "$runs" --export-json "$dir/h.json" "unzip -p $book xl/worksheets/sheet1.xml > /dev/null" > /dev/null 2>&1 &&
  python3 -c 'import json,sys; print("%.2f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$dir/h.json")
ours=$(median "$dir/xlsx_read $book")
mem=$(peak "$dir/xlsx_read" "$book")
summ=$(hyperfine --runs "$runs" --export-json "$dir/h.json" "$build/incstat summary $book > /dev/null" > /dev/null 2>&1 &&
  python3 -c 'import json,sys; print("%.2f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$dir/h.json")
smem=$(peak "$build/incstat" summary "$book")
ratio() { python3 -c "print('%.2f' % ($1 / $2))"; }
echo
echo "| what | $rows rows | against unzip -p | peak RSS |"
echo "|---|---|---|---|"
echo "| unzip -p of the sheet | ${unz} s | 1 | |"
echo "| incstat summary (CLI) | ${summ} s | $(ratio "$summ" "$unz")x | ${smem} MB |"
echo "| incstat xlsx reader, every cell | ${ours} s | $(ratio "$ours" "$unz")x | ${mem} MB (bound: 2 x ${sst_mb} MB + 64 MB) |"
echo
echo "| peer, $peer_rows rows | time | peak RSS |"
echo "|---|---|---|"
echo "| incstat summary (CLI) | $(median "$build/incstat summary $small") s | $(peak "$build/incstat" summary "$small") MB |"
echo "| incstat xlsx reader | $(median "$dir/xlsx_read $small") s | $(peak "$dir/xlsx_read" "$small") MB |"
if /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
  cat > "$dir/openpyxl_read.py" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = 0
for row in wb.worksheets[0].iter_rows(values_only=True):
    n += sum(v is not None for v in row)
print(n)
PY
  echo "| openpyxl read-only (values_only) | $(median "/usr/bin/python3 $dir/openpyxl_read.py $small") s | $(peak /usr/bin/python3 "$dir/openpyxl_read.py" "$small") MB |"
fi
if Rscript -e 'quit(status = !requireNamespace("readxl", quietly = TRUE))' > /dev/null 2>&1; then
  echo 'd <- readxl::read_excel(commandArgs(TRUE)[1], col_names = FALSE, col_types = "list"); cat(nrow(d), "\n")' > "$dir/readxl_read.R"
  echo "| R readxl (col_types = \"list\") | $(median "Rscript $dir/readxl_read.R $small") s | $(peak Rscript "$dir/readxl_read.R" "$small") MB |"
fi

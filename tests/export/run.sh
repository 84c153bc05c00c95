#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# incstat export read back by the tools users continue in: R's read.csv,
# pandas read_json(lines=True), the sqlite3 command, DuckDB (npm
# @duckdb/node-api, installed under build/ at test time) and Python's csv,
# json and sqlite3 modules.  Each must get the counts and sums incstat
# summary gives, and every cell of the hard fixtures (NUL bytes, quotes, line
# breaks, delimiters) back exactly; --raw must equal Python's csv module (an
# RFC 4180 parser) on tricky files.  Bad input: an existing file, an
# unwritable directory, a disk limit hit during a SQLite export: a clear
# error and no file, partial or not.
#
#   bash tests/export/run.sh BUILD/incstat
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
build=$(dirname "$bin")
cd "$(dirname "$0")/../.."
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); echo "PASS $1"; }
bad() { fail=$((fail+1)); echo "FAIL $1"; }
check() { # NAME COMMAND...
  local name=$1; shift
  if "$@" > "$tmp/check.log" 2>&1; then ok "$name"; else bad "$name"; tail -20 "$tmp/check.log"; fi
}

PBC=datasets/pbc_suicide_attacks_ver11_2017-11-30.csv
CELLS=tests/data/export/cells.csv
MAP=(--preset none --map id=id --map date=date --map killed=killed --map injured=injured
     --map admin1=admin1 --keep notes)

# What every client must find: incstat summary's years with incidents
"$bin" summary --quiet --format csv "$PBC" |
  $py -c 'import csv,sys
for r in csv.DictReader(sys.stdin):
    if int(r["incidents"]): print("%s,%s,%s,%s" % (r["year"], r["incidents"], r["killed"], r["injured"]))' \
  > "$tmp/want.txt"
[ -s "$tmp/want.txt" ] || { echo "no summary"; exit 1; }
same_years() { # FILE: year,incidents,killed,injured lines from a client
  $py - "$tmp/want.txt" "$1" <<'PY'
import sys
def rows(p):
    out = {}
    for line in open(p):
        if not line.strip() or line.startswith("year"):
            continue
        y, n, k, i = line.strip().split(",")[:4]
        out[int(float(y))] = (int(float(n)), float(k or 0), float(i or 0))
    return out
want, got = rows(sys.argv[1]), rows(sys.argv[2])
for y in sorted(set(want) | set(got)):
    w, g = want.get(y), got.get(y)
    if not w or not g or w[0] != g[0] or abs(w[1] - g[1]) > 1e-9 or abs(w[2] - g[2]) > 1e-9:
        print("year %s: incstat summary %s, client %s" % (y, w, g)); sys.exit(1)
print(len(want), "years agree")
PY
}

"$bin" export --quiet "$PBC" -o "$tmp/pbc.csv" || bad "export csv"
"$bin" export --quiet --format tsv "$PBC" > "$tmp/pbc.tsv" || bad "export tsv"
"$bin" export --quiet --format jsonl "$PBC" -o "$tmp/pbc.jsonl" || bad "export jsonl"
"$bin" export --quiet --format json "$PBC" > "$tmp/pbc.json" || bad "export json"
"$bin" export --quiet --format sqlite "$PBC" -o "$tmp/pbc.db" || bad "export sqlite"

# ---- R ---------------------------------------------------------------------
if command -v Rscript > /dev/null; then
  Rscript -e '
    a <- commandArgs(TRUE)
    d <- read.csv(a[1], stringsAsFactors = FALSE, na.strings = "")
    d <- d[!is.na(d$year), ]
    for (y in sort(unique(d$year))) {
      s <- d[d$year == y, ]
      cat(y, nrow(s), sum(s$killed, na.rm = TRUE), sum(s$injured, na.rm = TRUE), sep = ",")
      cat("\n")
    }
    t <- read.delim(a[2], stringsAsFactors = FALSE, na.strings = "")
    stopifnot(identical(dim(t), dim(read.csv(a[1]))))' "$tmp/pbc.csv" "$tmp/pbc.tsv" > "$tmp/r.txt" 2> "$tmp/r.err"
  check "R read.csv: same years, incidents, killed, injured as incstat summary" same_years "$tmp/r.txt"
  # quotes, commas and line breaks survive into R (R strings cannot hold NUL:
  # that row is left out for R and checked with Python below; R's reader
  # turns a CR LF inside quotes into LF, Python below checks the bytes)
  "$bin" export --quiet "${MAP[@]}" --where id=A1 --where id=A2 --where id=A3 --where id=A4 --where id=A6 \
    "$CELLS" -o "$tmp/cells_r.csv"
  check "R read.csv: quotes, commas, line breaks, tabs in cells" Rscript -e '
    d <- read.csv(commandArgs(TRUE)[1], stringsAsFactors = FALSE, na.strings = "")
    stopifnot(identical(d$notes, c("plain note", "quote \"inside\", and a comma",
                                   "two\nlines\nand crlf", "tab\there", "\"")),
              identical(d$date, c("2019-05-03", "2019-05", "2019", "2020-06-03", NA)),
              isTRUE(all.equal(d$killed, c(4, 2.5, 40, NA, 1.5))), is.na(d$killed_high[3]))' "$tmp/cells_r.csv"
else
  bad "R: Rscript not installed (apt-get install r-base-core)"
fi

# ---- pandas ----------------------------------------------------------------
if $py -c 'import pandas' 2> /dev/null; then
  $py - "$tmp/pbc.jsonl" > "$tmp/pandas.txt" <<'PY'
import sys, pandas as pd
d = pd.read_json(sys.argv[1], lines=True, dtype=False)
d = d[d["year"].notna()]
for y, g in d.groupby("year"):
    print("%d,%d,%r,%r" % (y, len(g), g["killed"].sum(), g["injured"].sum()))
PY
  check "pandas read_json(lines=True): same years, incidents, killed, injured" same_years "$tmp/pandas.txt"
else
  bad "pandas: python3-pandas not installed"
fi

# ---- the sqlite3 command ---------------------------------------------------
if command -v sqlite3 > /dev/null; then
  sqlite3 -csv "$tmp/pbc.db" "SELECT year, count(*), total(killed), total(injured) FROM incidents
    WHERE year IS NOT NULL GROUP BY year ORDER BY year" > "$tmp/sqlite.txt"
  check "sqlite3: same years, incidents, killed, injured" same_years "$tmp/sqlite.txt"
  check "sqlite3: typed columns (year INTEGER, killed REAL, unknown NULL) and the load report" \
    test "$(sqlite3 "$tmp/pbc.db" "SELECT typeof(year), typeof(killed), typeof(admin1) FROM incidents LIMIT 1;
      SELECT count(*) FROM incidents WHERE killed_low IS NULL;
      SELECT value FROM load_report WHERE item = 'rows_loaded';
      SELECT line FROM load_report WHERE item = 'unparsed: Injured Max'")" = \
    "$(printf 'integer|real|text\n146\n496\n540')"
  check "sqlite3: the encoding the cells not valid UTF-8 were read in" \
    test "$(sqlite3 "$tmp/pbc.db" "SELECT value, line FROM load_report WHERE item = 'cp1252_cells_read_as'")" = \
    "windows-1252|61"
else
  bad "sqlite3: the sqlite3 command is not installed (apt-get install sqlite3)"
fi

# ---- DuckDB (npm) ----------------------------------------------------------
duck_version=$($py -c 'import json; print(json.load(open("bench/peers/package.json"))["dependencies"]["@duckdb/node-api"])')
duck_dir=$build/npm-duckdb
if command -v npm > /dev/null && [ ! -d "$duck_dir/node_modules/@duckdb/node-api" ]; then
  mkdir -p "$duck_dir"
  (cd "$duck_dir" && npm install --no-save --no-package-lock --no-audit --no-fund \
     "@duckdb/node-api@$duck_version" > npm.log 2>&1) || true
fi
if [ -d "$duck_dir/node_modules/@duckdb/node-api" ]; then
  cat > "$tmp/duck.js" <<'JS'
const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const [csv, jsonl] = process.argv.slice(2);
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  const q = (s) => s.replace(/'/g, "''");
  for (const src of [`read_csv('${q(csv)}', header = true)`, `read_json('${q(jsonl)}', format = 'newline_delimited')`]) {
    const r = await con.runAndReadAll(`SELECT year, count(*), coalesce(sum(killed), 0),
      coalesce(sum(injured), 0) FROM ${src} WHERE year IS NOT NULL GROUP BY year ORDER BY year`);
    console.log(r.getRows().map((x) => x.map(Number).join(',')).join('\n'));
    console.log('');
  }
})().catch((e) => { console.error(e); process.exit(1); });
JS
  if NODE_PATH=$duck_dir/node_modules node "$tmp/duck.js" "$tmp/pbc.csv" "$tmp/pbc.jsonl" > "$tmp/duck_all.txt" 2> "$tmp/duck.err"; then
    awk 'BEGIN{RS=""} NR==1' "$tmp/duck_all.txt" > "$tmp/duck_csv.txt"
    awk 'BEGIN{RS=""} NR==2' "$tmp/duck_all.txt" > "$tmp/duck_jsonl.txt"
    check "DuckDB read_csv: same years, incidents, killed, injured" same_years "$tmp/duck_csv.txt"
    check "DuckDB read_json (JSON Lines): same years, incidents, killed, injured" same_years "$tmp/duck_jsonl.txt"
  else
    bad "DuckDB could not read the exports"; cat "$tmp/duck.err"
  fi
elif command -v npm > /dev/null && ! npm ping > /dev/null 2>&1; then
  echo "SKIP DuckDB: npm cannot reach its registry to install @duckdb/node-api@$duck_version"
else
  bad "DuckDB: npm install @duckdb/node-api@$duck_version failed (see $duck_dir/npm.log)"
fi

# ---- every format, every cell (Python) --------------------------------------
for f in csv tsv jsonl json sqlite; do
  if [ $f = sqlite ]; then
    "$bin" export --quiet --format $f "${MAP[@]}" "$CELLS" -o "$tmp/cells.$f"
  else
    "$bin" export --quiet --format $f "${MAP[@]}" "$CELLS" > "$tmp/cells.$f"
  fi
done
check "NUL bytes, quotes, line breaks, tabs and delimiters in every format" $py - "$tmp" "$CELLS" <<'PY'
import csv, json, sqlite3, sys
tmp, src = sys.argv[1], sys.argv[2]
want = [r["notes"] for r in csv.DictReader(open(src, newline="", encoding="utf-8"))]
assert "nul\x00byte" in want and "two\nlines\r\nand crlf" in want
got = {
    "csv": [r["notes"] for r in csv.DictReader(open(tmp + "/cells.csv", newline="", encoding="utf-8"))],
    "tsv": [r["notes"] for r in csv.DictReader(open(tmp + "/cells.tsv", newline="", encoding="utf-8"), delimiter="\t")],
    "jsonl": [json.loads(l)["notes"] for l in open(tmp + "/cells.jsonl", encoding="utf-8")],
    "json": [r["notes"] for r in json.load(open(tmp + "/cells.json", encoding="utf-8"))],
    "sqlite": [r[0] for r in sqlite3.connect(tmp + "/cells.sqlite").execute("SELECT notes FROM incidents ORDER BY rowid")],
}
for f, g in got.items():
    if g != want:
        sys.exit("%s: %r != %r" % (f, g, want))
rows = [json.loads(l) for l in open(tmp + "/cells.jsonl", encoding="utf-8")]
assert [r["date"] for r in rows] == ["2019-05-03", "2019-05", "2019", "2020-06-03", "2020-07-01", None]
assert [r["date_precision"] for r in rows] == ["day", "month", "year", "day", "day", None]
assert [r["killed"] for r in rows] == [4, 2.5, 40, None, 0, 1.5]        # unknown is null, 0 is 0
assert rows[2]["killed_high"] is None and rows[0]["country"] is None
PY

# ---- --raw against Python's csv module --------------------------------------
for f in tests/data/export/tricky.csv tests/data/export/ragged.csv tests/data/csv/quoted.csv \
         tests/data/csv/multiline.csv tests/data/csv/empty_quoted.csv tests/data/csv/crlf.csv \
         tests/data/csv/utf8.csv; do
  [ -f "$f" ] || continue
  "$bin" export --quiet --raw "$f" > "$tmp/raw.csv" && "$bin" export --quiet --raw --format json "$f" > "$tmp/raw.json" &&
  "$bin" export --quiet --raw --format jsonl "$f" > "$tmp/raw.jsonl" || { bad "raw export of $f"; continue; }
  check "--raw $(basename "$f") (csv, json, jsonl) equals Python's csv.reader" $py - "$f" "$tmp" <<'PY'
import csv, json, sys
src, tmp = sys.argv[1], sys.argv[2]
want = [r for r in csv.reader(open(src, newline="", encoding="utf-8")) if r]
header, body = want[0], want[1:]
names, seen = [], {}
for h in header:                       # the loader's names for duplicates
    seen[h] = seen.get(h, 0) + 1
    names.append(h if seen[h] == 1 else "%s.%d" % (h, seen[h]))
got = list(csv.reader(open(tmp + "/raw.csv", newline="", encoding="utf-8")))
assert got[0] == names, (got[0], names)
assert got[1:] == body, (got[1:], body)
def keyed(r):
    return {(names[i] if i < len(names) else "column_%d" % (i + 1)): c for i, c in enumerate(r)}
assert json.load(open(tmp + "/raw.json", encoding="utf-8")) == [keyed(r) for r in body]
assert [json.loads(l) for l in open(tmp + "/raw.jsonl", encoding="utf-8")] == [keyed(r) for r in body]
PY
done

# ---- bad input ---------------------------------------------------------------
# -o replaces a file whole, as every command's -o does; --force is no longer
# needed and says so; -o naming the input file is refused (it would be lost)
check "an existing file is replaced; --force refused with its reason; the input is never the output" sh -c "
  cp '$tmp/pbc.csv' '$tmp/again.csv' && '$bin' export --quiet --format jsonl '$PBC' -o '$tmp/again.csv' &&
  head -c 1 '$tmp/again.csv' | grep -q '{' &&
  ! '$bin' export --quiet --force '$PBC' -o '$tmp/again.csv' 2> '$tmp/e1' && grep -q 'force: not needed' '$tmp/e1' &&
  cp '$tmp/pbc.csv' '$tmp/before.csv' &&
  ! '$bin' export --quiet '$tmp/pbc.csv' -o '$tmp/pbc.csv' 2> '$tmp/e1' && grep -q 'names the input FILE' '$tmp/e1' &&
  cmp -s '$tmp/pbc.csv' '$tmp/before.csv'"
check "an unwritable directory: exit 1, a message, no file" sh -c "
  '$bin' export --quiet '$PBC' -o /nonexistent/dir/x.csv 2> '$tmp/e2'; [ \$? = 1 ] &&
  grep -q '/nonexistent/dir/x.csv: cannot write here' '$tmp/e2' && [ ! -e /nonexistent/dir/x.csv ]"
check "sqlite needs -o" sh -c "'$bin' export --format sqlite '$PBC' > /dev/null 2>&1; [ \$? = 2 ]"
# a disk limit hit in the middle of a SQLite export (GNU ulimit -f: files
# stop growing at 64 KiB; SIGXFSZ ignored so the write fails): exit 1, no
# database and no temporary file left
check "disk full during a sqlite export: exit 1, nothing left behind" sh -c "
  mkdir '$tmp/full' && (trap '' XFSZ; ulimit -f 64; '$bin' export --quiet --format sqlite '$PBC' -o '$tmp/full/x.db' 2> '$tmp/e3'); [ \$? = 1 ] &&
  grep -q 'sqlite export' '$tmp/e3' && [ -z \"\$(ls -A '$tmp/full')\" ]"
check "disk full during a csv export: exit 1, nothing left behind" sh -c "
  mkdir '$tmp/full2' && (trap '' XFSZ; ulimit -f 16; '$bin' export --quiet '$PBC' -o '$tmp/full2/x.csv' 2> '$tmp/e4'); [ \$? = 1 ] &&
  grep -q 'error writing' '$tmp/e4' && [ -z \"\$(ls -A '$tmp/full2')\" ]"
# the same on threads: a file large enough to be cut in chunks (8 MiB and
# more), chunk 0 writing straight into the output when the limit is hit
check "disk full during a csv export on 2 threads: exit 1, nothing left behind" sh -c "
  mkdir '$tmp/full3' && sed -n '1p' '$PBC' > '$tmp/big8.csv' &&
  for i in \$(seq 80); do sed '1d' '$PBC'; done >> '$tmp/big8.csv' &&
  [ \$(wc -c < '$tmp/big8.csv') -gt 8500000 ] &&
  (trap '' XFSZ; ulimit -f 2048; '$bin' export --quiet --threads 2 '$tmp/big8.csv' -o '$tmp/full3/x.csv' 2> '$tmp/e5'); [ \$? = 1 ] &&
  grep -q 'error writing the output' '$tmp/e5' && [ -z \"\$(ls -A '$tmp/full3')\" ]"
# standard output appended to a file that has a line already (O_APPEND: the
# kernel copy refuses it and the chunks are copied the plain way)
check "csv on 2 threads appended to a file (>>) equals one thread's" sh -c "
  echo 'a line before' > '$tmp/app.csv' && '$bin' export --quiet --threads 2 '$tmp/big8.csv' >> '$tmp/app.csv' &&
  { echo 'a line before'; '$bin' export --quiet --threads 1 '$tmp/big8.csv'; } | cmp -s - '$tmp/app.csv'"
# killed in the middle (SIGKILL: no clean-up at all): the destination never
# holds a partial database, only a temporary file does
check "killed during a sqlite export: no database at the destination" sh -c "
  mkdir '$tmp/kill' && for i in 1 2 3 4 5 6 7 8; do cat '$PBC'; done | sed '2,\$ { /^S#/d }' > '$tmp/big.csv' &&
  ( '$bin' export --quiet --format sqlite '$tmp/big.csv' -o '$tmp/kill/x.db' & p=\$!; sleep 0.02; kill -9 \$p; wait \$p ) ;
  [ ! -e '$tmp/kill/x.db' ] || sqlite3 '$tmp/kill/x.db' 'SELECT value FROM load_report WHERE item = \"rows_exported\"' | grep -q ."

echo "export: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

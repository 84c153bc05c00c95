#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Hostile inputs for the incstat binary: files that are empty, enormous,
# binary, badly encoded, badly quoted or compressed wrong.  Each case runs
# `incstat summary` and `incstat inspect` and requires:
#   - exit status 0 or 1 (never a signal, never a timeout, never 2: 2 is for
#     usage errors, and none of these is one);
#   - stderr names the file (an error message or the load report; inspect's
#     report on stdout counts), and FILE:LINE: for parse errors;
#   - no sanitizer report (run it against build/san/incstat after make SAN=1);
#   - case by case: the rows and totals that must survive.
# The inputs are generated into a temporary directory (seeded, so every run
# sees the same bytes).  HOSTILE_FULL=1 makes the gzip bomb 1 GB of zeros
# instead of 100 MB (about a minute, 2 GB of memory).
# Usage: tests/hostile/run.sh BUILD/incstat      Prints PASS/FAIL per check.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -x "$bin" ] || { echo "usage: tests/hostile/run.sh BUILD/incstat"; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C
# sanitizer reports must not be lost to a non-zero exit alone: make them loud
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
pass=0; fail=0
limit=${HOSTILE_TIMEOUT:-60}

ok() { pass=$((pass+1)); echo "PASS $1"; }
bad() { fail=$((fail+1)); echo "FAIL $1: $2"; sed -n '1,12p' "$tmp/err" | sed 's/^/    /'; }

# run NAME FILE [ARGS...]: runs summary and inspect on FILE; keeps summary's
# stdout and stderr in $tmp/summary.out and $tmp/summary.err for the checks.
# Each check is one PASS/FAIL line: NAME/summary, NAME/inspect.
# Expectations come from variables set just before: want_status for summary
# and want_istatus for inspect ("0", "1"; default "0 1"), want_line (a line
# number the message must give as FILE:LINE:).
run() {
  local name=$1 file=$2; shift 2
  local cmd st
  for cmd in summary inspect; do
    local extra=()
    [ "$cmd" = summary ] && extra=(--format csv)
    timeout "$limit" "$bin" "$cmd" "${extra[@]}" "$@" "$file" > "$tmp/out" 2> "$tmp/err"
    st=$?
    [ "$cmd" = summary ] && { cp "$tmp/out" "$tmp/summary.out"; cp "$tmp/err" "$tmp/summary.err"; }
    local what="$name/$cmd"
    if [ "$st" = 124 ]; then bad "$what" "no answer in ${limit}s"; continue; fi
    if [ "$st" -gt 128 ]; then bad "$what" "killed by signal $((st-128))"; continue; fi
    if [ "$st" != 0 ] && [ "$st" != 1 ]; then bad "$what" "exit status $st"; continue; fi
    local want=${want_status:-0 1}
    [ "$cmd" = inspect ] && want=${want_istatus:-0 1}
    case " $want " in *" $st "*) ;; *) bad "$what" "exit status $st, want $want"; continue ;; esac
    if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (Address|Undefined|Leak)' "$tmp/err"; then
      bad "$what" "sanitizer report"; continue
    fi
    # the file must be named: in the error, in summary's load report, or in
    # inspect's report (stdout) when it succeeds
    if ! grep -qF -- "$file" "$tmp/err" && ! { [ "$cmd" = inspect ] && [ "$st" = 0 ] && grep -qF -- "$(basename "$file")" "$tmp/out"; }; then
      bad "$what" "stderr does not name $file"; continue
    fi
    if [ -n "${want_line:-}" ] && ! grep -qF -- "$file:$want_line:" "$tmp/err"; then
      bad "$what" "stderr does not say $file:$want_line:"; continue
    fi
    ok "$what"
  done
  want_status=; want_istatus=; want_line=
}

# check NAME CONDITION...: one more PASS/FAIL line from a shell condition
check() {
  local name=$1; shift
  if "$@" > /dev/null 2>&1; then ok "$name"; else bad "$name" "failed: $*"; fi
}

# column sum of the summary CSV output: csum COLUMN_NAME
csum() {
  awk -F, -v col="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
                       { s += $c } END { printf "%g\n", s }' "$tmp/summary.out"
}
# "N rows read, M loaded" from the summary's load report: loaded
loaded() { sed -n 's/.*rows read, \([0-9]*\) loaded.*/\1/p' "$tmp/summary.err" | head -1; }

D=$tmp
# id mapped: a row without a usable date is then never taken for a totals row
M=(--map id=id --map date=date --map killed=killed)

# ---- generate --------------------------------------------------------------
: > "$D/empty.csv"
printf 'id,date,killed\n' > "$D/header_only.csv"
printf 'id,date,killed\n1,2004-01-01,3\n2,2004-02-01,x\0y\n3,2004-03-01,\0\n4,\0,2\n' > "$D/nul.csv"
{ printf 'id,date,killed,notes\n1,2004-01-01,3,"'
  head -c 10485760 /dev/zero | tr '\0' 'a'
  printf '"\n2,2005-01-01,4,short\n'; } > "$D/cell_10mb.csv"
awk 'BEGIN { n = 100000
  for (i = 0; i < n; i++) printf "%sc%d", (i ? "," : ""), i; printf "\n"
  printf "1,2004-01-01,7"; for (i = 3; i < n; i++) printf ",%d", i % 10; printf "\n" }' > "$D/columns_100k.csv"
printf 'id,date,killed\n1,2004-01-01,3\xff\xfe\n2,\xc3\x28,\xed\xa0\x80\n3,2004-03-01,\xf4\x90\x80\x80\n4,2004-04-01,5\n' > "$D/invalid_utf8.csv"
awk 'BEGIN { srand(20240101); for (i = 0; i < 1000000; i++) printf "%c", int(rand() * 256) }' > "$D/random.bin"
head -c 1000000 /dev/zero | tr '\0' '"' > "$D/quotes.csv"
printf 'id,date,killed,injured\n1,2004-01-01,1e400,-0\n2,2004-01-02,NaN,1\n3,2023-02-30,5,2\n4,0025-01-01,1,1\n5,31/31/2020,2,2\n6,2004-01-03,-0,NaN\n7,2004-01-04,1e308,1\n8,2004-01-05,4,4\n' > "$D/numbers.csv"
# one "line" of ~6 MB for anything that splits on LF: records end in CR only
awk 'BEGIN { printf "id,date,killed"; for (i = 1; i <= 300000; i++) printf "\r%d,2004-%02d-01,1", i, i % 12 + 1 }' > "$D/cr_only.csv"
# and one CR-terminated record of 5 MB (after a CR-terminated header)
{ printf 'id,date,killed,notes\r1,2004-01-01,3,'; head -c 5242880 /dev/zero | tr '\0' 'x'; printf '\r'; } > "$D/cr_long_line.csv"
# broken rows among good ones: a short row (loaded, killed unknown), a long
# one (skipped: misaligned), a blank row, irregular quoting (kept as written:
# id 5 has no usable date, id 7 no usable killed), a repeated header.  The
# good rows are ids 1 4 6 8 9; loaded: 1 2 4 5 6 7 8 9; in the yearly table:
# the 7 dated ones, killed 3+2+1+5+10 = 21.
printf 'id,date,killed\n1,2004-01-01,3\n2,2004-02-01\n3,2004-03-01,1,9,9\n4,2004-04-01,2\n,,\n5,2004-05-"01",4\n6,2005-06-01,1\n7,2005-07-01,"6"x\nid,date,killed\n8,2005-08-01,5\n9,2005-09-01,10\n' > "$D/broken_rows.csv"
printf 'id,date,killed\n1,2004-01-01,3\n2,2004-02-01,4\n3,"2004-03-01,5\n4,2004-04-01,6\n5,2004-05-01,7\n' > "$D/quote_middle.csv"
printf 'id,date,killed\n1,2004-01-01,3\n2,2004-02-01,4\n3,2004-03-01,5\n4,"2004-04-01,6\n' > "$D/quote_last.csv"
awk 'BEGIN { print "id,date,killed"; for (i = 1; i <= 20000; i++) printf "%d,2004-%02d-01,%d\n", i, i % 12 + 1, i % 5 }' > "$D/plain.csv"
gzip -c "$D/plain.csv" > "$D/good.csv.gz"
head -c $(( $(wc -c < "$D/good.csv.gz") / 2 )) "$D/good.csv.gz" > "$D/truncated.csv.gz"
if [ "${HOSTILE_FULL:-0}" = 1 ]; then bomb=1000000000; else bomb=100000000; fi
head -c "$bomb" /dev/zero | gzip -1 -c > "$D/bomb.csv.gz"

# ---- run -------------------------------------------------------------------
want_status=1; want_istatus=1; run empty "$D/empty.csv"
want_status=1; want_istatus=0; run header_only "$D/header_only.csv" "${M[@]}"
want_status=0; want_istatus=0; run nul "$D/nul.csv" "${M[@]}"
check nul/rows-loaded test "$(loaded)" = 4
want_status=0; want_istatus=0; run cell_10mb "$D/cell_10mb.csv" "${M[@]}"
check cell_10mb/rows-loaded test "$(loaded)" = 2
check cell_10mb/killed test "$(csum killed)" = 7
want_status=0; want_istatus=0; run columns_100k "$D/columns_100k.csv" --map id=c0 --map date=c1 --map killed=c2
check columns_100k/killed test "$(csum killed)" = 7
want_status=0; want_istatus=0; run invalid_utf8 "$D/invalid_utf8.csv" "${M[@]}"
check invalid_utf8/rows-loaded test "$(loaded)" = 4
run random "$D/random.bin"
run quotes "$D/quotes.csv"
want_status=0; want_istatus=0; run numbers "$D/numbers.csv" "${M[@]}" --map injured=injured
# every row loads; 2023-02-30, 0025-01-01 and 31/31/2020 are not dates;
# 1e400 is not a count (infinite) and must not reach the table as inf
check numbers/rows-loaded test "$(loaded)" = 8
check numbers/impossible-dates grep -q 'column "date" (date): 3 cells not understood' "$tmp/summary.err"
check numbers/no-inf sh -c "! grep -qi 'inf' '$tmp/summary.out'"
want_status=0; want_istatus=0; run cr_only "$D/cr_only.csv" "${M[@]}"
check cr_only/rows-loaded test "$(loaded)" = 300000
check cr_only/incidents test "$(csum incidents)" = 300000
want_status=0; want_istatus=0; run cr_long_line "$D/cr_long_line.csv" "${M[@]}"
check cr_long_line/rows-loaded test "$(loaded)" = 1
check cr_long_line/killed test "$(csum killed)" = 3
want_status=0; want_istatus=0; run broken_rows "$D/broken_rows.csv" "${M[@]}"
check broken_rows/rows-loaded test "$(loaded)" = 8
check broken_rows/killed test "$(csum killed)" = 21
check broken_rows/good-rows-in-table test "$(csum incidents)" = 7
want_status=1; want_istatus=1; want_line=3; run broken_rows_strict "$D/broken_rows.csv" --strict "${M[@]}"
want_status=1; want_istatus=1; want_line=4; run quote_middle "$D/quote_middle.csv" "${M[@]}"
want_status=1; want_istatus=1; want_line=5; run quote_last "$D/quote_last.csv" "${M[@]}"
want_status=0; want_istatus=0; run gzip "$D/good.csv.gz" "${M[@]}"
check gzip/rows-loaded test "$(loaded)" = 20000
want_status=1; want_istatus=1; run gzip_truncated "$D/truncated.csv.gz" "${M[@]}"
check gzip_truncated/says-truncated grep -qi 'truncated' "$tmp/summary.err"
run gzip_bomb "$D/bomb.csv.gz"
want_status=1; want_istatus=1; run map_missing_column "$D/plain.csv" --map killed=Fatalities
check map_missing_column/names-column grep -q '"Fatalities"' "$tmp/summary.err"

echo "hostile: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

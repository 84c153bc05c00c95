#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes the starting corpora for the four harnesses into OUT/<target>/:
# the fixtures of tests/data, the first lines of the shipped and shared
# datasets, small versions of the hostile inputs of tests/hostile/run.sh and
# hand-picked cells.  The committed corpora (tests/fuzz/corpus/) were made
# from these by fuzzing and `-merge=1`; run this only to start afresh.
# Usage: tests/fuzz/seed.sh OUT
set -eu
out=${1:?usage: seed.sh OUT}
cd "$(dirname "$0")/../.."
mkdir -p "$out"/{csv,value,schema,summary}
n=0
# put TARGET FILE [PREFIX_BYTE_OCTAL]: one seed, named by a counter
put() {
  n=$((n+1))
  if [ -n "${3:-}" ]; then
    { printf "\\$3"; cat "$2"; } > "$out/$1/seed-$n"
  else
    cp "$2" "$out/$1/seed-$n"
  fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# CSV-shaped inputs: fixtures, dataset heads, small hostile files
files=(tests/data/csv/* tests/data/load/*.csv tests/data/load/*.gz tests/data/cli/*.csv tests/data/encoding/*.csv)
for f in datasets/*.csv ../shared/datasets/*.csv /work/shared/datasets/*.csv; do
  [ -f "$f" ] || continue
  h=$tmp/head-$(basename "$f"); head -n 12 "$f" > "$h"; files+=("$h")
done
printf '' > "$tmp/h-empty"
printf 'a,b,c\n' > "$tmp/h-header"
printf 'a,b\n1,x\0y\n2,\0\n' > "$tmp/h-nul"
printf 'id,date,killed\n1,2004-01-01,"%0500d"\n' 0 > "$tmp/h-bigcell"
python3 -c 'import sys; sys.stdout.write(",".join("c%d" % i for i in range(3000)) + "\n" + ",".join("1" for i in range(3000)) + "\n")' > "$tmp/h-wide"
printf 'id,date,killed\n1,2004-01-01,\xff\xfe\xc3\x28\xed\xa0\x80\xf4\x90\x80\x80\n' > "$tmp/h-badutf8"
head -c 2000 /dev/zero | tr '\0' '"' > "$tmp/h-quotes"
printf 'id,date,killed,injured\n1,2023-02-30,1e400,-0\n2,0025-01-01,NaN,1\n3,31/31/2020,5,2\n' > "$tmp/h-numbers"
{ printf 'id,date,killed'; for i in $(seq 1 200); do printf '\r%d,2004-01-0%d,%d' "$i" $((i % 9 + 1)) "$i"; done; } > "$tmp/h-cr"
printf 'id,date,killed\n1,2004-01-01,3\n2,2004-02-01\n3,2004-03-01,1,9,9\n4,"2004-04-01,2\n5,2004-05-01,4\n6,"2004-06-01,1\n' > "$tmp/h-ragged"
printf 'id,date,killed\n1,2004-01-01,3\n' | gzip -c | head -c 30 > "$tmp/h-trunc.gz"
head -c 100000 /dev/zero | gzip -9 -c > "$tmp/h-bomb.gz"
python3 -c 'import random, sys; random.seed(1); sys.stdout.buffer.write(bytes(random.randrange(256) for _ in range(3000)))' > "$tmp/h-random"
files+=("$tmp"/h-*)
for f in "${files[@]}"; do
  put summary "$f"
  put csv "$f" 000   # detect, AUTO, 16-byte buffer
  put csv "$f" 200   # detect, AUTO, 4 KiB buffer
done
put csv tests/data/csv/latin1.csv 230      # ISO-8859-1
put csv tests/data/csv/cp1252.csv 220      # Windows-1252
put csv tests/data/csv/macroman.csv 240    # Mac Roman
put csv tests/data/csv/utf8_invalid.csv 210 # UTF-8 with replacement
put csv tests/data/csv/semicolon_quoted.csv 102
put csv tests/data/csv/tab.tsv 103
put csv tests/data/csv/pipe.csv 304

# cells
while IFS= read -r cell; do
  printf '%s' "$cell" > "$tmp/cell"; put value "$tmp/cell"
done <<'EOF'
12
1,600
1 600
4.5
2-3
2 - 3
5 to 10
2–3
40+
more than 40
over 40
NA
N/A
n.a.
Unknown
unk
none
-
?
NULL
nan
NaN
-9
-99
-0
1e400
-1e400
0x10
1e-400
9999999999999999999999
 12 
2004-06-18
2004/06/18
2004-06
2004
2004-06-18T12:00
2004-06-18 10:30 PM
6/7/2004
13/7/2004
7/13/2004
6.7.04
18-06-69
18 June 2004
June 18, 2004
Friday, June 18, 2004
Sunday-November 19-1995
Saturday-November-25-2017
18-Jun-2004
Jun 2004
June, 2004
18th June 2004
38156
38156.5
60
10000
109574
109575
2023-02-30
2024-02-29
2023-02-29
0025-01-01
31/31/2020
2999-12-31
3000-01-01
0999-12-31
EOF
printf '1\xc2\xa0600' > "$tmp/cell"; put value "$tmp/cell"
printf '1\xe2\x80\xaf600' > "$tmp/cell"; put value "$tmp/cell"
printf '12\0' > "$tmp/cell"; put value "$tmp/cell"

# schema files
for f in tests/data/load/*.schema; do put schema "$f"; done
cat > "$tmp/schema" <<'EOF'
# every key
preset = none
encoding = windows-1252
delimiter = ,
date-order = mdy
missing = -9, -99
id = Incident
date = When
killed = Killed
injured = Wounded
admin1 = Province
city = City
perpetrator = Group
type = Kind
latitude = Lat
longitude = Lon
keep = Notes
keep = "  spaced  "
EOF
put schema "$tmp/schema"
printf 'preset = gtd\r\nkilled_low = Killed\r\nkilled_high = Wounded\r\n' > "$tmp/schema"; put schema "$tmp/schema"
printf 'delimiter = tab\ndate_order = ymd\n' > "$tmp/schema"; put schema "$tmp/schema"
printf 'killed = Nope\n' > "$tmp/schema"; put schema "$tmp/schema"
printf 'missing = nan,inf,1e400,,\n' > "$tmp/schema"; put schema "$tmp/schema"
printf 'preset = pbc-suicide\nencoding = mac-roman\n' > "$tmp/schema"; put schema "$tmp/schema"
echo "seeded $n inputs under $out"

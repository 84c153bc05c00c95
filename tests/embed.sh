#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The embedding examples of docs/embedding.md, built and run as a user would:
# `make install PREFIX=...` into a temporary prefix, the page's C programs
# saved under their names (the first line of each ```c block says it), then
# the page's build-and-run blocks (marked <!-- doctest: embed -->) run by
# tests/docs/run.py --embed with nothing in the environment but the PREFIX the
# page tells the user to set (LD_LIBRARY_PATH, PKG_CONFIG_PATH and the like
# removed), their output compared with the page's.  Then more of the built
# programs' output is checked, run the same way (no variable set: the rpath
# the page links with finds the library), and `make uninstall` must remove
# every installed file.  Usage: tests/embed.sh [MAKE_ARGS...]
set -eu
cd "$(dirname "$0")/.."
unset LD_LIBRARY_PATH PKG_CONFIG_PATH LIBRARY_PATH CPATH C_INCLUDE_PATH
page=docs/embedding.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
work=$tmp/work
mkdir "$work"
# the page's examples read the tree's datasets/ (and these checks tests/data/)
ln -s "$PWD/datasets" "$work/datasets"
ln -s "$PWD/tests" "$work/tests"

# each ```c block whose first line is "/* NAME.c: ..." is saved as NAME.c
awk -v dir="$work" '
  /^```c$/ { c = 1; name = ""; next }
  c && /^```$/ { c = 0; if (name != "") close(dir "/" name); next }
  c && name == "" { if (match($0, /^\/\* [a-z_]+\.c:/)) name = substr($0, 4, RLENGTH - 4); else { c = 0; next } }
  c { print > (dir "/" name) }
' "$page"
for f in yearly.c report.c; do
  [ -s "$work/$f" ] || { echo "embed: no C example $f in $page"; exit 1; }
done
# the page and the README tell the user how to install into a prefix
grep -q 'make install PREFIX=' "$page" || { echo "embed: $page no longer says make install PREFIX=..."; exit 1; }
grep -q 'make install PREFIX=' README.md || { echo "embed: README.md no longer says make install PREFIX=..."; exit 1; }

make -s install PREFIX="$prefix" "$@" > "$tmp/install.log"

# the page's build-and-run blocks, output compared with what it shows
PREFIX=$prefix python3 tests/docs/run.py --embed "$work" "$page"
for f in yearly report; do
  [ -x "$work/$f" ] || { echo "embed: the page's commands did not build $f"; exit 1; }
done

# more of the same programs, run as the page runs them: no variable set
yearly=$work/yearly
"$yearly" datasets/pbc_suicide_attacks_ver11_2017-11-30.csv > "$tmp/out"
grep -q "rows loaded" "$tmp/out" || { echo "embed: unexpected output"; cat "$tmp/out"; exit 1; }
grep -qx "2010 57 incidents, 1049 killed (unknown for 2)" "$tmp/out" ||
  { echo "embed: 2010 row missing or wrong"; cat "$tmp/out"; exit 1; }
grep -qx "1996 0 incidents, 0 killed" "$tmp/out" ||
  { echo "embed: 1996 (no incidents: 0, known) missing or wrong"; cat "$tmp/out"; exit 1; }
# unknown is never 0: a table of years has no incident count, a year whose
# every toll is unknown no killed
"$yearly" datasets/ucdp_organized_violence_country_year_v25_1.csv > "$tmp/out"
grep -qx "1989 n/a incidents, 67711 killed" "$tmp/out" ||
  { echo "embed: UCDP 1989 should have n/a incidents"; cat "$tmp/out"; exit 1; }
"$yearly" tests/data/unknown/gtd_acled_mix.csv > "$tmp/out"
grep -qx "2018 2 incidents, n/a killed" "$tmp/out" && grep -qx "2021 3 incidents, 6 killed (unknown for 1)" "$tmp/out" ||
  { echo "embed: unknown killed printed as a figure"; cat "$tmp/out"; exit 1; }
# the country filter is the command line's --where
"$yearly" datasets/ucdp_organized_violence_country_year_v25_1.csv country=Pakistan > "$tmp/out"
"$prefix/bin/incstat" summary --quiet --format csv --where country=Pakistan \
  datasets/ucdp_organized_violence_country_year_v25_1.csv | awk -F, 'NR > 1 { print $1, $3 }' > "$tmp/cli"
awk 'NR > 1 { print $1, $4 }' "$tmp/out" | cmp -s - "$tmp/cli" ||
  { echo "embed: yearly country=Pakistan differs from summary --where country=Pakistan"; cat "$tmp/out"; exit 1; }
grep -qx "2023 n/a incidents, 1178 killed" "$tmp/out" ||
  { echo "embed: UCDP Pakistan 2023 missing or wrong"; cat "$tmp/out"; exit 1; }
"$yearly" datasets/ucdp_organized_violence_country_year_v25_1.csv contry=Pakistan > "$tmp/out" 2>&1 &&
  { echo "embed: a misspelt field was accepted"; cat "$tmp/out"; exit 1; }
grep -q 'no field "contry"' "$tmp/out" || { echo "embed: a misspelt field is not named"; cat "$tmp/out"; exit 1; }

# the report example: a PDF (compared with the command line's by the page) and HTML
data=datasets/pbc_suicide_attacks_ver11_2017-11-30.csv
[ "$(head -c 5 "$work/high.pdf")" = "%PDF-" ] || { echo "embed: report: not a PDF"; exit 1; }
"$work/report" $data "$tmp/high.html" > "$tmp/out" &&
  grep -q '^<!DOCTYPE html>' "$tmp/high.html" || { echo "embed: report: no HTML"; exit 1; }
"$prefix/bin/incstat" --version > /dev/null
[ -f "$prefix/share/man/man1/incstat.1" ] || { echo "embed: man page not installed"; exit 1; }
[ -f "$prefix/share/bash-completion/completions/incstat" ] ||
  { echo "embed: bash completion not installed"; exit 1; }
# the completion offers the commands
bash -c ". '$prefix/share/bash-completion/completions/incstat'; COMP_WORDS=(incstat su); COMP_CWORD=1;
  _incstat; [ \"\${COMPREPLY[*]}\" = summary ]" || { echo "embed: bash completion broken"; exit 1; }

make -s uninstall PREFIX="$prefix" "$@" > /dev/null
left=$(find "$prefix" -type f -o -type l)
[ -z "$left" ] || { echo "embed: make uninstall left files:"; echo "$left"; exit 1; }
echo "embed: $page examples (yearly, report) built against the installed library and run as the page says; uninstall clean"

#!/usr/bin/env bash
# The README's Embedding examples, built as a user would: install into a
# temporary prefix, compile with `cc yearly.c $(pkg-config --cflags --libs
# incstat)` (and report.c the same way), run them on the shipped data, then
# check `make uninstall` removes every installed file.  Usage: tests/embed.sh [MAKE_ARGS...]
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

# the first ```c block after "## Embedding"
awk '/^## Embedding/{e=1} e&&/^```c$/{c=1;next} c&&/^```$/{exit} c{print}' README.md > "$tmp/yearly.c"
[ -s "$tmp/yearly.c" ] || { echo "embed: no C example under '## Embedding' in README.md"; exit 1; }
# and the build command the README gives for it
cmd=$(awk '/^## Embedding/{e=1} e&&/^cc yearly.c/{print; exit}' README.md)
[ "$cmd" = 'cc yearly.c $(pkg-config --cflags --libs incstat) -o yearly' ] ||
  { echo "embed: README build command changed: $cmd"; exit 1; }

# the second: a report through include/incstat/report.h, and its command
awk '/^## Embedding/{e=1} e&&/^```c$/{c++; if(c==2){p=1;next}} p&&/^```$/{exit} p{print}' README.md > "$tmp/report.c"
[ -s "$tmp/report.c" ] || { echo "embed: no second C example (the report) under '## Embedding'"; exit 1; }
cmd=$(awk '/^## Embedding/{e=1} e&&/^cc report.c/{print; exit}' README.md)
[ "$cmd" = 'cc report.c $(pkg-config --cflags --libs incstat) -o report' ] ||
  { echo "embed: README report build command changed: $cmd"; exit 1; }

make -s install PREFIX="$prefix" "$@" > "$tmp/install.log"
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
(cd "$tmp" && cc yearly.c $(pkg-config --cflags --libs incstat) -o yearly)
LD_LIBRARY_PATH=$prefix/lib "$tmp/yearly" datasets/pbc_suicide_attacks_ver11_2017-11-30.csv > "$tmp/out"
grep -q "rows loaded" "$tmp/out" || { echo "embed: unexpected output"; cat "$tmp/out"; exit 1; }
grep -qx "2010 57 incidents, 1049 killed (unknown for 2)" "$tmp/out" ||
  { echo "embed: 2010 row missing or wrong"; cat "$tmp/out"; exit 1; }
grep -qx "1996 0 incidents, 0 killed" "$tmp/out" ||
  { echo "embed: 1996 (no incidents: 0, known) missing or wrong"; cat "$tmp/out"; exit 1; }
# unknown is never 0: a table of years has no incident count, a year whose
# every toll is unknown no killed
LD_LIBRARY_PATH=$prefix/lib "$tmp/yearly" datasets/ucdp_organized_violence_country_year_v25_1.csv > "$tmp/out"
grep -qx "1989 n/a incidents, 67711 killed" "$tmp/out" ||
  { echo "embed: UCDP 1989 should have n/a incidents"; cat "$tmp/out"; exit 1; }
LD_LIBRARY_PATH=$prefix/lib "$tmp/yearly" tests/data/unknown/gtd_acled_mix.csv > "$tmp/out"
grep -qx "2018 2 incidents, n/a killed" "$tmp/out" && grep -qx "2021 3 incidents, 6 killed (unknown for 1)" "$tmp/out" ||
  { echo "embed: unknown killed printed as a figure"; cat "$tmp/out"; exit 1; }
(cd "$tmp" && cc report.c $(pkg-config --cflags --libs incstat) -o report)
data=datasets/pbc_suicide_attacks_ver11_2017-11-30.csv
LD_LIBRARY_PATH=$prefix/lib "$tmp/report" $data "$tmp/high.pdf" > "$tmp/out" ||
  { echo "embed: the report example failed"; cat "$tmp/out"; exit 1; }
grep -q "high.pdf: [0-9]* bytes" "$tmp/out" || { echo "embed: report: unexpected output"; cat "$tmp/out"; exit 1; }
[ "$(head -c 5 "$tmp/high.pdf")" = "%PDF-" ] || { echo "embed: report: not a PDF"; exit 1; }
LD_LIBRARY_PATH=$prefix/lib "$tmp/report" $data "$tmp/high.html" > "$tmp/out" &&
  grep -q '^<!DOCTYPE html>' "$tmp/high.html" || { echo "embed: report: no HTML"; exit 1; }
# the same bytes as the command line's report
"$prefix/bin/incstat" report --quiet --estimate high $data -o "$tmp/cli.pdf"
cmp -s "$tmp/high.pdf" "$tmp/cli.pdf" || { echo "embed: report: the library and the CLI differ"; exit 1; }
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
echo "embed: README examples (yearly, report) built against the installed library and ran; uninstall clean"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/map.sh BUILD_DIR: maps of the bench file (bench/run.sh makes it).
#   1. a dot map of every incident (PNG, world boundaries) against the bar
#      chart of the same file (which includes its load); target under 2x;
#   2. a choropleth of the shipped Pakistan provinces against the summary
#      by admin1 it is drawn from; target: adds under 50 ms;
#   3. that choropleth's drawing alone, 40 times in one process
#      (bench/map_draw.c, against BUILD_DIR/libincstat.a).
# Wall time, RUNS (default 3) runs of the four in turn, warm cache.
set -u
export LC_ALL=C # a decimal point in $EPOCHREALTIME
build=${1:?usage: bench/map.sh BUILD_DIR}
bin=$build/incstat
rows=${ROWS:-1000000}
runs=${RUNS:-3}
dir=${BENCH_DIR:-/tmp/incstat-bench}
in=$dir/events_$rows.csv
[ -s "$in" ] || { echo "bench: $in missing (bench/run.sh generates it)"; exit 1; }
cat "$in" > /dev/null
# one wall time, in seconds to the millisecond (bash's clock: GNU time's
# 10 ms steps are a fifth of the choropleth's target)
wall() {
  local t0=$EPOCHREALTIME
  "$@" >/dev/null 2>&1
  local t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f\n", b - a}'
}
# the smaller of two times
least() {
  if [ -z "$1" ] || awk -v a="$2" -v b="$1" 'BEGIN{exit !(a<b)}'; then echo "$2"; else echo "$1"; fi
}
# the median of a list of numbers, one a line
median() {
  sort -g | awk '{v[NR] = $1} END {print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
# The four commands in turn, runs times: the best of each, and each run's
# own ratio of the dot map to the bar chart and own difference of the
# choropleth and the summary, timed seconds apart.  A shared machine slows
# down and speeds up for a while (the summary 0.26 s, then 0.38 s): the best
# times can come from different spells, the run's own pair from one; the
# median of the runs' pairs is the figure to hold against the targets.
bar="" dots="" sum="" fill="" ratios="" diffs=""
for _ in $(seq "$runs"); do
  b=$(wall "$bin" chart bar --quiet --preset acled "$in" -o "$dir/out/bar.png")
  d=$(wall "$bin" chart map --quiet --preset acled --boundaries world "$in" -o "$dir/out/map_dots.png")
  s=$(wall "$bin" summary --quiet --preset acled --by admin1 --format csv "$in")
  f=$(wall "$bin" chart map --quiet --preset acled --fill admin1 "$in" -o "$dir/out/map_fill.png")
  bar=$(least "$bar" "$b") dots=$(least "$dots" "$d") sum=$(least "$sum" "$s") fill=$(least "$fill" "$f")
  ratios="$ratios$(awk -v a="$d" -v b="$b" 'BEGIN{print a/b}')
"
  diffs="$diffs$(awk -v a="$f" -v b="$s" 'BEGIN{print (a-b)*1000}')
"
done
ratio=$(printf '%s' "$ratios" | median)
diff=$(printf '%s' "$diffs" | median)
printf '%-58s %8s s\n' "incstat chart bar (load + chart), $rows rows" "$bar"
printf '%-58s %8s s  (best %.2fx the bar chart; median of runs %.2fx; target under 2x)\n' \
  "incstat chart map (dots, world boundaries)" "$dots" "$(awk -v a="$dots" -v b="$bar" 'BEGIN{print a/b}')" "$ratio"
printf '%-58s %8s s\n' "incstat summary --by admin1" "$sum"
printf '%-58s %8s s  (best %+.0f ms over the summary; median of runs %+.0f ms; target under 50 ms)\n' \
  "incstat chart map --fill admin1 (Pakistan provinces)" "$fill" "$(awk -v a="$fill" -v b="$sum" 'BEGIN{print (a-b)*1000}')" "$diff"
# the choropleth's drawing alone, in one process (bench/map_draw.c)
here=$(cd "$(dirname "$0")" && pwd)
if cc -O2 -I"$here/../include" $(pkg-config --cflags cairo) -o "$dir/map_draw" "$here/map_draw.c" \
  "$build/libincstat.a" $(pkg-config --libs gsl cairo pangocairo zlib libpng sqlite3 expat jansson) \
  -lreadstat -lpthread -lm; then
  printf '%-58s %s\n' "the choropleth drawn and written in one process" \
    "$(cd "$dir/out" && "$dir/map_draw" "$here/../datasets/pakistan_provinces_ne10m.geojson" png 40)"
fi

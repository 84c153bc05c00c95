#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/map.sh BUILD_DIR: maps of the bench file (bench/run.sh makes it).
#   1. a dot map of every incident (PNG, world boundaries) against the bar
#      chart of the same file (which includes its load); target under 2x;
#   2. a choropleth of the shipped Pakistan provinces against the summary
#      by admin1 it is drawn from; target: adds under 50 ms.
# Wall time, best of RUNS (default 3) taken in turn, warm cache.
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
# the four commands in turn, runs times, the best of each: a machine that
# slows down or speeds up for a while (a shared one does) then weighs on
# all four alike, so the ratios hold where one command timed after the
# other could be 40% apart
bar="" dots="" sum="" fill=""
for _ in $(seq "$runs"); do
  bar=$(least "$bar" "$(wall "$bin" chart bar --quiet --preset acled "$in" -o "$dir/out/bar.png")")
  dots=$(least "$dots" "$(wall "$bin" chart map --quiet --preset acled --boundaries world "$in" -o "$dir/out/map_dots.png")")
  sum=$(least "$sum" "$(wall "$bin" summary --quiet --preset acled --by admin1 --format csv "$in")")
  fill=$(least "$fill" "$(wall "$bin" chart map --quiet --preset acled --fill admin1 "$in" -o "$dir/out/map_fill.png")")
done
printf '%-58s %8s s\n' "incstat chart bar (load + chart), $rows rows" "$bar"
printf '%-58s %8s s  (%.2fx the bar chart; target under 2x)\n' "incstat chart map (dots, world boundaries)" "$dots" \
  "$(awk -v a="$dots" -v b="$bar" 'BEGIN{print a/b}')"
printf '%-58s %8s s\n' "incstat summary --by admin1" "$sum"
printf '%-58s %8s s  (%+.0f ms over the summary; target under 50 ms)\n' "incstat chart map --fill admin1 (Pakistan provinces)" "$fill" \
  "$(awk -v a="$fill" -v b="$sum" 'BEGIN{print (a-b)*1000}')"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/trend_cp_sim.sh [BUILD_DIR [REPS [COST]]]: the change-point simulation
# of issue 14 (bench/trend_cp_sim.c) against the static library: false alarms
# on negative binomial series without a change, and how often a 3x shift is
# found.  Seeded: the same build prints the same table.
#   bash bench/trend_cp_sim.sh build 2000           (the default cost, negbin)
#   bash bench/trend_cp_sim.sh build 500 poisson    (the Poisson cost, for contrast)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc -O2 -I"$here/../include" -o "$out/sim" "$here/trend_cp_sim.c" "$build/libincstat.a" \
  $(pkg-config --libs gsl) -lm
"$out/sim" "${2:-2000}" "${3:-negbin}"

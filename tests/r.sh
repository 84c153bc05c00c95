#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The R package (r/): installed into build/r-lib with `make r` (against the
# in-tree static library), its testthat suite, then one script under
# valgrind (calls, loads, errors: nothing lost, no invalid access).
#   bash tests/r.sh BUILD      (make check runs it; skips with a line saying
#                               why when R, testthat or jansson is missing,
#                               and under SAN=1: R is not built with ASan)
# R_VALGRIND=0 leaves out the valgrind run.
set -u
build=$1
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
case $build in *san*) echo "SKIP r: the R package is tested in the plain build (make check)"; exit 0 ;; esac
if ! command -v Rscript > /dev/null; then echo "SKIP r: no Rscript (apt-get install r-base-dev)"; exit 0; fi
if ! Rscript -e 'quit(status = !requireNamespace("testthat", quietly = TRUE))' > /dev/null 2>&1; then
  echo "SKIP r: no testthat (apt-get install r-cran-testthat)"; exit 0
fi
if ! pkg-config --exists jansson; then echo "SKIP r: no jansson (apt-get install libjansson-dev)"; exit 0; fi
[ -f /usr/share/R/include/R.h ] || [ -f "$(Rscript -e 'cat(R.home("include"))')/R.h" ] ||
  { echo "SKIP r: no R headers (apt-get install r-base-dev)"; exit 0; }

make --no-print-directory -s r || exit 1
lib=$root/build/r-lib
export INCSTAT_ROOT=$root INCSTAT_CLI=$root/build/incstat
Rscript -e "library(incstat, lib.loc = '$lib'); options(testthat.progress.max_fails = 1000)
r <- as.data.frame(testthat::test_dir('r/tests/testthat', reporter = 'summary', package = 'incstat',
                                     load_package = 'none', stop_on_failure = FALSE))
cat(sprintf('r: %d expectations, %d failed, %d errors, %d skipped\n', sum(r\$nb), sum(r\$failed),
            sum(r\$error), sum(r\$skipped)))
quit(status = if (sum(r\$failed) + sum(r\$error) > 0) 1 else 0)" || exit 1

[ "${R_VALGRIND:-1}" = 0 ] && exit 0
if ! command -v valgrind > /dev/null; then echo "SKIP r valgrind: no valgrind"; exit 0; fi
# R itself keeps memory valgrind calls "possibly lost"; definitely lost is
# what a missing free in the glue or the library would show as
script=$(mktemp --suffix .R)
trap 'rm -f "$script"' EXIT
cat > "$script" <<R
library(incstat, lib.loc = "$lib")
p <- "$root/datasets/pbc_suicide_attacks_ver11_2017-11-30.csv"
u <- "$root/datasets/ucdp_organized_violence_country_year_v25_1.csv"
for (i in 1:2) {
  s <- inc_summary(p, quiet = TRUE)
  d <- read_incidents(u, where = "country=Pakistan", quiet = TRUE)
  t <- inc_trend(d, quiet = TRUE)
  c <- inc_claim(u, year = 2023, highest_since = 2015, where = "country=Pakistan", quiet = TRUE)
  a <- inc_alerts(p, by = "admin1", quiet = TRUE)
  try(inc_summary("$root/tests/data/cli/unterminated.csv", map = c("date=date", "killed=killed")), silent = TRUE)
  try(inc_summary(p, bye = 1), silent = TRUE)
}
rm(s, d, t, c, a); invisible(gc())
stopifnot(.Call(incstat:::incstat_r_live) == 0L)
cat("valgrind script done\n")
R
log=$root/build/r/valgrind.log
R -d "valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite" \
  --vanilla --slave -f "$script" > "$log" 2>&1
rc=$?
if [ $rc -ne 0 ] || ! grep -q "valgrind script done" "$log"; then
  echo "FAIL r valgrind (exit $rc), $log:"; grep -E "==[0-9]+== (Invalid|Conditional|.*definitely lost|ERROR SUMMARY)" "$log" | head -20
  exit 1
fi
echo "r valgrind: $(grep -o 'ERROR SUMMARY: [0-9]* errors' "$log" | tail -1); $(grep -o 'definitely lost: [0-9,]* bytes' "$log" | tail -1)"

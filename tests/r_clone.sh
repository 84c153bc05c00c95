#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The R package from a clean clone with nothing but the Debian packages:
# git clone of HEAD into a temporary directory, make r there (the static
# library, the in-tree incstat.pc, R CMD INSTALL into a temporary library),
# then the README's 2023 claim from R against this tree's CLI.  A few
# minutes (the library is compiled from scratch), so .ci/run runs it, not
# make check.   bash tests/r_clone.sh [BUILD/incstat]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cli=${1:-$root/build/incstat}
cli=$(cd "$(dirname "$cli")" && pwd)/$(basename "$cli") # the clone is entered below
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git clone -q "$root" "$tmp/incstat"
cd "$tmp/incstat"
make -j2 -s r > "$tmp/make.log" 2>&1 || { tail -30 "$tmp/make.log"; exit 1; }
u=datasets/ucdp_organized_violence_country_year_v25_1.csv
want=$("$cli" claim --quiet --where country=Pakistan --year 2023 --highest-since 2015 "$root/$u" || true)
got=$(Rscript -e "library(incstat, lib.loc = 'build/r-lib')
cat(inc_claim('$u', year = 2023, highest_since = 2015, where = 'country=Pakistan', quiet = TRUE)\$sentence, '\n', sep = '')")
if [ "$got" != "$want" ]; then
  echo "r_clone: the claim from R differs from the CLI's:"; echo " R:   $got"; echo " CLI: $want"; exit 1
fi
echo "r_clone: built and installed from a clean clone; the 2023 claim from R is the CLI's"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The xlsx reader against R's readxl, cell for cell, on every workbook of
# tests/data/xlsx-suite/ (readxl's and calamine's test workbooks, MIT) and
# tests/data/xlsx/ (ours): tests/xlsx/dump.c (built here against
# BUILD/libincstat.a) and tests/xlsx/readxl_dump.R write each sheet's values,
# tests/xlsx/compare.py compares them, the differences explained in
# tests/data/xlsx-suite/MANIFEST.md excepted.  Skipped, saying so, without
# Rscript and readxl (Debian: r-cran-readxl).  make check runs it.
# Usage: tests/xlsx/conformance.sh BUILD_DIR
set -u
build=${1:?usage: tests/xlsx/conformance.sh BUILD_DIR}
cd "$(dirname "$0")/../.." || exit 1
if ! command -v Rscript >/dev/null 2>&1 ||
   ! Rscript -e 'quit(status = !(requireNamespace("readxl", quietly = TRUE) && requireNamespace("cellranger", quietly = TRUE)))' >/dev/null 2>&1; then
  echo "xlsx-suite: skipped: Rscript or R's readxl is missing (Debian: apt-get install r-cran-readxl)"
  exit 0
fi
lib=$build/libincstat.a
[ -f "$lib" ] || { echo "xlsx-suite: $lib not built"; exit 1; }
out=$build/xlsx-suite
mkdir -p "$out"
flags="-std=c11 -D_POSIX_C_SOURCE=200809L -O1 -g -Wall -Wextra -Wpedantic -Wshadow"
if nm -A "$lib" 2>/dev/null | grep -q '__asan_report\|__ubsan_handle'; then
  flags="$flags -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
fi
# shellcheck disable=SC2086
${CC:-cc} $flags -Iinclude -Isrc -o "$out/xlsx_dump" tests/xlsx/dump.c "$lib" \
  $(pkg-config --libs gsl cairo pangocairo zlib libpng sqlite3 expat jansson) -lreadstat -lpthread -lm || exit 1
# tests/data/xlsx/bad_*: damaged on purpose, for tests/test_xlsx.c
mapfile -t files < <(find tests/data/xlsx-suite tests/data/xlsx -name '*.xlsx' ! -name 'bad_*' 2>/dev/null | LC_ALL=C sort)
"$out/xlsx_dump" "${files[@]}" > "$out/ours.tsv" 2> "$out/ours.err"
rc=$?
if [ "$rc" -gt 1 ] || [ -s "$out/ours.err" ]; then  # 1: a workbook refused, which the comparison judges
  echo "xlsx-suite: xlsx_dump failed (exit $rc)"; cat "$out/ours.err"; exit 1
fi
Rscript tests/xlsx/readxl_dump.R "$out/readxl.tsv" "${files[@]}" || { echo "xlsx-suite: readxl_dump.R failed"; exit 1; }
python3 tests/xlsx/compare.py "$out/ours.tsv" "$out/readxl.tsv" tests/data/xlsx-suite/MANIFEST.md tests/data

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every test program, then prints one closing line "N passed, N failed".
build=$1; shift
# under SAN=1: fontconfig's never-freed caches are not our leaks
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
pass=0; fail=0; failed=()
for t in "$@"; do
  if "$t" > "$t.log" 2>&1; then
    pass=$((pass+1)); echo "PASS $(basename "$t")"
  else
    fail=$((fail+1)); failed+=("$t"); echo "FAIL $(basename "$t")"; tail -40 "$t.log"
  fi
done
# CLI golden tests
if [ -x tests/cli/run.sh ]; then
  if bash tests/cli/run.sh "$build/incstat" > "$build/cli.log" 2>&1; then
    pass=$((pass+1)); echo "PASS cli"
  else
    fail=$((fail+1)); echo "FAIL cli"; tail -40 "$build/cli.log"
  fi
fi
# The embedding examples of docs/embedding.md against an installed copy (always
# the plain build: the examples are compiled without sanitizers, as users do)
if bash tests/embed.sh SAN= > "$build/embed.log" 2>&1; then
  pass=$((pass+1)); echo "PASS embed"
else
  fail=$((fail+1)); echo "FAIL embed"; tail -40 "$build/embed.log"
fi
# Fuzz corpora replayed without clang, the xlsx reader against R's readxl,
# hostile inputs, and (plain build
# only: ASan and valgrind do not mix) a few commands under valgrind; the
# layers of src/ (includes and calls point down) and the public headers each
# compiled alone as C and C++; exports read back by R, pandas, sqlite3 and DuckDB;
# every example of README.md and docs/*.md (with this build's incstat, so the
# sanitized one under SAN=1); the Python package (python/tests/run.sh: pytest,
# once under valgrind, and built from a clean clone; skipped under SAN=1); the R package (tests/r.sh: testthat, once
# under valgrind; skipped under SAN=1)
for check in replay xlsx hostile valgrind report layers headers export docs python r; do
  case $check in
    replay) cmd=(bash tests/fuzz/replay.sh "$build") ;;
    xlsx) cmd=(bash tests/xlsx/conformance.sh "$build") ;;
    hostile) cmd=(bash tests/hostile/run.sh "$build/incstat") ;;
    valgrind) nm "$build/incstat" 2>/dev/null | grep -q __asan_init && continue
              cmd=(bash tests/hostile/valgrind.sh "$build/incstat") ;;
    report) cmd=(bash tests/report/run.sh "$build/incstat") ;;
    layers) cmd=(python3 tests/layers.py "$build") ;;
    headers) cmd=(bash tests/headers.sh) ;;
    export) cmd=(bash tests/export/run.sh "$build/incstat") ;;
    docs) cmd=(python3 tests/docs/run.py "$build/incstat") ;;
    python) cmd=(bash python/tests/run.sh "$build") ;;
    r) cmd=(bash tests/r.sh "$build") ;;
  esac
  if "${cmd[@]}" > "$build/$check.log" 2>&1; then
    pass=$((pass+1)); echo "PASS $check"; grep '^SKIP' "$build/$check.log"
  else
    fail=$((fail+1)); echo "FAIL $check"; grep -v '^PASS' "$build/$check.log" | tail -40
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

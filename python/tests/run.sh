#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Python package's tests, for make check (tests/run.sh):
#   1. build the extension in place against BUILD/libincstat.a and run
#      python/tests with /usr/bin/python3 (comparing with BUILD/incstat);
#   2. the same tests that load and summarise, once under valgrind: no
#      invalid access anywhere, and no block definitely lost from a stack
#      through incstat (CPython and pandas lose some of their own at exit,
#      which are not ours to count);
#   3. the package built from a clean clone of this repository (HEAD, what is
#      committed): git clone, make, pip install --no-build-isolation into a
#      target directory, import and summarise.
# Skipped with a line saying why when python3-numpy, python3-pandas or
# python3-pytest is missing, and for a sanitizer build (the extension would
# need the sanitizer runtime preloaded into python3).
# Usage: python/tests/run.sh BUILD
set -u
build=${1:-build}
cd "$(dirname "$0")/../.." || exit 1
py=/usr/bin/python3
if ! $py -c "import numpy, pandas, pytest, setuptools" 2>/dev/null; then
  echo "python: skipped: /usr/bin/python3 lacks numpy, pandas, pytest or setuptools" \
       "(apt-get install python3-dev python3-setuptools python3-numpy python3-pandas python3-pytest)"
  exit 0
fi
if nm "$build/incstat" 2>/dev/null | grep -q __asan_init; then
  echo "python: skipped under SAN=1 (the plain build's make check runs the package's tests" \
       "and once under valgrind)"
  exit 0
fi
fail=0
(cd python && $py setup.py -q build_ext --inplace > /dev/null) || { echo "FAIL python: build"; exit 1; }
export PYTHONPATH=$PWD/python INCSTAT_BIN=$PWD/$build/incstat
if $py -m pytest -q -p no:cacheprovider python/tests; then
  echo "PASS python: pytest"
else
  echo "FAIL python: pytest"; fail=1
fi

if command -v valgrind > /dev/null 2>&1; then
  log=$(mktemp)
  PYTHONMALLOC=malloc valgrind -q --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=definite --errors-for-leak-kinds=none --num-callers=40 \
    $py -m pytest -q -p no:cacheprovider python/tests -k "load or summary or errors or claim" \
    > "$log.out" 2> "$log"
  st=$?
  # the loss records of ours: a stack through the extension or the library
  ours=$(awk '/definitely lost in loss record/ {rec=$0; keep=0; next}
              rec && /_incstat|incstat_/ {keep=1}
              rec && /^==[0-9]+== $/ {if (keep) print rec; rec=""}' "$log")
  if [ "$st" = 0 ] && [ -z "$ours" ] && grep -q "passed" "$log.out"; then
    echo "PASS python: valgrind ($(grep -o '[0-9]* passed' "$log.out"), nothing of incstat's lost)"
  else
    echo "FAIL python: valgrind (status $st)"; echo "$ours"; grep -E "Invalid|uninitialised" "$log" | head
    tail -5 "$log.out"; fail=1
  fi
  rm -f "$log" "$log.out"
else
  echo "python: valgrind not installed: the leak check is skipped (apt-get install valgrind)"
fi

if [ "${PYTHON_CLONE:-1}" = 1 ] && command -v git > /dev/null && $py -m pip --version > /dev/null 2>&1; then
  tmp=$(mktemp -d)
  if git clone -q . "$tmp/src" && make -s -C "$tmp/src" -j2 build/libincstat.a > "$tmp/make.log" 2>&1 &&
     $py -m pip install -q --no-build-isolation --no-deps --target "$tmp/site" "$tmp/src/python" \
       > "$tmp/pip.log" 2>&1 &&
     (cd "$tmp" && PYTHONPATH="$tmp/site" $py -c "
import incstat, sys
s = incstat.summary(sys.argv[1], where='country=Pakistan', quiet=True)
assert int(s.loc[s.year == 2023, 'killed'].iloc[0]) == 1178
" "$OLDPWD/datasets/ucdp_organized_violence_country_year_v25_1.csv"); then
    echo "PASS python: clean clone, pip install --no-build-isolation"
  else
    echo "FAIL python: clean clone build"; tail -20 "$tmp"/*.log 2>/dev/null; fail=1
  fi
  rm -rf "$tmp"
else
  echo "python: the clean-clone build is skipped (needs git and python3-pip; PYTHON_CLONE=0 skips it)"
fi
exit $fail

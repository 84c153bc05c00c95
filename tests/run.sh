#!/usr/bin/env bash
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
# The README's embedding example against an installed copy (always the
# plain build: the example is compiled without sanitizers, as users do)
if bash tests/embed.sh SAN= > "$build/embed.log" 2>&1; then
  pass=$((pass+1)); echo "PASS embed"
else
  fail=$((fail+1)); echo "FAIL embed"; tail -40 "$build/embed.log"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

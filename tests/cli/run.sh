#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Golden tests for the incstat binary: every command, every error path.
# Usage: tests/cli/run.sh BUILD/incstat      (UPDATE=1 rewrites the goldens)
# Each case runs the binary from the repository root and compares its exit
# status, standard output and standard error with tests/cli/golden/NAME.*.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/../.."
golden=tests/cli/golden
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0

# t NAME EXPECTED_STATUS [<STDIN_FILE] -- ARGS...
t() {
  local name=$1 want=$2; shift 2
  local input=/dev/null
  if [ "${1:-}" != "--" ]; then input=$1; shift; fi
  shift # --
  local got
  "$bin" "$@" < "$input" > "$tmp/out" 2> "$tmp/err"
  got=$?
  echo "$got" > "$tmp/status"
  if [ "${UPDATE:-0}" = 1 ]; then
    cp "$tmp/out" "$golden/$name.out"; cp "$tmp/err" "$golden/$name.err"
    echo "$want" > "$golden/$name.status"
  fi
  local ok=1
  [ "$got" = "$want" ] || { echo "FAIL $name: exit status $got, want $want"; ok=0; }
  for s in out err; do
    if ! cmp -s "$tmp/$s" "$golden/$name.$s"; then
      echo "FAIL $name: std$s differs from $golden/$name.$s"
      diff -u "$golden/$name.$s" "$tmp/$s" | head -20
      ok=0
    fi
  done
  if [ $ok = 1 ]; then pass=$((pass+1)); else fail=$((fail+1)); fi
}

# check NAME COMMAND...: a shell condition that must hold
check() {
  local name=$1; shift
  if eval "$@"; then pass=$((pass+1)); else echo "FAIL $name: $*"; fail=$((fail+1)); fi
}

. tests/cli/cases.sh

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

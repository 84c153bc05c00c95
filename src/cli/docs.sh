#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# src/cli/docs.sh BIN write|check: the parts of docs/incstat.1 and
# docs/incstat.bash made from the option tables in src/cli (options.h).
#   write: put 'BIN help --man' between the man page's markers and
#          'BIN help --completion' into docs/incstat.bash (make docs)
#   check: exit 1, saying which, when either file differs from what BIN makes
#          (the CLI tests run this: a stale file fails them)
set -eu
bin=$1 mode=$2
cd "$(dirname "$0")/../.."
man=docs/incstat.1 comp=docs/incstat.bash
begin='.\" BEGIN GENERATED'
end='.\" END GENERATED'
grep -qxF "$begin: 'incstat help --man' (make docs) from the option tables in src/cli; edit those, not this" "$man" ||
  { echo "$man: no BEGIN GENERATED marker" >&2; exit 1; }
grep -qxF "$end" "$man" || { echo "$man: no END GENERATED marker" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
  sed "/^\.\\\\\" BEGIN GENERATED/q" "$man"
  "$bin" help --man
  sed -n "/^\.\\\\\" END GENERATED\$/,\$p" "$man"
} > "$tmp/man"
"$bin" help --completion > "$tmp/comp"
case $mode in
  write)
    cmp -s "$tmp/man" "$man" || cp "$tmp/man" "$man"
    cmp -s "$tmp/comp" "$comp" || cp "$tmp/comp" "$comp" ;;
  check)
    rc=0
    cmp -s "$tmp/man" "$man" || { echo "$man is stale: run make docs" >&2; diff -u "$man" "$tmp/man" | head -20 >&2; rc=1; }
    cmp -s "$tmp/comp" "$comp" || { echo "$comp is stale: run make docs" >&2; diff -u "$comp" "$tmp/comp" | head -20 >&2; rc=1; }
    exit $rc ;;
  *) echo "usage: src/cli/docs.sh BIN write|check" >&2; exit 2 ;;
esac

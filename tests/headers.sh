#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/headers.sh: every public header compiles on its own, first in a file,
# as C11 and as C++ (-Wall -Wextra -Werror), so each includes what it needs
# and C++ code can use it.  Prints one closing line "headers: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
cc=${CC:-cc}
cxx=${CXX:-g++}
# only chart.h needs a dependency's headers (<cairo.h>)
flags="-Iinclude $(pkg-config --cflags cairo 2>/dev/null)"
pass=0 fail=0
for h in include/incstat.h include/incstat/*.h; do
  name=${h#include/}
  for lang in c c++; do
    if [ $lang = c ]; then
      cmd=("$cc" -std=c11 -Wall -Wextra -Wpedantic -Werror -x c)
    else
      cmd=("$cxx" -std=c++11 -Wall -Wextra -Werror -x c++)
    fi
    if out=$(printf '#include "%s"\n' "$name" |
             "${cmd[@]}" $flags -fsyntax-only - 2>&1); then
      pass=$((pass+1))
    else
      fail=$((fail+1)); echo "FAIL $name as $lang:"; echo "$out" | head -20
    fi
  done
done
echo "headers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Replays every fuzz corpus (and every saved crash) through the harnesses
# without clang or libFuzzer: each tests/fuzz/fuzz_<target>.c is compiled
# with -DINCSTAT_REPLAY and tests/fuzz/replay.c by the system compiler and
# linked against BUILD/libincstat.a (with the sanitizers when BUILD is a
# SAN=1 build), then fed tests/fuzz/corpus/<target>/ and
# tests/fuzz/crashes/<target>/.  Fails on the first crash, sanitizer report
# or broken contract, naming the input.
# Usage: tests/fuzz/replay.sh BUILD_DIR        (make check runs it)
set -u
build=${1:?usage: tests/fuzz/replay.sh BUILD_DIR}
cd "$(dirname "$0")/../.." || exit 1
lib=$build/libincstat.a
[ -f "$lib" ] || { echo "replay: $lib not built"; exit 1; }
out=$build/fuzz-replay
mkdir -p "$out"
CC=${CC:-cc}
flags="-std=c11 -D_POSIX_C_SOURCE=200809L -O1 -g -Wall -Wextra -Wpedantic -Wshadow"
flags="$flags -Wstrict-prototypes -Wmissing-prototypes -DINCSTAT_REPLAY"
# a SAN=1 library needs the sanitizer runtime, and then the harness gets it too
if nm -A "$lib" 2>/dev/null | grep -q '__asan_report\|__ubsan_handle'; then
  flags="$flags -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
fi
cflags="-Iinclude -Isrc -Itests/fuzz $(pkg-config --cflags cairo)"
libs="$(pkg-config --libs gsl cairo pangocairo zlib libpng sqlite3 expat jansson) -lreadstat -lpthread -lm"
status=0
for src in tests/fuzz/fuzz_*.c; do
  t=$(basename "$src" .c); t=${t#fuzz_}
  exe=$out/replay_$t
  if [ ! -x "$exe" ] || [ "$src" -nt "$exe" ] || [ tests/fuzz/replay.c -nt "$exe" ] ||
     [ tests/fuzz/fuzz.h -nt "$exe" ] || [ "$lib" -nt "$exe" ]; then
    # shellcheck disable=SC2086
    if ! $CC $flags $cflags -o "$exe" "$src" tests/fuzz/replay.c "$lib" $libs 2> "$out/$t.build.log"; then
      echo "replay $t: does not compile"; cat "$out/$t.build.log"; status=1; continue
    fi
    [ -s "$out/$t.build.log" ] && cat "$out/$t.build.log"
  fi
  dirs=()
  for d in "tests/fuzz/corpus/$t" "tests/fuzz/crashes/$t"; do
    [ -d "$d" ] && [ -n "$(ls -A "$d")" ] && dirs+=("$d")
  done
  [ ${#dirs[@]} -gt 0 ] || { echo "replay $t: no corpus"; status=1; continue; }
  if "$exe" "${dirs[@]}" > "$out/$t.log" 2>&1; then
    echo "replay $t: $(tail -1 "$out/$t.log" | sed 's/.*: //')"
  else
    echo "replay $t: FAILED"
    grep -v '^replay ' "$out/$t.log" | head -30
    grep '^replay ' "$out/$t.log" | tail -1
    status=1
  fi
done
exit $status

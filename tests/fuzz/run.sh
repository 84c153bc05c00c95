#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# libFuzzer over the five harnesses (make fuzz).
#
#   tests/fuzz/run.sh           build with clang, fuzz each target FUZZ_SECONDS
#   tests/fuzz/run.sh build     build only
#   tests/fuzz/run.sh merge     minimise corpus + scratch finds into a fresh
#                               directory and make it the committed corpus
#                               (keep the total near 2 MB: the committed
#                               summary corpus was merged with FUZZ_MERGE_LEN=2048)
#   tests/fuzz/run.sh minimize TARGET CRASH   shrink a crashing input (-minimize_crash=1)
#
# Environment: FUZZ_SECONDS (60 per target), FUZZ_TARGETS ("csv value schema
# summary xlsx"), FUZZ_JOBS (targets run at once, 2), FUZZ_DIR (build/fuzz),
# FUZZ_FLAGS (more libFuzzer flags, e.g. -use_value_profile=1).
# The library is compiled here with -fsanitize=fuzzer-no-link,address,undefined
# into FUZZ_DIR; new corpus entries go to FUZZ_DIR/new/<target>/ (the committed
# corpus in tests/fuzz/corpus/<target>/ is only read), crashes to
# FUZZ_DIR/crashes/<target>/.  Copy a crash (minimised) to
# tests/fuzz/crashes/<target>/ so that `make check` replays it.
#
# Needs clang and its libFuzzer runtime: on Debian 12, apt-get install clang
# libclang-rt-14-dev (clang 14; libclang-rt-dev pulls the default version).
# shellcheck disable=SC2086  # flag lists are meant to split
set -u
cd "$(dirname "$0")/../.." || exit 1
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-csv value schema summary xlsx}
jobs=${FUZZ_JOBS:-2}
dir=${FUZZ_DIR:-build/fuzz}
CLANG=${CLANG:-clang}
mode=${1:-run}

max_len() {
  case $1 in
    csv) echo 8192 ;;      # 1 option byte + a file spanning many 16-byte buffers
    value) echo 512 ;;     # past the parsers' limits (256 for numbers, 128 for dates)
    schema) echo 4096 ;;   # past the 1024-byte line limit
    summary) echo 4096 ;;   # three summaries per input: keep it quick
    xlsx) echo 16384 ;;     # a small workbook whole, or one of its XML parts
    *) echo 4096 ;;
  esac
}

if ! command -v "$CLANG" >/dev/null 2>&1; then
  echo "fuzz: clang not found; on Debian: apt-get install -y clang libclang-rt-14-dev" >&2
  exit 1
fi

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
STD="-std=c11 -D_POSIX_C_SOURCE=200809L"
PKG_CFLAGS=$(pkg-config --cflags gsl cairo pangocairo zlib libpng sqlite3 expat jansson)
PKG_LIBS="$(pkg-config --libs gsl cairo pangocairo zlib libpng sqlite3 expat jansson) -lreadstat"

build() {
  mkdir -p "$dir/obj"
  # the libFuzzer runtime: a clear message rather than a link error
  printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
    > "$dir/probe.c"
  if ! "$CLANG" -fsanitize=fuzzer "$dir/probe.c" -o "$dir/probe" 2> "$dir/probe.log"; then
    cat "$dir/probe.log" >&2
    echo "fuzz: clang cannot link -fsanitize=fuzzer; on Debian: apt-get install -y libclang-rt-14-dev" >&2
    return 1
  fi
  local objs=() f o
  for f in src/core/*.c src/io/*/*.c src/stats/*.c src/chart/*.c src/report/*.c; do
    [ -f "$f" ] || continue
    o=$dir/obj/$(basename "${f%.c}").o
    if [ ! -f "$o" ] || [ "$f" -nt "$o" ] || [ -n "$(find include src -name '*.h' -newer "$o" -print -quit)" ]; then
      echo "  CC $f"
      "$CLANG" $STD -O1 -g $SAN -fsanitize=fuzzer-no-link -Iinclude -Isrc $PKG_CFLAGS -c "$f" -o "$o" || return 1
    fi
    objs+=("$o")
  done
  rm -f "$dir/libincstat-fuzz.a"
  ar rcs "$dir/libincstat-fuzz.a" "${objs[@]}" || return 1
  local t
  for t in $targets; do
    echo "  LD fuzz_$t"
    "$CLANG" $STD -O1 -g $SAN -fsanitize=fuzzer -Iinclude -Isrc -Itests/fuzz $PKG_CFLAGS \
      -o "$dir/fuzz_$t" "tests/fuzz/fuzz_$t.c" "$dir/libincstat-fuzz.a" $PKG_LIBS -lpthread -lm || return 1
  done
}

# run_one TARGET: fuzz for $seconds, log to $dir/TARGET.log
run_one() {
  local t=$1
  mkdir -p "$dir/new/$t" "$dir/crashes/$t" "tests/fuzz/corpus/$t"
  # -timeout: an input that takes 10 s is a finding; -rss_limit_mb: so is 2 GB
  timeout $((seconds + 120)) "$dir/fuzz_$t" -max_total_time="$seconds" -max_len="$(max_len "$t")" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 ${FUZZ_FLAGS:-} \
    -artifact_prefix="$dir/crashes/$t/" \
    "$dir/new/$t" "tests/fuzz/corpus/$t" > "$dir/$t.log" 2>&1
  echo $? > "$dir/$t.rc"
}

report() {
  local t=$1 execs secs crashes new rc
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/$t.log" | tail -1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$dir/$t.log" | tail -1)
  crashes=$(find "$dir/crashes/$t" -type f | wc -l)
  new=$(find "$dir/new/$t" -type f | wc -l)
  rc=$(cat "$dir/$t.rc" 2>/dev/null || echo '?')
  printf '%-8s %12s execs in %5ss  %5s new corpus entries  %3s crashes  (exit %s)\n' \
    "$t" "${execs:-?}" "${secs:-?}" "$new" "$crashes" "$rc"
  if [ "$crashes" -gt 0 ] || [ "$rc" != 0 ]; then
    grep -m1 -A12 -E '^==[0-9]+==ERROR|runtime error|contract broken|deadly signal' "$dir/$t.log" | sed 's/^/    /'
    return 1
  fi
}

case $mode in
  build)
    build
    ;;
  run)
    build || exit 1
    echo "fuzzing $targets for ${seconds}s each, $jobs at a time"
    running=0
    for t in $targets; do
      run_one "$t" &
      running=$((running+1))
      if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running-1)); fi
    done
    wait
    status=0
    for t in $targets; do report "$t" || status=1; done
    [ $status = 0 ] || echo "crashes under $dir/crashes/: minimise with tests/fuzz/run.sh minimize TARGET FILE"
    exit $status
    ;;
  merge)
    build || exit 1
    for t in $targets; do
      fresh=$dir/merged/$t
      rm -rf "$fresh"; mkdir -p "$fresh" "$dir/new/$t"
      # FUZZ_MERGE_LEN truncates longer inputs: a way to keep the corpus small
      "$dir/fuzz_$t" -merge=1 -max_len="${FUZZ_MERGE_LEN:-$(max_len "$t")}" -timeout=10 "$fresh" \
        "tests/fuzz/corpus/$t" "$dir/new/$t" > "$dir/$t.merge.log" 2>&1 || { tail "$dir/$t.merge.log"; exit 1; }
      rm -rf "tests/fuzz/corpus/$t"; mkdir -p "tests/fuzz/corpus/$t"
      # content-named files (libFuzzer's SHA-1 names) so that merges are stable
      cp "$fresh"/* "tests/fuzz/corpus/$t/" 2>/dev/null || true
      printf '%-8s %5s files %8s bytes\n' "$t" "$(ls "tests/fuzz/corpus/$t" | wc -l)" \
        "$(cat "tests/fuzz/corpus/$t"/* 2>/dev/null | wc -c)"
    done
    ;;
  minimize)
    t=${2:?usage: run.sh minimize TARGET CRASH}; crash=${3:?usage: run.sh minimize TARGET CRASH}
    build || exit 1
    "$dir/fuzz_$t" -minimize_crash=1 -max_total_time=60 -runs=100000 \
      -exact_artifact_path="$crash.min" "$crash" 2>&1 | tail -5
    ls -l "$crash.min"
    ;;
  *)
    echo "usage: tests/fuzz/run.sh [run|build|merge|minimize TARGET CRASH]" >&2
    exit 2
    ;;
esac

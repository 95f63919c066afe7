#!/usr/bin/env bash
# The CI jobs beyond the README's test command, one per argument (run them alone or in
# sequence; .ci/run runs them all after ./scripts/test.sh):
#
#   sanitize   clang, -Wall -Wextra -Werror, the whole test suite under AddressSanitizer
#              and UndefinedBehaviorSanitizer (any report fails the test that caused it)
#   tsan       clang, the threaded tests under ThreadSanitizer, with lock-free charges
#              and with the locked fallback forced (MECHESTIM_LOCKED_CHARGES)
#   fuzz       clang + libFuzzer (with ASan and UBSan): each target of tests/fuzz runs for
#              MECHESTIM_FUZZ_SECONDS (default 30) from its committed corpus
#
# Build trees go under $MECHESTIM_CI_DIR (default build-ci/). No compiler cache is used,
# as on a clean machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ci_dir="${MECHESTIM_CI_DIR:-$root/build-ci}"
jobs="${MECHESTIM_JOBS:-$(nproc)}"
export CCACHE_DISABLE=1

"$root/scripts/install-deps.sh" --ci

configure() {  # configure <dir> <cmake args...>
  local dir=$1
  shift
  cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DMECHESTIM_WERROR=ON "$@" >/dev/null
}

sanitize() {
  local dir="$ci_dir/asan"
  configure "$dir" -DCMAKE_BUILD_TYPE= \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
  cmake --build "$dir" -j "$jobs"
  # The CMake consumer tests configure and build other projects without sanitizers, and
  # the header and compile_fail tests only compile (every header alone, the layers, code
  # that must not compile): the README's test command covers them, and all the headers
  # are compiled here by the test programs.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:allocator_may_return_null=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --test-dir "$dir" --output-on-failure --no-tests=error -j "$jobs" -E '^(cmake|headers|compile_fail):'
}

tsan() {
  local dir="$ci_dir/tsan"
  configure "$dir" -DCMAKE_BUILD_TYPE= -DMECHESTIM_BUILD_EXAMPLES=OFF \
    -DCMAKE_CXX_FLAGS="-fsanitize=thread -fno-omit-frame-pointer"
  local targets=(test_budget test_budget_locked test_charge test_charge_locked test_random_state test_random_generator)
  cmake --build "$dir" -j "$jobs" --target "${targets[@]}"
  for t in "${targets[@]}"; do
    echo "tsan: $t"
    # ThreadSanitizer's runtime owns operator new: test_charge's allocation counts are off.
    # allocator_may_return_null: a giant allocation fails as it does without TSan (std::bad_alloc,
    # which the library turns into its own error), instead of aborting the run.
    TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:allocator_may_return_null=1 \
      MECHESTIM_TEST_DATA="$root/tests/data" "$dir/tests/$t" "~[allocations]"
  done
}

fuzz() {
  local dir="$ci_dir/fuzz"
  configure "$dir" -DCMAKE_BUILD_TYPE= -DMECHESTIM_BUILD_TESTS=OFF -DMECHESTIM_BUILD_EXAMPLES=OFF \
    -DMECHESTIM_BUILD_FUZZERS=ON
  # Only the fuzzers: the server and its library would be built uninstrumented, unused.
  local targets=(einsum budget shapes server)
  cmake --build "$dir" -j "$jobs" --target "${targets[@]/#/fuzz_}"
  local seconds="${MECHESTIM_FUZZ_SECONDS:-30}"
  for target in "${targets[@]}"; do
    # New inputs go to a scratch directory; the committed corpus is read, never written.
    local corpus="$dir/corpus-$target"
    rm -rf "$corpus" && mkdir -p "$corpus"
    echo "fuzz: $target for ${seconds}s from $(ls "$root/tests/fuzz/corpus/$target" | wc -l) committed inputs"
    # allocator_may_return_null: a giant allocation fails as it does without ASan (null),
    # so that the library's own "out of memory" me::ValueError is what gets tested.
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      "$dir/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
      -print_final_stats=1 "$corpus" "$root/tests/fuzz/corpus/$target"
  done
}

if (($# == 0)); then set -- sanitize tsan fuzz; fi
for job in "$@"; do
  case "$job" in
    sanitize | tsan | fuzz)
      start=$SECONDS
      echo "== ci: $job"
      "$job"
      echo "== ci: $job passed in $((SECONDS - start)) s"
      ;;
    *) echo "ci.sh: unknown job '$job' (sanitize, tsan, fuzz)" >&2; exit 2 ;;
  esac
done

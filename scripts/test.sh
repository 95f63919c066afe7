#!/usr/bin/env bash
# Quick-start command 2: builds everything and runs the whole test suite through ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
build="${MECHESTIM_BUILD_DIR:-$root/build}"
# Warnings are errors here (and in the clang jobs of scripts/ci.sh).
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMECHESTIM_WERROR=ON >/dev/null
cmake --build "$build" -j "${MECHESTIM_JOBS:-$(nproc)}"
ctest --test-dir "$build" --output-on-failure --no-tests=error -j "$(nproc)"

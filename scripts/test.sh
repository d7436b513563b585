#!/usr/bin/env bash
# Builds (incrementally) and runs the whole test suite with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/CMakeCache.txt ] || scripts/setup.sh
cmake --build build -j2
ctest --test-dir build -j2 --output-on-failure "$@"

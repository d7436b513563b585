#!/usr/bin/env bash
# Runs the whole test suite (fuzz corpus replays included) under AddressSanitizer,
# LeakSanitizer and UndefinedBehaviorSanitizer, built by scripts/sanitized-build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/sanitized-build.sh
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-sanitize -j2 --output-on-failure > build-sanitize/ctest.log ||
  { grep -E "runtime error|ERROR: (Address|Leak)Sanitizer|Failed" build-sanitize/ctest.log | head -20; exit 1; }
tail -3 build-sanitize/ctest.log
echo "sanitizers: the test suite passes under ASan, LSan and UBSan"

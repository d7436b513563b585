#!/usr/bin/env bash
# Configures and builds build-sanitize/: clang with AddressSanitizer and
# UndefinedBehaviorSanitizer (float-to-int conversions and signed overflow included; any
# finding aborts) and libFuzzer coverage, so one build runs both the test suite
# (scripts/check-sanitizers.sh) and the fuzz targets (scripts/fuzz.sh).
#   scripts/sanitized-build.sh [TARGET...]        (default: everything)
# vptr is off because CAF's intrusive mailbox queues (in CAF's headers, compiled into
# our files) downcast their sentinel node; glibc's malloc, since jemalloc and ASan's
# allocator do not mix.
set -euo pipefail
cd "$(dirname "$0")/.."
# clang's libFuzzer runtime and FuzzedDataProvider.h come with libclang-rt-14-dev.
for package in clang libclang-rt-14-dev; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package" >/dev/null
  fi
done
flags="-fsanitize=address,undefined,float-cast-overflow,fuzzer-no-link -fno-sanitize=vptr"
flags+=" -fno-sanitize-recover=all -fno-omit-frame-pointer -O1 -g"
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DDETSIM_LIBFUZZER=ON -DDETSIM_BUILD_BENCH=OFF -DDETSIM_FAST_MALLOC=OFF \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
if [ $# -gt 0 ]; then
  cmake --build build-sanitize -j2 --target "$@" >/dev/null
else
  cmake --build build-sanitize -j2 >/dev/null
fi

#!/usr/bin/env bash
# Builds detsim in Debug with clang (and on glibc's malloc, not jemalloc) next to the
# Release build with g++ and jemalloc, and checks that both write the same trace file,
# byte for byte, for a swarm run with
# faults, chaos and skewed clocks and for a V-Stack run (floating-point estimates, Zipf
# popularity, adaptive replication) and two Helios runs; then replays the golden traces (recorded on glibc's
# malloc) with the Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
CXX=clang++ cmake -S . -B build-clang-debug -DCMAKE_BUILD_TYPE=Debug -DDETSIM_BUILD_TESTS=OFF \
  -DDETSIM_BUILD_BENCH=OFF -DDETSIM_FAST_MALLOC=OFF >/dev/null
cmake --build build-clang-debug -j2 --target detsim >/dev/null
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
args=(run swarm --seed 9 --param agents=300 --param resources=10 --param duration=1s
      --param clock_skew=2ms --param clock_drift_ppm=500 --no-progress
      --chaos kill-rate=3/s,loss=0.01,duplicate=0.01,latency-spike=2/s)
build/detsim "${args[@]}" --trace "$scratch/release.zst" >/dev/null
build-clang-debug/detsim "${args[@]}" --trace "$scratch/debug.zst" >/dev/null
cmp "$scratch/release.zst" "$scratch/debug.zst"
build-clang-debug/detsim replay "$scratch/release.zst"
vstack=(run vstack-chaos --seed 5 --param clients=20 --param duration=60s --no-progress
        --trace-level payloads --chaos kill-rate=0.1/s,loss=0.01,latency-spike=0.2/s)
build/detsim "${vstack[@]}" --trace "$scratch/vstack-release.zst" >/dev/null
build-clang-debug/detsim "${vstack[@]}" --trace "$scratch/vstack-debug.zst" >/dev/null
cmp "$scratch/vstack-release.zst" "$scratch/vstack-debug.zst"
# Helios: SHA-256 digests and MuZero's hidden states travel in the messages, so their
# payload hashes must agree too.
for helios in "helios-muzero --param envs=8 --param duration=200ms" \
              "helios-chaos --param duration=3s --param quiet=1s"; do
  # shellcheck disable=SC2086
  build/detsim run $helios --seed 6 --no-progress --trace-level payloads --trace "$scratch/h-release.zst" >/dev/null
  # shellcheck disable=SC2086
  build-clang-debug/detsim run $helios --seed 6 --no-progress --trace-level payloads --trace "$scratch/h-debug.zst" >/dev/null
  cmp "$scratch/h-release.zst" "$scratch/h-debug.zst"
done
# format1-*: recorded under older run rules on purpose; replay must refuse it (exit 2).
for golden in tests/golden/*.zst; do
  case "$golden" in
    */format1-*)
      status=0
      build/detsim replay "$golden" >/dev/null 2>&1 || status=$?
      [ "$status" -eq 2 ] || { echo "replay of $golden: exit $status, expected 2" >&2; exit 1; } ;;
    *) build/detsim replay "$golden" >/dev/null ;;
  esac
done
echo "debug-release: clang Debug and g++ Release traces are byte-identical (swarm, vstack-chaos, helios-muzero, helios-chaos);" \
  "golden traces of these run rules replay identically"

#!/usr/bin/env bash
# Builds the bench's SimGrid side (-DDETSIM_BENCH_SIMGRID=ON, libsimgrid-dev) and runs
# each SimGrid workload briefly: the programs detsim-bench compares against must keep
# building and running. The comparison itself is `build/bench/detsim-bench` (not in CI:
# it takes minutes and wants an idle machine).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-missing.sh libsimgrid-dev pkg-config
cmake -S . -B build -DDETSIM_BENCH_SIMGRID=ON >/dev/null
cmake --build build -j2 --target detsim-simgrid detsim-bench >/dev/null
simgrid=build/bench/detsim-simgrid
check() {
  local out
  out=$("$simgrid" "$@")
  echo "detsim-simgrid $*: $out"
  [[ "$out" =~ ^count\ [1-9][0-9]*\ wall\ [0-9.]+$ ]] ||
    { echo "simgrid bench: unexpected output" >&2; exit 1; }
}
check ring 100 20000
check swarm 100 4 0.2
check phold 100 1 0.0001 0.001 0.25 20000 10
if "$simgrid" ring 100 ten 2>/dev/null; then
  echo "simgrid bench: a malformed count was accepted" >&2
  exit 1
fi

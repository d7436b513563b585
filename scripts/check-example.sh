#!/usr/bin/env bash
# Installs detsim into a scratch prefix, builds examples/own_scenario against the
# installed package and runs the user's own scenario through detsim's CLI (run, replay
# and a small campaign).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake --install build --prefix "$scratch/prefix" >/dev/null
cmake -S examples/own_scenario -B "$scratch/build" -DCMAKE_PREFIX_PATH="$scratch/prefix" >/dev/null
cmake --build "$scratch/build" -j2 >/dev/null
"$scratch/build/mysim" run heartbeat --seed 3 --no-progress \
  --faults "at 500ms kill worker-1; at 1s restart worker-1" --trace "$scratch/hb.zst" | tail -3
"$scratch/build/mysim" replay "$scratch/hb.zst"
"$scratch/build/mysim" campaign heartbeat --seeds 1..20 --jobs 2 --no-progress \
  --chaos kill-rate=2/s --out "$scratch/campaign" | head -1
echo "example: out-of-tree project built against the installed package and ran"

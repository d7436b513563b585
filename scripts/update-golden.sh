#!/usr/bin/env bash
# Regenerates the golden traces in tests/golden/. Only for a change that alters run
# behaviour on purpose; the commit must say so. format1-swarm-quiet.zst is not
# regenerated: written by detsim 0.1 in trace format 1, it shows that old traces are still
# read and that replay refuses, by name, a trace made under older run rules.
set -euo pipefail
cd "$(dirname "$0")/.."
detsim=build/detsim
small="--param agents=40 --param resources=4 --param duration=400ms --no-progress"
$detsim run swarm --seed 1 $small --trace tests/golden/swarm-quiet.zst >/dev/null
$detsim run swarm --seed 2 $small --trace-level payloads \
  --faults "at 100ms kill resource-1; at 200ms restart resource-1; from 50ms to 150ms partition agents|resource-2" \
  --trace tests/golden/swarm-faults-payloads.zst >/dev/null
$detsim run swarm --seed 3 $small --trace-level schedule \
  --chaos "kill-rate=5/s,loss=0.02,latency-spike=3/s,duplicate=0.01" \
  --trace tests/golden/swarm-chaos-schedule.zst >/dev/null
$detsim run vstack-paxos --seed 4 --param duration=500ms --param uploaders=6 --param chunks=8 \
  --param contested=0.5 --chaos "kill-rate=6/s,restart-after=30ms,loss=0.03" --no-progress \
  --trace tests/golden/vstack-paxos-chaos.zst >/dev/null
$detsim run vstack-failover --seed 5 --param clients=10 --param videos=3 --param video_length=20s \
  --param duration=30s --param kill_at=8s --param restart_at=16s --param contested=0.3 \
  --chaos "loss=0.01" --no-progress --trace tests/golden/vstack-failover.zst >/dev/null
$detsim run helios-timetravel --seed 6 --param games=6 --param moves=12 --param variations=3 \
  --param jumps=30 --param merges=4 --trace-level payloads --no-progress \
  --trace tests/golden/helios-timetravel-payloads.zst >/dev/null
$detsim run helios-chaos --seed 7 --param duration=3s --param quiet=1s --param clients=3 --no-progress \
  --trace tests/golden/helios-chaos.zst >/dev/null
ls -l tests/golden

#!/usr/bin/env bash
# Regenerates the numbers of docs/helios.md: each scenario over seeds (means with
# min..max), one run at a time so that wall-clock figures are not shared with another
# run, both sides of the planted bug over 2,000 seeds, and the store bench. ~3 minutes.
# Usage: scripts/helios-numbers.sh [OUT]   (default sweeps/helios)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-sweeps/helios}
rm -rf "$out"
mkdir -p "$out"
build/detsim sweep helios-mcts --param batch=1,8,64 --seeds 1..5 --jobs 1 --out "$out/mcts" \
  --metrics commits,commits_per_wall_s,commit_latency_p50_us,commit_latency_p99_us,commit_cpu_ns_p50,jump_cpu_ns_p50,bytes_per_state
build/detsim sweep helios-muzero --param envs=128 --seeds 1..5 --jobs 1 --out "$out/muzero" \
  --metrics updates_per_sim_s,rollbacks,fork_cpu_ns_p50,commit_cpu_ns_p50,jump_cpu_ns_p50,commit_latency_p50_us,bytes_per_state
build/detsim sweep helios-timetravel --param games=100 --seeds 1..5 --jobs 1 --out "$out/timetravel" \
  --metrics positions,proofs_verified,fork_cpu_ns_p50,jump_cpu_ns_p50,merges_clean,merge_conflicts,bytes_per_state
build/detsim sweep helios-recovery --param states=1000000 --seeds 1..3 --jobs 1 --out "$out/recovery" \
  --metrics states_acknowledged,states_recovered,recovery_wall_ms,checkpoints_loaded,torn_bytes_dropped
build/detsim campaign helios-chaos --seeds 1..2000 --no-progress --out "$out/chaos" | tail -n 3
# The broken replica's campaign fails (exit 1): that is what it is run for.
(build/detsim campaign helios-chaos --seeds 1..2000 --param sync_before_ack=false --no-progress \
  --out "$out/chaos-sync-after-ack" || true) | tail -n 8
build/bench/detsim-helios-bench

#!/usr/bin/env bash
# Produces the seed-004 tables of docs/ingest.md with detsim sweep, each printed under the
# command that made it. Sweeps go to sweeps/ (removed first, so the tables are fresh).
#   scripts/ingest-tables.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
detsim="${1:-build}/detsim"
rm -rf sweeps/ramp sweeps/workers sweeps/batch sweeps/capacity sweeps/spaces sweeps/skew \
       sweeps/low-latency sweeps/high-throughput sweeps/resource-constrained

table() {
  echo "\$ detsim sweep $*"
  # The table is everything between the "N runs to go" line and the "report:" line.
  "$detsim" sweep "$@" 2>&1 | sed -n '/runs to go/,/^report:/p' | sed '1d;$d'
  echo
}

table ingest --param rate=10000,50000,100000,150000,200000 --seeds 1..5 --out sweeps/ramp \
  --metrics throughput_obs_s,cpu_pct,memory_mb,latency_p99_ms,status
table ingest --param workers=1,2,4,8,16 --param rate=200000 --seeds 1..3 --out sweeps/workers \
  --metrics throughput_obs_s,worker_utilization_pct,cpu_pct,latency_p99_ms
table ingest --param batch_max=10,50,100,500,1000 --param rate=200000 --seeds 1..3 --out sweeps/batch \
  --metrics throughput_obs_s,latency_p50_ms,latency_p99_ms,batch_mean
table ingest --param queue_capacity=1000,10000,50000,100000 --param rate=250000 --seeds 1..3 \
  --out sweeps/capacity --metrics memory_mb,backpressure_events,queue_depth_p99,rejected,latency_p99_ms
table ingest --param spaces=1,2,4,8 --param rate=200000 --seeds 1..3 --out sweeps/spaces \
  --metrics throughput_obs_s,latency_p99_ms,steals,worker_utilization_pct
table ingest --param skew=0,1 --param rate=150000 --seeds 1..3 --out sweeps/skew \
  --metrics throughput_obs_s,worker_utilization_pct,steals,latency_p99_ms
for profile in low-latency high-throughput resource-constrained; do
  table ingest --params "scenarios/profiles/$profile.params" --param rate=10000..200000:x2 \
    --seeds 1..3 --out "sweeps/$profile" \
    --metrics throughput_obs_s,latency_p99_ms,cpu_pct,memory_mb,backpressure_events,status
done

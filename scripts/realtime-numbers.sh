#!/usr/bin/env bash
# The realtime engine's numbers on this machine, as the README quotes them: the AlphaPulse
# baseline and stress loads, and the Engram ingest ramp with real work next to the
# modelled one. Run it on an otherwise idle machine (realtime runs measure the machine).
#   scripts/realtime-numbers.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
detsim="${1:-build}/detsim"
show="achievement_pct|achieved_tps|latency_p50_us|latency_p99_us|latency_p999_us|latency_uncorrected_p99_us|cpu_pct|verdict"

echo "\$ detsim run exchange-load --engine realtime --threads 2 --param exchanges=3 --param trades_per_second=10000 --param duration=10s"
"$detsim" run exchange-load --engine realtime --threads 2 --param exchanges=3 \
  --param trades_per_second=10000 --param duration=10s | grep -E "$show"
echo
echo "\$ detsim run exchange-load --engine realtime --threads 2 --param exchanges=5 --param trades_per_second=50000 --param duration=30s"
"$detsim" run exchange-load --engine realtime --threads 2 --param exchanges=5 \
  --param trades_per_second=50000 --param duration=30s | grep -E "$show"
echo
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "\$ detsim sweep ingest --engine realtime --threads 2 --param work=real --param rate=2500,5000,10000,20000,40000 --param duration=5s"
"$detsim" sweep ingest --engine realtime --threads 2 --param work=real \
  --param rate=2500,5000,10000,20000,40000 --param duration=5s --out "$out/real" \
  --metrics throughput_obs_s,offered_obs_s,latency_p50_ms,latency_p99_ms,status 2>&1 |
  sed -n '/runs to go/,/^report:/p' | sed '1d;$d'

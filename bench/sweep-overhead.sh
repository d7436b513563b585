#!/usr/bin/env bash
# What a sweep costs beyond its runs: a sweep of N points (one seed each, one job) against
# the same N runs started one after another as plain `detsim run` processes. Prints the
# wall time of each and the overhead per point (best of REPEAT tries of each).
#   bench/sweep-overhead.sh [BUILD_DIR] [POINTS] [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/.."
detsim="${1:-build}/detsim"
points="${2:-20}"
repeat="${3:-3}"
scenario_args=(ingest --param duration=20ms)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

now() { date +%s.%N; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a - b }'; }
least() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }
best_sweep=999999
best_runs=999999
for ((r = 0; r < repeat; ++r)); do
  rm -rf "$out/sweep"
  start=$(now)
  "$detsim" sweep "${scenario_args[@]}" --param "rate=1000..$((points * 1000)):+1000" --jobs 1 \
    --out "$out/sweep" >/dev/null 2>&1
  sweep=$(minus "$(now)" "$start")
  start=$(now)
  for ((i = 1; i <= points; ++i)); do
    "$detsim" run "${scenario_args[@]}" --param "rate=$((i * 1000))" >/dev/null
  done
  runs=$(minus "$(now)" "$start")
  best_sweep=$(least "$sweep" "$best_sweep")
  best_runs=$(least "$runs" "$best_runs")
done
printf 'sweep of %d points: %.3f s; the same %d runs alone: %.3f s\n' "$points" "$best_sweep" "$points" "$best_runs"
awk -v s="$best_sweep" -v r="$best_runs" -v n="$points" 'BEGIN {
  printf "overhead per point beyond its run: %.1f ms (target: at most 20 ms)\n", (s - r) * 1000 / n }'

#!/usr/bin/env bash
# Produces the seed-001 tables of docs/inference.md with detsim sweep (the simulated server),
# each printed under the command that made it. Sweeps go to sweeps/ (removed first).
#   scripts/inference-tables.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
detsim="${1:-build}/detsim"
rm -rf sweeps/context sweeps/context-no-ping sweeps/output sweeps/output-numbers sweeps/combined \
       sweeps/max-context sweeps/max-context-no-ping sweeps/crowd

table() {
  echo "\$ detsim sweep $*"
  # The table (or the search's steps) is everything after the header line up to "report:".
  "$detsim" sweep "$@" 2>&1 | sed -n '/runs to go\|^  [a-z_]*=/,/^report:/p' | grep -v "runs to go\|^report:"
  echo
}

context=tokens_in,ttft_ms,e2e_ms,close_code,longest_pong_ms
table inference --param words=128..16384:x2 --seeds 1..3 --out sweeps/context --metrics "$context"
table inference --param words=128..16384:x2 --param ping=false --seeds 1..3 --out sweeps/context-no-ping \
  --metrics "$context"
table inference --param max_tokens=512..16384:x2 --param min_tokens=0,4096 --param ping=false --seeds 1..3 \
  --out sweeps/output --metrics tokens_out,finished_eos,finished_max_tokens,e2e_ms,tokens_per_s
table inference --param max_tokens=512..16384:x2 --param stop_mean_tokens=150 --param stop_shape=6 \
  --param ping=false --seeds 1..10 --out sweeps/output-numbers --metrics tokens_out,finished_eos
table inference --param words=4096..32768:x2 --param max_tokens=32768 --param min_tokens=0,32768 \
  --param ping=false --out sweeps/combined \
  --metrics tokens_in,tokens_out,finished_context,finished_max_tokens,e2e_ms,close_code
table inference --search words=128..65536 --until verdict=pass --resolution 1 --out sweeps/max-context
table inference --search words=128..65536 --until verdict=pass --resolution 1 --param ping=false \
  --out sweeps/max-context-no-ping
table inference --param clients=1,2,4,8 --param words=1024,4096 --seeds 1..3 --out sweeps/crowd \
  --metrics requests_ok,requests_failed,close_code,longest_pong_ms,abandoned_prefill_s

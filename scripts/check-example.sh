#!/usr/bin/env bash
# Installs detsim into a scratch prefix, builds examples/own_scenario against the
# installed package (its classes reuse names of detsim's built-in systems on purpose) and
# runs the user's own scenarios through detsim's CLI: run, replay, and campaigns that
# must pass with durable acceptors and must find the planted bug without them.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake --install build --prefix "$scratch/prefix" >/dev/null
cmake -S examples/own_scenario -B "$scratch/build" -DCMAKE_PREFIX_PATH="$scratch/prefix" >/dev/null
cmake --build "$scratch/build" -j2 >/dev/null
mysim="$scratch/build/mysim"
"$mysim" run heartbeat --seed 3 --no-progress \
  --faults "at 500ms kill worker-1; at 1s restart worker-1" --trace "$scratch/hb.zst" | tail -3
"$mysim" replay "$scratch/hb.zst"
"$mysim" run swarm --seed 1 --no-progress --param agents=20 --param resources=4 \
  --param duration=200ms | grep '^verdict: PASS'
chaos="kill-rate=2/s,restart-after=50ms"
"$mysim" campaign paxos-promises --seeds 1..40 --jobs 2 --no-progress --chaos "$chaos" \
  --out "$scratch/durable" >"$scratch/durable.txt"
head -1 "$scratch/durable.txt"
grep -q ' 0 failed' "$scratch/durable.txt" ||
  { echo "example: durable acceptors failed a campaign" >&2; exit 1; }
"$mysim" campaign paxos-promises --seeds 1..40 --jobs 2 --no-progress --chaos "$chaos" \
  --param durable=false --out "$scratch/forgetful" >"$scratch/forgetful.txt" || true
head -2 "$scratch/forgetful.txt"
grep -q '^bucket invariant:promises-only-rise' "$scratch/forgetful.txt" ||
  { echo "example: the campaign missed the planted bug (acceptors forget promises)" >&2; exit 1; }
"$mysim" campaign heartbeat --seeds 1..4 --jobs 2 --no-progress --param crash=true \
  --out "$scratch/crash" >"$scratch/crash.txt" || true
grep '^bucket crash' "$scratch/crash.txt"
grep -q '^bucket crash:SEGV at swarm::agent::answer' "$scratch/crash.txt" ||
  { echo "example: the crash bucket does not name the user's function" >&2; exit 1; }
# A sweep works for the user's own scenario as for the built-in ones.
"$mysim" sweep heartbeat --param workers=1,2,4 --param duration=500ms --seeds 1..2 \
  --out "$scratch/sweep" | tail -4
[ "$(wc -l <"$scratch/sweep/sweep.csv")" -eq 4 ] ||
  { echo "example: the sweep of the user's scenario did not give 3 points" >&2; exit 1; }
echo "example: out-of-tree project built against the installed package and ran"

#!/usr/bin/env bash
# Renders a campaign's report.html, vstack-benchmark's --report-html, a sweep's
# report.html and the Helios dashboards in headless Chromium (installed from Debian if
# missing) and checks each page has its tables and plots; saves screenshots (SCREENSHOT,
# BENCH_SCREENSHOT).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
build/detsim campaign swarm --seeds 1..30 --jobs 2 --no-progress --param agents=30 \
  --param resources=3 --param duration=300ms --param persist=false \
  --chaos kill-rate=5/s,restart-after=20ms --out "$scratch/campaign" >/dev/null || true
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --user-data-dir="$scratch/profile")
chromium "${flags[@]}" --dump-dom "file://$scratch/campaign/report.html" >"$scratch/dom.html" 2>/dev/null
chromium "${flags[@]}" --window-size=900,1200 --screenshot="${SCREENSHOT:-$scratch/report.png}" \
  "file://$scratch/campaign/report.html" >/dev/null 2>&1
rows=$(grep -o '<tr>' "$scratch/dom.html" | wc -l)
plots=$(grep -o '<svg' "$scratch/dom.html" | wc -l)
if [ "$rows" -lt 2 ] || [ "$plots" -ne 2 ] || ! grep -q 'id="totals"' "$scratch/dom.html"; then
  echo "report-render: FAILED (table rows $rows, plots $plots)" >&2
  exit 1
fi
echo "report-render: report.html renders in headless Chromium ($((rows - 1)) buckets, $plots plots)"

build/detsim run vstack-benchmark --seed 1 --no-progress --report-html "$scratch/bench.html" >/dev/null
chromium "${flags[@]}" --dump-dom "file://$scratch/bench.html" >"$scratch/bench-dom.html" 2>/dev/null
chromium "${flags[@]}" --window-size=900,1600 --screenshot="${BENCH_SCREENSHOT:-$scratch/bench.png}" \
  "file://$scratch/bench.html" >/dev/null 2>&1
verdicts=$(grep -o '<td class="\(pass\|fail\)">\(PASS\|FAIL\)</td>' "$scratch/bench-dom.html" | wc -l)
plots=$(grep -o '<svg' "$scratch/bench-dom.html" | wc -l)
lines=$(grep -o '<polyline' "$scratch/bench-dom.html" | wc -l)
# The scenario's two plots and the process's resident memory over the run.
if ! grep -q 'id="targets"' "$scratch/bench-dom.html" || [ "$plots" -ne 3 ] || [ "$lines" -lt 3 ] ||
   ! grep -q 'Resident memory of the process' "$scratch/bench-dom.html"; then
  echo "report-render: vstack-benchmark report FAILED (plots $plots, lines $lines)" >&2
  exit 1
fi
echo "report-render: vstack-benchmark report renders ($verdicts verdict cells, $plots plots, $lines lines)"

build/detsim sweep swarm --param agents=10,20,40 --param resources=4 --param duration=200ms \
  --seeds 1..2 --jobs 2 --out "$scratch/sweep" >/dev/null
chromium "${flags[@]}" --dump-dom "file://$scratch/sweep/report.html" >"$scratch/sweep-dom.html" 2>/dev/null
points=$(grep -o '<tr>' "$scratch/sweep-dom.html" | wc -l)
plots=$(grep -o '<svg' "$scratch/sweep-dom.html" | wc -l)
if ! grep -q 'id="points"' "$scratch/sweep-dom.html" || [ "$points" -ne 4 ] || [ "$plots" -lt 5 ]; then
  echo "report-render: sweep report FAILED (rows $points, plots $plots)" >&2
  exit 1
fi
echo "report-render: sweep report renders ($((points - 1)) points, $plots plots)"

# The Helios dashboards: commits/s, states and memory over time in every scenario that
# commits through one store, the latency distribution where clients time their commits,
# one game's DAG of forks and merges for time travel.
declare -A helios=(
  [helios-mcts]="--param trees=40 --param sims_per_move=200"
  [helios-muzero]="--param envs=16 --param duration=200ms"
  [helios-timetravel]="--param games=10 --param moves=20 --param merges=10"
  [helios-recovery]="--param states=20000 --param batch=500"
  [helios-chaos]="--param duration=3s"
)
# At least these many (the process's resident memory is drawn too once sampled twice).
declare -A helios_plots=([helios-mcts]=4 [helios-muzero]=4 [helios-timetravel]=4 [helios-recovery]=3 [helios-chaos]=2)
for name in helios-mcts helios-muzero helios-timetravel helios-recovery helios-chaos; do
  # shellcheck disable=SC2086
  build/detsim run "$name" --seed 1 --no-progress ${helios[$name]} --report-html "$scratch/$name.html" >/dev/null
  chromium "${flags[@]}" --dump-dom "file://$scratch/$name.html" >"$scratch/$name-dom.html" 2>/dev/null
  plots=$(grep -o '<svg' "$scratch/$name-dom.html" | wc -l)
  if ! grep -q '<h2>Invariants</h2>' "$scratch/$name-dom.html" || [ "$plots" -lt "${helios_plots[$name]}" ]; then
    echo "report-render: $name dashboard FAILED (plots $plots, expected at least ${helios_plots[$name]})" >&2
    exit 1
  fi
  echo "report-render: $name dashboard renders ($plots plots)"
done
edges=$(grep -o '<line x1' "$scratch/helios-timetravel-dom.html" | wc -l)
if ! grep -q 'Game 0: main line' "$scratch/helios-timetravel-dom.html" || [ "$edges" -lt 20 ]; then
  echo "report-render: the time-travel DAG FAILED ($edges edges)" >&2
  exit 1
fi
echo "report-render: the time-travel DAG draws $edges edges"

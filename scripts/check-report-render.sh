#!/usr/bin/env bash
# Renders a campaign's report.html, vstack-benchmark's --report-html and a sweep's
# report.html in headless Chromium (installed from Debian if missing) and checks each
# page has its tables and plots; saves screenshots (SCREENSHOT, BENCH_SCREENSHOT).
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

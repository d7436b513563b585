#!/usr/bin/env bash
# Builds the fuzz targets with clang, libFuzzer, ASan and UBSan (scripts/sanitized-build.sh)
# and runs each for a bounded time on its checked-in corpus, tests/fuzz/TARGET/ (new
# inputs it finds go to build-sanitize/corpus/TARGET/, not the tree).
#   scripts/fuzz.sh [--seconds N | --runs N] [--seed N] [TARGET...]
# (default: 60 s, every target, libFuzzer's own seed). Two calls with different seeds
# may run side by side: they share the corpus folder and keep separate logs.
# A finding stops the run: the input is saved as build-sanitize/findings/TARGET-crash-*;
# fix the bug, then copy the input to tests/fuzz/TARGET/regressions/ so ctest replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=(-max_total_time=60)
seed=()
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) limit=(-max_total_time="$2"); shift 2 ;;
    --runs) limit=(-runs="$2"); shift 2 ;;
    --seed) seed=(-seed="$2"); shift 2 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] ||
  targets=(trace_reader fault_plan chaos numbers campaign_config journal scenario)

build=build-sanitize
scripts/sanitized-build.sh $(printf 'fuzz_%s ' "${targets[@]}")

mkdir -p "$build/findings"
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"
  mkdir -p "$corpus"
  log="$build/findings/$target${seed:+-${seed[0]#-seed=}}.log"
  search=()
  if [ "$target" = scenario ]; then
    # Entropic scheduling's bookkeeping costs a quarter of each (slow) scenario run.
    search=(-entropic=0)
  fi
  # Two workers would halve the time each gets on this 2-core machine; one job, one core.
  if ! ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" "$build/fuzz/fuzz_$target" \
      "$corpus" "tests/fuzz/$target" "${limit[@]}" "${seed[@]}" "${search[@]}" -rss_limit_mb=4096 -timeout=30 -print_final_stats=1 \
      -artifact_prefix="$build/findings/$target-" >"$log" 2>&1; then
    grep -E "property violated|ERROR|runtime error|Test unit written" "$log" | head -8
    echo "fuzz: $target found a bug (log: $log)" >&2
    exit 1
  fi
  runs=$(grep -oE "stat::number_of_executed_units: *[0-9]+" "$log" | grep -oE "[0-9]+$")
  seconds=$(grep -oE "Done [0-9]+ runs in [0-9]+ second" "$log" | grep -oE "in [0-9]+" | grep -oE "[0-9]+")
  printf 'fuzz: %-16s %10s executions in %4s s, no finding\n' "$target" "$runs" "${seconds:-?}"
done

#!/usr/bin/env bash
# CI's fuzzing: every fuzz target for about a minute on its checked-in corpus, in the
# sanitized build scripts/check-sanitizers.sh made. A finding fails CI.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fuzz.sh --seconds "${DETSIM_FUZZ_SECONDS:-60}"

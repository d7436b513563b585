#!/usr/bin/env bash
# Installs detsim's Debian dependencies, configures and builds it in build/ (Release, -j2).
# Safe to run again: installed packages are skipped and the build is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake git zstd libcaf-dev libboost-program-options-dev libboost-dev libfmt-dev
          catch2 libzstd-dev nlohmann-json3-dev libjemalloc-dev libssl-dev libbenchmark-dev clang libclang-rt-14-dev)
scripts/install-missing.sh "${packages[@]}"

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2

#!/usr/bin/env bash
# Builds a Release tree and runs the benchmark: tests/bench/run.sh [S|L] [RUNS]
# Prints a table of each figure beside its target and the peers it is compared with.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
scripts/setup-debian.sh
scripts/build.sh build-release -DCMAKE_BUILD_TYPE=Release -DEVIDENCE_GUI=OFF
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
build-release/tests/bench/evidence-bench "${1:-S}" "${2:-3}"

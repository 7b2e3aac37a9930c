#!/usr/bin/env bash
# Configures and builds Evidence Desk into BUILD_DIR (default: build) with warnings as errors.
# Extra arguments go to CMake, e.g. scripts/build.sh build-asan -DEVIDENCE_SANITIZE=address,undefined
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="${1:-build}"
shift || true
cd "$root"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEVIDENCE_WERROR=ON "$@" >"$build_dir.configure.log" 2>&1 \
    || { cat "$build_dir.configure.log"; exit 1; }
cmake --build "$build_dir" --parallel "$(nproc)"

#!/usr/bin/env bash
# Configures and builds Evidence Desk into BUILD_DIR (default: build) with warnings as errors.
# Arguments go to CMake, e.g. scripts/build.sh build-asan -DEVIDENCE_SANITIZE=address,undefined;
# after a "--", the targets to build (all when none), e.g. scripts/build.sh build -- evidence-cli
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="${1:-build}"
shift || true
cmake_args=()
while (($#)) && [[ "$1" != "--" ]]; do
    cmake_args+=("$1")
    shift
done
shift || true
targets=("$@")
cd "$root"
mkdir -p "$build_dir"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEVIDENCE_WERROR=ON "${cmake_args[@]}" \
    >"$build_dir/configure.log" 2>&1 || { cat "$build_dir/configure.log"; exit 1; }
cmake --build "$build_dir" --parallel "$(nproc)" ${targets[@]+--target "${targets[@]}"}

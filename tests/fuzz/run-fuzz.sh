#!/usr/bin/env bash
# Fuzz the PII scanner with libFuzzer for SECONDS seconds.
#
#   tests/fuzz/run-fuzz.sh SECONDS [libFuzzer options...]
#
# Configures a separate clang build (default build-fuzz/ at the repository root; override with
# EVIDENCE_FUZZ_BUILD_DIR) with AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer coverage on our
# code, builds tests/fuzz/anon_fuzz, and runs it on a working corpus seeded from tests/fuzz/corpus/.
# Crash inputs are written to the build directory (crash-*, leak-*, timeout-*); the exit status is
# libFuzzer's (0 when nothing was found).
set -euo pipefail

if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
    echo "usage: $0 SECONDS [libFuzzer options...]" >&2
    exit 2
fi
seconds=$1
shift

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${EVIDENCE_FUZZ_BUILD_DIR:-$root/build-fuzz}
generator=()
if command -v ninja >/dev/null; then
    generator=(-G Ninja)
fi

# -fsanitize=fuzzer-no-link instruments every target for coverage; only anon_fuzz links libFuzzer's main.
# Warnings are not errors here: this build exists to find crashes, and other folders may not be clean
# under clang yet.
CC=clang CXX=clang++ cmake -S "$root" -B "$build" "${generator[@]}" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DEVIDENCE_GUI=OFF \
    -DEVIDENCE_WERROR=OFF \
    -DEVIDENCE_SANITIZE=address,undefined \
    -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link"
cmake --build "$build" --target anon_fuzz

fuzzer=$(find "$build" -type f -name anon_fuzz -perm -u+x | head -n 1)
if [[ -z $fuzzer ]]; then
    echo "anon_fuzz was not built: is tests/fuzz listed in tests/CMakeLists.txt?" >&2
    exit 1
fi

work="$build/fuzz-corpus"
mkdir -p "$work"
cd "$build"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec "$fuzzer" -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 \
    "$@" "$work" "$root/tests/fuzz/corpus"

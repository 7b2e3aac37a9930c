#!/usr/bin/env bash
# Fuzz one target (or all of them, one after another) with libFuzzer for SECONDS seconds each.
#
#   tests/fuzz/run-fuzz.sh TARGET SECONDS [libFuzzer options...]
#
# TARGET is anon (the PII scanner), import (the CSV importer against a real store), period (the period
# parser) or all. Configures a separate clang build (default build-fuzz/ at the repository root; override
# with EVIDENCE_FUZZ_BUILD_DIR) with AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer coverage
# on our code, builds TARGET_fuzz, and runs it on a working corpus seeded from tests/fuzz/corpus/TARGET/.
# Crash inputs are written to findings/TARGET/ in the build directory (crash-*, leak-*, timeout-*); the exit status is
# libFuzzer's (0 when nothing was found; with all, the first failure's).
set -euo pipefail

targets=(anon import period)
usage() {
    echo "usage: $0 anon|import|period|all SECONDS [libFuzzer options...]" >&2
    exit 2
}
if [[ $# -lt 2 || ! $2 =~ ^[0-9]+$ ]]; then
    usage
fi
target=$1
seconds=$2
shift 2
if [[ $target == all ]]; then
    selected=("${targets[@]}")
elif [[ " ${targets[*]} " == *" $target "* ]]; then
    selected=("$target")
else
    usage
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${EVIDENCE_FUZZ_BUILD_DIR:-$root/build-fuzz}
generator=()
if command -v ninja >/dev/null; then
    generator=(-G Ninja)
fi

# -fsanitize=fuzzer-no-link instruments every target for coverage; only the *_fuzz programs link
# libFuzzer's main. Warnings are not errors here: this build exists to find crashes, and other folders
# may not be clean under clang yet.
CC=clang CXX=clang++ cmake -S "$root" -B "$build" "${generator[@]}" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DEVIDENCE_GUI=OFF \
    -DEVIDENCE_WERROR=OFF \
    -DEVIDENCE_SANITIZE=address,undefined \
    -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link"
cmake --build "$build" --target "${selected[@]/%/_fuzz}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in "${selected[@]}"; do
    fuzzer=$(find "$build" -type f -name "${t}_fuzz" -perm -u+x | head -n 1)
    if [[ -z $fuzzer ]]; then
        echo "${t}_fuzz was not built: is tests/fuzz listed in tests/CMakeLists.txt?" >&2
        exit 1
    fi
    # New inputs go to a working corpus in the build; the seeds in the tree are only read.
    work="$build/fuzz-corpus/$t"
    mkdir -p "$work" "$build/findings/$t"
    echo "== ${t}_fuzz for ${seconds} s" >&2
    rc=0
    (cd "$build/findings/$t" &&
        "$fuzzer" -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 \
            "$@" "$work" "$root/tests/fuzz/corpus/$t") || rc=$?
    if [[ $rc -ne 0 && $status -eq 0 ]]; then
        status=$rc
    fi
done
exit $status

#!/usr/bin/env bash
# Sets up, builds and runs every test: formatting, the full suite (GUI tests under Xvfb) and the
# ASan+UBSan suite. Exits non-zero when anything fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/setup-debian.sh

echo "== formatting (clang-format --dry-run --Werror)"
git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run --Werror

echo "== Windows toolchain file and installer script (the Windows build and its tests: scripts/test-windows.sh)"
scripts/check-windows-files.sh

# The test builds keep line numbers (-g1) but not the full debug information no test reads, which saves
# compile time: the main build at -O1 -g1 compiles in about two thirds of the time of -O2 -g. The sanitizer
# builds stay at -O0, where GCC 12 gives no false "may be used uninitialized" inside std::regex.
# The packaged build (scripts/build.sh alone) stays -O2 -g.
test_flags="-O1 -g1"
sanitizer_flags="-O0 -g1"
# The sanitizer builds compile each library in unity batches (CMAKE_UNITY_BUILD; test programs and the few
# files that keep same-named helpers are compiled one by one): a third less time for the ASan build. The main
# build compiles every file on its own, so a file that compiles only beside others still fails CI.
unity="-DCMAKE_UNITY_BUILD=ON"

echo "== build and test"
scripts/build.sh build -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$test_flags -DNDEBUG"
ctest --test-dir build --output-on-failure --timeout 900 -j"$(nproc)"

echo "== ASan + UBSan build and test (without the GUI toolkit, whose leaks are not ours, and the timing-heavy stress and perf suites)"
scripts/build.sh build-asan -DEVIDENCE_SANITIZE=address,undefined -DEVIDENCE_GUI=OFF -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="$sanitizer_flags" "$unity"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
LSAN_OPTIONS="suppressions=$root/tests/support/lsan.supp" \
    ctest --test-dir build-asan --output-on-failure --timeout 900 -j"$(nproc)" -LE 'gui|packaging|stress|perf'

echo "== ThreadSanitizer build and test of the suites whose code runs on several threads (trend analyses, scans, CSV prefetch)"
scripts/build.sh build-tsan -DEVIDENCE_SANITIZE=thread -DEVIDENCE_GUI=OFF -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="$sanitizer_flags" "$unity" -- core_tests csv_tests db_tests app_tests export_tests
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
ctest --test-dir build-tsan --output-on-failure --timeout 900 -j"$(nproc)" -R '^(core|csv|export)_tests$'
# Of the store and app suites, those whose code runs on several threads (scans, imports through the CSV
# prefetch, trend analyses, the sample, the background checks), and the desktop application's GUI-free models,
# which the GUI drives while those run; the others run single-threaded code that the main and ASan builds
# already test.
tsan_suites() {
    local area="$1" suites="$2"
    (cd "build-tsan/tests/$area" &&
        LANG=C.UTF-8 LC_ALL=C.UTF-8 "./${area}_tests" --run_test="$suites" --report_level=short --color_output=no)
}
tsan_suites db store:edit_safety
tsan_suites app anonymisation:importer:importer_fuzz_findings:sample:trend_analysis:workbook_text:edit_safety:models

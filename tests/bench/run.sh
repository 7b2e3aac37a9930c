#!/usr/bin/env bash
# Builds a Release tree and runs the benchmark: tests/bench/run.sh [S|L] [RUNS]
# Prints each figure beside its target and its peers, then the same table as Markdown (also written to
# BUILD_DIR/bench-SIZE.md) for docs/performance.md.
#
#   RUNS       runs per figure, the median is reported (default 3 for S, 1 for L; `run.sh L 3` takes about
#              three times as long as `run.sh L`, see docs/performance.md)
#   BUILD_DIR  build tree (default build-release)
#   JOBS       parallel build jobs (default: all cores)
#   BENCH_GUI  1 to also build tests/gui's gui_bench and time opening the store under xvfb-run
#              (default 1 when wxWidgets is installed; 0 prints "not built")
#   WORK_DIR   where the synthetic stores and workbooks go (default /tmp/evidence-bench-SIZE; L needs ~3 GB);
#              emptied first, so it must be new, empty or an earlier run's (which leaves a .evidence-bench marker)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
size="${1:-S}"
case "$size" in S) default_runs=3 ;; L) default_runs=1 ;; *) echo "usage: $0 [S|L] [RUNS]" >&2; exit 1 ;; esac
runs="${2:-$default_runs}"
build_dir="${BUILD_DIR:-build-release}"
gui="${BENCH_GUI:-$(command -v wx-config >/dev/null && echo 1 || echo 0)}"
scripts/setup-debian.sh
gui_option=OFF
targets=(evidence-bench evidence-bench-peer evidence-cli)
if [ "$gui" = 1 ]; then
    gui_option=ON
    targets+=(gui_bench)
fi
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DEVIDENCE_WERROR=ON -DEVIDENCE_GUI="$gui_option" \
    >"$build_dir.configure.log" 2>&1 || { cat "$build_dir.configure.log"; exit 1; }
cmake --build "$build_dir" --parallel "${JOBS:-$(nproc)}" --target "${targets[@]}"
if [ "$gui" = 1 ] && [ -x "$build_dir/tests/gui/gui_bench" ]; then
    export EVIDENCE_GUI_BENCH="$root/$build_dir/tests/gui/gui_bench"
    case "$build_dir" in /*) export EVIDENCE_GUI_BENCH="$build_dir/tests/gui/gui_bench" ;; esac
fi
work="${WORK_DIR:-${TMPDIR:-/tmp}/evidence-bench-$size}"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
"$build_dir/tests/bench/evidence-bench" "$size" "$runs" "$work"
cp "$work/results.md" "$build_dir/bench-$size.md"
echo
echo "---- Markdown (also in $build_dir/bench-$size.md) ----"
cat "$work/results.md"

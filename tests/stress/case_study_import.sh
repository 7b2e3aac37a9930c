#!/usr/bin/env bash
# Times importing case studies: tests/stress/case_study_import.sh [EVIDENCE_CLI]
# Prints the wall and CPU time (of the run with the least CPU time of three) of 1,000, 4,000 and 10,000 rows
# and of 10,000 rows with one bad row at line 5,001 (refused: nothing is imported). Time per row should stay
# flat: a look-up that reads the whole table
# per row makes it grow with the row count. Fails (exit 1) when 10,000 rows take more than 15 times the
# processor time of 1,000 (11.1 on 2026-12-06 under load; the quadratic import before schema 6 took 5.7 times as
# long for 4 times the rows), or the refused file more than twice that of 10,000 good rows. Processor time,
# not wall time, which other processes on the machine move.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cli="${1:-$root/build/src/cli/evidence-cli}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# shellcheck source=case_study_rows.sh
source "$(dirname "$0")/case_study_rows.sh"

declare -A cpu_of
printf '%-34s %8s %8s %12s\n' "file" "wall s" "cpu s" "cpu ms/row"
for spec in 1000 4000 10000 10000:5001; do
    n="${spec%%:*}"
    bad=""
    [ "$spec" != "$n" ] && bad="${spec#*:}"
    rows "$n" "$bad" >"$work/cases.csv"
    cpu=""
    for _ in 1 2 3; do # the fastest of three: one run under load can take half as long again
        rm -f "$work/s.evidence"
        "$cli" init "$work/s.evidence" >/dev/null
        /usr/bin/time -f "%e %U %S" -o "$work/time" "$cli" import "$work/s.evidence" "$work/cases.csv" >/dev/null 2>&1 || true
        read -r w user sys < <(tail -n 1 "$work/time") # after "Command exited with non-zero status" if refused
        c="$(echo "$user + $sys" | bc)"
        if [ -z "$cpu" ] || [ "$(echo "$c < $cpu" | bc)" = 1 ]; then
            cpu=$c
            wall=$w
        fi
    done
    label="$n rows"
    [ -n "$bad" ] && label="$n rows, bad row at line $bad"
    printf '%-34s %8s %8s %12.3f\n' "$label" "$wall" "$cpu" "$(echo "1000 * $cpu / $n" | bc -l)"
    cpu_of[$spec]=$cpu
done
failed=0
check() { # check NAME NUMERATOR DENOMINATOR BOUND
    local ratio
    ratio="$(echo "scale=2; $2 / ($3 + 0.005)" | bc -l)" # + 5 ms: a time of 0.00 s (the clock's step is 10 ms)
    echo "$1: $ratio (bound $4)"
    if [ "$(echo "$ratio > $4" | bc -l)" = 1 ]; then
        echo "FAIL: $1 is over $4"
        failed=1
    fi
}
check "cpu 10,000 rows / cpu 1,000 rows" "${cpu_of[10000]}" "${cpu_of[1000]}" 15
check "cpu refused 10,000 rows / cpu 10,000 rows" "${cpu_of[10000:5001]}" "${cpu_of[10000]}" 2
exit "$failed"

#!/usr/bin/env bash
# Times importing case studies: tests/stress/case_study_import.sh [EVIDENCE_CLI]
# Prints the wall and CPU time of 1,000, 4,000 and 10,000 rows and of 10,000 rows with one bad row at line
# 5,001 (refused: nothing is imported). Time per row should stay flat: a look-up that reads the whole table
# per row makes it grow with the row count. A benchmark to read, not a test that passes or fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cli="${1:-$root/build/src/cli/evidence-cli}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

rows() { # rows N [BAD_LINE]
    echo "reference,title,narrative,age,gender,region,year,outcome"
    for ((i = 1; i <= $1; i++)); do
        local age=14
        [ "$((i + 1))" = "${2:-0}" ] && age=99
        echo "CS-$i,Online grooming,A child was contacted by an adult on a gaming platform and asked for images.,$age,Female,North West,2019,Referred to police"
    done
}

printf '%-34s %8s %8s %12s\n' "file" "wall s" "cpu s" "cpu ms/row"
for spec in 1000 4000 10000 10000:5001; do
    n="${spec%%:*}"
    bad=""
    [ "$spec" != "$n" ] && bad="${spec#*:}"
    rows "$n" "$bad" >"$work/cases.csv"
    rm -f "$work/s.evidence"
    "$cli" init "$work/s.evidence" >/dev/null
    /usr/bin/time -f "%e %U %S" -o "$work/time" "$cli" import "$work/s.evidence" "$work/cases.csv" >/dev/null 2>&1 || true
    read -r wall user sys < <(tail -n 1 "$work/time") # after "Command exited with non-zero status" if refused
    cpu="$(echo "$user + $sys" | bc)"
    label="$n rows"
    [ -n "$bad" ] && label="$n rows, bad row at line $bad"
    printf '%-34s %8s %8s %12.3f\n' "$label" "$wall" "$cpu" "$(echo "1000 * $cpu / $n" | bc -l)"
done

#!/usr/bin/env bash
# Case-study import must grow linearly with the rows: counts the machine instructions of app::importCsv() with
# callgrind (a count does not depend on the machine's load, as processor time does) for N and 10N rows, and for
# 10N rows with one bad row in the middle (refused: nothing is imported). Fails when 10N rows take more than
# 11 times the instructions of N (linear is 10; the store's indexes deepen with the rows), or the refused file
# more than 1.2 times the good one (it checks every row and rolls the transaction back: 0.99 times on
# 2026-12-06, 9.38 for 1,000 rows / 100; each row costs about 1.4 million instructions).
# Usage: tests/stress/case_study_import_instructions.sh EVIDENCE_CLI [N]   (N default 100; about a minute)
set -euo pipefail
cli=${1:?usage: case_study_import_instructions.sh EVIDENCE_CLI [N]}
n=${2:-100}
bound=11
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# shellcheck source=case_study_rows.sh
source "$(dirname "$0")/case_study_rows.sh"

count() { # count ROWS [BAD_LINE]: instructions of the import alone (not the process start or the store's opening)
    rows "$1" "${2:-}" >"$work/cases.csv"
    rm -f "$work/s.evidence"
    "$cli" init "$work/s.evidence" >/dev/null
    valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect='*importCsv*' \
        "$cli" import "$work/s.evidence" "$work/cases.csv" >"$work/out" 2>&1 || true
    if [ -n "${2:-}" ] && ! grep -q "cases.csv:$2: " "$work/out"; then
        echo "FAIL: the bad row at line $2 was not refused" >&2
        exit 1
    fi
    sed -n 's/^==[0-9]*== Collected : \([0-9]*\)$/\1/p' "$work/out"
}

one=$(count "$n")
ten=$(count $((10 * n)))
refused=$(count $((10 * n)) $((5 * n + 1)))
if [ -z "$one" ] || [ -z "$ten" ] || [ -z "$refused" ]; then
    echo "FAIL: callgrind gave no instruction count"
    exit 1
fi
echo "instructions of the import: $n rows $one ($((one / n)) per row), $((10 * n)) rows $ten ($((ten / (10 * n))) per row)," \
    "$((10 * n)) rows refused at line $((5 * n + 1)) $refused"
ratio=$(echo "scale=3; $ten / $one" | bc)
refusedRatio=$(echo "scale=3; $refused / $ten" | bc)
echo "$((10 * n)) rows / $n rows: $ratio (linear is 10, bound $bound); refused / good: $refusedRatio (bound 1.2)"
failed=0
if [ "$(echo "$ratio > $bound" | bc)" = 1 ]; then
    echo "FAIL: the import's instructions grow faster than the rows"
    failed=1
fi
if [ "$(echo "$refusedRatio > 1.2" | bc)" = 1 ]; then
    echo "FAIL: refusing the file took more instructions than importing it"
    failed=1
fi
exit "$failed"

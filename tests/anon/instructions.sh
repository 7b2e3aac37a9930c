#!/usr/bin/env bash
# The scanner's work must grow linearly with the text: counts the machine instructions of one scan of 1 MB and of
# 10 MB of the benchmark's narratives with callgrind (a count does not depend on the machine's load, as times
# do) and fails when 10 MB takes more than 10.5 times the instructions of 1 MB (linear is 10).
# Usage: tests/anon/instructions.sh ANON_LINEARITY   (the anon_linearity program of a build; about a minute)
set -euo pipefail
program=${1:?usage: instructions.sh ANON_LINEARITY}
bound=10.5
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect='*measuredScan*' "$program" scan "$1" 2>&1 |
        sed -n 's/^==[0-9]*== Collected : \([0-9]*\)$/\1/p'
}
one=$(count 1)
ten=$(count 10)
if [ -z "$one" ] || [ -z "$ten" ]; then
    echo "FAIL: callgrind gave no instruction count"
    exit 1
fi
echo "instructions of one scan: 1 MB $one ($((one / 1000000)) per byte), 10 MB $ten ($((ten / 10000000)) per byte)"
ratio=$(echo "scale=3; $ten / $one" | bc)
echo "10 MB / 1 MB: $ratio (linear is 10, bound $bound)"
if [ "$(echo "$ratio > $bound" | bc)" = 1 ]; then
    echo "FAIL: the scan's instructions grow faster than the text"
    exit 1
fi

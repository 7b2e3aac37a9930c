#!/usr/bin/env bash
# evidence-bench refuses what it cannot use, before it touches any file: an unknown size, a run count
# that is not a whole number, and a work folder it did not make (it empties its work folder first).
set -u
bench=${1:?usage: arguments_test.sh EVIDENCE_BENCH}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "someone's file" >"$dir/keep.txt"
failed=0
expect_refusal() {
    "$bench" "$@" >"$dir.out" 2>&1
    local rc=$?
    if [ "$rc" -ne 2 ]; then
        echo "FAIL: evidence-bench $* exited $rc, not 2:"
        cat "$dir.out"
        failed=1
    fi
    rm -f "$dir.out"
}
if ! "$bench" --help | grep -q "^usage: evidence-bench"; then
    echo "FAIL: evidence-bench --help does not print its usage"
    failed=1
fi
expect_refusal M
expect_refusal S 0
expect_refusal S three
expect_refusal S 2x
expect_refusal S 1 "$dir"
expect_refusal S 1 "$dir" extra
if [ ! -f "$dir/keep.txt" ]; then
    echo "FAIL: the folder's file was deleted"
    failed=1
fi
[ "$failed" -eq 0 ] && echo "evidence-bench refused every bad argument and deleted nothing"
exit "$failed"

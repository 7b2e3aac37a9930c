#!/bin/sh
# Builds the sample store and exports it the ways the CTest checks read: the default name in a folder,
# a second export of the same store (determinism), values only, and without charts.
# Usage: make_sample.sh EVIDENCE_CLI OUT_DIR
set -eu
cli="$1"
out="$2"
rm -rf "$out"
mkdir -p "$out/default"
"$cli" sample "$out/sample.evidence"
"$cli" export "$out/sample.evidence" "$out/default"
"$cli" export "$out/sample.evidence" "$out/again.xlsx"
"$cli" export "$out/sample.evidence" "$out/values-only.xlsx" --values-only
"$cli" export "$out/sample.evidence" "$out/no-charts.xlsx" --no-charts

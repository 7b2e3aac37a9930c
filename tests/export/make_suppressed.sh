#!/bin/sh
# Builds a store from the small-count fixture (tests/data/suppression) and exports it without suppression
# and with thresholds 5 and 10, for the suppression tests below.
# Usage: make_suppressed.sh EVIDENCE_CLI FIXTURE_CSV OUT_DIR
set -eu
cli="$1"
fixture="$2"
out="$3"
rm -rf "$out"
mkdir -p "$out"
"$cli" init "$out/fixture.evidence" --organisation "Test charity"
"$cli" import "$out/fixture.evidence" "$fixture" --create-missing
"$cli" export "$out/fixture.evidence" "$out/none.xlsx"
"$cli" export "$out/fixture.evidence" "$out/below-5.xlsx" --suppress-below 5
"$cli" export "$out/fixture.evidence" "$out/below-10.xlsx" --suppress-below 10
"$cli" export "$out/fixture.evidence" "$out/below-5-values.xlsx" --suppress-below 5 --values-only

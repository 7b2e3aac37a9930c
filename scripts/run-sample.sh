#!/usr/bin/env bash
# Sets up, builds and runs Evidence Desk on the embedded sample submission: opens the desktop
# app when a display is present, otherwise writes the sample workbook and says where.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/setup-debian.sh
scripts/build.sh build
out="$root/out"
mkdir -p "$out"
store="$out/sample.evidence"
rm -f "$store" "$store-wal" "$store-shm"
build/src/cli/evidence-cli sample "$store"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x build/src/gui/evidence-desk ]; then
    echo "Opening the sample submission in Evidence Desk..."
    exec build/src/gui/evidence-desk "$store"
fi
if build/src/cli/evidence-cli --help | grep -q ' export'; then
    workbook="$out/online-harms-consultation-response-sample.xlsx"
    build/src/cli/evidence-cli export "$store" "$workbook"
    echo "No display: wrote the sample workbook to $workbook"
else
    build/src/cli/evidence-cli list "$store" submissions
    build/src/cli/evidence-cli list "$store" observations
    build/src/cli/evidence-cli list "$store" case-studies
    echo "No display: the sample store is $store"
fi

#!/bin/sh
# Builds the sample store with one additional point and writes what the document and .ods checks read: the
# workbook, the response document as .docx and .odt (with evidence-cli's report of each), and, where LibreOffice is installed, the
# workbook as .ods.
# Usage: make_document.sh EVIDENCE_CLI OUT_DIR [ods]
set -eu
cli="$1"
out="$2"
rm -rf "$out"
mkdir -p "$out"
"$cli" sample "$out/sample.evidence"
"$cli" point add "$out/sample.evidence" \
    "Platforms should publish, every quarter, how quickly they act on reports from children and their parents."
"$cli" export "$out/sample.evidence" "$out/workbook.xlsx"
"$cli" document "$out/sample.evidence" "$out/response.docx" >"$out/docx.txt"
"$cli" document "$out/sample.evidence" "$out/response.odt" >"$out/odt.txt"
if [ "${3:-}" = ods ]; then
    "$cli" export "$out/sample.evidence" "$out/workbook.ods"
fi

#!/usr/bin/python3
"""Shows that check_workbook.py catches what it claims to: breaks one checklist item at a time in a copy of
the sample workbook (by editing its XML) and expects that item to fail, while the untouched file passes.

Usage: checker_selftest.py SAMPLE.xlsx WORK_DIR
       checker_selftest.py --unstated-empty WORKBOOK.xlsx MUTANT.xlsx  (writes one mutant: C5's statement removed)
"""

import os
import re
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_workbook  # noqa: E402


def mutate(src, dst, part, fn):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        changed = False
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                new = fn(data.decode("utf-8"))
                changed = new != data.decode("utf-8")
                data = new.encode("utf-8")
            zout.writestr(item, data)
    if not changed:
        raise SystemExit(f"mutation of {part} changed nothing")


def failures(path):
    ch = check_workbook.Checker(path, False)
    ch.check_workbook_level(None)
    ch.check_sheet_xml()
    ch.check_styles()
    ch.check_tables()
    return ch.failures


TABLE1 = "xl/worksheets/sheet4.xml"


def unstate_empty(strings):
    """Removes the sentence that says what an empty Notes cell means, so an empty cell is unexplained."""
    return strings.replace("An empty Notes cell means the row has no note.", "Some rows have notes.")
MUTATIONS = [
    ("T4", TABLE1, lambda x: x.replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>', 1)),
    ("S7", TABLE1, lambda x: x.replace('<sheetView showGridLines="0" workbookViewId="0"/>', '<sheetView showGridLines="0" workbookViewId="0"><pane ySplit="7" topLeftCell="A8" activePane="bottomLeft" state="frozen"/></sheetView>', 1)),
    ("S8", TABLE1, lambda x: re.sub(r'<row r="9"', '<row r="9" hidden="1"', x, count=1)),
    ("C5", TABLE1, lambda x: re.sub(r'<c r="D10"[^>]*>.*?</c>', "", x, count=1)),
    ("W1", "docProps/core.xml", lambda x: re.sub(r"<dc:title>", "<dc:title>Under-18s ", x, count=1)),
    ("T6", "xl/tables/table4.xml", lambda x: x.replace("<tableStyleInfo ", '<tableStyleInfo name="TableStyleMedium9" ', 1)),
    ("T3", "xl/tables/table4.xml", lambda x: x.replace('name="Area code"', 'name="Area"', 1)),
    ("W4", "xl/worksheets/sheet2.xml", lambda x: x.replace("location=\"'Table 1'!A1\"", "location=\"'Table 99'!A1\"", 1)),
    ("W5", "xl/sharedStrings.xml", lambda x: x.replace("<t>[note 1]</t>", "<t>[note 9]</t>", 1)),
    ("W8", "xl/drawings/drawing1.xml", lambda x: re.sub(r'descr="[^"]*"', 'descr=""', x, count=1)),
    ("W11", TABLE1, lambda x: x.replace('<sheetView showGridLines="0" workbookViewId="0"/>', '<sheetView showGridLines="0" zoomScale="75" workbookViewId="0"/>', 1)),
    ("F1", "xl/styles.xml", lambda x: x.replace('<name val="Arial"/>', '<name val="Comic Sans MS"/>', 1)),
    ("C5", "xl/sharedStrings.xml", lambda x: unstate_empty(x)),
    ("S3", TABLE1, lambda x: x.replace('<row r="2"', '<row r="2"><c r="C2" t="inlineStr"><is><t>stray</t></is></c></row><row r="99"', 1)),
]


def main():
    if sys.argv[1] == "--unstated-empty":
        mutate(sys.argv[2], sys.argv[3], "xl/sharedStrings.xml", unstate_empty)
        return 0
    sample, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    problems = []
    base = failures(sample)
    if base:
        problems.append(f"the untouched sample fails: {base[:5]}")
    for i, (item, part, fn) in enumerate(MUTATIONS):
        path = os.path.join(work, f"mutant-{i}-{item}.xlsx")
        mutate(sample, path, part, fn)
        got = failures(path)
        if not any(f.startswith(item + ":") for f in got):
            problems.append(f"breaking {item} in {part} was not caught (got {got[:3]})")
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        return 1
    print(f"the checker caught all {len(MUTATIONS)} broken items and passed the untouched sample")
    return 0


if __name__ == "__main__":
    sys.exit(main())

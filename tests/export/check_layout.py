#!/usr/bin/python3
"""Reads a written workbook back with openpyxl and checks what Excel would hide or print badly:

- no row taller than Excel's 409 points (Excel cuts the row there and hides the rest of its text);
- every case study's account is in the Case studies sheet in full, word for word, across its rows
  (the accounts are given in a JSON file: {"CS-001": "text", ...});
- ages and years of case studies are numbers;
- every table sheet prints landscape, one page wide and as many tall as needed, with its header row
  repeated on every page, and no line above the table is wider than the printed columns; a table too wide
  to print at half size on A3 prints across as few pages as keep it so, with its first column repeated;
- the workbook's Normal style is Arial 12.

Usage: check_layout.py WORKBOOK.xlsx ACCOUNTS.json
Prints one line per problem and exits 1 when there is any.
"""

import json
import math
import sys
import zipfile
import xml.etree.ElementTree as ET

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from check_workbook import text_px  # noqa: E402  the same width estimate as the checklist

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
MAX_PAGE_PX = 2900  # export/layout.h kMaxPagePrintPx
MAX_ROW_PT = 409
DIGIT_PX = 9  # Arial 12, the Normal font: Excel's column width unit


def main():
    path, accounts_path = sys.argv[1], sys.argv[2]
    accounts = json.load(open(accounts_path, encoding="utf-8"))
    problems = []
    wb = openpyxl.load_workbook(path)

    with zipfile.ZipFile(path) as z:
        styles = ET.fromstring(z.read("xl/styles.xml"))
    font0 = styles.find("m:fonts/m:font", NS)
    name = font0.find("m:name", NS).get("val")
    size = float(font0.find("m:sz", NS).get("val"))
    if (name, size) != ("Arial", 12.0):
        problems.append(f"the Normal style is {name} {size}, not Arial 12")
    for style in styles.findall("m:cellStyles/m:cellStyle", NS):
        if style.get("name") == "Normal" and style.get("xfId") != "0":
            problems.append("the Normal style does not use the first format")

    tallest = 0.0
    for ws in wb.worksheets:
        for r, dim in ws.row_dimensions.items():
            if dim.height is not None:
                tallest = max(tallest, dim.height)
                if dim.height > MAX_ROW_PT:
                    problems.append(f"{ws.title}!row {r} is {dim.height} pt tall (Excel shows at most 409)")
        if not ws.tables:
            continue
        table = next(iter(ws.tables.values()))
        min_col, header_row, max_col, max_row = range_boundaries(table.ref)
        if ws.page_setup.orientation != "landscape":
            problems.append(f"{ws.title}: prints {ws.page_setup.orientation}, not landscape")
        if not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage:
            problems.append(f"{ws.title}: not fitted to the page width")
        # One page wide, unless the table would print below half size on A3 (wider than about 2,900 pixels):
        # then as many pages wide as keep it at least that, across before down, its first column repeated.
        table_px = sum((ws.column_dimensions[get_column_letter(c)].width or 8.43) * DIGIT_PX
                       for c in range(min_col, max_col + 1))
        pages_wide = max(1, math.ceil(table_px / MAX_PAGE_PX))
        if (ws.page_setup.fitToWidth or 1) != pages_wide or ws.page_setup.fitToHeight != 0:
            problems.append(f"{ws.title}: fits {ws.page_setup.fitToWidth} wide by {ws.page_setup.fitToHeight} tall,"
                            f" not {pages_wide} page(s) wide and as many tall as needed")
        if pages_wide > 1:
            if (ws.print_title_cols or "").replace("$", "") != "A:A":
                problems.append(f"{ws.title}: prints {pages_wide} pages wide without repeating column A")
            if ws.page_setup.pageOrder != "overThenDown":
                problems.append(f"{ws.title}: prints {pages_wide} pages wide, down before across")
        print(f"{ws.title}: {round(table_px)} pixels wide, printed {pages_wide} page(s) wide")
        if (ws.print_title_rows or "").replace("$", "") != f"{header_row}:{header_row}":
            problems.append(f"{ws.title}: header row {header_row} is not repeated on printed pages "
                            f"(print titles {ws.print_title_rows!r})")
        last_col = max_col
        if ws.print_area:
            last_col = max(last_col, range_boundaries(ws.print_area[0].split("!")[-1].replace("$", ""))[2])
        width = 0.0
        for c in range(1, last_col + 1):
            dim = ws.column_dimensions.get(get_column_letter(c))
            width += (dim.width if dim is not None and dim.width else 8.43) * DIGIT_PX
        for r in range(1, header_row):
            v = ws.cell(r, 1).value
            if v is None:
                continue
            font = ws.cell(r, 1).font
            needed = text_px(str(v), font.sz or 12, bool(font.b))
            if needed > width + 1:
                problems.append(f"{ws.title}!A{r} needs {needed:.0f} px but the printed columns are {width:.0f} px:"
                                " its end is cut off on paper")

    if "Case studies" in wb.sheetnames and accounts:
        ws = wb["Case studies"]
        table = next(iter(ws.tables.values()))
        min_col, header_row, max_col, max_row = range_boundaries(table.ref)
        headers = [ws.cell(header_row, c).value for c in range(min_col, max_col + 1)]
        ref_col = headers.index("Reference") + min_col
        account_col = headers.index("Account") + min_col
        age_col = headers.index("Age or age band") + min_col
        year_col = headers.index("Year") + min_col
        shown = {}
        current = None
        for r in range(header_row + 1, max_row + 1):
            ref = str(ws.cell(r, ref_col).value or "")
            if not ref.endswith("(continued)"):
                current = ref.split(" ")[0]
                for col, what in ((age_col, "age"), (year_col, "year")):
                    v = ws.cell(r, col).value
                    if isinstance(v, str) and v.strip().isdigit():
                        problems.append(f"Case studies!{get_column_letter(col)}{r}: the {what} {v!r} is text")
            elif current is None or not ref.startswith(current):
                problems.append(f"Case studies!row {r}: a continuation row {ref!r} not under its case study")
            shown.setdefault(current, []).append(str(ws.cell(r, account_col).value or ""))
        for ref, text in accounts.items():
            got = " ".join(shown.get(ref, [])).split()
            if got != text.split():
                problems.append(f"{ref}: the account in the workbook ({len(got)} words) is not the stored one "
                                f"({len(text.split())} words)")
            else:
                print(f"{ref}: {len(text)} characters in {len(shown[ref])} row(s)")

    print(f"tallest row: {tallest} pt")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Writes a copy of an unsuppressed workbook in which only the counts below THRESHOLD (and zeros in breakdowns)
are replaced by [c], with no secondary suppression: the attack must recover some of them (a negative control
for attack_suppression.py).

Usage: primary_only.py IN.xlsx OUT.xlsx THRESHOLD
"""
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
threshold = int(sys.argv[3])
hidden = 0
for ws in wb.worksheets:
    title = str(ws["A1"].value or "")
    breakdown = ": Breakdowns by category" in title
    if not (", by area and " in title or breakdown):
        continue
    header_row = next(r for r in ws.iter_rows() if r[0].value == "Area")
    names = [c.value for c in header_row]
    cols = [i for i, n in enumerate(names) if n == "Count" or (not breakdown and str(n)[:2] in ("19", "20"))]
    for row in ws.iter_rows(min_row=header_row[0].row + 1):
        for i in cols:
            v = row[i].value
            if isinstance(v, (int, float)) and (0 < v < threshold or (breakdown and v == 0)):
                row[i].value = "[c]"
                hidden += 1
wb.save(sys.argv[2])
print("hid %d counts, primary suppression only" % hidden)

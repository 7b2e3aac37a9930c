#!/usr/bin/python3
"""Suppression is total: no count a suppressed workbook shows as [c] appears anywhere else in it.

Reads the same store's workbook without and with suppression (openpyxl, cached values). The hidden counts are
the numbers of the plain workbook whose cells are [c] in the suppressed one. Every cell of every sheet of the
suppressed workbook (numbers, and numbers written in text: titles, notes, methodology, cover), its charts' data
and text, and its document properties must hold none of them. Build the store so that the hidden counts are
distinctive: a count that is also, say, a day of the as-at date is reported too.

Also checks the note markers: numbered in the order a reader meets them (sheet by sheet, row by row), and a run
of markers written "[note 1][note 2]" in ascending order.

Usage: suppression_total.py PLAIN.xlsx SUPPRESSED.xlsx
"""

import re
import sys
import zipfile

import openpyxl
from openpyxl.utils import range_boundaries

# A number written in text, as a word of its own: not part of a period ("2015/16"), an ISO date or time
# ("2019-06-28T09:00"), or an identifier such as a store's UUID ("...f29a"), whose random hex digits would
# otherwise match a hidden count by chance.
NUMBER = re.compile(r"(?<![\w/.,:-])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w/:-])")
NOTE = re.compile(r"\[note (\d+)\]")
RUN = re.compile(r"\[note \d+\](?:\s*\[note \d+\])+")


def numbers_in(text):
    text = NOTE.sub(" ", text)
    return [float(m.group(0).replace(",", "")) for m in NUMBER.finditer(text)]


def main(plain_path, suppressed_path):
    plain = openpyxl.load_workbook(plain_path, data_only=True)
    plain_formulas = openpyxl.load_workbook(plain_path)
    suppressed = openpyxl.load_workbook(suppressed_path, data_only=True)
    # The counts: cells that hold a number as given, not a formula's result (a change or share computed from a
    # hidden count is hidden too, but it is not a count, and may equal a count shown elsewhere).
    # The lines above a table differ (the suppressed one explains [c]), so cells are matched by their place in
    # the table.
    hidden = set()
    for name in suppressed.sheetnames:
        ws, wp, wf = suppressed[name], plain[name], plain_formulas[name]
        if len(ws.tables) != 1:
            continue
        top = range_boundaries(list(ws.tables.values())[0].ref)[1]
        plain_top = range_boundaries(list(wp.tables.values())[0].ref)[1]
        for row in ws.iter_rows(min_row=top):
            for c in row:
                r = c.row - top + plain_top
                before = wp.cell(r, c.column).value
                formula = isinstance(wf.cell(r, c.column).value, str)
                if c.value == "[c]" and isinstance(before, (int, float)) and not formula:
                    hidden.add(float(before))
    if not hidden:
        print("nothing was suppressed: the test store must hold counts below the threshold")
        return 1
    print("hidden counts:", sorted(hidden))

    leaks = []
    for name in suppressed.sheetnames:
        for row in suppressed[name].iter_rows():
            for c in row:
                v = c.value
                if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v) in hidden:
                    leaks.append(f"{name}!{c.coordinate} holds {v}")
                elif isinstance(v, str):
                    for n in numbers_in(v):
                        if n in hidden:
                            leaks.append(f"{name}!{c.coordinate} says {n:g}: {v[:160]!r}")
    with zipfile.ZipFile(suppressed_path) as z:
        for part in z.namelist():
            if not (part.startswith("xl/charts/") or part.startswith("xl/drawings/") or part.startswith("docProps/")):
                continue
            if not part.endswith(".xml"):
                continue
            xml = z.read(part).decode("utf-8")
            for m in re.finditer(r"<c:v>([^<]*)</c:v>", xml):
                try:
                    if float(m.group(1)) in hidden:
                        leaks.append(f"{part} holds the value {m.group(1)}")
                except ValueError:
                    pass
            texts = re.findall(r"<(?:a:t|c:t|dc:\w+|cp:\w+|vt:lpwstr)>([^<]*)<", xml)
            texts += re.findall(r'descr="([^"]*)"', xml)
            for t in texts:
                for n in numbers_in(t):
                    if n in hidden:
                        leaks.append(f"{part} says {n:g}: {t[:160]!r}")

    # Note markers: in reading order, and each run ascending with no space.
    order_problems = []
    seen = 0
    for name in suppressed.sheetnames:
        if name == "Notes":
            continue
        for row in suppressed[name].iter_rows():
            for c in row:
                if not isinstance(c.value, str):
                    continue
                for run in RUN.finditer(c.value):
                    numbers = [int(n) for n in NOTE.findall(run.group(0))]
                    if numbers != sorted(numbers) or " " in run.group(0).replace("[note ", "["):
                        order_problems.append(f"{name}!{c.coordinate}: {run.group(0)!r}")
                for n in (int(n) for n in NOTE.findall(c.value)):
                    if n > seen + 1:
                        order_problems.append(f"{name}!{c.coordinate}: [note {n}] comes before [note {seen + 1}]")
                    seen = max(seen, n)

    for problem in leaks + order_problems:
        print(problem)
    return 1 if leaks or order_problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

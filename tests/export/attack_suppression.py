#!/usr/bin/python3
"""Tries to recover every count shown as [c] in an exported workbook from what the workbook publishes.

Written apart from the C++ code, as a reader with the workbook and Excel would work: it reads the tables with
openpyxl, writes down every addition the workbook states (the areas of a period add up to its total, the
like-for-like areas to the like-for-like total, a region's forces to the region, a breakdown's categories to
its totals and to the area's figure), every derived figure (changes, shares, the count in the most common
category), and solves them exactly (fractions) for the hidden counts. Exit status 1 when any hidden count is
recovered, or when the attacker's own check fails: hiding a published count of a fully published addition, it
must recover that count, so a toothless attacker cannot pass.

Usage: attack_suppression.py WORKBOOK.xlsx PFA_REFERENCE.csv
"""

import csv
import sys
from fractions import Fraction

import openpyxl

C = "[c]"


def table(ws):
    """Header and rows of the sheet's one table (the header is the first row whose column A is a heading)."""
    rows = list(ws.iter_rows(values_only=True))
    for i, r in enumerate(rows):
        if r and r[0] in ("Area", "Period", "Measure"):
            if r[0] == "Measure":
                sys.exit("attack_suppression.py reads single-measure workbooks only")
            header = list(r)
            return header, [dict(zip(header, row)) for row in rows[i + 1:] if row and row[0] is not None]
    return None, []


def number(v):
    return Fraction(v).limit_denominator(10**9) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


class System:
    def __init__(self):
        self.unknowns = {}   # key -> column
        self.values = {}     # key -> Fraction (published)
        self.equations = []  # (coefficients {key: int}, label)
        self.direct = []     # (key, value, how): recovered without solving

    def cell(self, key, v):
        if v == C:
            self.unknowns.setdefault(key, len(self.unknowns))
        elif number(v) is not None:
            self.values[key] = number(v)

    def known(self, key):
        return key in self.values or key in self.unknowns

    def add(self, members, total, label):
        if all(self.known(k) for k in members + [total]) and members:
            coeffs = {}
            for k in members:
                coeffs[k] = coeffs.get(k, 0) + 1
            coeffs[total] = coeffs.get(total, 0) - 1
            self.equations.append((coeffs, label))

    def solve(self, hidden):
        """Hidden keys determined by the equations, with their values; and hidden members of an equation whose
        hidden members must add up to zero (counts are never negative)."""
        cols = {k: i for i, k in enumerate(sorted(hidden, key=str))}
        n = len(cols)
        rows = []
        found = {}
        for coeffs, label in self.equations:
            row = [Fraction(0)] * (n + 1)
            for k, c in coeffs.items():
                if k in cols:
                    row[cols[k]] += c
                else:
                    row[n] -= c * self.values[k]
            if any(row[:n]):
                rows.append(row)
                signs = {coeffs[k] > 0 for k in coeffs if k in cols}
                if len(signs) == 1 and row[n] == 0:
                    for k in coeffs:
                        if k in cols:
                            found[k] = (Fraction(0), "zero sum in " + label)
        rank = 0
        pivots = []
        for c in range(n):
            p = next((i for i in range(rank, len(rows)) if rows[i][c] != 0), None)
            if p is None:
                continue
            rows[rank], rows[p] = rows[p], rows[rank]
            lead = rows[rank][c]
            rows[rank] = [v / lead for v in rows[rank]]
            for i in range(len(rows)):
                if i != rank and rows[i][c] != 0:
                    f = rows[i][c]
                    rows[i] = [a - f * b for a, b in zip(rows[i], rows[rank])]
            pivots.append(c)
            rank += 1
        keys = {i: k for k, i in cols.items()}
        for r in range(rank):
            if sum(1 for v in rows[r][:n] if v != 0) == 1:
                found[keys[pivots[r]]] = (rows[r][n], "the additions")
        return found


def main():
    wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
    regions = {}
    with open(sys.argv[2], newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            regions.setdefault(r["region"], set()).add(r["name"])
    sheets = {}
    for ws in wb.worksheets:
        title = str(ws["A1"].value or "")
        for key, words in (("stats", ", by area and "), ("change", ": Change between"), ("totals", ": Totals by period"),
                           ("breakdowns", ": Breakdowns by category"), ("summary", ": Summary of each breakdown")):
            if words in title and key not in sheets:
                sheets[key] = table(ws)
    s = System()

    header, stats = sheets["stats"]
    periods = header[3:header.index("Notes")]
    forces = [r for r in stats if r["Type of area"] == "Police force area"]
    for r in stats:
        for p in periods:
            s.cell(("stats", r["Area"], p), r[p])
    has_figure = lambda r, p: r[p] == C or number(r[p]) is not None

    _, totals = sheets.get("totals", (None, []))
    for r in totals:
        p = r["Period"]
        total_col = next(k for k in r if str(k).startswith("Sum of the figures"))
        lfl_col = next(k for k in r if str(k).startswith("Like-for-like total"))
        s.cell(("total", p), r[total_col])
        s.cell(("lfl", p), r[lfl_col])
        s.add([("stats", f["Area"], p) for f in forces if has_figure(f, p)], ("total", p), "total " + p)
        lfl = [f for f in forces if has_figure(f, periods[0]) and has_figure(f, periods[-1])]
        s.add([("stats", f["Area"], p) for f in lfl], ("lfl", p), "like-for-like total " + p)

    for r in stats:
        if r["Type of area"] == "Region" and r["Area"] in regions:
            members = [f for f in forces if f["Area"] in regions[r["Area"]]]
            for p in periods:
                if all(has_figure(f, p) for f in members):
                    s.add([("stats", f["Area"], p) for f in members], ("stats", r["Area"], p), r["Area"] + " " + p)

    _, cats = sheets.get("breakdowns", (None, []))
    by_group = {}
    for r in cats:
        key = (r["Area"], r["Period"])
        by_group.setdefault(key, []).append(r)
        s.cell(("cat", key, r["Category"]), r["Count"])
    _, summary = sheets.get("summary", (None, []))
    for r in summary:
        key = (r["Area"], r["Period"])
        group = by_group.get(key, [])
        rec = [("cat", key, c["Category"]) for c in group if c["Category"].lower() != "not recorded"]
        nrec = [("cat", key, c["Category"]) for c in group if c["Category"].lower() == "not recorded"]
        s.cell(("rec", key), r["Total of recorded categories"])
        s.add(rec, ("rec", key), "recorded total %s %s" % key)
        if nrec:
            s.cell(("nr", key), r["Not recorded"])
            s.add(nrec, ("nr", key), "not recorded %s %s" % key)
            s.add([("rec", key), ("nr", key)], ("stats", key[0], key[1]), "breakdown of %s %s" % key)
        else:
            s.add([("rec", key)], ("stats", key[0], key[1]), "breakdown of %s %s" % key)
        # The count in the most common category is that category's count.
        modes = [m.strip() for m in str(r["Most common category"]).replace(" and ", ", ").split(",")]
        mode_count = number(r["Count in the most common category"])
        for c in group:
            if c["Category"] in modes and c["Count"] == C and mode_count is not None:
                s.direct.append((("cat", key, c["Category"]), mode_count, "most common count"))
        # Shares: count / recorded total.
        rec_total = number(r["Total of recorded categories"])
        for c in group:
            share = number(c.get("Share of recorded categories (%)"))
            if share is None:
                continue
            if c["Count"] == C and rec_total is not None:
                s.direct.append((("cat", key, c["Category"]), share * rec_total, "share"))
            if r["Total of recorded categories"] == C and number(c["Count"]) is not None and share:
                s.direct.append((("rec", key), number(c["Count"]) / share, "share"))

    # Changes: last - first, last / first and (last - first) / first, with one end hidden.
    _, changes = sheets.get("change", (None, []))
    for r in changes:
        area = r["Area"]
        if str(area).startswith("Like-for-like"):
            continue
        first, last = ("stats", area, r["Compared from"]), ("stats", area, r["Compared to"])
        a, b = number(r["First figure"]), number(r["Last figure"])
        for col, inv_last, inv_first in (
                ("Change", lambda d, a: a + d, lambda d, b: b - d),
                ("Fold change", lambda f, a: a * f, lambda f, b: b / f if f else None),
                ("Change (%)", lambda p, a: a * (1 + p), lambda p, b: b / (1 + p) if p != -1 else None)):
            d = number(r.get(col))
            if d is None:
                continue
            if r["Last figure"] == C and a is not None:
                s.direct.append((last, inv_last(d, a), col))
            if r["First figure"] == C and b is not None:
                s.direct.append((first, inv_first(d, b), col))

    hidden = set(s.unknowns)
    found = s.solve(hidden)
    for key, value, how in s.direct:
        if key in hidden and value is not None:
            found[key] = (value, how)
    print("%d counts shown as [c]; %d additions and %d derived figures read from the workbook"
          % (len(hidden), len(s.equations), len(s.direct)))
    failed = False
    for key, (value, how) in sorted(found.items(), key=str):
        print("RECOVERED %s = %s (from %s)" % (key, value, how))
        failed = True

    # The attacker's own check: every published count of a wholly published addition, hidden alone beside the
    # [c] counts, must be recovered with its value.
    checked = 0
    for coeffs, label in s.equations:
        if any(k in hidden for k in coeffs) or checked == 12:
            continue
        k = next(iter(coeffs))
        got = s.solve(hidden | {k}).get(k)
        if got is None or got[0] != s.values[k]:
            print("SELF-CHECK FAILED: %s in %s was not recovered (%s)" % (k, label, got))
            failed = True
        checked += 1
    print("self-check: %d published counts hidden one at a time (of wholly published additions), each recovered"
          % checked)
    if checked == 0 and len(s.equations) > 0:
        print("SELF-CHECK FAILED: no wholly published addition to try")
        failed = True
    if not hidden:
        print("note: nothing is shown as [c]")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

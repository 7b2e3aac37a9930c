#!/usr/bin/python3
"""Checks an .ods workbook against the .xlsx it was made from, cell by cell, with readers independent of the
code that wrote either: openpyxl for the .xlsx, the standard library's XML parser for the .ods's content.xml.

Every sheet in the same order with the same name; every cell the same value (numbers to 1e-9 relative), every
formula still a formula whose value is the .xlsx's cached value, every link still a link to the same place; no
cell in the .ods that is empty in the .xlsx; the charts' alternative texts kept.

Usage: compare_ods.py WORKBOOK.xlsx WORKBOOK.ods
"""
import math
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

import openpyxl

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
}


def q(prefix, name):
    return "{%s}%s" % (NS[prefix], name)


def paragraph_text(p):
    out = []

    def walk(e):
        if e.text:
            out.append(e.text)
        for child in e:
            if child.tag == q("text", "s"):
                out.append(" " * int(child.get(q("text", "c"), "1")))
            elif child.tag == q("text", "tab"):
                out.append("\t")
            elif child.tag == q("text", "line-break"):
                out.append("\n")
            else:
                walk(child)
            if child.tail:
                out.append(child.tail)

    walk(p)
    return "".join(out)


def read_ods(path):
    """{sheet name: {(row, col): (value, formula, link)}} with 1-based rows and columns, and the sheet order."""
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("content.xml"))
        alt_texts = set()
        for name in z.namelist():
            if name.endswith("content.xml"):
                for frame in ET.fromstring(z.read(name)).iter(q("draw", "frame")):
                    for tag in ("desc", "title"):
                        e = frame.find(q("svg", tag))
                        if e is not None and (e.text or "").strip():
                            alt_texts.add(e.text.strip())
    sheets, order = {}, []
    for t in root.iter(q("table", "table")):
        name = t.get(q("table", "name"))
        order.append(name)
        cells = {}
        r = 0
        for row in t.iter(q("table", "table-row")):
            reps = int(row.get(q("table", "number-rows-repeated"), "1"))
            for _ in range(min(reps, 2000)):
                r += 1
                c = 0
                for cell in row:
                    if cell.tag not in (q("table", "table-cell"), q("table", "covered-table-cell")):
                        continue
                    creps = int(cell.get(q("table", "number-columns-repeated"), "1"))
                    for _ in range(min(creps, 200)):
                        c += 1
                        vtype = cell.get(q("office", "value-type"))
                        formula = cell.get(q("table", "formula"))
                        paras = cell.findall(q("text", "p"))
                        text = "\n".join(paragraph_text(p) for p in paras)
                        links = [a.get(q("xlink", "href")) for p in paras for a in p.iter(q("text", "a"))]
                        if vtype in ("float", "percentage", "currency"):
                            value = float(cell.get(q("office", "value")))
                        elif vtype == "boolean":
                            value = cell.get(q("office", "boolean-value")) == "true"
                        elif vtype is None and not text:
                            value = None
                        else:
                            value = cell.get(q("office", "string-value"), text)
                        if value is not None or formula:
                            cells[(r, c)] = (value, formula, links[0] if links else None)
        sheets[name] = cells
    return sheets, order, alt_texts


def xlsx_alt_texts(path):
    out = set()
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/drawings/") and name.endswith(".xml"):
                for e in ET.fromstring(z.read(name)).iter():
                    if e.tag.endswith("}cNvPr") and (e.get("descr") or "").strip():
                        out.add(e.get("descr").strip())
    return out


def same_number(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def normalise_internal(link):
    # .xlsx: "#'Table 1'!A5" or "Table 1!A5"; .ods: "#Table 1.A5" or "#'Table 1'.A5".
    link = link.lstrip("#")
    m = re.match(r"^'?(.*?)'?[.!]\$?([A-Z]+)\$?(\d+)$", link)
    return (m.group(1), m.group(2) + m.group(3)) if m else (link, "")


def main():
    xlsx_path, ods_path = sys.argv[1], sys.argv[2]
    formulas = openpyxl.load_workbook(xlsx_path)
    values = openpyxl.load_workbook(xlsx_path, data_only=True)
    ods, order, ods_alt = read_ods(ods_path)
    problems = []
    if order != formulas.sheetnames:
        problems.append("sheets differ: xlsx %s, ods %s" % (formulas.sheetnames, order))
    checked = formula_count = link_count = 0
    for ws in formulas.worksheets:
        wv = values[ws.title]
        cells = ods.get(ws.title, {})
        seen = set()
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                where = "%s!%s" % (ws.title, cell.coordinate)
                seen.add((cell.row, cell.column))
                got = cells.get((cell.row, cell.column))
                if got is None:
                    problems.append("%s: %r in the xlsx, empty in the ods" % (where, cell.value))
                    continue
                value, formula, link = got
                expected = cell.value
                if isinstance(expected, str) and expected.startswith("="):
                    formula_count += 1
                    if not formula:
                        problems.append("%s: a formula in the xlsx, a plain value in the ods" % where)
                    expected = wv[cell.coordinate].value
                checked += 1
                if isinstance(expected, bool) or isinstance(value, bool):
                    ok = bool(expected) == bool(value)
                elif isinstance(expected, (int, float)):
                    ok = isinstance(value, float) and same_number(float(expected), value)
                else:
                    ok = str(expected) == str(value)
                if not ok:
                    problems.append("%s: xlsx %r, ods %r" % (where, expected, value))
                if cell.hyperlink is not None:
                    link_count += 1
                    target = cell.hyperlink.target or ""
                    location = cell.hyperlink.location
                    if not link:
                        problems.append("%s: a link in the xlsx, none in the ods" % where)
                    elif location:
                        if normalise_internal(location) != normalise_internal(link):
                            problems.append("%s: link to %s in the xlsx, %s in the ods" % (where, location, link))
                    elif target and target != link:
                        problems.append("%s: link to %s in the xlsx, %s in the ods" % (where, target, link))
        for (r, c), (value, formula, _) in cells.items():
            if (r, c) not in seen and value not in (None, ""):
                problems.append("%s row %d column %d: %r in the ods, empty in the xlsx" % (ws.title, r, c, value))
    xlsx_alt = xlsx_alt_texts(xlsx_path)
    for alt in sorted(xlsx_alt - ods_alt):
        problems.append("chart alternative text lost in the ods: %r" % alt[:80])
    for p in problems[:50]:
        print(p)
    print("%d cells compared (%d formulas, %d links), %d chart alternative texts; %d problems"
          % (checked, formula_count, link_count, len(xlsx_alt), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Export peer: replays a workbook dump (tests/bench/workbook_dump.h) with Python's XlsxWriter.

Usage: /usr/bin/python3 peer_xlsxwriter.py DUMP OUT.xlsx
Prints "seconds S" and "cpu S" (wall and processor time from Workbook() to close(), the dump already parsed)
and "cells N".

Not constant_memory: XlsxWriter refuses add_table() in that mode, and our exporter also runs libxlsxwriter
in its in-memory mode for the same reason, so both sides keep every cell until close().
"""
import sys
import time

import xlsxwriter


def unescape(s):
    if "\\" not in s:
        return s
    out, i = [], 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s):
            i += 1
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(s[i], s[i]))
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def load(path):
    records = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = [unescape(x) for x in line.rstrip("\n").split("\t")]
            kind = fields[0]
            if kind == "C":
                row, col, fmt, k = int(fields[1]), int(fields[2]), int(fields[3]), fields[4]
                value = fields[5] if len(fields) > 5 else ""
                extra = fields[6] if len(fields) > 6 else ""
                if k in ("n", "f"):
                    value = float(value) if value else 0.0
                records.append(("C", row, col, fmt, k, value, extra))
            elif kind in ("R",):
                records.append(("R", int(fields[1]), float(fields[2])))
            elif kind == "W":
                records.append(("W", int(fields[1]), int(fields[2]), float(fields[3])))
            elif kind == "T":
                records.append(("T", int(fields[1]), int(fields[2]), int(fields[3]), int(fields[4]), fields[5]))
            elif kind == "H":
                records.append(("H", fields[1], int(fields[2])))
            else:
                records.append(tuple(fields))
    return records


def format_props(x):
    _, _, size, bold, underline, rgb, halign, valign, wrap, indent, num, font = x
    p = {"font_name": font, "font_size": float(size)}
    if bold == "1":
        p["bold"] = True
    if underline == "1":
        p["underline"] = 1
    if rgb != "-":
        p["font_color"] = "#" + rgb
    if halign != "-":
        p["align"] = halign
    if valign != "-":
        p["valign"] = valign
    if wrap == "1":
        p["text_wrap"] = True
    if indent != "0":
        p["indent"] = int(indent)
    if num != "-":
        p["num_format"] = num
    return p


def write(records, out):
    wb = xlsxwriter.Workbook(out)
    formats = {0: None}
    ws = None
    table = None
    cells = 0

    def flush_table():
        first_row, first_col, last_row, last_col, name, columns = table
        ws.add_table(first_row, first_col, last_row, last_col,
                     {"name": name, "autofilter": False, "banded_rows": False, "style": None, "columns": columns})

    for r in records:
        kind = r[0]
        if kind != "H" and table is not None:
            flush_table()
            table = None
        if kind == "C":
            _, row, col, fmt, k, value, extra = r
            f = formats[fmt]
            if k == "s":
                ws.write_string(row, col, value, f)
            elif k == "n":
                ws.write_number(row, col, value, f)
            elif k == "b":
                ws.write_blank(row, col, None, f)
            elif k == "f" or k == "g":
                ws.write_formula(row, col, extra, f, value)
            elif k == "u":
                ws.write_url(row, col, extra, f, value)
            cells += 1
        elif kind == "R":
            ws.set_row(r[1], r[2])
        elif kind == "W":
            ws.set_column(r[1], r[2], r[3])
        elif kind == "X":
            if r[1] != "0":
                formats[int(r[1])] = wb.add_format(format_props(r))
        elif kind == "S":
            ws = wb.add_worksheet(r[1])
            if r[2] == "1":
                ws.hide_gridlines(2)
        elif kind == "T":
            table = (r[1], r[2], r[3], r[4], r[5], [])
        elif kind == "H":
            table[5].append({"header": r[1], "header_format": formats[r[2]]})
    if table is not None:
        flush_table()
    wb.close()
    return cells


def main():
    records = load(sys.argv[1])
    start, cpu = time.perf_counter(), time.process_time()
    cells = write(records, sys.argv[2])
    print("seconds %.6f" % (time.perf_counter() - start))
    print("cpu %.6f" % (time.process_time() - cpu))
    print("cells %d" % cells)


if __name__ == "__main__":
    main()

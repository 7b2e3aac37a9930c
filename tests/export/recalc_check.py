#!/usr/bin/python3
"""Recalculates an exported workbook with LibreOffice and compares every formula's result with its cached value.

LibreOffice does not recalculate .xlsx formulas on load by default, so it runs with a fresh profile whose
registrymodifications.xcu sets /org.openoffice.Office.Calc/Formula/Load OOXMLRecalcMode to 0 (always). To
show that the recalculation really happens, a copy of the workbook with one cached result made wrong is
converted in the same run: LibreOffice must correct it.

Usage: recalc_check.py WORKBOOK.xlsx WORK_DIR [--soffice PATH]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import zipfile

import openpyxl

XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def formula_cells(path):
    """{(sheet, coordinate): cached value} for every formula cell."""
    formulas = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    out = {}
    for name in formulas.sheetnames:
        for row in formulas[name].iter_rows():
            for c in row:
                if c.data_type == "f":
                    out[(name, c.coordinate)] = values[name][c.coordinate].value
    return out


def spoil_one_cached_number(src, dst):
    """Copies src to dst with the first numeric cached formula result replaced by 12345. Returns its place."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        spoiled = None
        for item in zin.infolist():
            data = zin.read(item.filename)
            if spoiled is None and re.match(r"xl/worksheets/sheet\d+\.xml", item.filename):
                text = data.decode("utf-8")
                m = re.search(r'<c r="([A-Z]+\d+)"[^>]*><f>[^<]*</f><v>([^<]*)</v>', text)
                if m and not m.group(0).count('t="str"'):
                    text = text[: m.start(2)] + "12345" + text[m.end(2):]
                    spoiled = (item.filename, m.group(1))
                    data = text.encode("utf-8")
            zout.writestr(item, data)
    return spoiled


def close(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-300) or a == b
    return a == b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workbook")
    ap.add_argument("workdir")
    ap.add_argument("--soffice", default=shutil.which("soffice") or "soffice")
    args = ap.parse_args()

    work = os.path.abspath(args.workdir)
    shutil.rmtree(work, ignore_errors=True)
    profile = os.path.join(work, "profile")
    os.makedirs(os.path.join(profile, "user"))
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w") as f:
        f.write(XCU)
    inputs = os.path.join(work, "in")
    out = os.path.join(work, "out")
    os.makedirs(inputs)
    os.makedirs(out)
    original = os.path.join(inputs, "workbook.xlsx")
    shutil.copyfile(args.workbook, original)
    spoiled_path = os.path.join(inputs, "spoiled.xlsx")
    spoiled = spoil_one_cached_number(original, spoiled_path)

    cmd = [args.soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, original, spoiled_path]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
    converted = os.path.join(out, "workbook.xlsx")
    if run.returncode != 0 or not os.path.exists(converted):
        print("LibreOffice failed:", run.returncode, run.stdout, run.stderr, file=sys.stderr)
        return 1

    cached = formula_cells(original)
    recalculated = openpyxl.load_workbook(converted, data_only=True)
    failures = []
    numeric = 0
    for (sheet, coord), value in cached.items():
        got = recalculated[sheet][coord].value
        if isinstance(value, (int, float)):
            numeric += 1
        if not close(value, got):
            failures.append(f"{sheet}!{coord}: cached {value!r}, LibreOffice computes {got!r}")
    if not cached:
        failures.append("the workbook has no formulas to check")

    # The spoiled copy proves that LibreOffice recalculated rather than copying cached values.
    if spoiled:
        sheet_part, coord = spoiled
        redone = openpyxl.load_workbook(os.path.join(out, "spoiled.xlsx"), data_only=True)
        index = int(re.search(r"sheet(\d+)\.xml", sheet_part).group(1)) - 1
        name = redone.sheetnames[index]
        if redone[name][coord].value == 12345:
            failures.append(f"LibreOffice kept a wrong cached value in {name}!{coord}: it did not recalculate")
    else:
        failures.append("found no numeric formula result to spoil")

    if failures:
        print(f"{len(failures)} formula cells differ after recalculation:", file=sys.stderr)
        for f in failures:
            print(f, file=sys.stderr)
        return 1
    print(f"{len(cached)} formula cells ({numeric} numeric) equal their cached values after LibreOffice "
          f"recalculated them (1e-9 relative)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

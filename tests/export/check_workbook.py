#!/usr/bin/python3
"""Checks an exported Evidence Desk workbook against docs/workbook.md's checklist, as an independent reader.

Reads the file with openpyxl (Debian's python3-openpyxl) and with zipfile + ElementTree for what openpyxl
does not expose (tables' XML, drawings, document properties, sheet views). Exits 1 listing every failure.

Usage: check_workbook.py WORKBOOK.xlsx [--values-only] [--expect-text TEXT ...] [--expect-name NAME]
"""

import argparse
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

import openpyxl
from openpyxl.utils import range_boundaries, get_column_letter

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
SHORTHAND = re.compile(r"^(\[[a-z]+\])+$")
CODE_TOKEN = re.compile(r"\[([a-z]+)\]")
NOTE = re.compile(r"\[note (\d+)\]")
HARMONISED = {"b", "c", "e", "er", "f", "low", "k", "p", "r", "u", "w", "x", "z", "ns", "s", "ss", "sss"}
TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
CELL_REF = re.compile(r"^([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*([Cc][0-9]*)?|[Cc][0-9]*)$")
CONTINUED_SAID = 'A row whose first cell ends "(continued)" goes on with the text of the row above'
PERIOD = re.compile(r"^([0-9]{4}/[0-9]{2}|[0-9]{4}|(Jan to Mar|Apr to Jun|Jul to Sep|Oct to Dec) [0-9]{4})$")

# Arial advance widths (1/1000 em) for ASCII 32..126, to check that unwrapped text fits its column.
ARIAL = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278] + [556] * 10 + \
    [278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722,
     778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
     556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500,
     334, 260, 334, 584]


def text_px(text, points=12.0, bold=False):
    units = sum(ARIAL[ord(ch) - 32] if 32 <= ord(ch) <= 126 else 600 for ch in text)
    return units * points * 96 / 72 / 1000 * (1.05 if bold else 1.0)


class Checker:
    def __init__(self, path, values_only):
        self.path = path
        self.values_only = values_only
        self.failures = []
        self.zip = zipfile.ZipFile(path)
        self.names = set(self.zip.namelist())
        self.wb = openpyxl.load_workbook(path)  # formulas as written
        self.values = openpyxl.load_workbook(path, data_only=True)  # cached results
        # Column widths are counted in digits of the Normal style's font: 7 pixels for Calibri 11 or Arial
        # 10, 9 for Arial 12 (at 96 dpi).
        with zipfile.ZipFile(path) as z:
            font0 = ET.fromstring(z.read("xl/styles.xml")).find("m:fonts/m:font", NS)
        normal = (font0.find("m:name", NS).get("val"), float(font0.find("m:sz", NS).get("val")))
        self.digit_px = {("Arial", 12.0): 9, ("Arial", 10.0): 7, ("Calibri", 11.0): 7}.get(normal, 7)
        self.sheet_parts = self._sheet_parts()

    def fail(self, item, message):
        self.failures.append(f"{item}: {message}")

    def xml(self, part):
        return ET.fromstring(self.zip.read(part))

    def _sheet_parts(self):
        wb = self.xml("xl/workbook.xml")
        rels = self.xml("xl/_rels/workbook.xml.rels")
        targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}
        parts = {}
        for s in wb.find("m:sheets", NS):
            target = targets[s.get("{%s}id" % NS["r"])]
            parts[s.get("name")] = "xl/" + target.lstrip("/").replace("xl/", "")
        return parts

    def rels_of(self, part):
        folder, name = part.rsplit("/", 1)
        rel_part = f"{folder}/_rels/{name}.rels"
        if rel_part not in self.names:
            return {}
        rels = self.xml(rel_part)
        out = {}
        for r in rels.findall("rel:Relationship", NS):
            target = r.get("Target")
            if not target.startswith("/"):
                parts = (folder + "/" + target).split("/")
                resolved = []
                for p in parts:
                    if p == "..":
                        resolved.pop()
                    else:
                        resolved.append(p)
                target = "/".join(resolved)
            else:
                target = target.lstrip("/")
            out[r.get("Id")] = (r.get("Type").rsplit("/", 1)[-1], target)
        return out

    # ------------------------------------------------------------------------------------------
    def tables(self):
        """(sheet name, table XML root, ref) for every table."""
        out = []
        for sheet, part in self.sheet_parts.items():
            for rid, (kind, target) in self.rels_of(part).items():
                if kind == "table":
                    root = self.xml(target)
                    out.append((sheet, root, root.get("ref")))
        return out

    def check_workbook_level(self, expect_name):
        core = self.xml("docProps/core.xml")
        title = core.findtext("dc:title", default="", namespaces=NS)
        creator = core.findtext("dc:creator", default="", namespaces=NS)
        keywords = core.findtext("cp:keywords", default="", namespaces=NS)
        if not title or not creator or not keywords:
            self.fail("W1", f"document properties incomplete (title={title!r}, creator={creator!r}, keywords={keywords!r})")
        if "-" in title or "_" in title:
            self.fail("W1", f"title has a dash or underscore: {title!r}")
        names = self.wb.sheetnames
        if names[0] != "Cover":
            self.fail("W2", f"first sheet is {names[0]!r}, not the cover")
        cover = self.wb[names[0]]
        if cover["A1"].value != title:
            self.fail("W2", f"cover A1 {cover['A1'].value!r} is not the document title {title!r}")
        for row in cover.iter_rows():
            for c in row:
                if c.value is not None and c.column != 1:
                    self.fail("W2", f"cover cell {c.coordinate} is outside column A")
        lowered = set()
        for n in names:
            if len(n) > 31 or n != n.strip() or re.search(r"[\[\]:*?/\\]", n) or n.lower() in lowered:
                self.fail("W6", f"bad or repeated sheet name {n!r}")
            lowered.add(n.lower())
        for n in names:
            if self.wb[n]["A1"].value in (None, ""):
                self.fail("W7", f"sheet {n!r} has no A1")
        if any(p.startswith("xl/media/") for p in self.names):
            self.fail("W8", "the workbook holds images (xl/media)")
        if "xl/vbaProject.bin" in self.names:
            self.fail("W9", "the workbook holds macros")
        ctypes = self.xml("[Content_Types].xml")
        for o in ctypes.findall("ct:Override", NS):
            if o.get("PartName") == "/xl/workbook.xml" and "macroEnabled" in o.get("ContentType"):
                self.fail("W9", "the workbook is macro-enabled")
        wbxml = self.xml("xl/workbook.xml")
        view = wbxml.find("m:bookViews/m:workbookView", NS)
        if view is not None and view.get("activeTab") not in (None, "0"):
            self.fail("W11", "the first sheet is not active")
        for p in wbxml.find("m:sheets", NS):
            if p.get("state") in ("hidden", "veryHidden"):
                self.fail("S8", f"hidden sheet {p.get('name')!r}")
        if expect_name and not re.match(r"^[a-z0-9]+(-[a-z0-9]+)*\.xlsx$", expect_name) or \
                (expect_name and len(expect_name) - 5 > 60):
            self.fail("W13", f"file name {expect_name!r} does not follow the naming rule")

    def check_sheet_xml(self):
        charts_sheets = set()
        for sheet, part in self.sheet_parts.items():
            root = self.xml(part)
            if root.find("m:mergeCells", NS) is not None:
                self.fail("T4", f"{sheet}: merged cells")
            if root.find("m:autoFilter", NS) is not None:
                self.fail("S7", f"{sheet}: autofilter")
            if root.find(".//m:pane", NS) is not None:
                self.fail("S7", f"{sheet}: freeze or split panes")
            hf = root.find("m:headerFooter", NS)
            if hf is not None and any((e.text or "").strip() for e in hf):
                self.fail("W10", f"{sheet}: header or footer text")
            for sv in root.findall(".//m:sheetView", NS):
                if sv.get("zoomScale") not in (None, "100"):
                    self.fail("W11", f"{sheet}: zoom {sv.get('zoomScale')}")
                sel = sv.find("m:selection", NS)
                if sel is not None and sel.get("activeCell") not in (None, "A1"):
                    self.fail("W11", f"{sheet}: cursor not in A1")
            for row in root.findall(".//m:row", NS):
                if row.get("hidden") == "1":
                    self.fail("S8", f"{sheet}: hidden row {row.get('r')}")
            for col in root.findall(".//m:col", NS):
                if col.get("hidden") == "1":
                    self.fail("S8", f"{sheet}: hidden column")
            if root.find(".//m:conditionalFormatting", NS) is not None:
                self.fail("F2", f"{sheet}: conditional formatting")
            parts = root.findall(".//m:tableParts/m:tablePart", NS)
            if len(parts) > 1:
                self.fail("S6", f"{sheet}: {len(parts)} tables on one sheet")
            if self.values_only and root.find(".//m:f", NS) is not None:
                self.fail("W9", f"{sheet}: formulas in a values-only workbook")
            for rid, (kind, target) in self.rels_of(part).items():
                if kind == "drawing":
                    charts_sheets.add(sheet)
                    drawing = self.xml(target)
                    if drawing.find(".//xdr:sp", NS) is not None:
                        self.fail("W10", f"{sheet}: shapes or text boxes")
                    for frame in drawing.findall(".//xdr:graphicFrame", NS):
                        pr = frame.find("xdr:nvGraphicFramePr/xdr:cNvPr", NS)
                        if pr is None or not (pr.get("descr") or "").strip():
                            self.fail("W8", f"{sheet}: a chart without alternative text")
        for s in charts_sheets:
            if self.wb[s].tables:
                self.fail("W8", f"charts on sheet {s!r}, which also holds a table")

    def check_styles(self):
        styles = self.xml("xl/styles.xml")
        fonts = styles.findall("m:fonts/m:font", NS)
        fills = styles.findall("m:fills/m:fill", NS)
        xfs = styles.findall("m:cellXfs/m:xf", NS)
        for i, xf in enumerate(xfs):
            if i == 0:
                continue  # the default "Normal" format, used by no cell we write
            font = fonts[int(xf.get("fontId", "0"))]
            name = font.find("m:name", NS).get("val")
            size = float(font.find("m:sz", NS).get("val"))
            if name != "Arial" or size < 12:
                self.fail("F1", f"cell format {i} uses {name} {size}")
            if font.find("m:i", NS) is not None:
                self.fail("F1", f"cell format {i} is italic")
            color = font.find("m:color", NS)
            underline = font.find("m:u", NS) is not None
            if color is not None and not underline and color.get("theme") is None:
                self.fail("F2", f"cell format {i} has a font colour but is not a link")
            if int(xf.get("fillId", "0")) > 1:
                self.fail("F1", f"cell format {i} has a background fill")
            al = xf.find("m:alignment", NS)
            if al is not None and al.get("textRotation") not in (None, "0"):
                self.fail("F1", f"cell format {i} rotates text")
        if len(fills) > 2:
            self.fail("F1", "the workbook defines background fills")

    # ------------------------------------------------------------------------------------------
    def check_tables(self):
        all_names = set()
        notes_used, notes_defined = {}, set()
        contents_rows = None
        for sheet_name in self.wb.sheetnames:
            ws = self.wb[sheet_name]
            wv = self.values[sheet_name]
            if sheet_name == "Cover" or sheet_name == "Charts":
                for row in ws.iter_rows():
                    for c in row:
                        if isinstance(c.value, str):
                            for n in NOTE.findall(c.value):
                                notes_used.setdefault(n, []).append(f"{sheet_name}!{c.coordinate}")
                continue
            if len(ws.tables) != 1:
                self.fail("T1", f"{sheet_name}: {len(ws.tables)} tables")
                continue
            table = list(ws.tables.values())[0]
            name = table.name
            if not TABLE_NAME.match(name) or CELL_REF.match(name) or name.lower() in all_names:
                self.fail("T2", f"{sheet_name}: bad or repeated table name {name!r}")
            all_names.add(name.lower())
            min_col, min_row, max_col, max_row = range_boundaries(table.ref)
            if min_col != 1:
                self.fail("S5", f"{sheet_name}: table starts in column {get_column_letter(min_col)}")
            if table.headerRowCount == 0:
                self.fail("T1", f"{sheet_name}: table without a header row")
            style = table.tableStyleInfo
            if style is not None and (style.name or style.showRowStripes):
                self.fail("T6", f"{sheet_name}: table style {style.name!r}, stripes {style.showRowStripes}")
            if table.autoFilter is not None:
                self.fail("S7", f"{sheet_name}: table has filter buttons")
            # Title, description, nothing outside column A above the table, nothing below it.
            if not isinstance(ws["A1"].value, str) or not ws["A1"].font.b or ws["A1"].font.sz < 14:
                self.fail("S1", f"{sheet_name}: A1 is not a bold title")
            if not str(ws["A2"].value or "").startswith("This worksheet contains"):
                self.fail("S2", f"{sheet_name}: A2 does not say what the sheet contains")
            for r in range(1, min_row):
                if ws.cell(r, 1).value in (None, ""):
                    self.fail("S3", f"{sheet_name}: blank row {r} above the table")
                for c in range(2, ws.max_column + 1):
                    if ws.cell(r, c).value is not None:
                        self.fail("S3", f"{sheet_name}: {ws.cell(r, c).coordinate} is outside column A above the table")
            if ws.max_row != max_row or ws.max_column != max_col:
                self.fail("S4", f"{sheet_name}: cells outside the table ({ws.dimensions} vs {table.ref})")
            # Headers.
            headers = [ws.cell(min_row, c).value for c in range(min_col, max_col + 1)]
            xml_headers = [c.name for c in table.tableColumns]
            if headers != xml_headers:
                self.fail("T3", f"{sheet_name}: header cells {headers} differ from the table's {xml_headers}")
            seen = set()
            for h in headers:
                if not isinstance(h, str) or not h.strip() or "\n" in h or re.match(r"^Column\s*\d+$", h) or \
                        h.lower() in seen:
                    self.fail("T3", f"{sheet_name}: bad or repeated header {h!r}")
                seen.add(str(h).lower())
                stripped = NOTE.sub("", str(h)).strip()
                if "(" in stripped and not stripped.endswith(")"):
                    self.fail("T8", f"{sheet_name}: unit not at the end of header {h!r}")
            # Body: no blank cells, rows or columns; numeric columns hold numbers or shorthand.
            key = " ".join(str(ws.cell(r, 1).value or "") for r in range(1, min_row))
            continuation_said = CONTINUED_SAID in key

            def continued(row):
                """A continuation row of a long text, whose other cells the sheet says are empty."""
                return continuation_said and str(ws.cell(row, min_col).value or "").endswith(" (continued)")
            numeric_cols = []
            for c in range(min_col, max_col + 1):
                header = ws.cell(min_row, c)
                if not header.font.b:
                    self.fail("T7", f"{sheet_name}: header {header.value!r} is not bold")
                body = [ws.cell(r, c) for r in range(min_row + 1, max_row + 1)]
                right = all(b.alignment.horizontal == "right" for b in body)
                numbers = [b for b in body if isinstance(wv.cell(b.row, b.column).value, (int, float))]
                if numbers:
                    numeric_cols.append(c)
                    if not right or header.alignment.horizontal != "right":
                        self.fail("T7", f"{sheet_name}: numeric column {header.value!r} is not right-aligned")
                    formats = {b.number_format for b in body if isinstance(wv.cell(b.row, b.column).value, (int, float))}
                    if len(formats) != 1:
                        self.fail("C6", f"{sheet_name}: column {header.value!r} has number formats {formats}")
                    for b in body:
                        v = wv.cell(b.row, b.column).value
                        if v is None and continued(b.row):
                            continue
                        if not isinstance(v, (int, float)) and not (isinstance(v, str) and SHORTHAND.match(v)):
                            self.fail("C1", f"{sheet_name}!{b.coordinate}: {v!r} in a numeric column")
                        if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
                            self.fail("C1", f"{sheet_name}!{b.coordinate}: not finite")
            for r in range(min_row + 1, max_row + 1):
                for c in range(min_col, max_col + 1):
                    v = wv.cell(r, c).value
                    cell = ws.cell(r, c)
                    if v is None or (isinstance(v, str) and not v.strip()):
                        # Empty only where column A above the table says what an empty cell of this column (or
                        # of a continuation row) means.
                        header = str(ws.cell(min_row, c).value)
                        if not any(str(ws.cell(a, 1).value or "").startswith(f"An empty {header} cell means ")
                                   for a in range(1, min_row)) and not continued(r):
                            self.fail("C5", f"{sheet_name}!{cell.coordinate}: empty cell in the table, and the "
                                            f"sheet does not say what an empty {header} cell means")
                        continue
                    if isinstance(v, str) and v.strip() == "None" and str(ws.cell(min_row, c).value) in (
                            "Notes", "Qualifiers"):
                        self.fail("C5", f"{sheet_name}!{cell.coordinate}: 'None' where the cell should be empty "
                                        "with its meaning stated above the table")
                    if isinstance(v, str):
                        if v.strip() in ("*", "..", ":", "NA", "-", "N/A"):
                            self.fail("C2", f"{sheet_name}!{cell.coordinate}: ambiguous symbol {v!r}")
                        # A breakdown's category ("13 to 15", an age band) is a label, not two figures.
                        label = str(ws.cell(min_row, c).value).endswith(("Category", "common category", "Median"))
                        if not label and re.search(r"\d\s+to\s+\d.*\d|\(\s*\d[\d.]*\s*,\s*\d[\d.]*\s*\)", v) and len(v) < 25:
                            self.fail("C7", f"{sheet_name}!{cell.coordinate}: two numbers in one cell {v!r}")
                        if SHORTHAND.match(v) or (len(v) <= 60 and CODE_TOKEN.search(v)):
                            for code in CODE_TOKEN.findall(v):
                                if code not in HARMONISED:
                                    self.fail("C3", f"{sheet_name}!{cell.coordinate}: unknown code [{code}]")
                                elif f"[{code}]" not in key:
                                    self.fail("C2", f"{sheet_name}: code [{code}] is not explained above the table")
                    if isinstance(cell.value, str) and NOTE.search(cell.value):
                        header = str(ws.cell(min_row, c).value)
                        # The row label: the first column, or the area where a Measure column groups the rows.
                        if c != min_col and not header.startswith("Note") and header != "Area":
                            self.fail("C4", f"{sheet_name}!{cell.coordinate}: a note marker in a data cell")
            # Notes: what is referenced where, and the notes table.
            for r in range(1, max_row + 1):
                for c in range(min_col, max_col + 1):
                    v = ws.cell(r, c).value
                    if isinstance(v, str) and sheet_name != "Notes":
                        for n in NOTE.findall(v):
                            notes_used.setdefault(n, []).append(f"{sheet_name}!{ws.cell(r, c).coordinate}")
            if name == "Notes_table":
                for r in range(min_row + 1, max_row + 1):
                    m = NOTE.fullmatch(str(ws.cell(r, min_col).value))
                    if not m:
                        self.fail("W5", f"Notes!{ws.cell(r, min_col).coordinate} is not a note number")
                    else:
                        notes_defined.add(m.group(1))
            if name == "Table_of_contents":
                contents_rows = [ws.cell(r, min_col) for r in range(min_row + 1, max_row + 1)]
            # Period columns.
            for c in range(min_col, max_col + 1):
                h = str(ws.cell(min_row, c).value)
                if h in ("Period", "Compared from", "Compared to"):
                    for r in range(min_row + 1, max_row + 1):
                        v = str(wv.cell(r, c).value)
                        if not PERIOD.match(v):
                            self.fail("C8", f"{sheet_name}!{ws.cell(r, c).coordinate}: period {v!r}")
                # A period with no figures keeps its column only when the sheet says so above the table.
                empty_said = any(f"No area has a figure for" in str(ws.cell(r, 1).value or "") and h in str(ws.cell(r, 1).value)
                                 for r in range(1, min_row))
                if PERIOD.match(h) and c not in numeric_cols and max_row > min_row and not empty_said:
                    self.fail("C1", f"{sheet_name}: period column {h!r} holds no numbers")
            # Totals last.
            labels = [str(ws.cell(r, min_col).value) for r in range(min_row + 1, max_row + 1)]
            totals = [i for i, l in enumerate(labels) if l.startswith("Like-for-like total")]
            if totals and totals != list(range(len(labels) - len(totals), len(labels))):
                self.fail("T10", f"{sheet_name}: total rows are not last")
            self.check_widths(sheet_name, ws, min_row, max_row, min_col, max_col)
        if "Notes_table" not in {n for s in self.wb.sheetnames for n in self.wb[s].tables}:
            self.fail("W5", "no Notes_table")
        for n, where in notes_used.items():
            if n not in notes_defined:
                self.fail("W5", f"[note {n}] used at {where[0]} but not in the notes table")
        for n in notes_defined:
            if n not in notes_used:
                self.fail("W5", f"[note {n}] is never referred to")
        self.check_contents(contents_rows)

    def check_widths(self, sheet_name, ws, min_row, max_row, min_col, max_col):
        for c in range(min_col, max_col + 1):
            letter = get_column_letter(c)
            dim = ws.column_dimensions.get(letter)
            width_chars = dim.width if dim is not None and dim.width else 8.43
            width_px = width_chars * self.digit_px  # Excel's conversion: widths count the Normal font's digits
            for r in range(min_row, max_row + 1):
                cell = ws.cell(r, c)
                v = self.values[sheet_name].cell(r, c).value
                if v is None or cell.alignment.wrap_text:
                    continue
                if isinstance(v, float):
                    shown = f"{v:,.2f}"
                elif isinstance(v, int):
                    shown = f"{v:,}"
                else:
                    shown = str(v)
                needed = text_px(shown, 12, r == min_row)
                if needed > width_px:
                    self.fail("T9", f"{sheet_name}!{cell.coordinate}: {shown[:40]!r} needs {needed:.0f} px, "
                                    f"the column is {width_px:.0f} px and does not wrap")

    def check_contents(self, rows):
        if rows is None:
            self.fail("W4", "no Table_of_contents")
            return
        listed = []
        for sheet in self.wb.sheetnames:
            ws = self.wb[sheet]
            for row in ws.iter_rows():
                for c in row:
                    if c.hyperlink is not None and c.hyperlink.location:
                        loc = c.hyperlink.location
                        m = re.match(r"^'?(.*?)'?!([A-Z]+[0-9]+)$", loc)
                        if not m or m.group(1).replace("''", "'") not in self.wb.sheetnames:
                            self.fail("W4", f"{sheet}!{c.coordinate}: link to {loc!r}, which does not exist")
                        elif sheet == "Contents" and m.group(2) != "A1":
                            self.fail("W4", f"contents link {loc!r} is not to A1")
                    if c.hyperlink is not None and c.hyperlink.target:
                        text = str(c.value or "")
                        if text == c.hyperlink.target or re.search(r"click here", text, re.I):
                            self.fail("F3", f"{sheet}!{c.coordinate}: link text {text!r} does not describe it")
                    if c.hyperlink is not None and not c.font.u:
                        self.fail("F3", f"{sheet}!{c.coordinate}: link is not underlined")
        for cell in rows:
            if cell.hyperlink is None:
                self.fail("W4", f"contents row {cell.coordinate} has no link")
            else:
                listed.append(cell.value)
        expected = [s for s in self.wb.sheetnames if s != "Contents"]
        if listed != expected:
            self.fail("W4", f"contents lists {listed}, the workbook has {expected}")

    def check_expected_text(self, texts):
        """Each text must be in a cell as text (never a formula)."""
        found = {t: False for t in texts}
        for sheet in self.wb.sheetnames:
            for row in self.wb[sheet].iter_rows():
                for c in row:
                    if c.value in found:
                        found[c.value] = True
                        if c.data_type != "s":
                            self.fail("injection", f"{sheet}!{c.coordinate}: {c.value!r} is stored as {c.data_type}")
        # Also in the raw XML: no <f> element carries the text.
        for sheet, part in self.sheet_parts.items():
            raw = self.zip.read(part).decode("utf-8")
            for f in re.findall(r"<f>(.*?)</f>", raw):
                for t in texts:
                    if t.lstrip("=+-@") and t.lstrip("=+-@")[:10] in f:
                        self.fail("injection", f"{sheet}: a formula holds {t!r}")
        for t, ok in found.items():
            if not ok:
                self.fail("injection", f"text {t!r} not found in any cell")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workbook")
    ap.add_argument("--values-only", action="store_true")
    ap.add_argument("--expect-text", action="append", default=[])
    ap.add_argument("--expect-name")
    args = ap.parse_args()
    ch = Checker(args.workbook, args.values_only)
    ch.check_workbook_level(args.expect_name)
    ch.check_sheet_xml()
    ch.check_styles()
    ch.check_tables()
    if args.expect_text:
        ch.check_expected_text(args.expect_text)
    formulas = sum(1 for s in ch.wb.sheetnames for row in ch.wb[s].iter_rows() for c in row if c.data_type == "f")
    if not args.values_only and formulas == 0:
        ch.fail("6b", "no formulas in a workbook that should have them")
    if ch.failures:
        print(f"{args.workbook}: {len(ch.failures)} checklist failures", file=sys.stderr)
        for f in ch.failures:
            print(f, file=sys.stderr)
        return 1
    print(f"{args.workbook}: every checked item passes ({len(ch.wb.sheetnames)} sheets, {formulas} formulas)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

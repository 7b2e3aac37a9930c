#!/usr/bin/python3
"""Opens a response document in LibreOffice and checks what a reader sees, against the store and the workbook.

LibreOffice converts the document to PDF (with a profile of its own); pdftotext reads it back. Checked: the
heading, the section and question headings, the paragraph numbers running 1, 2, 3... without a gap, every
"Table N, row R" and "Case studies, row R" pointing at the row of the workbook that holds what it names
(read with openpyxl), each additional point as a numbered paragraph, the page count, and the word counts evidence-cli reported against a count of each
answer's text read from the store with sqlite3.

Usage: check_document.py DOCUMENT WORKBOOK.xlsx STORE CLI_OUTPUT WORK_DIR --soffice SOFFICE
"""
import argparse
import os
import re
import sqlite3
import subprocess
import sys

import openpyxl


def words(text):
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("document")
    ap.add_argument("workbook")
    ap.add_argument("store")
    ap.add_argument("cli_output")
    ap.add_argument("work_dir")
    ap.add_argument("--soffice", required=True)
    a = ap.parse_args()
    os.makedirs(a.work_dir, exist_ok=True)
    profile = "file://" + os.path.abspath(os.path.join(a.work_dir, "profile"))
    subprocess.run([a.soffice, "-env:UserInstallation=" + profile, "--headless", "--convert-to", "pdf",
                    "--outdir", a.work_dir, a.document], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=240)
    pdf = os.path.join(a.work_dir, os.path.splitext(os.path.basename(a.document))[0] + ".pdf")
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True,
                          text=True).stdout
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    problems = []

    db = sqlite3.connect(a.store)
    org = db.execute("SELECT organisation FROM submissions").fetchone()[0]
    answers = db.execute("SELECT q.number, a.text FROM answers a JOIN questions q ON q.id = a.question_id "
                         "ORDER BY q.position").fetchall()
    flat = " ".join(text.split())
    for heading in ["Written evidence submitted by " + org, "Summary", "Answers to the consultation questions",
                    "Case studies", "The accompanying workbook"] + ["Question " + n for n, _ in answers]:
        if heading not in flat:
            problems.append("heading not found: %r" % heading)
    if "\u2022" not in text:
        problems.append("the summary has no bullet points")

    # A paragraph number starts a line (after a form feed on a new page) and is followed by text on the same
    # line. Up to three digits, so that a wrapped sentence ending in a year ("... June\n2019.") is not one.
    numbers = [int(m.group(1)) for m in re.finditer(r"^\f?[ \t]{0,4}(\d{1,3})\.[ \t]+\S", text, re.M)]
    points = [t for (t,) in db.execute("SELECT text FROM submission_points ORDER BY position")]
    if points and "Additional points" not in flat:
        problems.append("heading not found: 'Additional points'")
    for point in points:
        start = r"\s+".join(re.escape(w) for w in point.split()[:3])
        if not re.search(r"^\f?[ \t]{0,4}\d{1,3}\.[ \t]+" + start, text, re.M):
            problems.append("additional point not found as a numbered paragraph: %r" % point[:40])
    if not numbers or numbers != list(range(1, len(numbers) + 1)):
        problems.append("paragraph numbers do not run 1, 2, 3...: %s" % numbers)

    wb = openpyxl.load_workbook(a.workbook)
    refs = 0
    for m in re.finditer(r"(Table \d+|Case studies), row (\d+) \(([^)]*)\)", flat):
        refs += 1
        sheet, row, what = m.group(1), int(m.group(2)), m.group(3)
        # A row label may carry its note markers ("South West [note 4]"); the document names the area alone.
        first = re.sub(r"( \[note \d+\])+$", "", str(wb[sheet].cell(row=row, column=1).value or ""))
        if sheet == "Case studies":
            title = str(wb[sheet].cell(row=row, column=2).value or "")
            if not what.startswith(title):
                problems.append("%s, row %d holds %r, the document says %r" % (sheet, row, title, what))
        elif not what.endswith("row for " + first):
            problems.append("%s, row %d holds %r, the document says %r" % (sheet, row, first, what))
    if refs == 0:
        problems.append("no reference to a row of the workbook")

    with open(a.cli_output, encoding="utf-8") as f:
        reported = dict(re.findall(r"^Question (\S+): (\d+) words?", f.read(), re.M))
    for number, answer in answers:
        if int(reported.get(number, -1)) != words(answer):
            problems.append("question %s: evidence-cli reported %s words, the store's text has %d"
                            % (number, reported.get(number), words(answer)))
    if not 1 <= pages <= 12:
        problems.append("%d pages" % pages)
    for p in problems:
        print(p)
    print("%s: %d pages, %d numbered paragraphs, %d workbook references, %d answers, %d additional points; "
          "%d problems" % (os.path.basename(a.document), pages, len(numbers), refs, len(answers), len(points),
                           len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

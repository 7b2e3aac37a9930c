#!/usr/bin/env python3
"""Compares two exported workbooks part by part and says where they differ.

A workbook names the store and the submission it was exported from by their UUIDs (the Cover's "Produced by ...
from store ..." line and the "Store id" and "Submission id" document properties), which differ between any two
stores by design. Each workbook's own two UUIDs are replaced by placeholders; everything else, every part's bytes,
the parts' order, names, dates and compression, must be identical. Exits 0 when they are, 1 with a readable diff
otherwise.
"""
import argparse
import difflib
import re
import sys
import zipfile


def ids(archive):
    custom = archive.read("docProps/custom.xml").decode("utf-8")
    found = {}
    for name in ("Store id", "Submission id"):
        m = re.search(r'name="%s"><vt:lpwstr>([^<]*)</vt:lpwstr>' % name, custom)
        if not m:
            sys.exit("%s: no %s property in docProps/custom.xml" % (archive.filename, name))
        found[name] = m.group(1)
    return found


def parts(path):
    archive = zipfile.ZipFile(path)
    own = ids(archive)
    out = []
    for info in archive.infolist():
        data = archive.read(info)
        for name, uuid in own.items():
            data = data.replace(uuid.encode(), ("{%s}" % name.upper().replace(" ", "-")).encode())
        out.append((info.filename, info.date_time, info.compress_type, data))
    return own, out


def readable(data):
    # One tag or text run a line, so a diff of XML shows the changed element rather than one long line.
    return re.split(r"(?=<)", data.decode("utf-8", "replace"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("expected")
    parser.add_argument("actual")
    parser.add_argument("--built-store-id", help="the UUID the actual workbook's store must have")
    args = parser.parse_args()
    expected_ids, expected = parts(args.expected)
    actual_ids, actual = parts(args.actual)
    problems = []
    if args.built_store_id and actual_ids["Store id"] != args.built_store_id:
        problems.append("%s names store %s, not %s" % (args.actual, actual_ids["Store id"], args.built_store_id))
    names = [p[0] for p in expected], [p[0] for p in actual]
    if names[0] != names[1]:
        problems.append("the parts differ:\n" + "\n".join(difflib.unified_diff(names[0], names[1], lineterm="")))
    for (name, date, compress, data), (_, date2, compress2, data2) in zip(expected, actual):
        if (date, compress) != (date2, compress2):
            problems.append("%s: date or compression differs: %s %s / %s %s" % (name, date, compress, date2, compress2))
        if data != data2:
            diff = difflib.unified_diff(readable(data), readable(data2), args.expected + ":" + name,
                                        args.actual + ":" + name, lineterm="", n=1)
            problems.append("\n".join(line[:400] for line in diff))
    if problems:
        print("\n".join(problems))
        print("The workbooks differ in %d respects." % len(problems))
        return 1
    print("The workbooks are identical part by part (%d parts), but for each store's and submission's UUID." %
          len(expected))
    return 0


if __name__ == "__main__":
    sys.exit(main())

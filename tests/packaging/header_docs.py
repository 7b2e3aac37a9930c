#!/usr/bin/python3
"""Every public declaration of the libraries' headers says what it is for.

Lists each public declaration without a comment as FILE:LINE: declaration, prints the coverage
(documented / total) per folder and overall, and exits 1 when any is undocumented.

    header_docs.py SOURCE_DIR [FOLDER...]     check FOLDER's .h files (default: PUBLIC_FOLDERS)
    header_docs.py --self-test SOURCE_DIR     check tests/packaging/header_docs_sample.h against what it holds

What counts as a public declaration: at namespace scope, every function, class, struct, union, enum,
type alias, constant and variable; in a class or struct, every public member (methods, data members,
nested types). Not counted: anything in a `detail` or unnamed namespace, private and protected members,
enumerators (the enum's comment covers them), forward declarations, friend class declarations,
`using` declarations and directives, static_assert, and macro calls such as wxDECLARE_EVENT_TABLE().

Exempt because their meaning is plain: destructors, constructors that take nothing or a copy or move of
their class, declarations that are `= default` or `= delete`, the operators ==, !=, <=> and =, and
`override`s (the base class says what they do).

Documented: a comment on the line directly above the declaration (above its `template` line when it
has one), or a trailing `//` comment on its first or last line. A data member without a comment of its
own shares the comment block above the member before it when no blank line separates them, and an
overload shares the comment of the function of the same name declared on the lines directly before it.
"""

import os
import re
import sys

# The GUI-free libraries, whose headers the CLI, the GUI and the tests include, and the desktop
# application's, whose headers its views and its tests include. forms/ holds only XRC layouts.
PUBLIC_FOLDERS = ["src/core", "src/csv", "src/anon", "db", "src/app", "export", "src/gui"]


def strip_code(text):
    """Returns (code, comment_lines, trailing_lines): the text with comments, string and character literals
    blanked (newlines kept, so line numbers hold), the lines that hold only a comment, and the lines that
    hold code and a comment."""
    out = []
    i, n = 0, len(text)
    line = 1
    comment_on = set()
    code_on = set()
    while i < n:
        c = text[i]
        if c == "\n":
            out.append(c)
            line += 1
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            comment_on.add(line)
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            for ch in text[i:j]:
                if ch == "\n":
                    out.append("\n")
                    line += 1
                else:
                    out.append(" ")
                    comment_on.add(line)
            i = j
        elif c in "\"'":
            # A digit separator (1'000) is not a character literal.
            if c == "'" and i > 0 and text[i - 1].isalnum() and i + 1 < n and text[i + 1].isalnum():
                out.append(" ")
                i += 1
                continue
            m = re.match(r'R"([^(\s]*)\(', text[i - 1 : i + 20]) if c == '"' and i > 0 and text[i - 1] == "R" else None
            if m:
                end = text.find(")" + m.group(1) + '"', i)
                end = n if end < 0 else end + len(m.group(1)) + 2
            else:
                end = i + 1
                while end < n and text[end] != c and text[end] != "\n":
                    end += 2 if text[end] == "\\" else 1
                end += 1
            code_on.add(line)
            for ch in text[i:end]:
                out.append("\n" if ch == "\n" else "x")
                line += ch == "\n"
            i = end
        else:
            if not c.isspace():
                code_on.add(line)
            out.append(c)
            i += 1
    return "".join(out), comment_on - code_on, comment_on & code_on


def blank_preprocessor(code):
    """Blanks preprocessor lines (with their continuations)."""
    lines = code.split("\n")
    cont = False
    for k, l in enumerate(lines):
        if cont or l.lstrip().startswith("#"):
            cont = l.rstrip().endswith("\\")
            lines[k] = ""
    return "\n".join(lines)


def matching(code, i, open_ch="{", close_ch="}"):
    """The index just past the bracket that closes the one at i."""
    depth = 0
    while i < len(code):
        if code[i] == open_ch:
            depth += 1
        elif code[i] == close_ch:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def top_level(s):
    """s with everything inside parentheses, brackets and angle brackets of templates removed."""
    out, depth = [], 0
    for ch in s:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


QUALIFIERS = re.compile(r"^(\s|const\b|volatile\b|noexcept\b|override\b|final\b|&|->.*|requires\b.*)*$", re.S)
ACCESS = re.compile(r"^\s*(public|private|protected)\s*:(?!:)")
TYPE_HEAD = re.compile(r"^(template\s*<.*>\s*)?(\[\[[^\]]*\]\]\s*)*(class|struct|union)\b(?!\s+\w+\s*[*&])", re.S)


def is_function_body(stmt):
    """Whether a `{` after stmt opens a function body (rather than a brace initializer)."""
    if ")" not in stmt:
        return False
    flat = re.sub(r"\s+", " ", stmt)
    # A constructor's member initializer list: `X(int a) : a_{a}, b_(0) {`.
    last = flat.rstrip()
    depth, colon_at = 0, -1
    for k, ch in enumerate(flat):
        if ch in "(<[":
            depth += 1
        elif ch in ")>]":
            depth -= 1
        elif ch == ":" and depth == 0 and flat[k - 1 : k] != ":" and flat[k + 1 : k + 2] != ":":
            if ")" in flat[:k]:
                colon_at = k
                break
    if colon_at >= 0:
        return last.endswith(")") or last.endswith("}")
    tail = flat[flat.rfind(")") + 1 :]
    return bool(QUALIFIERS.match(tail))


class Decl:
    def __init__(self, path, first, last, text, kind, name):
        self.path, self.first, self.last, self.text, self.kind, self.name = path, first, last, text, kind, name


def scan(path, text):
    """The public declarations of one header, each with whether it is documented or exempt."""
    code, comment_lines, trailing = strip_code(text)
    code = blank_preprocessor(code)
    line_of = []
    ln = 1
    for ch in code:
        line_of.append(ln)
        ln += ch == "\n"
    line_of.append(ln)

    found = []  # (Decl, status) with status "documented", "exempt" or "missing"

    def record(start, end, scope, public):
        """Classifies the statement code[start:end] in scope ('namespace' or a class name)."""
        stmt = code[start:end]
        s = stmt.strip()
        if not s or not public:
            return
        lead = len(stmt) - len(stmt.lstrip())
        first = line_of[start + lead]
        last = line_of[start + len(stmt.rstrip()) - 1]
        flat = re.sub(r"\s+", " ", s).rstrip(";").strip()
        shown = flat if len(flat) <= 110 else flat[:107] + "..."
        kind, name, exempt = classify(flat, scope)
        if kind is None:
            return
        found.append((Decl(path, first, last, shown, kind, name), exempt))

    def walk(i, end, scope, public, default_public):
        """Walks code[i:end] at one scope; returns nothing. scope is 'namespace' or the class's name."""
        access_public = default_public
        start = i
        while i < end:
            c = code[i]
            if c == ";":
                record(start, i + 1, scope, public and access_public)
                start = i + 1
            elif c == ":" and scope != "namespace" and ACCESS.match(code[start : i + 1]):
                access_public = ACCESS.match(code[start : i + 1]).group(1) == "public"
                start = i + 1
            elif c == "(":
                i = matching(code, i, "(", ")")
                continue
            elif c == "{":
                head = code[start:i]
                flat = re.sub(r"\s+", " ", head).strip()
                close = matching(code, i)
                ns = re.match(r"^(inline )?namespace\b\s*([\w:]*)", flat)
                if ns:
                    name = ns.group(2)
                    inner_public = public and name != "" and "detail" not in name.split("::")
                    walk(i + 1, close - 1, "namespace", inner_public, True)
                    start = i = close
                    continue
                if re.match(r'^extern "', flat) or re.match(r"^extern x+$", flat):
                    walk(i + 1, close - 1, scope, public, True)
                    start = i = close
                    continue
                if re.match(r"^enum\b", flat):
                    i = close
                    continue
                if TYPE_HEAD.match(flat) and "=" not in top_level(flat) and "(" not in top_level(flat):
                    m = re.match(r"^(?:template\s*<.*>\s*)?(?:\[\[[^\]]*\]\]\s*)*(class|struct|union)\s+"
                                 r"(?:\[\[[^\]]*\]\]\s*)?(?:\w+\s*\(.*?\)\s*)?([\w:]+)?", flat)
                    cname = (m.group(2) or "").split("::")[-1] if m else ""
                    is_struct = not m or m.group(1) != "class"
                    walk(i + 1, close - 1, cname, public and access_public, is_struct)
                    # The class itself: its head through the closing brace and a declarator, if any.
                    j = close
                    while j < end and code[j] != ";":
                        j += 1
                    first = line_of[start + len(code[start:i]) - len(code[start:i].lstrip())]
                    if public and access_public:
                        shown = flat if len(flat) <= 110 else flat[:107] + "..."
                        found.append((Decl(path, first, line_of[j], shown, "type", cname), None))
                    start = i = j + 1
                    continue
                if is_function_body(head):
                    record(start, close, scope, public and access_public)
                    start = i = close
                    continue
                i = close  # a brace initializer
                continue
            i += 1

    walk(0, len(code), "namespace", True, True)
    found.sort(key=lambda f: f[0].first)  # a class is found after its members

    # Documented: a comment directly above, or trailing on the first or last line; a data member shares
    # the block above the one before it, and an overload the comment of the one before it.
    results = []
    prev = None  # (decl, status, whether its documentation is a comment block above it)
    for decl, exempt in found:
        above = decl.first - 1 in comment_lines
        own = above or decl.first in trailing or decl.last in trailing
        status = "documented" if own else ("exempt" if exempt else "missing")
        if status == "missing" and prev is not None:
            pdecl, pstatus, pabove = prev
            adjacent = pdecl.last == decl.first - 1 and pstatus == "documented"
            if adjacent and pabove and decl.kind == pdecl.kind == "data":
                status, above = "documented", True  # the block passes on to the next member
            elif adjacent and decl.kind == pdecl.kind == "function" and decl.name == pdecl.name:
                status = "documented"
        prev = (decl, status, above)
        results.append((decl, status))
    return results


def classify(flat, scope):
    """(kind, name, exempt) of a statement; kind None when it is not counted at all."""
    s = re.sub(r"^template\s*<.*?>\s*(?=[a-z_A-Z\[])", "", flat) if flat.startswith("template") else flat
    s = re.sub(r"^(\[\[[^\]]*\]\]\s*)+", "", s)
    if re.match(r"^(using namespace\b|using [\w:]+::[\w~]+$|using [\w:]+::operator|static_assert\b|friend (class|struct)\b"
                r"|extern template\b)", s):
        return None, None, None
    if re.match(r"^(class|struct|union|enum( class| struct)?)\s+[\w:]+(\s*:\s*[\w:]+)?$", s):
        return None, None, None  # a forward declaration
    if re.match(r"^using \w+\s*=", s) or re.match(r"^typedef\b", s):
        return "alias", re.match(r"^(?:using (\w+)|typedef.*?(\w+)$)", s).group(1), False
    if re.match(r"^enum\b", s):
        return "type", re.sub(r"^enum( class| struct)?\s+(\w+).*$", r"\2", s), False
    paren = re.search(r"([~\w:]+|operator\s*[^\s(]+|operator\s*\(\))\s*\(", s)
    # A function declares parameters at top level: `T name(...)`, and what follows its parameters are qualifiers.
    is_function = False
    if paren and "(" in s:
        before = s[: paren.start()]
        rest = s[paren.end() - 1 :]
        close = matching(rest, 0, "(", ")")
        after = rest[close:]
        eq = re.match(r"^\s*(const|noexcept(\(.*?\))?|override|final|&|&&|->[^=]*|\s)*(=\s*(0|default|delete))?"
                      r"\s*(:(?!:).*)?(\{.*\})?\s*$", after, re.S)
        if eq and "=" not in top_level(before) and not before.rstrip().endswith(("<", ",")):
            is_function = True
    if is_function:
        name = paren.group(1).split("::")[-1]
        name = re.sub(r"\s+", "", name)
        bare_before = re.sub(r"\b(explicit|constexpr|inline|static|virtual|friend|consteval|\[\[.*?\]\])\b", "",
                             s[: paren.start()]).strip()
        exempt = False
        if re.search(r"=\s*(default|delete)\s*$", s) or re.search(r"\boverride\b", top_level(s)):
            exempt = True
        if name.startswith("~"):
            exempt = True
        if name.replace(" ", "") in ("operator==", "operator!=", "operator<=>", "operator="):
            exempt = True
        if name == scope and not bare_before:
            rest = s[paren.end() - 1 :]
            params = rest[1 : matching(rest, 0, "(", ")") - 1].strip()
            if params in ("", "void") or re.match(r"^(const\s+)?" + re.escape(scope) + r"\s*(&|&&)\s*\w*$", params):
                exempt = True
        elif not bare_before and re.match(r"^[A-Za-z_]\w*$", name) and scope != name:
            if re.match(r"^(wx[A-Z_]+|[A-Z][A-Z0-9_]+)$", name):
                return None, None, None  # a macro call such as wxDECLARE_EVENT_TABLE()
        return "function", name, exempt
    words = re.findall(r"[A-Za-z_]\w*", re.split(r"[={]", s)[0])
    name = words[-1] if words else s
    return "data", name, False


def check(root, folders, out):
    """Prints undocumented declarations and coverage; returns the number undocumented."""
    per_folder = {}
    missing = []
    for folder in folders:
        base = os.path.join(root, folder)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for fn in sorted(filenames):
                if not fn.endswith(".h"):
                    continue
                path = os.path.join(dirpath, fn)
                rel = os.path.relpath(path, root)
                key = os.path.relpath(dirpath, root)
                with open(path, encoding="utf-8") as f:
                    results = scan(rel, f.read())
                counted = [(d, st) for d, st in results if st != "exempt"]
                doc = sum(1 for _, st in counted if st == "documented")
                tot = per_folder.setdefault(key, [0, 0])
                tot[0] += doc
                tot[1] += len(counted)
                missing += [d for d, st in counted if st == "missing"]
    for d in sorted(missing, key=lambda d: (d.path, d.first)):
        print(f"{d.path}:{d.first}: {d.text}", file=out)
    all_doc = sum(v[0] for v in per_folder.values())
    all_tot = sum(v[1] for v in per_folder.values())
    print("coverage of public declarations by a comment:", file=out)
    for key in sorted(per_folder):
        doc, tot = per_folder[key]
        print(f"  {key + '/':<16} {doc:5} / {tot:<5} {100.0 * doc / tot if tot else 100:5.1f}%", file=out)
    print(f"  {'overall':<16} {all_doc:5} / {all_tot:<5} {100.0 * all_doc / all_tot if all_tot else 100:5.1f}%", file=out)
    return len(missing)


def self_test(root):
    """Checks the sample header, which lists in its top comment the lines of its undocumented declarations
    (a comment beside them would document them) and how many declarations count."""
    path = os.path.join(root, "tests", "packaging", "header_docs_sample.h")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    want = sorted(int(x) for x in re.search(r"missing lines: ([\d ]+)", text).group(1).split())
    want_total = int(re.search(r"counted: (\d+)", text).group(1))
    results = scan("header_docs_sample.h", text)
    got = sorted(d.first for d, st in results if st == "missing")
    total = sum(1 for _, st in results if st != "exempt")
    for d, st in results:
        print(f"{d.path}:{d.first}: {st:10} {d.kind:8} {d.name}")
    ok = got == want and total == want_total
    print(f"undocumented lines {got}, expected {want}; counted {total}, expected {want_total}")
    print("self-test passed" if ok else "self-test FAILED")
    return 0 if ok else 1


def main(argv):
    if len(argv) >= 2 and argv[1] == "--self-test":
        return self_test(argv[2] if len(argv) > 2 else ".")
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = argv[1]
    folders = argv[2:] or PUBLIC_FOLDERS
    missing = check(root, folders, sys.stdout)
    if missing:
        print(f"{missing} public declarations say nothing of what they are for: write a comment above each")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks that every C++ block of README.md and docs/*.md is the code of a compiled file.

Usage: check_snippets.py REPO_ROOT

Each ```cpp block must directly follow a line

    <!-- snippet: docs/examples/FILE.cpp NAME -->

and equal, line for line, the lines of FILE between `// [snippet:NAME]` and
`// [snippet:end]`, with their common indentation removed. The build compiles every
docs/examples/*.cpp (tests/docs/CMakeLists.txt), so the documented code compiles. Exits 1
with a diff for each block that differs, and for a block without a source, a missing file
or marker; exits 0 when every block matches.
"""

import difflib
import glob
import os
import re
import sys

SNIPPET = re.compile(r"^<!--\s*snippet:\s*(\S+)\s+(\S+)\s*-->\s*$")
BEGIN = re.compile(r"^\s*// \[snippet:([A-Za-z0-9_.-]+)\]\s*$")
END = re.compile(r"^\s*// \[snippet:end\]\s*$")


def cpp_blocks(lines):
    """Yields (line number of the fence, the line before it, the block's lines)."""
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```cpp":
            j = i + 1
            while j < len(lines) and lines[j].strip() != "```":
                j += 1
            before = lines[i - 1] if i > 0 else ""
            yield i + 1, before, lines[i + 1:j]
            i = j
        i += 1


def dedent(lines):
    indents = [len(l) - len(l.lstrip(" ")) for l in lines if l.strip()]
    cut = min(indents) if indents else 0
    return [l[cut:] if l.strip() else "" for l in lines]


def regions(path):
    """The named regions of a source file: name -> dedented lines."""
    out = {}
    name = None
    body = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f.read().split("\n"), 1):
            begin = None if END.match(line) else BEGIN.match(line)
            if begin:
                if name is not None:
                    raise ValueError(f"{path}:{number}: [snippet:{begin.group(1)}] inside "
                                     f"[snippet:{name}]")
                name, body = begin.group(1), []
            elif END.match(line):
                if name is None:
                    raise ValueError(f"{path}:{number}: [snippet:end] without a start")
                if name in out:
                    raise ValueError(f"{path}: snippet {name} defined twice")
                out[name] = dedent(body)
                name = None
            elif name is not None:
                body.append(line.rstrip())
    if name is not None:
        raise ValueError(f"{path}: [snippet:{name}] not closed")
    return out


def check(root):
    errors = []
    docs = [os.path.join(root, "README.md")] + sorted(glob.glob(os.path.join(root, "docs", "*.md")))
    cache = {}
    blocks = 0
    for doc in docs:
        rel_doc = os.path.relpath(doc, root)
        with open(doc, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for fence, before, block in cpp_blocks(lines):
            blocks += 1
            where = f"{rel_doc}:{fence}"
            m = SNIPPET.match(before.strip())
            if not m:
                errors.append(f"{where}: ```cpp block without a source: put "
                              f"'<!-- snippet: docs/examples/FILE.cpp NAME -->' on the line "
                              f"before it")
                continue
            source, name = m.group(1), m.group(2)
            path = os.path.join(root, source)
            if not source.startswith("docs/examples/") or not source.endswith(".cpp"):
                errors.append(f"{where}: snippet source {source} is not docs/examples/*.cpp")
                continue
            if not os.path.isfile(path):
                errors.append(f"{where}: snippet source {source} does not exist")
                continue
            try:
                if path not in cache:
                    cache[path] = regions(path)
            except ValueError as e:
                errors.append(f"{where}: {e}")
                continue
            if name not in cache[path]:
                errors.append(f"{where}: {source} has no '// [snippet:{name}]' region")
                continue
            want = cache[path][name]
            got = [l.rstrip() for l in block]
            if got != want:
                diff = "\n".join(difflib.unified_diff(
                    want, got, f"{source} [snippet:{name}]", where, lineterm=""))
                errors.append(f"{where}: differs from {source} [snippet:{name}]:\n{diff}")
    return blocks, errors


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check_snippets.py REPO_ROOT")
    blocks, errors = check(sys.argv[1])
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        print(f"{len(errors)} of {blocks} C++ blocks do not match their source", file=sys.stderr)
        return 1
    print(f"{blocks} C++ blocks match their sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())

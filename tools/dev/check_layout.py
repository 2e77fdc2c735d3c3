#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the shape of the source tree (docs/design.md, "Layers").

  check_layout.py [--root DIR] layout     C++ files of at most 600 lines; no include cycle
                                          among the project's files; no layer includes one
                                          above it (core < transport < rpc < idl < tools,
                                          examples, bench), and the codec parts of rpc
                                          (value, xml) include neither the rest of rpc,
                                          transport nor asio.
  check_layout.py [--root DIR] syscalls   rpc makes no system call: rpc/src and rpc/include
                                          hold no <sys/...>, <unistd.h>, <fcntl.h>, eventfd
                                          or raw ::recv( / ::send( / ::close(.

Prints one line per violation ("path:line: what") and exits 1 when there is any, else 0.
Build trees (folders holding a CMakeCache.txt, build*/, out/) and hidden folders are
skipped. Includes resolve as the compiler would find them in this tree: "x.hpp" against the
including file's folder and then each folder above it, then against the one file of the
tree whose path ends so (a target's include folder); <sockrpc/...> against every include/
folder; what resolves to no file of the tree (the standard library, generated
headers) is not followed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

MAX_LINES = 600
SOURCE_SUFFIXES = {".cpp", ".hpp"}
SKIP_DIRS = {"out", "node_modules", "__pycache__"}

# Layer rank by the top folder of a path; a file may include only files of its rank or
# below. Folders not listed (tests/, docs/) sit above everything and are not checked.
LAYER_RANK = {"core": 0, "transport": 1, "rpc": 2, "idl": 3, "tools": 4, "examples": 4,
              "bench": 4}
# The codec parts of rpc (the sockrpc::codec target) and what they must not include.
CODEC_DIRS = ("rpc/include/sockrpc/rpc/value/", "rpc/include/sockrpc/rpc/xml/",
              "rpc/src/value/", "rpc/src/xml/")
CODEC_FILES = ("rpc/include/sockrpc/rpc/error.hpp", "rpc/src/error.cpp")
NON_CODEC_RPC = ("http", "dispatch", "server", "client")

SYSCALL_DIRS = ("rpc/src", "rpc/include")
SYSCALL_PATTERNS = [
    (re.compile(r"<sys/"), "<sys/...> header"),
    (re.compile(r"<unistd\.h>"), "<unistd.h>"),
    (re.compile(r"<fcntl\.h>"), "<fcntl.h>"),
    (re.compile(r"\beventfd\b"), "eventfd"),
    (re.compile(r"(?<![\w:])::(recv|send|close)\s*\("), "raw system call"),
]

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def is_build_dir(path: Path) -> bool:
    return (path / "CMakeCache.txt").exists() or path.name.startswith("build")


def source_files(root: Path) -> list[Path]:
    """Every .cpp/.hpp below `root`, outside build trees and hidden folders, sorted."""
    out: list[Path] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        for entry in folder.iterdir():
            if entry.is_dir():
                if entry.name.startswith(".") or entry.name in SKIP_DIRS or is_build_dir(entry):
                    continue
                stack.append(entry)
            elif entry.suffix in SOURCE_SUFFIXES and entry.is_file():
                out.append(entry)
    return sorted(out)


def rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


def includes(lines: list[str]):
    """(line number, '<' or '"', target) for each #include."""
    for number, line in enumerate(lines, 1):
        m = INCLUDE_RE.match(line)
        if m:
            yield number, m.group(1), m.group(2)


class Tree:
    """The tree's C++ files and their resolved includes."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.files = source_files(self.root)
        self.known = set(self.files)
        self.include_dirs = sorted({d for p in self.files if (d := self._include_root(p))})
        self.lines = {p: read_lines(p) for p in self.files}
        self.by_suffix: dict[str, list[Path]] = {}
        for p in self.files:
            parts = p.relative_to(self.root).parts
            for i in range(len(parts)):
                self.by_suffix.setdefault("/".join(parts[i:]), []).append(p)

    def _include_root(self, path: Path) -> Path | None:
        """The include/ folder above `path`, when `path` is under include/sockrpc/."""
        parts = path.relative_to(self.root).parts
        for i in range(len(parts) - 1):
            if parts[i] == "include" and parts[i + 1] == "sockrpc":
                return self.root.joinpath(*parts[:i + 1])
        return None

    def resolve(self, source: Path, kind: str, target: str) -> Path | None:
        candidates: list[Path] = []
        if kind == '"':
            folder = source.parent
            while True:
                candidates.append(folder / target)
                if folder == self.root:
                    break
                folder = folder.parent
        elif target.startswith("sockrpc/") or target.startswith("sockrpc."):
            candidates = [d / target for d in self.include_dirs]
        for c in candidates:
            c = c.resolve()
            if c in self.known:
                return c
        if kind == '"':
            # Found through a target's include folder: the one file whose path ends so.
            matches = self.by_suffix.get(target, [])
            if len(matches) == 1:
                return matches[0]
        return None


def layer_of(relpath: str) -> int | None:
    return LAYER_RANK.get(relpath.split("/", 1)[0])


def is_codec(relpath: str) -> bool:
    return relpath.startswith(CODEC_DIRS) or relpath in CODEC_FILES


def codec_forbidden(relpath: str) -> bool:
    """True for project files the codec parts must not include."""
    if relpath.startswith("transport/") or relpath == "rpc/include/sockrpc/rpc.hpp":
        return True
    for part in NON_CODEC_RPC:
        if relpath.startswith((f"rpc/include/sockrpc/rpc/{part}/", f"rpc/src/{part}/")):
            return True
    return False


def check_sizes(tree: Tree) -> list[str]:
    return [f"{rel(tree.root, p)}:{MAX_LINES + 1}: {len(tree.lines[p])} lines, over "
            f"{MAX_LINES}" for p in tree.files if len(tree.lines[p]) > MAX_LINES]


def check_includes(tree: Tree) -> tuple[list[str], dict[Path, list[Path]]]:
    """Layer and codec violations, and the include graph for the cycle check."""
    problems: list[str] = []
    graph: dict[Path, list[Path]] = {}
    for path in tree.files:
        src = rel(tree.root, path)
        src_rank = layer_of(src)
        edges = graph.setdefault(path, [])
        for number, kind, target in includes(tree.lines[path]):
            if is_codec(src) and kind == "<" and (target == "asio" or
                                                  target.startswith(("asio.", "asio/"))):
                problems.append(f"{src}:{number}: the codec includes asio <{target}>")
            dest = tree.resolve(path, kind, target)
            if dest is None:
                continue
            edges.append(dest)
            dst = rel(tree.root, dest)
            dst_rank = layer_of(dst)
            if src_rank is not None and dst_rank is not None and dst_rank > src_rank:
                problems.append(f"{src}:{number}: includes {dst}, a layer above "
                                f"{src.split('/', 1)[0]}")
            elif is_codec(src) and codec_forbidden(dst):
                problems.append(f"{src}:{number}: the codec includes {dst}")
    return problems, graph


def find_cycles(tree: Tree, graph: dict[Path, list[Path]]) -> list[str]:
    """One line per include cycle found by a depth-first search (each cycle once)."""
    white, grey, black = 0, 1, 2
    colour = {p: white for p in graph}
    seen: set[frozenset[Path]] = set()
    problems: list[str] = []
    for start in graph:
        if colour[start] != white:
            continue
        stack: list[tuple[Path, int]] = [(start, 0)]
        path: list[Path] = [start]
        colour[start] = grey
        while stack:
            node, i = stack[-1]
            nexts = graph.get(node, [])
            if i < len(nexts):
                stack[-1] = (node, i + 1)
                nxt = nexts[i]
                if colour.get(nxt, black) == grey:
                    cycle = path[path.index(nxt):]
                    key = frozenset(cycle)
                    if key not in seen:
                        seen.add(key)
                        names = " -> ".join(rel(tree.root, p) for p in cycle + [nxt])
                        problems.append(f"{rel(tree.root, nxt)}:1: include cycle: {names}")
                elif colour.get(nxt, black) == white:
                    colour[nxt] = grey
                    stack.append((nxt, 0))
                    path.append(nxt)
            else:
                colour[node] = black
                stack.pop()
                path.pop()
    return problems


def check_layout(root: Path) -> list[str]:
    tree = Tree(root)
    problems = check_sizes(tree)
    include_problems, graph = check_includes(tree)
    return problems + include_problems + find_cycles(tree, graph)


def strip_comments(text: str) -> str:
    """The text with // and /* */ comments blanked (line numbers kept)."""
    text = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def check_syscalls(root: Path) -> list[str]:
    root = root.resolve()
    problems: list[str] = []
    for folder in SYSCALL_DIRS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in source_files(base):
            code = strip_comments(path.read_text(encoding="utf-8", errors="replace"))
            for number, line in enumerate(code.splitlines(), 1):
                for pattern, what in SYSCALL_PATTERNS:
                    if pattern.search(line):
                        problems.append(f"{rel(root, path)}:{number}: {what}: {line.strip()}")
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2],
                        help="the repository (default: the one holding this script)")
    parser.add_argument("check", choices=["layout", "syscalls"])
    args = parser.parse_args(argv)
    problems = check_layout(args.root) if args.check == "layout" else check_syscalls(args.root)
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

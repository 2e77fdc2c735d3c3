#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tests of tools/dev/check_layout.py on small trees made in a temporary folder.

  check_layout_test.py [PATH_TO_CHECK_LAYOUT_PY]   (default: the repository's)
"""

import contextlib
import importlib.util
import io
import sys
import tempfile
import unittest
from pathlib import Path

SCRIPT = Path(sys.argv.pop(1)) if len(sys.argv) > 1 else (
    Path(__file__).resolve().parents[2] / "tools" / "dev" / "check_layout.py")
spec = importlib.util.spec_from_file_location("check_layout", SCRIPT)
check_layout = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_layout)


class TreeTest(unittest.TestCase):
    """Each test builds a tree of a few files and runs one check on it."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.root = Path(self._tmp.name)
        # A clean base: one header per layer, each including the one below.
        self.write("core/include/sockrpc/error.hpp", "#pragma once\n#include <string>\n")
        self.write("transport/include/sockrpc/transport/socket.hpp",
                   "#pragma once\n#include <sockrpc/error.hpp>\n")
        self.write("rpc/include/sockrpc/rpc/value/value.hpp",
                   "#pragma once\n#include <sockrpc/error.hpp>\n")
        self.write("rpc/include/sockrpc/rpc/server/server.hpp",
                   "#pragma once\n#include <sockrpc/transport/socket.hpp>\n#include <asio.hpp>\n")
        self.write("rpc/src/server/server.cpp",
                   '#include <sockrpc/rpc/server/server.hpp>\n#include "server_impl.hpp"\n')
        self.write("rpc/src/server/server_impl.hpp",
                   "#pragma once\n#include <sockrpc/rpc/value/value.hpp>\n")
        self.write("tools/cli.cpp", "#include <sockrpc/rpc/server/server.hpp>\n")

    def tearDown(self):
        self._tmp.cleanup()

    def write(self, relpath, text):
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def layout(self):
        return check_layout.check_layout(self.root)

    def run_main(self, check):
        """main()'s exit status; its report goes to a buffer, not the test log."""
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return check_layout.main(["--root", str(self.root), check])

    def test_clean_tree_passes(self):
        self.assertEqual(self.layout(), [])
        self.assertEqual(check_layout.check_syscalls(self.root), [])

    def test_oversized_file(self):
        self.write("transport/src/big.cpp", "int x;\n" * 601)
        self.write("transport/src/fits.cpp", "int x;\n" * 600)
        problems = self.layout()
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("transport/src/big.cpp", problems[0])
        self.assertIn("601 lines", problems[0])

    def test_build_trees_are_skipped(self):
        self.write("build/gen/big.cpp", "int x;\n" * 700)
        self.write("other/CMakeCache.txt", "")
        self.write("other/big.hpp", "int x;\n" * 700)
        self.assertEqual(self.layout(), [])

    def test_include_cycle(self):
        self.write("rpc/include/sockrpc/rpc/value/a.hpp",
                   "#pragma once\n#include <sockrpc/rpc/value/b.hpp>\n")
        self.write("rpc/include/sockrpc/rpc/value/b.hpp",
                   '#pragma once\n#include "c.hpp"\n')
        self.write("rpc/include/sockrpc/rpc/value/c.hpp",
                   "#pragma once\n#include <sockrpc/rpc/value/a.hpp>\n")
        problems = self.layout()
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("include cycle", problems[0])
        for name in ("a.hpp", "b.hpp", "c.hpp"):
            self.assertIn(name, problems[0])
        self.assertEqual(self.run_main("layout"), 1)

    def test_upward_include(self):
        self.write("core/src/error.cpp",
                   "#include <sockrpc/error.hpp>\n#include <sockrpc/transport/socket.hpp>\n")
        problems = self.layout()
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("core/src/error.cpp:2", problems[0])
        self.assertIn("a layer above core", problems[0])

    def test_upward_include_through_a_target_folder(self):
        self.write("tools/command_line/command_line.hpp", "#pragma once\n")
        self.write("idl/cli/main.cpp", '#include "command_line.hpp"\n')
        problems = self.layout()
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("idl/cli/main.cpp:1: includes tools/command_line", problems[0])

    def test_codec_must_not_include_io_parts(self):
        self.write("rpc/src/xml/codec.cpp",
                   "#include <sockrpc/rpc/value/value.hpp>\n"
                   "#include <sockrpc/rpc/server/server.hpp>\n"
                   "#include <sockrpc/transport/socket.hpp>\n"
                   "#include <asio/ip/tcp.hpp>\n")
        problems = self.layout()
        self.assertEqual(len(problems), 3, problems)
        self.assertTrue(any("codec.cpp:2" in p for p in problems), problems)
        self.assertTrue(any("codec.cpp:3" in p for p in problems), problems)
        self.assertTrue(any("codec.cpp:4" in p and "asio" in p for p in problems), problems)

    def test_syscalls_in_rpc(self):
        self.write("rpc/src/server/wake.cpp",
                   "#include <sys/eventfd.h>\n"
                   "// ::close(fd) in a comment is fine\n"
                   "void f(int fd) { ::close(fd); }\n"
                   "void g(asio::socket& s) { s.send(buf); sock.close(); }\n")
        self.write("transport/src/socket.cpp", "#include <unistd.h>\nvoid f() { ::close(3); }\n")
        problems = check_layout.check_syscalls(self.root)
        self.assertEqual([p.split(":")[1] for p in problems], ["1", "1", "3"], problems)
        self.assertEqual(self.run_main("syscalls"), 1)
        self.assertEqual(self.run_main("layout"), 0)


if __name__ == "__main__":
    unittest.main()

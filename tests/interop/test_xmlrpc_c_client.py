#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""xmlrpc-c's `xmlrpc` command-line client (Debian xmlrpc-api-utils) against `interop_server`
(docs/programs.md "interop_server").

Usage: test_xmlrpc_c_client.py PATH/TO/interop_server [unittest args]

Every test is skipped (not failed) when no `xmlrpc` program is on PATH. The `xmlrpc`
program can send only scalars (i/ s/ h/ b/ d/ n/ I/), so structs and arrays are checked
as results (validator methods, introspection). Every blocking step has a timeout.
"""

import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support", "python"))
import program_test  # noqa: E402  (ServerProcess)

SERVER = None
XMLRPC = shutil.which("xmlrpc")
TIMEOUT = 20.0


@unittest.skipIf(XMLRPC is None, "the xmlrpc program (xmlrpc-api-utils) is not installed")
class XmlrpcCliAgainstInteropServer(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.server = program_test.ServerProcess([SERVER], TIMEOUT)
        cls.url = cls.server.url()

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        assert rc == 0, f"interop_server exited with {rc}"

    def xmlrpc(self, method, *params):
        env = dict(os.environ, LANG="C", LC_ALL="C")
        return subprocess.run([XMLRPC, self.url, method, *params], capture_output=True,
                              text=True, timeout=TIMEOUT, env=env)

    def result(self, method, *params):
        """The text after 'Result:' of a successful call, whitespace-normalised."""
        r = self.xmlrpc(method, *params)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertTrue(r.stdout.startswith("Result:"), r.stdout)
        return " ".join(r.stdout[len("Result:"):].split())

    def test_add(self):
        self.assertEqual(self.result("add", "i/2", "i/3"), "Integer: 5")
        self.assertEqual(self.result("add", "i/-2147483648", "i/-1"),
                         "64-bit integer: -2147483649")

    def test_echo_of_each_scalar_type(self):
        cases = [
            (["i/-7"], "Integer: -7"),
            (["I/-9223372036854775808"], "64-bit integer: -9223372036854775808"),
            (["I/5"], "64-bit integer: 5"),  # i8 stays i8 through echo
            (["b/true"], "Boolean: TRUE"),
            (["b/f"], "Boolean: FALSE"),
            (["d/1.5"], "Floating Point: 1.500000"),
            # xmlrpc prints non-ASCII bytes escaped under LANG=C
            (["s/h\u00e9llo <&> \"q\""], "String: 'h\\xc3\\xa9llo <&> \"q\"'"),
            (["s/"], "String: ''"),
            (["n/"], "Nil"),
        ]
        for params, expected in cases:
            with self.subTest(params=params):
                self.assertEqual(self.result("echo", *params), expected)

    def test_echo_of_base64(self):
        self.assertEqual(self.result("echo", "h/00ff7f"), "Bit string: 00ff7f")
        self.assertEqual(self.result("bytes", "i/3"), "Bit string: 000102")

    def test_structs_and_arrays(self):
        got = self.result("validator1.simpleStructReturnTest", "i/7")
        self.assertTrue(got.startswith("Struct of 3 members:"), got)
        for member in ("Key: String: 'times10' Value: Integer: 70 ",
                       "Key: String: 'times100' Value: Integer: 700 ",
                       "Key: String: 'times1000' Value: Integer: 7000"):
            self.assertIn(member, got)
        got = self.result("validator1.countTheEntities", "s/<<&'\"")
        self.assertIn("'ctLeftAngleBrackets' Value: Integer: 2", got)
        self.assertIn("'ctQuotes' Value: Integer: 1", got)
        self.assertEqual(self.result("system.methodSignature", "s/add"),
                         "Array of 2 items: "
                         "Index 0 Array of 3 items: Index 0 String: 'int' Index 1 String: 'int' "
                         "Index 2 String: 'int' "
                         "Index 1 Array of 3 items: Index 0 String: 'i8' Index 1 String: 'i8' "
                         "Index 2 String: 'i8'")

    def test_faults(self):
        r = self.xmlrpc("fault", "i/42", "s/the answer")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("the answer", r.stdout + r.stderr)
        self.assertIn("fault code 42", r.stdout + r.stderr)
        r = self.xmlrpc("no.such.method")
        self.assertIn("fault code -32601", r.stdout + r.stderr)
        r = self.xmlrpc("add", "s/x", "i/1")
        self.assertIn("fault code -32602", r.stdout + r.stderr)

    def test_system_list_methods(self):
        got = self.result("system.listMethods")
        self.assertTrue(got.startswith("Array of"), got)
        for name in ("echo", "add", "fault", "sleep", "bytes", "validator1.easyStructTest",
                     "system.listMethods", "system.multicall"):
            self.assertIn(f"String: '{name}'", got)

    def test_method_help_and_signature(self):
        self.assertIn("String:", self.result("system.methodHelp", "s/add"))
        got = self.result("system.methodSignature", "s/validator1.easyStructTest")
        self.assertIn("String: 'int'", got)
        self.assertIn("String: 'struct'", got)
        self.assertNotIn("i8", got)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: test_xmlrpc_c_client.py PATH/TO/interop_server [unittest args]")
    SERVER = os.path.abspath(sys.argv.pop(1))
    unittest.main()

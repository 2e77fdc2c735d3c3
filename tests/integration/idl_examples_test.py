#!/usr/bin/env python3
"""Black-box tests of the IDL examples (generated servers and clients) and of
sockrpc-idl's command line, against docs/programs.md ("IDL examples", "sockrpc-idl").

Usage: idl_examples_test.py BIN_DIR
Loopback only, ephemeral ports, every wait bounded by a timeout.
"""
import os
import signal
import subprocess
import sys
import tempfile
import unittest
import xmlrpc.client

sys.path.insert(0, os.path.dirname(__file__))
import transport_examples_test as support  # noqa: E402  (Server, run, TIMEOUT)
from program_test import assert_output  # noqa: E402  (on the path support put it on)


class IdlCalcTest(unittest.TestCase):
    def check_client(self, srv, url=None):
        assert_output(self, support.run("idl_calc_client", url or srv.url()),
                      "2 + 3 = 5\n", "10 - 4 = 6\n", "6 * 7 = 42\n",
                      "1 / 0 -> division_by_zero: division by zero\n",
                      "async: 1 / 4 = 0.25, 1e3 * 1e3 = 1e+06\n")

    def test_generated_client_and_server(self):
        with support.Server("idl_calc_server") as srv:
            self.check_client(srv)

    def test_framed(self):
        with support.Server("idl_calc_server", "--framed") as srv:
            self.check_client(srv, f"tcp://{srv.host_port}")

    def test_generated_client_talks_to_the_hand_written_server(self):
        with support.Server("calc_server") as srv:
            self.check_client(srv)

    def test_introspection_describes_the_interface(self):
        with support.Server("idl_calc_server") as srv:
            proxy = xmlrpc.client.ServerProxy(f"http://{srv.host_port}/RPC2")
            self.assertEqual(proxy.system.methodSignature("calc.divide"),
                             [["double", "double", "double"]])
            self.assertEqual(proxy.system.methodHelp("calc.divide"),
                             "a divided by b; fault division_by_zero when b is 0.")
            with self.assertRaises(xmlrpc.client.Fault) as ctx:
                proxy.calc.divide(1, 0)
            self.assertEqual(ctx.exception.faultCode, 1)

    def test_sigterm_exits_zero_and_bad_flags_64(self):
        self.assertEqual(support.Server("idl_calc_server").stop(signal.SIGTERM), 0)
        self.assertEqual(support.run("idl_calc_server", "--nope").returncode, 64)
        self.assertEqual(support.run("idl_calc_client").returncode, 64)

    def test_client_reports_refused_connection_with_exit_2(self):
        self.assertEqual(support.run("idl_calc_client", "http://127.0.0.1:1/RPC2").returncode, 2)


class IdlBookTest(unittest.TestCase):
    def test_generated_client_and_server(self):
        with support.Server("idl_book_server") as srv:
            assert_output(self, support.run("idl_book_client", srv.url()),
                          "added 1 and 2\n",
                          "#1 Ada Lovelace <ada@example.org> home:+44 20 7946 0000 "
                          "work:+44 20 7946 0001, 12 St James's Square, London SW1Y 4JH, "
                          "photo 3 bytes, born 1815-12-10\n",
                          "#2 Charles Babbage\n", "team engines: 2\n",
                          "after remove: not_found: no person with id 2\n",
                          "empty name: invalid: a person needs a name\n")

    def test_optional_members_are_absent_for_python(self):
        with support.Server("idl_book_server") as srv:
            proxy = xmlrpc.client.ServerProxy(f"http://{srv.host_port}/RPC2")
            pid = proxy.book.add({"id": 0, "name": "Grace", "phones": [], "tags": {},
                                  "added": xmlrpc.client.DateTime("20240101T00:00:00")})
            got = proxy.book.get(pid)
            self.assertEqual(got["name"], "Grace")
            for member in ("email", "home", "photo", "born"):
                self.assertNotIn(member, got)
            with self.assertRaises(xmlrpc.client.Fault) as ctx:
                proxy.book.add({"name": "no phones member"})
            self.assertEqual(ctx.exception.faultCode, -32602)


class SockrpcIdlCliTest(unittest.TestCase):
    def generate(self, text, *extra):
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "api.sidl")
            out = os.path.join(tmp, "out", "api.hpp")
            with open(src, "w") as f:
                f.write(text)
            r = support.run("sockrpc-idl", "generate", src, "-o", out, *extra)
            header = None
            if os.path.exists(out):
                with open(out) as f:
                    header = f.read()
            return r, header, src

    def test_generate_writes_the_header(self):
        r, header, _ = self.generate("service s { f() -> int; }\n", "--header-name", "x/api.hpp")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("class s_client", header)
        self.assertIn('// Include as "x/api.hpp".', header)

    def test_bad_file_exits_2_with_the_error_line(self):
        r, header, src = self.generate("struct p {\n  x: pont;\n}\n")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, f"{src}:2:6: unknown type 'pont'\n")
        self.assertIsNone(header)

    def test_missing_file_exits_2(self):
        r = support.run("sockrpc-idl", "generate", "/nonexistent/x.sidl", "-o", "x.hpp")
        self.assertEqual(r.returncode, 2)
        self.assertIn("cannot read", r.stderr)

    def test_bad_usage_exits_64(self):
        self.assertEqual(support.run("sockrpc-idl").returncode, 64)
        self.assertEqual(support.run("sockrpc-idl", "generate", "a.sidl").returncode, 64)
        self.assertEqual(support.run("sockrpc-idl", "frobnicate").returncode, 64)


if __name__ == "__main__":
    support.BIN = sys.argv.pop(1)
    unittest.main(verbosity=2)

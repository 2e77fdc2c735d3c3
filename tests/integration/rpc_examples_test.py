#!/usr/bin/env python3
"""Black-box tests of the RPC example programs (the README demo among them), against
docs/programs.md ("RPC examples").

Usage: rpc_examples_test.py BIN_DIR
Loopback only, ephemeral ports, every wait bounded by a timeout.
"""
import os
import signal
import subprocess
import sys
import unittest
import xmlrpc.client

sys.path.insert(0, os.path.dirname(__file__))
import transport_examples_test as support  # noqa: E402  (Server, run, TIMEOUT)
from program_test import assert_output  # noqa: E402  (on the path support put it on)


class CalcTest(unittest.TestCase):
    def test_http_demo_prints_results_faults_and_methods(self):
        with support.Server("calc_server") as srv:
            assert_output(self, support.run("calc_client", srv.url()),
                          "2 + 3 = 5\n", "6 * 7 = 42\n", "1 / 0 -> fault 1: division by zero\n",
                          "multicall: fault -32601", "calc.divide")

    def test_framed_demo(self):
        with support.Server("calc_server", "--framed") as srv:
            assert_output(self, support.run("calc_client", f"tcp://{srv.host_port}"),
                          "6 * 7 = 42\n")

    def test_python_client_sees_typed_faults(self):
        with support.Server("calc_server", "--host", "::1") as srv:
            proxy = xmlrpc.client.ServerProxy(f"http://[::1]:{srv.port}/RPC2")
            self.assertEqual(proxy.calc.add(1.5, 2), 3.5)
            with self.assertRaises(xmlrpc.client.Fault) as ctx:
                proxy.calc.add("x", 2)
            self.assertEqual(ctx.exception.faultCode, -32602)

    def test_sigterm_exits_zero(self):
        srv = support.Server("calc_server")
        self.assertEqual(srv.stop(signal.SIGTERM), 0)

    def test_bad_flag_exits_64(self):
        self.assertEqual(support.run("calc_server", "--nope").returncode, 64)
        self.assertEqual(support.run("calc_client").returncode, 64)

    def test_client_reports_refused_connection_with_exit_2(self):
        r = support.run("calc_client", "http://127.0.0.1:1/RPC2")
        self.assertEqual(r.returncode, 2)


class OtherExamplesTest(unittest.TestCase):
    def test_struct_example_round_trips_a_user_struct(self):
        assert_output(self, support.run("struct_example"), "Ada: 5 items, total 28.75",
                      "fault -32602")

    def test_async_client_against_interop_server(self):
        with support.Server("interop_server") as srv:
            assert_output(self, support.run("async_client", srv.url()), "result: 42",
                          "fault 7: on purpose")


if __name__ == "__main__":
    support.BIN = sys.argv.pop(1)
    unittest.main(verbosity=2)

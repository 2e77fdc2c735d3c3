#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Black-box tests of HTTP basic authentication against docs/programs.md:
`interop_server --auth USER:PASSWORD` called through Python's xmlrpc.client
(http://USER:PASS@HOST:PORT/RPC2), raw HTTP, and `sockrpc --user` / URL credentials.

Usage: test_basic_auth.py PATH/TO/interop_server PATH/TO/sockrpc [unittest args]
Every blocking operation has a timeout; every server started is stopped with SIGTERM
and must exit 0.
"""

import base64
import http.client
import os
import subprocess
import sys
import unittest
import xmlrpc.client

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support", "python"))
from program_test import ServerProcess  # noqa: E402

SERVER = None
CLI = None
TIMEOUT = 10.0
PASSWORD = "s3cr%t:x"  # a colon and a percent sign: split at the first colon, escaped in URLs
PASSWORD_IN_URL = "s3cr%25t%3Ax"


class TimeoutTransport(xmlrpc.client.Transport):
    def make_connection(self, host):
        conn = super().make_connection(host)
        conn.timeout = TIMEOUT
        return conn


def basic(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class BasicAuthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = ServerProcess([SERVER, "--auth", "alice:" + PASSWORD, "--auth", "bob:pw"],
                                   TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0

    def proxy(self, userinfo=""):
        url = f"http://{userinfo}{self.server.host_port}/RPC2"
        return xmlrpc.client.ServerProxy(url, transport=TimeoutTransport(), allow_none=True)

    def post(self, headers):
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=TIMEOUT)
        body = xmlrpc.client.dumps((), "whoami")
        conn.request("POST", "/RPC2", body, {"Content-Type": "text/xml", **headers})
        resp = conn.getresponse()
        resp.read()
        conn.close()
        return resp

    def cli(self, *args):
        return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=TIMEOUT * 3)

    def test_python_client_with_url_credentials_is_the_caller(self):
        with self.proxy(f"alice:{PASSWORD_IN_URL}@") as alice:
            self.assertEqual(alice.whoami(), "alice")
        with self.proxy("bob:pw@") as bob:
            self.assertEqual(bob.add(2, 3), 5)
            self.assertEqual(bob.whoami(), "bob")

    def test_missing_or_wrong_credentials_get_401_with_the_challenge(self):
        for headers in ({}, {"Authorization": basic("alice", "wrong")},
                        {"Authorization": basic("carol", "pw")},
                        {"Authorization": "Bearer " + base64.b64encode(b"bob:pw").decode()}):
            resp = self.post(headers)
            self.assertEqual(resp.status, 401, headers)
            self.assertEqual(resp.getheader("WWW-Authenticate"), 'Basic realm="sockrpc"')
        with self.proxy("bob:wrong@") as wrong, \
                self.assertRaises(xmlrpc.client.ProtocolError) as ctx:
            wrong.whoami()
        self.assertEqual(ctx.exception.errcode, 401)
        self.assertEqual(self.post({"Authorization": basic("bob", "pw")}).status, 200)

    def test_cli_user_flag_and_url_credentials(self):
        r = self.cli("call", "--user", "alice:" + PASSWORD, self.server.url(), "whoami")
        self.assertEqual((r.returncode, r.stdout, r.stderr), (0, '"alice"\n', ""))
        r = self.cli("call", f"http://bob:pw@{self.server.host_port}/RPC2", "whoami")
        self.assertEqual((r.returncode, r.stdout), (0, '"bob"\n'))
        r = self.cli("list", "--user", "bob:pw", self.server.url())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("whoami\n", r.stdout)

    def test_cli_refused_credentials_are_a_protocol_error(self):
        for args in (["--user", "alice:Wr0ngPassw0rd"], []):
            r = self.cli("call", *args, self.server.url(), "whoami")
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertEqual(r.stdout, "")
            self.assertEqual(
                r.stderr,
                "protocol error: HTTP 401 Unauthorized (credentials missing or refused)\n")
        r = self.cli("call", "--user", "nocolon", self.server.url(), "whoami")
        self.assertEqual(r.returncode, 64)
        self.assertNotIn("nocolon", r.stderr)


class AnonymousTest(unittest.TestCase):
    def test_whoami_is_nil_without_auth(self):
        with ServerProcess([SERVER], TIMEOUT) as server:
            with xmlrpc.client.ServerProxy(server.url(), transport=TimeoutTransport(),
                                           allow_none=True) as proxy:
                self.assertIsNone(proxy.whoami())
            r = subprocess.run([CLI, "call", server.url(), "whoami"], capture_output=True,
                               text=True, timeout=TIMEOUT * 3)
            self.assertEqual((r.returncode, r.stdout), (0, "null\n"))


class UsageTest(unittest.TestCase):
    def run_server(self, *args):
        return subprocess.run([SERVER, *args], capture_output=True, text=True, timeout=TIMEOUT)

    def test_auth_with_framed_is_a_usage_error(self):
        r = self.run_server("--framed", "--auth", "alice:Passw0rdX")
        self.assertEqual((r.returncode, r.stdout), (64, ""))
        self.assertIn("--auth", r.stderr)
        self.assertNotIn("Passw0rdX", r.stderr)

    def test_malformed_auth_is_a_usage_error(self):
        for value in ("nocolonPassw0rdX", ":Passw0rdX"):
            r = self.run_server("--auth", value)
            self.assertEqual((r.returncode, r.stdout), (64, ""), value)
            self.assertNotIn("Passw0rdX", r.stderr)


if __name__ == "__main__":
    SERVER, CLI = sys.argv[1], sys.argv[2]
    del sys.argv[1:3]
    unittest.main()

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Black-box tests of Unix domain sockets against docs/programs.md: `interop_server --unix
PATH` (HTTP, and framed with --framed) called through `sockrpc` with `unix://` and
`framed+unix://` URLs and through Python's xmlrpc.client with a Unix-socket transport.

Usage: test_unix_socket.py PATH/TO/interop_server PATH/TO/sockrpc [unittest args]
Every blocking operation has a timeout; every server started is stopped with SIGTERM
and must exit 0 and remove its socket file.
"""

import http.client
import os
import selectors
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import unittest
import xmlrpc.client

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support", "python"))
from program_test import frame, read_frame  # noqa: E402

SERVER = None
CLI = None
TIMEOUT = 10.0


class UnixServer:
    """interop_server on the Unix socket `path`; `line` is its listening line (stdout)."""

    def __init__(self, path, *args):
        self.path = path
        self.proc = subprocess.Popen([SERVER, "--unix", path, *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            ready = sel.select(TIMEOUT)
        if not ready:
            self.proc.kill()
            self.proc.wait(TIMEOUT)
            raise AssertionError(f"no listening line within {TIMEOUT} s")
        self.line = self.proc.stdout.readline()

    def stop(self):
        """SIGTERM unless it has exited; returns (exit code, stderr)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait(TIMEOUT)
        err = self.proc.stderr.read()
        self.proc.stdout.close()
        self.proc.stderr.close()
        return rc, err

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP over the Unix domain socket at `unix_path` (Host: localhost)."""

    def __init__(self, unix_path):
        super().__init__("localhost", timeout=TIMEOUT)
        self.unix_path = unix_path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(TIMEOUT)
        s.connect(self.unix_path)
        self.sock = s


class UnixTransport(xmlrpc.client.Transport):
    """An xmlrpc.client transport that reaches the server through a Unix socket."""

    def __init__(self, unix_path):
        super().__init__()
        self.unix_path = unix_path

    def make_connection(self, host):
        if self._connection and self._connection[0] == host:
            return self._connection[1]
        self._connection = host, UnixHTTPConnection(self.unix_path)
        return self._connection[1]


def cli(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=TIMEOUT * 3)


class UnixSocketTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="sockrpc_unix_")
        self.path = os.path.join(self.dir.name, "interop.sock")

    def tearDown(self):
        self.dir.cleanup()

    def assert_stopped_cleanly(self, server):
        rc, err = server.stop()
        self.assertEqual(rc, 0, err)
        self.assertFalse(os.path.exists(self.path), "socket file left behind")

    def test_http_over_unix_socket(self):
        server = UnixServer(self.path)
        try:
            self.assertEqual(server.line, f"listening on unix:{self.path}\n")
            self.assertTrue(stat.S_ISSOCK(os.stat(self.path).st_mode))
            r = cli("call", f"unix://{self.path}", "echo", '{"a":[1,2.5,null]}')
            self.assertEqual((r.returncode, r.stdout), (0, '{"a":[1,2.5,null]}\n'), r.stderr)
            r = cli("list", f"unix://{self.path}")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("add\n", r.stdout)
            proxy = xmlrpc.client.ServerProxy("http://localhost/RPC2",
                                              transport=UnixTransport(self.path), allow_none=True)
            self.assertEqual(proxy.add(2, 3), 5)
            self.assertEqual(proxy.echo({"x": [None, "y"]}), {"x": [None, "y"]})  # keep-alive
            with self.assertRaises(xmlrpc.client.Fault) as f:
                proxy.fault(7, "seven")
            self.assertEqual(f.exception.faultCode, 7)
            proxy("close")()
        finally:
            self.assert_stopped_cleanly(server)

    def test_framed_over_unix_socket(self):
        server = UnixServer(self.path, "--framed")
        try:
            self.assertEqual(server.line, f"listening on unix:{self.path}\n")
            r = cli("call", f"framed+unix://{self.path}", "add", "40", "2")
            self.assertEqual((r.returncode, r.stdout), (0, "42\n"), r.stderr)
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(TIMEOUT)
                s.connect(self.path)
                s.sendall(frame(xmlrpc.client.dumps((5,), "echo").encode()))
                self.assertEqual(xmlrpc.client.loads(read_frame(s))[0], (5,))
            # HTTP on a framed socket is a protocol error, not a hang.
            r = cli("call", f"unix://{self.path}", "add", "1", "2")
            self.assertEqual(r.returncode, 2, r.stderr)
        finally:
            self.assert_stopped_cleanly(server)

    def test_stale_socket_file_is_replaced(self):
        stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        stale.bind(self.path)
        stale.close()  # the file stays, nobody listens
        server = UnixServer(self.path)
        try:
            self.assertEqual(server.line, f"listening on unix:{self.path}\n")
            r = cli("call", f"unix://{self.path}", "add", "1", "2")
            self.assertEqual((r.returncode, r.stdout), (0, "3\n"), r.stderr)
        finally:
            self.assert_stopped_cleanly(server)

    def test_live_socket_path_is_refused(self):
        first = UnixServer(self.path)
        try:
            second = UnixServer(self.path)
            rc, err = second.stop()
            self.assertEqual(second.line, "")  # nothing on stdout
            self.assertEqual(rc, 1, err)
            self.assertIn("interop_server: ", err)
            self.assertIn("in use", err)
            r = cli("call", f"unix://{self.path}", "add", "2", "2")  # the first still serves
            self.assertEqual((r.returncode, r.stdout), (0, "4\n"), r.stderr)
        finally:
            self.assert_stopped_cleanly(first)

    def test_missing_socket_is_a_transport_error(self):
        r = cli("call", f"unix://{self.path}", "add", "1", "2")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, "")
        self.assertTrue(r.stderr.startswith("transport error: "), r.stderr)
        self.assertIn(f"unix:{self.path}", r.stderr)

    def test_relative_unix_url_is_bad_usage(self):
        r = cli("call", "unix://relative.sock", "add", "1", "2")
        self.assertEqual(r.returncode, 64)
        self.assertTrue(r.stderr.startswith("sockrpc: bad URL: "), r.stderr)


if __name__ == "__main__":
    SERVER = os.path.abspath(sys.argv[1])
    CLI = os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0], *sys.argv[3:]])

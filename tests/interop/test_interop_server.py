#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Black-box tests of `interop_server` against docs/programs.md ("interop_server", "Wire formats").

Usage: test_interop_server.py PATH/TO/interop_server [unittest args]
Every blocking operation has a timeout; every server started is stopped with SIGTERM
and must exit 0.
"""

import base64
import datetime
import math
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import unittest
import xmlrpc.client

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support", "python"))
import program_test  # noqa: E402  (ServerProcess)
from program_test import frame, read_frame  # noqa: E402

SERVER = None
TIMEOUT = 10.0


class Server(program_test.ServerProcess):
    """A running interop_server; `host`/`port` from its listening line."""

    def __init__(self, *args):
        super().__init__([SERVER, *args], TIMEOUT)

    def proxy(self, **kw):
        return xmlrpc.client.ServerProxy(self.url(), allow_none=True, **kw)

    def connect(self):
        s = socket.socket(self.family, socket.SOCK_STREAM)
        s.settimeout(TIMEOUT)
        s.connect((self.host, self.port))
        return s

    def stop(self):
        """SIGTERM; returns (exit code, seconds to exit)."""
        t0 = time.monotonic()
        rc = super().stop(signal.SIGTERM)
        return rc, time.monotonic() - t0


def read_response(sock):
    """(status, headers (lower-case names), body) of one HTTP response; None at EOF."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers["content-length"])
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError("EOF inside a body")
        rest += chunk
    return status, headers, rest[:length]


def closed_by_peer(sock):
    """True if the server closes the connection (EOF or reset) within the timeout."""
    try:
        while True:
            if not sock.recv(65536):
                return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def post(body, path="/RPC2", extra="", version="HTTP/1.1"):
    if isinstance(body, str):
        body = body.encode()
    head = (f"POST {path} {version}\r\nHost: t\r\nContent-Type: text/xml\r\n"
            f"Content-Length: {len(body)}\r\n{extra}\r\n")
    return head.encode() + body


def call(method, *params):
    return xmlrpc.client.dumps(params, method, allow_none=True).encode()


def parse(body):
    """The result of a methodResponse body, or the Fault."""
    try:
        return xmlrpc.client.loads(body, use_builtin_types=True)[0][0]
    except xmlrpc.client.Fault as f:
        return f


class ServerTestCase(unittest.TestCase):
    args = ()

    @classmethod
    def setUpClass(cls):
        cls.server = Server(*cls.args)

    @classmethod
    def tearDownClass(cls):
        rc, _ = cls.server.stop()
        assert rc == 0, f"exit code {rc}"

    def exchange(self, data):
        with self.server.connect() as s:
            s.sendall(data)
            return read_response(s)


class CommandLineTest(unittest.TestCase):
    def test_listening_line_port_zero_and_sigterm_exit_0(self):
        srv = Server("--port", "0")
        self.assertEqual(srv.host, "127.0.0.1")
        self.assertNotEqual(srv.port, 0)
        self.assertEqual(srv.line, f"listening on 127.0.0.1:{srv.port}\n")
        rc, secs = srv.stop()
        self.assertEqual(rc, 0)
        self.assertLess(secs, 6.0)

    def test_explicit_port(self):
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        srv = Server("--port", str(port), "--threads", "2")
        try:
            self.assertEqual(srv.port, port)
            self.assertEqual(srv.proxy().add(1, 2), 3)
        finally:
            self.assertEqual(srv.stop()[0], 0)

    def test_ipv6_host(self):
        if not socket.has_ipv6:
            self.skipTest("no IPv6")
        srv = Server("--host", "::1", "--port", "0")
        try:
            self.assertEqual(srv.line, f"listening on [::1]:{srv.port}\n")
            self.assertEqual(srv.proxy().add(40, 2), 42)
        finally:
            self.assertEqual(srv.stop()[0], 0)

    def test_bad_flags_exit_64_with_usage(self):
        for args in (["--bogus"], ["--port", "notaport"], ["--port", "70000"],
                     ["--host", "not an address"], ["extra"]):
            p = subprocess.run([SERVER, *args], capture_output=True, text=True,
                               timeout=TIMEOUT)
            self.assertEqual(p.returncode, 64, args)
            self.assertIn("--port", p.stderr, args)
            self.assertEqual(p.stdout, "", args)

    def test_help_exits_0(self):
        p = subprocess.run([SERVER, "--help"], capture_output=True, text=True, timeout=TIMEOUT)
        self.assertEqual(p.returncode, 0)
        self.assertIn("--framed", p.stdout)

    def test_sigint_finishes_call_in_flight_then_exits_0(self):
        srv = Server()
        s = srv.connect()
        try:
            s.sendall(post(call("sleep", 1000)))
            # The call is in flight once the server has read it; a second connection's
            # answer proves the server is running, and 1 s leaves ample margin.
            self.assertEqual(srv.proxy().add(1, 1), 2)
            t0 = time.monotonic()
            srv.proc.send_signal(signal.SIGINT)
            status, headers, body = read_response(s)
            self.assertEqual(status, 200)
            self.assertEqual(parse(body), 1000)
            self.assertEqual(headers.get("connection"), "close")
            self.assertEqual(srv.proc.wait(TIMEOUT), 0)
            self.assertLess(time.monotonic() - t0, 6.0)
            # The listening socket is closed.
            with self.assertRaises(OSError):
                srv.connect()
        finally:
            s.close()
            srv.stop()


class HttpTest(ServerTestCase):
    def test_post_on_rpc2_and_root(self):
        for path in ("/RPC2", "/"):
            status, headers, body = self.exchange(post(call("add", 2, 3), path))
            self.assertEqual(status, 200)
            self.assertIn("text/xml", headers["content-type"])
            self.assertEqual(parse(body), 5)

    def test_other_path_404(self):
        self.assertEqual(self.exchange(post(call("add", 1, 2), "/other"))[0], 404)

    def test_get_and_other_methods_405_with_allow_post(self):
        for method in ("GET", "PUT", "DELETE"):
            status, headers, _ = self.exchange(
                f"{method} /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n".encode())
            self.assertEqual(status, 405, method)
            self.assertEqual(headers["allow"], "POST")
            self.assertIn("content-length", headers)

    def test_errors_close_the_connection(self):
        cases = [
            ("malformed", b"NOT HTTP AT ALL\r\n\r\n", 400),
            ("body over 32 MiB",
             b"POST /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Length: 33554433\r\n\r\n", 413),
            ("request line over 8 KiB",
             b"POST /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: t\r\n\r\n", 414),
            ("headers over 64 KiB",
             b"POST /RPC2 HTTP/1.1\r\n" + b"X-Pad: " + b"p" * 70000 + b"\r\n\r\n", 431),
        ]
        for name, data, expected in cases:
            with self.server.connect() as s:
                s.sendall(data)
                status, headers, _ = read_response(s)
                self.assertEqual(status, expected, name)
                self.assertIn("content-length", headers)
                self.assertTrue(closed_by_peer(s), name)
        self.assertEqual(self.server.proxy().add(1, 1), 2)

    def test_garbage_never_crashes_the_server(self):
        for data in (b"\x00" * 100, b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
                     b"\r\n" * 50, bytes(range(256)) * 4):
            with self.server.connect() as s:
                s.sendall(data)
                s.shutdown(socket.SHUT_WR)
                closed_by_peer(s)
        self.assertEqual(self.server.proxy().add(2, 2), 4)

    def test_keep_alive_and_connection_close(self):
        with self.server.connect() as s:
            for i in range(3):
                s.sendall(post(call("add", i, 1)))
                status, headers, body = read_response(s)
                self.assertEqual(parse(body), i + 1)
                self.assertNotEqual(headers.get("connection"), "close")
            s.sendall(post(call("add", 1, 1), extra="Connection: close\r\n"))
            status, headers, body = read_response(s)
            self.assertEqual(parse(body), 2)
            self.assertEqual(headers.get("connection"), "close")
            self.assertTrue(closed_by_peer(s))

    def test_http_1_0(self):
        with self.server.connect() as s:
            s.sendall(post(call("add", 1, 2), version="HTTP/1.0"))
            self.assertEqual(parse(read_response(s)[2]), 3)
            self.assertTrue(closed_by_peer(s))
        with self.server.connect() as s:
            for _ in range(2):
                s.sendall(post(call("add", 1, 2), extra="Connection: keep-alive\r\n",
                               version="HTTP/1.0"))
                status, headers, body = read_response(s)
                self.assertEqual(parse(body), 3)
                self.assertEqual(headers.get("connection", "").lower(), "keep-alive")

    def test_not_a_method_call_is_fault_32700_at_200(self):
        status, _, body = self.exchange(post("this is not xml"))
        self.assertEqual(status, 200)
        self.assertEqual(parse(body).faultCode, -32700)


class MethodsTest(ServerTestCase):
    def test_echo_every_type(self):
        p = self.server.proxy(use_builtin_types=True)
        values = [0, -2**31, 2**31 - 1, True, False, "", "text <&> ü", 1.5, -1e300,
                  5e-324, datetime.datetime(1999, 12, 31, 23, 59, 58), b"\x00\xffbin",
                  [1, [2, [3]], {"k": "v"}], {"a": {"b": [None, 1.0]}, "": 1}, None]
        for v in values:
            self.assertEqual(p.echo(v), v)

    def test_echo_minus_zero_and_doubles_bit_exact(self):
        p = self.server.proxy()
        for d in (-0.0, 0.1, 1 / 3, 2.0 ** -1074, 1.7976931348623157e308):
            r = p.echo(d)
            self.assertEqual(struct.pack("<d", r), struct.pack("<d", d))
        self.assertEqual(math.copysign(1, p.echo(-0.0)), -1)

    def test_add_and_overflow_to_i8(self):
        _, _, body = self.exchange(post(call("add", 2**31 - 1, 1)))
        self.assertIn(b"<i8>2147483648</i8>", body)
        self.assertEqual(parse(body), 2**31)
        _, _, body = self.exchange(post(call("add", -2**31, -1)))
        self.assertEqual(parse(body), -2**31 - 1)
        self.assertEqual(self.server.proxy().add(-7, 3), -4)

    def test_nil_and_i8_bare_and_with_ex_prefix(self):
        for tag in ("nil/", "ex:nil/"):
            doc = (f"<?xml version='1.0'?><methodCall><methodName>echo</methodName><params>"
                   f"<param><value><{tag}></value></param></params></methodCall>")
            self.assertIsNone(parse(self.exchange(post(doc))[2]), tag)
        for tag in ("i8", "ex:i8"):
            doc = (f"<methodCall><methodName>echo</methodName><params><param><value>"
                   f"<{tag}>9007199254740993</{tag}></value></param></params></methodCall>")
            self.assertEqual(parse(self.exchange(post(doc))[2]), 9007199254740993, tag)
        doc = ("<methodCall><methodName>echo</methodName><params><param>"
               "<value>bare text</value></param></params></methodCall>")
        self.assertEqual(parse(self.exchange(post(doc))[2]), "bare text")

    def test_fault(self):
        with self.assertRaises(xmlrpc.client.Fault) as cm:
            self.server.proxy().fault(4711, "custom message")
        self.assertEqual(cm.exception.faultCode, 4711)
        self.assertEqual(cm.exception.faultString, "custom message")

    def test_unknown_method_and_bad_params(self):
        with self.assertRaises(xmlrpc.client.Fault) as cm:
            self.server.proxy().no_such_method()
        self.assertEqual(cm.exception.faultCode, -32601)
        with self.assertRaises(xmlrpc.client.Fault) as cm:
            self.server.proxy().add("a", 1)
        self.assertEqual(cm.exception.faultCode, -32602)

    def test_sleep_does_not_hold_up_other_calls(self):
        results = {}

        def sleeper(i):
            results[i] = self.server.proxy().sleep(400)

        t0 = time.monotonic()
        threads = [threading.Thread(target=sleeper, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(TIMEOUT)
        elapsed = time.monotonic() - t0
        self.assertEqual(results, {i: 400 for i in range(4)})
        # One I/O thread: four 400 ms sleeps in sequence would take 1.6 s.
        self.assertLess(elapsed, 1.5)

    def test_bytes(self):
        p = self.server.proxy(use_builtin_types=True)
        for n in (0, 1, 256, 1000, 70000):
            self.assertEqual(p.bytes(n), bytes(i % 256 for i in range(n)))

    def test_validator1(self):
        p = self.server.proxy(use_builtin_types=True)
        self.assertEqual(p.validator1.arrayOfStructsTest(
            [{"moe": 1, "larry": 2, "curly": 3}, {"moe": 1, "larry": 2, "curly": -1}]), 2)
        self.assertEqual(p.validator1.countTheEntities("<<>&'\"\"x"), {
            "ctLeftAngleBrackets": 2, "ctRightAngleBrackets": 1, "ctAmpersands": 1,
            "ctApostrophes": 1, "ctQuotes": 2})
        self.assertEqual(p.validator1.easyStructTest({"moe": 1, "larry": 2, "curly": 3}), 6)
        s = {"a": [1, {"b": "c"}], "d": 2.5}
        self.assertEqual(p.validator1.echoStructTest(s), s)
        dt = datetime.datetime(2000, 1, 2, 3, 4, 5)
        self.assertEqual(p.validator1.manyTypesTest(7, True, "s", 1.25, dt, b"xy"),
                         [7, True, "s", 1.25, dt, b"xy"])
        self.assertEqual(p.validator1.moderateSizeArrayCheck(["first", "x", "y", "last"]),
                         "firstlast")
        nested = {"2000": {"04": {"01": {"moe": 5, "larry": 6, "curly": 7}}}}
        self.assertEqual(p.validator1.nestedStructTest(nested), 18)
        self.assertEqual(p.validator1.simpleStructReturnTest(3),
                         {"times10": 30, "times100": 300, "times1000": 3000})

    def test_system_methods_and_multicall(self):
        p = self.server.proxy()
        names = p.system.listMethods()
        for name in ("echo", "add", "fault", "sleep", "bytes", "system.listMethods",
                     "system.methodHelp", "system.methodSignature", "system.multicall",
                     "validator1.arrayOfStructsTest", "validator1.countTheEntities",
                     "validator1.easyStructTest", "validator1.echoStructTest",
                     "validator1.manyTypesTest", "validator1.moderateSizeArrayCheck",
                     "validator1.nestedStructTest", "validator1.simpleStructReturnTest"):
            self.assertIn(name, names)
        self.assertIsInstance(p.system.methodHelp("add"), str)
        self.assertTrue(p.system.methodHelp("add"))
        # The classic validator suite's signatures: int for the 32-bit ints.
        expected = {
            "validator1.arrayOfStructsTest": [["int", "array"]],
            "validator1.countTheEntities": [["struct", "string"]],
            "validator1.easyStructTest": [["int", "struct"]],
            "validator1.echoStructTest": [["struct", "struct"]],
            "validator1.manyTypesTest": [["array", "int", "boolean", "string", "double",
                                          "dateTime.iso8601", "base64"]],
            "validator1.moderateSizeArrayCheck": [["string", "array"]],
            "validator1.nestedStructTest": [["int", "struct"]],
            "validator1.simpleStructReturnTest": [["struct", "int"]],
            "add": [["int", "int", "int"], ["i8", "i8", "i8"]],
            "bytes": [["base64", "int"]],
            "sleep": [["int", "int"]],
        }
        for method, sig in expected.items():
            with self.subTest(method=method):
                self.assertEqual(p.system.methodSignature(method), sig)
        self.assertEqual(p.system.methodSignature("echo"), "undef")
        m = xmlrpc.client.MultiCall(p)
        m.add(1, 2)
        m.echo("x")
        m.fault(3, "no")
        m.add(5, 5)
        it = m()
        self.assertEqual(it[0], 3)
        self.assertEqual(it[1], "x")
        with self.assertRaises(xmlrpc.client.Fault) as cm:
            it[2]
        self.assertEqual(cm.exception.faultCode, 3)
        self.assertEqual(it[3], 10)


class FramedTest(ServerTestCase):
    args = ("--framed", "--threads", "2")

    def test_many_calls_on_one_connection(self):
        with self.server.connect() as s:
            for i in range(20):
                s.sendall(frame(call("add", i, i)))
                self.assertEqual(parse(read_frame(s)), 2 * i)
            s.sendall(frame(call("echo", {"k": [1.5, None]})))
            self.assertEqual(parse(read_frame(s)), {"k": [1.5, None]})

    def test_bad_xml_is_a_fault_frame(self):
        with self.server.connect() as s:
            s.sendall(frame(b"<<<"))
            self.assertEqual(parse(read_frame(s)).faultCode, -32700)

    def test_frame_over_the_limit_closes(self):
        with self.server.connect() as s:
            s.sendall(struct.pack(">I", 64 * 1024 * 1024))
            self.assertTrue(closed_by_peer(s))
        with self.server.connect() as s:
            s.sendall(frame(call("add", 1, 1)))
            self.assertEqual(parse(read_frame(s)), 2)

    def test_http_is_not_spoken(self):
        with self.server.connect() as s:
            s.sendall(post(call("add", 1, 1)))  # "POST" read as a huge length
            self.assertTrue(closed_by_peer(s))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: test_interop_server.py PATH/TO/interop_server [unittest args]")
    SERVER = os.path.abspath(sys.argv.pop(1))
    unittest.main()

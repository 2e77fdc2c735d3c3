#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Black-box tests of the `sockrpc` command-line client against docs/programs.md "sockrpc".

Usage: test_cli.py PATH/TO/sockrpc [unittest args]

The servers are Python's SimpleXMLRPCServer (HTTP), a small framed-TCP server speaking
the same XML through xmlrpc.client, and, when it was built next to `sockrpc`, our
`interop_server`. Every server listens on loopback port 0; every subprocess has a timeout.
"""

import json
import os
import socket
import subprocess
import sys
import threading
import unittest
import xmlrpc.client
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support", "python"))
import program_test  # noqa: E402  (ServerProcess)

SOCKRPC = None
RUN_TIMEOUT = 20  # seconds for any one CLI run

CANNED = {
    # method name -> raw methodResponse the server answers with
    "raw.i8": b"<?xml version='1.0'?><methodResponse><params><param><value>"
    b"<i8>-9007199254740993</i8></value></param></params></methodResponse>",
    "raw.nil": b"<?xml version='1.0'?><methodResponse><params><param><value>"
    b"<nil/></value></param></params></methodResponse>",
    "raw.exnil": b"<?xml version='1.0'?><methodResponse><params><param><value>"
    b"<ex:nil xmlns:ex='http://ws.apache.org/xmlrpc/namespaces/extensions'/>"
    b"</value></param></params></methodResponse>",
    "raw.badxml": b"<?xml version='1.0'?><methodResponse><params><param>",
    "raw.notrpc": b"<?xml version='1.0'?><html><body>hello</body></html>",
    "raw.bare": b"<?xml version='1.0'?><methodResponse><params><param><value>"
    b"bare text</value></param></params></methodResponse>",
}


class RecordingServer(SimpleXMLRPCServer):
    """SimpleXMLRPCServer that records request bodies and answers canned methods."""

    def __init__(self, addr, family=socket.AF_INET):
        self.address_family = family
        self.bodies = []
        super().__init__(addr, requestHandler=SimpleXMLRPCRequestHandler, allow_none=True,
                         logRequests=False, use_builtin_types=True)

    def _marshaled_dispatch(self, data, dispatch_method=None, path=None):
        self.bodies.append(data)
        _, method = xmlrpc.client.loads(data, use_builtin_types=True)
        if method in CANNED:
            return CANNED[method]
        return super()._marshaled_dispatch(data, dispatch_method, path)


def raise_fault(code, message):
    raise xmlrpc.client.Fault(code, message)


def make_http_server(host="127.0.0.1", family=socket.AF_INET):
    server = RecordingServer((host, 0), family)
    server.register_introspection_functions()
    server.register_multicall_functions()
    server.register_function(lambda x: x, "echo")
    server.register_function(lambda *args: list(args), "args")
    server.register_function(lambda *args: True, "swallow")  # Python cannot answer with i8
    server.register_function(lambda a, b: a + b, "add")
    server.register_function(raise_fault, "fault")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    return server, thread


class FramedServer:
    """XML-RPC over framed TCP (4-byte big-endian length + XML), one thread per client."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.stopping = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, conn):
        conn.settimeout(10)
        with conn:
            while True:
                body = program_test.read_frame(conn)
                if body is None:
                    return
                params, method = xmlrpc.client.loads(body, use_builtin_types=True)
                if method == "echo":
                    out = xmlrpc.client.dumps((params[0],), methodresponse=True, allow_none=True)
                elif method == "fault":
                    out = xmlrpc.client.dumps(xmlrpc.client.Fault(params[0], params[1]))
                else:
                    out = xmlrpc.client.dumps(xmlrpc.client.Fault(-32601, "no " + method))
                data = out.encode()
                conn.sendall(program_test.frame(data))

    def close(self):
        self.stopping = True
        self.thread.join(5)
        self.sock.close()


def run(*args, timeout=RUN_TIMEOUT):
    return subprocess.run([SOCKRPC, *args], capture_output=True, text=True, timeout=timeout)


class CliAgainstPython(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server, cls.thread = make_http_server()
        cls.url = "http://127.0.0.1:%d/RPC2" % cls.server.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.thread.join(5)
        cls.server.server_close()

    def call(self, *args):
        return run("call", self.url, *args)

    def ok(self, *args):
        r = self.call(*args)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        self.assertTrue(r.stdout.endswith("\n"))
        self.assertEqual(r.stdout.count("\n"), 1, "result must be ONE line: %r" % r.stdout)
        return r.stdout

    def last_body(self):
        return self.server.bodies[-1].decode()

    # ---- arguments: JSON -> XML-RPC -------------------------------------------------------

    def test_json_scalars_map_to_xmlrpc_types(self):
        cases = [
            ("7", "<int>7</int>"),
            ("-2147483648", "<int>-2147483648</int>"),
            ("2147483648", "<i8>2147483648</i8>"),
            ("-9223372036854775808", "<i8>-9223372036854775808</i8>"),
            ("1.5", "<double>1.5</double>"),
            ("1e3", "<double>1000"),
            ("-0.0", "<double>-0"),
            ('"quoted"', "<string>quoted</string>"),
            ("true", "<boolean>1</boolean>"),
            ("false", "<boolean>0</boolean>"),
            ("null", "<nil/>"),
            ('{"$base64": "AAH/"}', "<base64>AAH/</base64>"),
            ('{"$datetime": "20240229T23:59:58"}',
             "<dateTime.iso8601>20240229T23:59:58</dateTime.iso8601>"),
        ]
        for arg, xml in cases:
            with self.subTest(arg=arg):
                self.assertEqual(self.ok("swallow", arg), "true\n")
                self.assertIn(xml, self.last_body())

    def test_invalid_json_is_a_string(self):
        for arg in ["hello", "[1,", "1.2.3", "{bad}", "", "tru", "-"]:
            with self.subTest(arg=arg):
                self.assertEqual(json.loads(self.ok("echo", arg)), arg)

    def test_arrays_and_objects_map_to_array_and_struct(self):
        self.ok("echo", '[1, "a", [true, null], {"k": 2.5}]')
        body = self.last_body()
        self.assertIn("<array>", body)
        self.assertIn("<struct><member><name>k</name><value><double>2.5", body)

    def test_many_arguments_are_positional_params(self):
        out = self.ok("args", "1", "two", "-3", "[4]")
        self.assertEqual(json.loads(out), [1, "two", -3, [4]])

    def test_integer_beyond_i8_is_bad_usage(self):
        r = self.call("echo", "9223372036854775808")
        self.assertEqual(r.returncode, 64)
        self.assertIn("usage", r.stderr)

    def test_bad_base64_or_datetime_is_bad_usage(self):
        for arg in ['{"$base64": "!!"}', '{"$datetime": "2024-02-29"}']:
            with self.subTest(arg=arg):
                self.assertEqual(self.call("echo", arg).returncode, 64)

    # ---- results: XML-RPC -> JSON -----------------------------------------------------

    def test_every_type_round_trips_as_one_line_of_json(self):
        value = {
            "int": 42, "neg": -1, "double": 0.1, "tiny": 5e-324, "big": 1.7976931348623157e308,
            "negzero": -0.0, "string": "h\u00e9llo <&> \"q\"", "true": True, "false": False,
            "nil": None, "array": [1, [2, [3]]], "struct": {"a": {"b": "c"}},
            "b64": {"$base64": "AAECAwT/"}, "empty_b64": {"$base64": ""},
            "date": {"$datetime": "19991231T23:59:59"}, "empty": [], "empty_struct": {},
        }
        out = json.loads(self.ok("echo", json.dumps(value)))
        self.assertEqual(out, value)
        self.assertEqual(list(out.keys()), list(value.keys()))  # member order kept
        self.assertEqual(str(out["negzero"]), "-0.0")
        for key in ("double", "tiny", "big"):
            self.assertEqual(out[key].hex(), value[key].hex())

    def test_doubles_print_so_they_round_trip(self):
        for text in ["0.1", "-0.0", "1e-300", "123456789.125", "2.5e+20", "3.141592653589793"]:
            with self.subTest(text=text):
                out = self.ok("echo", text).strip()
                self.assertEqual(float(out).hex(), float(text).hex())
                if text == "-0.0":
                    self.assertTrue(out.startswith("-0"))

    def test_i8_and_nil_results(self):
        self.assertEqual(self.ok("raw.i8").strip(), "-9007199254740993")
        self.assertEqual(self.ok("raw.nil").strip(), "null")
        self.assertEqual(self.ok("raw.exnil").strip(), "null")
        self.assertEqual(self.ok("raw.bare").strip(), '"bare text"')

    def test_timeout_option_is_accepted(self):
        r = run("call", "--timeout", "5", self.url, "add", "2", "3")
        self.assertEqual((r.returncode, r.stdout), (0, "5\n"))

    # ---- faults, errors, usage ----------------------------------------------------------

    def test_fault_goes_to_stderr_with_exit_1(self):
        r = self.call("fault", "12", "it broke")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "")
        self.assertEqual(r.stderr, "fault 12: it broke\n")

    def test_unknown_method_is_a_fault(self):
        r = self.call("no.such.method")
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stderr.startswith("fault "), r.stderr)

    def test_http_error_is_a_protocol_error(self):
        url = "http://127.0.0.1:%d/nope" % self.server.server_address[1]
        r = run("call", url, "echo", "1")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, "protocol error: HTTP 404 Not Found\n")

    def test_bad_xml_is_a_protocol_error(self):
        for method in ["raw.badxml", "raw.notrpc"]:
            with self.subTest(method=method):
                r = self.call(method)
                self.assertEqual(r.returncode, 2)
                self.assertTrue(r.stderr.startswith("protocol error: "), r.stderr)
                self.assertEqual(r.stderr.count("\n"), 1)
                self.assertEqual(r.stdout, "")

    def test_list_prints_method_names_one_a_line(self):
        r = run("list", self.url)
        self.assertEqual(r.returncode, 0, r.stderr)
        names = r.stdout.splitlines()
        for name in ["add", "echo", "fault", "system.listMethods", "system.multicall"]:
            self.assertIn(name, names)
        r = run("list", "--timeout", "3", self.url)
        self.assertEqual(r.returncode, 0, r.stderr)


class CliErrors(unittest.TestCase):
    def test_refused_connection_is_a_transport_error(self):
        probe = socket.create_server(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        for sub in (["call", "http://127.0.0.1:%d/" % port, "echo", "1"],
                    ["call", "tcp://127.0.0.1:%d" % port, "echo", "1"],
                    ["list", "http://127.0.0.1:%d/" % port]):
            with self.subTest(sub=sub):
                r = run(*sub)
                self.assertEqual(r.returncode, 2)
                self.assertTrue(r.stderr.startswith("transport error: connection refused"),
                                r.stderr)
                self.assertEqual(r.stderr.count("\n"), 1)

    def test_server_that_never_answers_times_out(self):
        silent = socket.create_server(("127.0.0.1", 0))
        try:
            port = silent.getsockname()[1]
            r = run("call", "--timeout", "0.3", "http://127.0.0.1:%d/" % port, "echo", "1")
            self.assertEqual(r.returncode, 2)
            self.assertTrue(r.stderr.startswith("transport error: "), r.stderr)
            self.assertIn("timed out", r.stderr)
        finally:
            silent.close()

    def test_bad_http_is_a_protocol_error(self):
        srv = socket.create_server(("127.0.0.1", 0))
        srv.settimeout(10)
        port = srv.getsockname()[1]

        def answer():
            try:
                conn, _ = srv.accept()
                with conn:
                    conn.settimeout(10)
                    conn.recv(65536)
                    conn.sendall(b"NOT HTTP AT ALL\r\n\r\n")
            except OSError:
                pass

        t = threading.Thread(target=answer)
        t.start()
        try:
            r = run("call", "http://127.0.0.1:%d/" % port, "echo", "1")
            self.assertEqual(r.returncode, 2)
            self.assertTrue(r.stderr.startswith("protocol error: "), r.stderr)
        finally:
            t.join(10)
            srv.close()

    def test_bad_usage_exits_64_with_usage_on_stderr(self):
        cases = [
            [],
            ["frobnicate"],
            ["call"],
            ["call", "http://127.0.0.1:1/"],
            ["call", "--timeout"],
            ["call", "--timeout", "abc", "http://127.0.0.1:1/", "m"],
            ["call", "--timeout", "-1", "http://127.0.0.1:1/", "m"],
            ["call", "--nope", "http://127.0.0.1:1/", "m"],
            ["call", "ftp://127.0.0.1:1/", "m"],
            ["call", "http://[::1/", "m"],
            ["list"],
            ["list", "http://127.0.0.1:1/", "extra"],
        ]
        for args in cases:
            with self.subTest(args=args):
                r = run(*args)
                self.assertEqual(r.returncode, 64, r.stderr)
                self.assertIn("usage", r.stderr.lower())
                self.assertEqual(r.stdout, "")


class CliFramedAndIpv6(unittest.TestCase):
    def test_tcp_url_speaks_framed_xmlrpc(self):
        server = FramedServer()
        try:
            url = "tcp://127.0.0.1:%d" % server.port
            r = run("call", url, "echo", '{"x": [1, 2.5, {"$base64": "AA=="}]}')
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(json.loads(r.stdout), {"x": [1, 2.5, {"$base64": "AA=="}]})
            r = run("call", url, "fault", "3", "three")
            self.assertEqual((r.returncode, r.stderr), (1, "fault 3: three\n"))
        finally:
            server.close()

    @unittest.skipUnless(socket.has_ipv6, "no IPv6")
    def test_ipv6_host_in_brackets(self):
        try:
            server, thread = make_http_server("::1", socket.AF_INET6)
        except OSError:
            self.skipTest("no IPv6 loopback")
        try:
            r = run("call", "http://[::1]:%d/RPC2" % server.server_address[1], "add", "1", "2")
            self.assertEqual((r.returncode, r.stdout), (0, "3\n"), r.stderr)
        finally:
            server.shutdown()
            thread.join(5)
            server.server_close()


class CliAgainstInteropServer(unittest.TestCase):
    """Our CLI against our interop_server (skipped until it is built alongside)."""

    @classmethod
    def setUpClass(cls):
        cls.servers = []
        cls.urls = {}
        for framed in (False, True):
            args = ["--port", "0"] + (["--framed"] if framed else [])
            server = program_test.start_interop_server(SOCKRPC, *args, timeout=RUN_TIMEOUT)
            cls.servers.append(server)
            cls.urls[framed] = f"tcp://{server.host_port}" if framed else server.url()

    @classmethod
    def tearDownClass(cls):
        for server in cls.servers:
            server.stop()

    def test_echo_add_fault_list(self):
        for framed, url in self.urls.items():
            with self.subTest(framed=framed):
                value = {"i": 1, "d": -0.0, "s": "x", "b": {"$base64": "AQI="},
                         "t": {"$datetime": "20240101T00:00:00"}, "n": None, "a": [True]}
                r = run("call", url, "echo", json.dumps(value))
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(json.loads(r.stdout), value)
                r = run("call", url, "add", "2147483647", "1")
                self.assertEqual((r.returncode, r.stdout), (0, "2147483648\n"), r.stderr)
                r = run("call", url, "fault", "7", "seven")
                self.assertEqual((r.returncode, r.stderr), (1, "fault 7: seven\n"))
                r = run("list", url)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertIn("echo", r.stdout.splitlines())


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: test_cli.py PATH/TO/sockrpc [unittest args]")
    SOCKRPC = os.path.abspath(sys.argv.pop(1))
    unittest.main()

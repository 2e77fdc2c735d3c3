#!/usr/bin/env python3
"""Black-box tests of the transport example programs against docs/programs.md
("Common rules", "Transport examples").

Usage: transport_examples_test.py BIN_DIR
Loopback only, ephemeral ports, every wait bounded by a timeout.
"""
import concurrent.futures
import os
import signal
import socket
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support", "python"))
import program_test  # noqa: E402  (ServerProcess)

BIN = None
TIMEOUT = 10  # seconds, upper bound for any single wait


class Server(program_test.ServerProcess):
    """A server program of BIN_DIR, by name."""

    def __init__(self, name, *args):
        super().__init__([os.path.join(BIN, name), *args], TIMEOUT)


def run(name, *args, input=None):
    return subprocess.run([os.path.join(BIN, name), *args], input=input, capture_output=True,
                          text=True, timeout=TIMEOUT)


def echo_roundtrip(host, port, payload, family=socket.AF_INET):
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(TIMEOUT)
        s.connect((host, port))
        s.sendall(payload)
        got = b""
        while len(got) < len(payload):
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
        return got


class TcpEchoServerTest(unittest.TestCase):
    server_name = "tcp_echo_server"

    def test_prints_listening_line_with_real_port(self):
        with Server(self.server_name) as srv:
            self.assertEqual(srv.host, "127.0.0.1")
            self.assertGreater(srv.port, 0)

    def test_echoes_every_byte_for_many_concurrent_clients(self):
        with Server(self.server_name) as srv:
            payloads = [os.urandom(1000 * (i + 1)) for i in range(16)]
            with concurrent.futures.ThreadPoolExecutor(16) as pool:
                results = list(pool.map(lambda p: echo_roundtrip(srv.host, srv.port, p), payloads))
            self.assertEqual(results, payloads)

    def test_keeps_serving_after_a_client_closes(self):
        with Server(self.server_name) as srv:
            s = socket.create_connection((srv.host, srv.port), timeout=TIMEOUT)
            s.close()
            self.assertEqual(echo_roundtrip(srv.host, srv.port, b"still here"), b"still here")

    def test_ipv6_loopback(self):
        with Server(self.server_name, "--host", "::1") as srv:
            self.assertEqual(srv.host, "::1")
            self.assertEqual(echo_roundtrip("::1", srv.port, b"v6", socket.AF_INET6), b"v6")

    def test_sigterm_and_sigint_exit_zero_with_a_client_connected(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            srv = Server(self.server_name)
            idle = socket.create_connection((srv.host, srv.port), timeout=TIMEOUT)
            self.assertEqual(echo_roundtrip(srv.host, srv.port, b"x"), b"x")
            self.assertEqual(srv.stop(sig), 0)
            idle.close()

    def test_stops_accepting_at_once_on_sigterm(self):
        srv = Server(self.server_name)
        idle = socket.create_connection((srv.host, srv.port), timeout=TIMEOUT)
        self.assertEqual(echo_roundtrip(srv.host, srv.port, b"x"), b"x")  # accept loop is up
        srv.proc.send_signal(signal.SIGTERM)
        # The listening socket closes at once although a client is still connected.
        # Connects that raced with the close may be reset; the next ones must be refused.
        refused = False
        deadline = time.monotonic() + TIMEOUT
        while not refused and time.monotonic() < deadline:
            try:
                socket.create_connection((srv.host, srv.port), timeout=TIMEOUT).close()
            except ConnectionRefusedError:
                refused = True
            except ConnectionResetError:
                pass
        self.assertTrue(refused)
        self.assertEqual(srv.stop(), 0)
        idle.close()

    def test_bad_flag_exits_64_with_usage(self):
        r = run(self.server_name, "--no-such-flag")
        self.assertEqual(r.returncode, 64)
        self.assertIn("Usage", r.stderr)


class SelectorEchoServerTest(TcpEchoServerTest):
    server_name = "selector_echo_server"

    def test_stops_accepting_at_once_on_sigterm(self):
        self.skipTest("single-threaded: closes everything at once, covered by the sigterm test")


class TcpEchoClientTest(unittest.TestCase):
    def test_sends_each_message_and_prints_each_reply(self):
        with Server("tcp_echo_server") as srv:
            r = run("tcp_echo_client", srv.host, str(srv.port), "Hallo Welt", "zwei")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, "Hallo Welt\nzwei\n")

    def test_reads_stdin_lines_without_messages(self):
        with Server("tcp_echo_server", "--host", "::1") as srv:
            r = run("tcp_echo_client", "::1", str(srv.port), input="eins\nzwei\n")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, "eins\nzwei\n")

    def test_timeout_when_the_server_never_answers(self):
        with socket.create_server(("127.0.0.1", 0)) as silent:
            port = silent.getsockname()[1]
            r = run("tcp_echo_client", "--timeout", "0.3", "127.0.0.1", str(port), "hello?")
            self.assertEqual(r.returncode, 2)
            self.assertIn("timed out", r.stderr)

    def test_connection_refused_is_reported(self):
        with socket.socket() as s:  # a port that was free a moment ago
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        r = run("tcp_echo_client", "127.0.0.1", str(port), "x")
        self.assertEqual(r.returncode, 2)
        self.assertIn("refused", r.stderr)

    def test_missing_arguments_exit_64(self):
        self.assertEqual(run("tcp_echo_client").returncode, 64)


class UdpTest(unittest.TestCase):
    def _roundtrip(self, family, host):
        with Server("udp_echo_server", "--host", host, "--quiet") as srv:
            with socket.socket(family, socket.SOCK_DGRAM) as s:
                s.settimeout(TIMEOUT)
                for payload in (b"ping", b"", os.urandom(1200)):
                    s.sendto(payload, (host, srv.port))
                    data, sender = s.recvfrom(65536)
                    self.assertEqual(data, payload)
                    self.assertEqual(sender[1], srv.port)

    def test_udp_echo_ipv4(self):
        self._roundtrip(socket.AF_INET, "127.0.0.1")

    def test_udp_echo_ipv6(self):
        self._roundtrip(socket.AF_INET6, "::1")

    def test_udp_send_delivers_one_datagram(self):
        for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
            with socket.socket(family, socket.SOCK_DGRAM) as rx:
                rx.settimeout(TIMEOUT)
                rx.bind((host, 0))
                r = run("udp_send", host, str(rx.getsockname()[1]), "Hallo UDP")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(rx.recvfrom(100)[0], b"Hallo UDP")

    def test_udp_send_usage(self):
        self.assertEqual(run("udp_send", "127.0.0.1").returncode, 64)


class NonblockingConnectTest(unittest.TestCase):
    def test_connects_to_a_listener(self):
        with socket.create_server(("127.0.0.1", 0)) as listener:
            r = run("nonblocking_connect", "127.0.0.1", str(listener.getsockname()[1]))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("connected", r.stdout)

    def test_reports_refusal(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        r = run("nonblocking_connect", "127.0.0.1", str(port))
        self.assertEqual(r.returncode, 1)
        self.assertIn("refused", r.stdout)


if __name__ == "__main__":
    BIN = sys.argv.pop(1)
    unittest.main(verbosity=2)

# SPDX-License-Identifier: MIT
"""Helpers for the black-box tests of the programs (tests/integration, tests/interop).

A server program of docs/programs.md ("Server programs") prints exactly one line
`listening on HOST:PORT` once it accepts connections (IPv6 hosts in brackets) and exits 0
on SIGTERM or SIGINT. ServerProcess runs one as a child process on those terms.
"""
import os
import re
import selectors
import signal
import socket
import struct
import subprocess
import unittest

LISTEN_RE = re.compile(r"^listening on (?:\[([0-9a-fA-F:.%]+)\]|([0-9.]+)):(\d+)\n$")


class ServerProcess:
    """Starts `argv` and reads its listening line (`line`) within `timeout` seconds, else
    kills it and raises AssertionError, as for a malformed line. From the line: `host`
    (without brackets), `port`, `family` and `host_port` (as printed). Every later wait is
    bounded by `timeout` too. Leaving the `with` block stops the server."""

    def __init__(self, argv, timeout):
        self.timeout = timeout
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            ready = sel.select(timeout)
        if not ready:
            self._kill()
            raise AssertionError(f"{argv[0]}: no listening line within {timeout} s")
        self.line = self.proc.stdout.readline()
        m = LISTEN_RE.match(self.line)
        if not m:
            self._kill()
            raise AssertionError(f"{argv[0]}: bad listening line {self.line!r}")
        self.host = m.group(1) or m.group(2)
        self.port = int(m.group(3))
        self.family = socket.AF_INET6 if m.group(1) else socket.AF_INET
        self.host_port = self.line[len("listening on "):-1]

    def url(self, path="/RPC2"):
        """The server's HTTP URL, e.g. http://127.0.0.1:PORT/RPC2."""
        return f"http://{self.host_port}{path}"

    def stop(self, sig=signal.SIGTERM):
        """Sends `sig` unless the server has exited already; returns its exit code, or None
        when it did not exit within the timeout (then it is killed)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(self.timeout)
        except subprocess.TimeoutExpired:
            self._kill()
            return None
        finally:
            self._close_pipes()

    def _kill(self):
        self.proc.kill()
        self.proc.wait(self.timeout)
        self._close_pipes()

    def _close_pipes(self):
        self.proc.stdout.close()
        self.proc.stderr.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def start_interop_server(next_to, *args, timeout):
    """interop_server from the directory of the program `next_to`, started with `args`
    (ServerProcess); unittest.SkipTest when it was not built there."""
    path = os.path.join(os.path.dirname(next_to), "interop_server")
    if not os.access(path, os.X_OK):
        raise unittest.SkipTest("interop_server not built")
    return ServerProcess([path, *args], timeout)


def frame(payload):
    """`payload` as one frame of framed TCP: 4-byte big-endian length, then the bytes."""
    return struct.pack(">I", len(payload)) + payload


def read_frame(sock):
    """The payload of the next frame read from `sock`; None at EOF, also inside a frame."""
    def exactly(n):
        buf = b""
        while len(buf) < n:
            chunk = sock.recv(n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf
    head = exactly(4)
    if head is None:
        return None
    return exactly(struct.unpack(">I", head)[0])


def assert_output(test, result, *lines):
    """`result` (of subprocess.run) exited 0 and its stdout holds each of `lines`."""
    test.assertEqual(result.returncode, 0, result.stderr)
    for line in lines:
        test.assertIn(line, result.stdout)

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Memory held per idle keep-alive connection.

    hold_conns.py --port P --pid PID [--n 10000]
Opens 10 warm-up connections, reads the server's VmRSS (/proc/PID/status), then opens
N - 10 more (N in all: sockrpc's server refuses more than 10,000 by default) keep-alive
connections to 127.0.0.1:P, each doing one add(2, 3) call over HTTP/1.1
and staying open, reads VmRSS again and prints
"RESULT conns=N rss_before_kib=A rss_after_kib=B per_conn_bytes=C" (C = delta / (N - 10)). Raises its own
RLIMIT_NOFILE; the server's must be raised by whoever starts it.
"""
import argparse
import resource
import socket
import sys

BODY = (b'<?xml version="1.0"?>\n<methodCall><methodName>add</methodName><params>'
        b"<param><value><int>2</int></value></param>"
        b"<param><value><int>3</int></value></param></params></methodCall>\n")


def vmrss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def one_call(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.sendall(b"POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
              b"Content-Length: %d\r\n\r\n" % len(BODY) + BODY)
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            raise RuntimeError("server closed a keep-alive connection")
        data += chunk
        head, sep, body = data.partition(b"\r\n\r\n")
        if not sep:
            continue
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if len(body) >= length:
            break
    if b">5</" not in data:
        raise RuntimeError("wrong answer: %r" % data[:200])
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--n", type=int, default=10000)  # includes the 10 warm-up ones
    args = ap.parse_args()
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < args.n + 100:
        print(f"hold_conns: RLIMIT_NOFILE hard limit {hard} < {args.n + 100}", file=sys.stderr)
        return 1
    warm = [one_call(args.port) for _ in range(10)]
    before = vmrss_kib(args.pid)
    held = [one_call(args.port) for _ in range(args.n - len(warm))]
    after = vmrss_kib(args.pid)
    per = (after - before) * 1024 / len(held)
    print(f"RESULT conns={args.n} rss_before_kib={before} rss_after_kib={after} "
          f"per_conn_bytes={per:.0f}", flush=True)
    for s in held + warm:
        s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Python's xmlrpc.client per-call cost: N sequential add(2, 3) calls over one keep-alive
connection (xmlrpc.client.Transport keeps HTTP/1.1 connections open).

    py_client.py URL [N]     prints "client python calls N per_call_us X"
"""
import sys
import time
import xmlrpc.client


def main():
    url = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    proxy = xmlrpc.client.ServerProxy(url)
    for _ in range(n // 10):
        if proxy.add(2, 3) != 5:
            raise SystemExit("wrong answer")
    t0 = time.perf_counter()
    for _ in range(n):
        if proxy.add(2, 3) != 5:
            raise SystemExit("wrong answer")
    us = (time.perf_counter() - t0) * 1e6 / n
    print(f"client python calls {n} per_call_us {us:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

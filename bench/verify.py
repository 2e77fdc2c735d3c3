#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks that a server answers the benchmark workloads correctly before it is timed.

    verify.py URL full|add
'full': add(2, 3) == 5, and echo returns the struct and the array of lua/struct.lua and
lua/array.lua unchanged. 'add': only add(2, 3) == 5 (the floor answers 5 to everything).
Exit 0 when all hold; otherwise says what differed and exits 1.
"""
import sys
import xmlrpc.client


def struct_value():  # the same member values as lua/struct.lua
    m = {}
    for i in range(10):
        if i % 3 == 0:
            m[f"field{i}"] = i * 1000
        elif i % 3 == 1:
            m[f"field{i}"] = f"value number {i}"
        else:
            m[f"field{i}"] = float(f"{i * 1.5:.1f}")
    return m


def array_value():  # the same ints as lua/array.lua
    return [i * 7919 % 1000003 for i in range(10000)]


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ("full", "add"):
        print(__doc__, file=sys.stderr)
        return 64
    url, what = sys.argv[1], sys.argv[2]
    proxy = xmlrpc.client.ServerProxy(url)
    checks = [("add(2, 3)", lambda: proxy.add(2, 3), 5)]
    if what == "full":
        checks.append(("echo(struct)", lambda: proxy.echo(struct_value()), struct_value()))
        checks.append(("echo(array)", lambda: proxy.echo(array_value()), array_value()))
    for name, call, want in checks:
        try:
            got = call()
        except Exception as e:  # noqa: BLE001 - any failure is a verification failure
            print(f"verify {url}: {name} failed: {e!r}", file=sys.stderr)
            return 1
        if got != want:
            print(f"verify {url}: {name} returned {str(got)[:200]} (wrong)", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

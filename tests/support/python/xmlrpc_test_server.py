#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Python's SimpleXMLRPCServer as the peer of the C++ tests (sockrpc_test::python_server).

Usage: xmlrpc_test_server.py client|introspect

Prints its port, then serves until `quit` is called or 60 s pass. The methods depend on
the argument:
- client: for the C++ client interop tests: echo, add, types, fault, with introspection
  and system.multicall;
- introspect: for the reverse-generation tests (sockrpc idl): methods with docstrings;
  methodSignature answers "signatures not supported" (as Python always does) and
  methodHelp faults for `nohelp.*`, as some servers do.
"""
import sys
import threading
import time
import xmlrpc.client
from xmlrpc.server import SimpleXMLRPCServer


def fault(code, message):
    raise xmlrpc.client.Fault(code, message)


def register_client_methods(server):
    server.register_multicall_functions()
    server.register_function(lambda x: x, "echo")
    server.register_function(lambda a, b: a + b, "add")
    server.register_function(lambda: [type(None).__name__], "types")
    server.register_function(fault, "fault")


def add(a, b):
    """Adds two numbers."""
    return a + b


def power(x, y):
    """Raises x to the power y.

    Both are numbers.
    """
    return x ** y


def register_introspect_methods(server):
    def method_help(name):
        if name.startswith("nohelp."):
            raise xmlrpc.client.Fault(-32601, "no help for " + name)
        return server.system_methodHelp(name)

    server.register_function(add, "add")
    server.register_function(power, "math.pow")
    server.register_function(lambda: None, "class")
    server.register_function(lambda x: x, "nohelp.echo")
    server.register_function(method_help, "system.methodHelp")


def main():
    methods = {"client": register_client_methods, "introspect": register_introspect_methods}
    if len(sys.argv) != 2 or sys.argv[1] not in methods:
        sys.exit("usage: xmlrpc_test_server.py client|introspect")
    server = SimpleXMLRPCServer(("127.0.0.1", 0), allow_none=True, logRequests=False,
                                use_builtin_types=True)
    server.register_introspection_functions()
    methods[sys.argv[1]](server)
    done = threading.Event()
    server.register_function(lambda: done.set() or True, "quit")
    server.timeout = 0.2
    print(server.server_address[1], flush=True)
    deadline = time.monotonic() + 60
    while not done.is_set() and time.monotonic() < deadline:
        server.handle_request()
    server.server_close()


if __name__ == "__main__":
    main()

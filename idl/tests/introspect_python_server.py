#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Python's SimpleXMLRPCServer for the reverse-generation tests (sockrpc idl).

Prints its port, then serves until `quit` is called, stdin closes or 60 s pass.
Its methods carry docstrings; methodSignature answers "signatures not supported" (as
Python always does) and methodHelp faults for `nohelp.*`, as some servers do.
"""
import threading
import time
import xmlrpc.client
from xmlrpc.server import SimpleXMLRPCServer

server = SimpleXMLRPCServer(("127.0.0.1", 0), allow_none=True, logRequests=False,
                            use_builtin_types=True)
server.register_introspection_functions()
done = threading.Event()


def add(a, b):
    """Adds two numbers."""
    return a + b


def power(x, y):
    """Raises x to the power y.

    Both are numbers.
    """
    return x ** y


def method_help(name):
    if name.startswith("nohelp."):
        raise xmlrpc.client.Fault(-32601, "no help for " + name)
    return server.system_methodHelp(name)


server.register_function(add, "add")
server.register_function(power, "math.pow")
server.register_function(lambda: None, "class")
server.register_function(lambda x: x, "nohelp.echo")
server.register_function(method_help, "system.methodHelp")
server.register_function(lambda: done.set() or True, "quit")
server.timeout = 0.2
print(server.server_address[1], flush=True)
deadline = time.monotonic() + 60
while not done.is_set() and time.monotonic() < deadline:
    server.handle_request()
server.server_close()

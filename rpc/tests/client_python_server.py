#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Python's SimpleXMLRPCServer for the C++ client interop tests.

Prints its port, then serves until `quit` is called, stdin closes or 60 s pass.
"""
import sys
import threading
import time
import xmlrpc.client
from xmlrpc.server import SimpleXMLRPCServer

server = SimpleXMLRPCServer(("127.0.0.1", 0), allow_none=True, logRequests=False,
                            use_builtin_types=True)
server.register_introspection_functions()
server.register_multicall_functions()
server.register_function(lambda x: x, "echo")
server.register_function(lambda a, b: a + b, "add")
server.register_function(lambda: [type(None).__name__], "types")


def fault(code, message):
    raise xmlrpc.client.Fault(code, message)


done = threading.Event()
server.register_function(fault, "fault")
server.register_function(lambda: done.set() or True, "quit")
server.timeout = 0.2
print(server.server_address[1], flush=True)
deadline = time.monotonic() + 60
while not done.is_set() and time.monotonic() < deadline:
    server.handle_request()
server.server_close()

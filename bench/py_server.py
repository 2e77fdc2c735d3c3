#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The Python anchor: xmlrpc.server.SimpleXMLRPCServer + ThreadingMixIn, HTTP/1.1 keep-alive.

    py_server.py [--host H] [--port N]   prints "listening on HOST:PORT"; SIGTERM: exit 0
Methods add(a, b) and echo(x), as in interop_server.
"""
import argparse
import signal
import socketserver
import sys
import threading
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer


class Handler(SimpleXMLRPCRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; the default HTTP/1.0 closes every call
    rpc_paths = ("/RPC2", "/")


class Server(socketserver.ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # wrk drops its connections when a run ends
        super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    server = Server((args.host, args.port), requestHandler=Handler, logRequests=False,
                    allow_none=True, use_builtin_types=True)
    server.register_function(lambda a, b: a + b, "add")
    server.register_function(lambda x: x, "echo")

    def stop(_sig, _frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"listening on {args.host}:{server.server_address[1]}", flush=True)
    server.serve_forever(poll_interval=0.2)
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

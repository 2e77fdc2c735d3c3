#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Cross-check helper for codec_property_test: Python's xmlrpc.client as the peer.

  xmlrpc_crosscheck.py echo FILE   loads the methodCall in FILE (written by sockrpc) with
                                   xmlrpc.client.loads and prints xmlrpc.client.dumps of
                                   the same params and method name (read back by sockrpc)
  xmlrpc_crosscheck.py fault       prints a fault methodResponse made by Python
"""
import sys
import xmlrpc.client


def main():
    if sys.argv[1] == "echo":
        with open(sys.argv[2], "rb") as f:
            params, method = xmlrpc.client.loads(f.read())
        sys.stdout.write(xmlrpc.client.dumps(params, method, allow_none=True))
    elif sys.argv[1] == "fault":
        fault = xmlrpc.client.Fault(-32601, "method <x> & \u00fc not found")
        sys.stdout.write(xmlrpc.client.dumps(fault, methodresponse=True))
    else:
        sys.exit(64)


main()

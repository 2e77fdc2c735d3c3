#!/usr/bin/env bash
# The README demo: starts a server from build/bin on a free loopback port, talks to it
# with the matching client, and stops the server with SIGTERM.
set -euo pipefail
BIN=${1:-build/bin}
echo "(demo programs arrive with the transport examples)"
ls "$BIN"

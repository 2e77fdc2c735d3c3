#!/usr/bin/env bash
# The README demo: starts a server from build/bin on a free loopback port, reads the
# port from its "listening on HOST:PORT" line, talks to it with the matching client and
# stops it with SIGTERM (it must exit 0).
set -euo pipefail
BIN=${1:-build/bin}

# start_server NAME ARGS... : starts a server, sets SERVER_PID and SERVER_ADDR.
start_server() {
  local fifo
  fifo=$(mktemp -u)
  mkfifo "$fifo"
  "$BIN/$1" "${@:2}" >"$fifo" &
  SERVER_PID=$!
  local line
  read -r -t 10 line <"$fifo" || { echo "demo: $1 did not start" >&2; exit 1; }
  rm -f "$fifo"
  SERVER_ADDR=${line#listening on }
}

stop_server() {
  kill -TERM "$SERVER_PID"
  wait "$SERVER_PID"
}

echo "--- XML-RPC calculator over HTTP: calc_server + calc_client"
start_server calc_server --host 127.0.0.1 --port 0
echo "server: listening on $SERVER_ADDR"
"$BIN/calc_client" "http://$SERVER_ADDR/RPC2"
stop_server
echo "server stopped cleanly"

echo "--- the same over framed TCP"
start_server calc_server --host 127.0.0.1 --port 0 --framed
"$BIN/calc_client" "tcp://$SERVER_ADDR"
stop_server

echo "--- TCP echo: tcp_echo_server + tcp_echo_client"
start_server tcp_echo_server --host 127.0.0.1 --port 0
echo "server: listening on $SERVER_ADDR"
"$BIN/tcp_echo_client" "${SERVER_ADDR%:*}" "${SERVER_ADDR##*:}" "Hallo Welt" "sockrpc"
stop_server
echo "server stopped cleanly"

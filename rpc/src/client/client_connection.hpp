// SPDX-License-Identifier: MIT
#pragma once

// The sans-I/O half of a client exchange, shared by the synchronous path (transport
// sockets, client_exchange.cpp) and the asynchronous one (asio over adopted transport
// sockets, client_async.cpp): one response parser, one frame decoder and one set of rules
// for what a failure means and whether the request may be resent.

#include <sockrpc/rpc/client/url.hpp>
#include <sockrpc/rpc/http/codec.hpp>
#include <sockrpc/rpc/xml/codec.hpp>
#include <sockrpc/transport/framing.hpp>
#include <sockrpc/transport/socket.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <system_error>
#include <vector>

namespace sockrpc::rpc::detail {

/// Settings the exchange needs (a copy of the client's configuration).
struct exchange_settings {
  std::size_t max_response = 32u * 1024 * 1024;
  http::parser_limits http_limits;
};

/// The parsing state of one client connection, whatever drives its socket. Used by one
/// call at a time (taken out of the pool while in use).
struct connection_state {
  connection_state(bool framed_mode, const exchange_settings& s, const codec_limits& limits)
      : parser(s.http_limits), frames(s.max_response), xml(limits), framed(framed_mode) {}

  http::response_parser parser;             ///< http:// responses
  transport::length_prefix_decoder frames;  ///< tcp:// response frames
  http::response response;                  ///< reused between calls (keeps its buffers)
  xml_parser xml;
  bool framed = false;
  bool reused = false;  ///< taken from the pool (so a stale-connection retry is allowed)
  /// When it went back to the pool; the epoch (never) means "check before use".
  std::chrono::steady_clock::time_point idle_since;
};

/// A connection idle for less than this is reused without the liveness check: the check
/// is a system call on every call of a busy client, and what it guards against (a server
/// closing an idle connection) happens after seconds, not within a millisecond; should it
/// happen anyway, the stale-connection retry covers it (see rpc::client).
inline constexpr std::chrono::microseconds unchecked_idle{1000};

/// A connection of the synchronous path.
struct client_connection : connection_state {
  using connection_state::connection_state;
  transport::socket sock;
};

/// The outcome of one request/response exchange on a connection.
struct exchange_result {
  std::error_code ec;        ///< transport or protocol failure; empty on success
  std::string message;       ///< description of `ec`
  bool retryable = false;    ///< nothing of the request can have been processed (see client)
  bool keep = false;         ///< the connection may be pooled again
  std::size_t received = 0;  ///< response bytes received so far
  std::string body;          ///< the XML answer (HTTP body or frame payload)
};

/// True when a pooled connection (a transport socket, or one handed to asio) is still
/// usable: no EOF, no error, no unsolicited bytes.
[[nodiscard]] inline bool connection_alive(int fd) noexcept {
  std::error_code ignored;
  return transport::probe_idle(fd, ignored) == transport::idle_status::idle;
}

/// Pops pooled connections (newest first) until one is still alive; closes the dead ones.
/// One idle for less than `unchecked_idle` is taken unchecked. Returns it marked `reused`,
/// or null when the pool runs dry. `Conn` has `sock` (with native_handle()), `reused` and
/// `idle_since`; `mu` guards `pool`.
template <class Conn>
std::unique_ptr<Conn> take_live(std::mutex& mu, std::vector<std::unique_ptr<Conn>>& pool) {
  for (;;) {
    std::unique_ptr<Conn> c;
    {
      std::lock_guard lock(mu);
      if (pool.empty()) return nullptr;
      c = std::move(pool.back());
      pool.pop_back();
    }
    if (std::chrono::steady_clock::now() - c->idle_since < unchecked_idle ||
        connection_alive(c->sock.native_handle())) {
      c->reused = true;
      return c;
    }
    // Closed by the server while idle (or unsolicited bytes): dropped here.
  }
}

// ---- sans-I/O steps (both paths) -----------------------------------------------------------

/// Sending the request failed with `ec`; fills `out` (retryable only on a reused connection
/// reset before the request arrived whole).
void send_failed(const connection_state& c, const std::error_code& ec, exchange_result& out);
/// Where to receive the next bytes of the response (into the parser or the frame decoder);
/// valid until `received` or `recv_failed`.
[[nodiscard]] std::span<std::byte> recv_buffer(connection_state& c);
/// `n` bytes arrived in `recv_buffer` (0: the server closed its side). True when the
/// exchange is over and `out` holds the body or the failure; false: read more.
[[nodiscard]] bool received(connection_state& c, std::size_t n, const exchange_settings& settings,
                            exchange_result& out);
/// Receiving failed with `ec` (an OS error or errc::timeout, not EOF); fills `out`.
void recv_failed(connection_state& c, const std::error_code& ec, exchange_result& out);

// ---- the synchronous path ------------------------------------------------------------------

/// Sends `request` (HTTP-framed, or the bare XML for tcp://) and reads one answer until `until`.
void exchange(client_connection& c, std::string_view request, transport::deadline until,
              const exchange_settings& settings, exchange_result& out);

/// A stream socket connected to the Unix domain socket at `path` (a `unix://` or
/// `framed+unix://` endpoint), non-blocking. A Unix-domain connect never waits: it
/// succeeds or fails at once (EAGAIN when the listener's backlog is full). Shared by both
/// paths; on error returns a closed socket and sets `ec`.
[[nodiscard]] transport::socket connect_local(const std::string& path,
                                              std::error_code& ec) noexcept;

/// "connection refused" from "Connection refused": the OS message with a lower-case start.
[[nodiscard]] std::string describe(const std::error_code& ec);

}  // namespace sockrpc::rpc::detail

// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/codec.hpp>
#include <sockrpc/rpc/http.hpp>
#include <sockrpc/rpc/url.hpp>
#include <sockrpc/transport/socket.hpp>

#include <cstddef>
#include <string>
#include <system_error>

namespace sockrpc::rpc::detail {

/// One client connection with its per-connection parsing state. Used by one call at a
/// time (taken out of the pool while in use).
struct client_connection {
  transport::socket sock;
  http::response_parser parser;
  xml_parser xml;
  bool reused = false;  ///< taken from the pool (so a stale-connection retry is allowed)
};

/// The outcome of one request/response exchange on a connection.
struct exchange_result {
  std::error_code ec;      ///< transport or protocol failure; empty on success
  std::string message;     ///< description of `ec`
  bool retryable = false;  ///< nothing of the request can have been processed (see client)
  bool keep = false;       ///< the connection may be pooled again
  std::string body;        ///< the XML answer (HTTP body or frame payload)
};

/// Settings the exchange needs (a copy of the client's configuration).
struct exchange_settings {
  std::size_t max_response = 32u * 1024 * 1024;
  http::parser_limits http_limits;
};

/// True when a pooled connection is still usable: no EOF, no error, no unsolicited bytes.
[[nodiscard]] bool connection_alive(const transport::socket& s) noexcept;

/// Sends `request` (already HTTP-framed) and reads one HTTP response until `until`.
void exchange_http(client_connection& c, std::string_view request, transport::deadline until,
                   const exchange_settings& settings, exchange_result& out);

/// Sends `xml` as one length-prefixed frame and reads one frame back until `until`.
void exchange_framed(client_connection& c, std::string_view xml, transport::deadline until,
                     const exchange_settings& settings, exchange_result& out);

/// "connection refused" from "Connection refused": the OS message with a lower-case start.
[[nodiscard]] std::string describe(const std::error_code& ec);

}  // namespace sockrpc::rpc::detail

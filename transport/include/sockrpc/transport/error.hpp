// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/error.hpp>

#include <system_error>

/// The transport layer's error codes: what the socket layer itself detects. Errors the
/// operating system reports stay in `std::system_category()`; resolver errors are in
/// `netdb_category()`. Every code here (and every OS or resolver error) compares equal to
/// `sockrpc::condition::transport_failure`, and maps to a `std::errc` condition where one
/// fits, so `ec == std::errc::timed_out` holds for OS timeouts and library deadlines alike.
namespace sockrpc::transport {

/// Errors detected by the transport layer.
enum class errc : int {
  /// A timeout or whole-operation deadline expired. Equivalent to std::errc::timed_out.
  /// The operation may have made partial progress (see the function's docs); retry with
  /// a new deadline or give up.
  timeout = 101,
  /// The peer closed the connection before the requested bytes arrived (recv_exactly,
  /// framed reads). The connection is finished: reconnect.
  unexpected_eof = 102,
  /// A length-prefixed frame announced more than the configured maximum. Nothing was
  /// allocated; the stream is out of sync: close the connection.
  frame_too_large = 103,
  /// A delimiter-terminated message exceeded its maximum length without a delimiter.
  /// The stream is out of sync: close the connection.
  message_too_long = 104,
  /// A textual address, port or URL could not be parsed. Fix the input.
  bad_address = 105,
  /// The operation needs an open socket but this one is closed or moved from.
  /// Equivalent to std::errc::bad_file_descriptor.
  socket_closed = 106,
  /// A server refused a connection because its concurrency cap was reached. Retry later.
  too_many_connections = 107,
  /// The operation would block on a non-blocking socket (timeout zero). Wait for
  /// readiness (selector) and retry. Equivalent to std::errc::operation_would_block.
  would_block = 108,
  /// An argument is invalid (e.g. unsupported family for the call). Fix the call.
  invalid_argument = 109,

};

/// The category of `transport::errc` values; its name is "sockrpc.transport".
/// Immutable, thread-safe.
const std::error_category& category() noexcept;

/// The category of resolver errors (`EAI_*` from getaddrinfo); its name is "sockrpc.netdb".
/// `message()` is `gai_strerror`. Every code is a `condition::transport_failure`.
/// Immutable, thread-safe.
const std::error_category& netdb_category() noexcept;

/// Makes an error code in `category()`; found by ADL so `std::error_code ec = errc::timeout;`
/// works.
inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), category()};
}

}  // namespace sockrpc::transport

template <>
struct std::is_error_code_enum<sockrpc::transport::errc> : std::true_type {};

// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <system_error>

/// The one error model of sockrpc, shared by every layer.
///
/// - Errors reported by the operating system stay in `std::system_category()` with their
///   errno value (ECONNREFUSED, EPIPE, ...).
/// - Resolver failures (`getaddrinfo`'s `EAI_*` codes) are in `netdb_category()`.
/// - What the library itself detects is a `sockrpc::errc` in `sockrpc::category()`.
///   Values are numbered by layer (1xx transport, 2xx codec, 3xx rpc) and map to a
///   `std::errc` condition where one fits, so `ec == std::errc::timed_out` holds for OS
///   timeouts and library deadlines alike.
///
/// Every fallible call has a throwing overload (throws `std::system_error` whose `what()`
/// names the operation) and a `noexcept` overload that reports through `std::error_code&`.
namespace sockrpc {

/// Errors detected by sockrpc itself.
enum class errc : int {
  // ---- 1xx transport -----------------------------------------------------------------
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

  // ---- 2xx codec (XML-RPC documents) ---------------------------------------------------
  /// The document is not well-formed XML. Maps to fault -32700.
  xml_parse_error = 201,
  /// Well-formed XML that is not a valid XML-RPC document (wrong element, bad scalar
  /// text, missing member name ...). Maps to fault -32600 (request) or a protocol error.
  invalid_document = 202,
  /// A configured limit (size, depth, string length, member count) was exceeded.
  limit_exceeded = 203,
  /// A value had a different type than requested, or is out of range for it.
  type_mismatch = 204,
  /// A value cannot be represented in XML-RPC (NaN, infinity, forbidden control char).
  unrepresentable = 205,

  // ---- 3xx rpc -------------------------------------------------------------------------
  /// The peer violated HTTP or the framing protocol (bad status line, bad chunk, ...).
  protocol_error = 301,
  /// The HTTP peer answered with a non-200 status. The message carries the status.
  http_status = 302,
  /// The request was refused because the server is shutting down or overloaded.
  unavailable = 303,
  /// The call was cancelled (client destroyed, server stopped) before it completed.
  cancelled = 304,
};

/// The category of `sockrpc::errc` values; its name is "sockrpc". Immutable, thread-safe.
const std::error_category& category() noexcept;

/// The category of resolver errors (`EAI_*` from getaddrinfo); its name is "sockrpc.netdb".
/// `message()` is `gai_strerror`. Immutable, thread-safe.
const std::error_category& netdb_category() noexcept;

/// Makes an error code in `category()`; found by ADL so `std::error_code ec = errc::timeout;`
/// works.
inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), category()};
}

/// The error condition a `sockrpc::errc` compares equal to.
inline std::error_condition make_error_condition(errc e) noexcept {
  return {static_cast<int>(e), category()};
}

namespace detail {
/// Throws `std::system_error(ec, what)` if `ec` is set. `what` names the operation.
void throw_if(const std::error_code& ec, const char* what);
/// Throws `std::system_error(ec, what)` unconditionally.
[[noreturn]] void throw_error(const std::error_code& ec, const char* what);
/// The current `errno` as an error code in `std::system_category()`.
std::error_code last_error() noexcept;
}  // namespace detail

}  // namespace sockrpc

template <>
struct std::is_error_code_enum<sockrpc::errc> : std::true_type {};

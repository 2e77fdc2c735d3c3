// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/error.hpp>

#include <system_error>

/// The rpc layer's error codes: what the XML-RPC codec, the HTTP codec, the server and the
/// client detect. Transport failures keep their own codes (`sockrpc::transport::errc`, OS
/// and resolver errors); ask cross-layer questions with `sockrpc::condition`:
/// `ec == condition::protocol_failure` holds for `xml_parse_error`, `invalid_document`,
/// `limit_exceeded`, `protocol_error` and `http_status`; `ec == condition::fault` for
/// `fault`. Codes also map to a `std::errc` condition where one fits.
namespace sockrpc::rpc {

/// Errors detected by the rpc layer.
enum class errc : int {
  // ---- the XML-RPC codec ---------------------------------------------------------------
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

  // ---- HTTP, framing, server and client ------------------------------------------------
  /// The peer violated HTTP or the framing protocol (bad status line, bad chunk, ...).
  protocol_error = 301,
  /// The HTTP peer answered with a non-200 status. The message carries the status.
  http_status = 302,
  /// The request was refused because the server is shutting down or overloaded.
  unavailable = 303,
  /// The call was cancelled (client destroyed, server stopped) before it completed.
  cancelled = 304,
  /// The server answered with an XML-RPC fault (see `rpc::fault` for its code and string).
  /// An answer, not a failure: compares equal to `condition::fault`.
  fault = 305,
};

/// The category of `rpc::errc` values; its name is "sockrpc.rpc". Immutable, thread-safe.
const std::error_category& category() noexcept;

/// Makes an error code in `category()`; found by ADL.
inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), category()};
}

}  // namespace sockrpc::rpc

template <>
struct std::is_error_code_enum<sockrpc::rpc::errc> : std::true_type {};

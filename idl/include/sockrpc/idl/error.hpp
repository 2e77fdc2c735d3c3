// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/error.hpp>

#include <system_error>

/// The idl layer's error codes: what the interface-file parser detects. A file that cannot
/// be read keeps the operating system's code (`std::system_category()`, its errno). The
/// exception is `idl::parse_error` (<sockrpc/idl/parser.hpp>), a `sockrpc::error` that also
/// carries the source location; the `noexcept` parse reports the same through
/// `idl::parse_failure`. No code here is a `sockrpc::condition` (they concern peers).
namespace sockrpc::idl {

/// Errors detected by the idl layer. Each one points at a place in the interface file
/// (`parse_error::where()`): fix the file there and parse again.
enum class errc : int {
  /// The text does not follow the grammar: "expected ';'", an unterminated comment, a
  /// missing closing quote. Maps to `std::errc::invalid_argument`.
  syntax_error = 401,
  /// The text follows the grammar but breaks a rule of the language: an unknown type, a
  /// duplicate name, a reserved word used as a name, `raises` naming an undeclared fault,
  /// `void` outside a result, a map key other than `string`, a struct containing itself by
  /// value, a fault code beyond 32 bits, an empty method name. Maps to
  /// `std::errc::invalid_argument`.
  invalid_interface = 402,
  /// A generic type is nested deeper than the parser accepts (32 levels), which bounds the
  /// stack any input can use. Maps to `std::errc::value_too_large`.
  limit_exceeded = 403,
};

/// The category of `idl::errc` values; its name is "sockrpc.idl". Immutable, thread-safe.
const std::error_category& category() noexcept;

/// Makes an error code in `category()`; found by ADL so `std::error_code ec =
/// idl::errc::syntax_error;` and `ec == idl::errc::syntax_error` work.
inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), category()};
}

}  // namespace sockrpc::idl

template <>
struct std::is_error_code_enum<sockrpc::idl::errc> : std::true_type {};

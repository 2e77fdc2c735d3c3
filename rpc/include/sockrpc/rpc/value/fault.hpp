// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/error.hpp>
#include <sockrpc/rpc/error.hpp>
#include <sockrpc/rpc/value/convert.hpp>
#include <sockrpc/rpc/value/value.hpp>

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

/// XML-RPC faults: the interoperability fault codes, the fault answer as data
/// (`fault_info`) and as an exception (`fault`), and their struct form
/// `{faultCode: int, faultString: string}` on the wire.
namespace sockrpc::rpc {

/// The common XML-RPC interoperability fault codes
/// (http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php).
namespace fault_code {
/// The request is not well-formed XML.
inline constexpr int parse_error = -32700;
/// Well-formed XML, but not a valid XML-RPC methodCall.
inline constexpr int invalid_request = -32600;
/// No method of that name is registered.
inline constexpr int method_not_found = -32601;
/// The parameters do not match the method's signature (count or types).
inline constexpr int invalid_params = -32602;
/// The server failed while handling the call (a bug or resource problem on its side).
inline constexpr int internal_error = -32603;
/// An exception escaped a method handler.
inline constexpr int application_error = -32500;
}  // namespace fault_code

/// A fault answer as data: what a methodResponse `<fault>` carries. A value type
/// (copies, compares, prints); distinct objects safe.
struct fault_info {
  int code = 0;
  std::string message;

  friend bool operator==(const fault_info&, const fault_info&) = default;
};

/// "fault CODE: message", the text of fault::what() and of the command-line client.
std::string to_string(const fault_info& f);
/// Writes `to_string(f)`.
std::ostream& operator<<(std::ostream& os, const fault_info& f);
/// GoogleTest printer.
void PrintTo(const fault_info& f, std::ostream* os);

/// The exception for a fault answer: thrown by `client::call()` when the server answers
/// with a fault, and by method handlers that want to answer with a specific fault code
/// (the dispatcher turns it into that fault; any other exception becomes
/// fault_code::application_error). what() is "fault CODE: message".
///
/// A `sockrpc::error` whose error code is `errc::fault` (`== sockrpc::condition::fault`):
/// catch it as `rpc::fault` for the fault's data, or as `sockrpc::error` with every other
/// library error. `code()` here is the XML-RPC faultCode (an int) and hides the error code;
/// reach that through the base: `static_cast<const sockrpc::error&>(f).code()`.
/// The data is shared and immutable: copying never throws.
/// Thread safety: distinct objects safe; concurrent const access safe.
class fault : public sockrpc::error {
 public:
  /// A fault with `code` and `message`.
  fault(int code, std::string message);
  /// A fault carrying `info`.
  explicit fault(fault_info info);

  /// The faultCode.
  [[nodiscard]] int code() const noexcept { return info_->code; }
  /// The faultString.
  [[nodiscard]] const std::string& message() const noexcept { return info_->message; }
  /// Both, as data.
  [[nodiscard]] const fault_info& info() const noexcept { return *info_; }

 private:
  std::shared_ptr<const fault_info> info_;
};

/// fault_info <-> the struct `{faultCode: int, faultString: string}` of a fault response.
/// Reading needs both members (faultCode an int in 32-bit range, faultString a string);
/// extra members are ignored.
template <>
struct convert<fault_info> {
  static constexpr std::string_view type_name = "struct";
  static value to_value(const fault_info& f);
  /// @throws conversion_error  missing or mistyped member ("faultCode: expected int, got
  ///   string", "missing member \"faultString\"").
  static fault_info from_value(const value& v);
};

/// The struct form of a fault exception (same as `to_value(f.info())`).
template <>
struct convert<fault> {
  static constexpr std::string_view type_name = "struct";
  static value to_value(const fault& f) { return convert<fault_info>::to_value(f.info()); }
};

}  // namespace sockrpc::rpc

// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <system_error>

/// The error model every sockrpc layer shares (see docs/design.md).
///
/// - Each layer owns its codes and its `std::error_category`: `sockrpc::transport::errc`
///   ("sockrpc.transport", plus "sockrpc.netdb" for resolver errors), `sockrpc::rpc::errc`
///   ("sockrpc.rpc": the XML-RPC and HTTP codecs, the server and the client) and
///   `sockrpc::idl::errc` ("sockrpc.idl"). Errors the operating system reports stay in
///   `std::system_category()` with their errno value.
/// - Questions that span layers are `std::error_condition`s of `sockrpc::condition`, never
///   number ranges: `ec == sockrpc::condition::transport_failure` holds for every OS error,
///   resolver error and transport code; `protocol_failure` for a peer that broke HTTP,
///   framing or XML-RPC; `fault` for an XML-RPC fault answer.
/// - Every fallible call has a throwing form and a `noexcept` form. The throwing form throws
///   `sockrpc::error` or a class derived from it; the `noexcept` form reports through
///   `std::error_code&`, or through `sockrpc::status&` where the library has a message
///   worth more than the code (the exact text the exception would carry).
namespace sockrpc {

/// The cross-layer questions one asks of an error code.
enum class condition : int {
  /// The bytes did not get through: an OS socket error, a resolver error, a timeout, a
  /// connection closed early, a frame or message over its limit. Retrying on a new
  /// connection may help.
  transport_failure = 1,
  /// The peer answered, but not in the protocol: bad HTTP, a bad frame, a document that is
  /// not XML-RPC, an unexpected HTTP status. Retrying the same call will not help.
  protocol_failure = 2,
  /// The peer answered with an XML-RPC fault: an answer, not a failure of the call.
  fault = 3,
};

/// The category of `sockrpc::condition`; its name is "sockrpc.condition". It knows that
/// `std::system_category()` and `std::generic_category()` codes are transport failures;
/// each layer's category says for its own codes. Immutable, thread-safe.
const std::error_category& condition_category() noexcept;

/// Makes a condition; found by ADL so `ec == sockrpc::condition::fault` works.
inline std::error_condition make_error_condition(condition c) noexcept {
  return {static_cast<int>(c), condition_category()};
}

/// The exception every sockrpc layer throws, directly or through a derived class
/// (`rpc::fault`, `rpc::conversion_error`, `idl::parse_error`, ...).
///
/// `code()` is the error code; `what()` is exactly the message given at construction (no
/// category text is appended). The message is held in shared, immutable storage, so copying
/// an `error` never allocates and never throws, as an exception type must.
/// Thread safety: distinct objects safe; concurrent const access safe.
class error : public std::system_error {
 public:
  /// An error with `code`; `what()` is `message`.
  error(std::error_code code, std::string_view message);
  /// `what()` is `code.message()`.
  explicit error(std::error_code code);

  /// Exactly the message given at construction.
  [[nodiscard]] const char* what() const noexcept override;

 private:
  std::shared_ptr<const std::string> message_;
};

/// What a `noexcept` call reports when it fails: an error code and the exact message the
/// throwing form would carry. A value type; empty (`ok()`) until a call fails.
/// Thread safety: distinct objects safe; concurrent const access safe.
class status {
 public:
  /// Success.
  status() = default;
  /// A failure with `code` and `message` (empty: `code.message()` is used).
  status(std::error_code code, std::string message = {})
      : code_(code), message_(std::move(message)) {}

  /// True when nothing failed.
  [[nodiscard]] bool ok() const noexcept { return !code_; }
  /// True when the call failed, like `std::error_code`.
  explicit operator bool() const noexcept { return static_cast<bool>(code_); }
  /// The error code; empty on success.
  [[nodiscard]] const std::error_code& code() const noexcept { return code_; }
  /// The message; `code().message()` when none was given; empty on success.
  [[nodiscard]] std::string message() const;

  /// Records a failure (replacing any earlier one).
  void assign(std::error_code code, std::string message = {}) {
    code_ = code;
    message_ = std::move(message);
  }
  /// Back to success.
  void clear() noexcept {
    code_.clear();
    message_.clear();
  }
  /// Throws `sockrpc::error(code(), message())`. Precondition: `!ok()`.
  [[noreturn]] void raise() const;

 private:
  std::error_code code_;
  std::string message_;
};

namespace detail {
/// Throws `sockrpc::error(ec, "<what>: <ec.message()>")` if `ec` is set. `what` names the
/// operation.
void throw_if(const std::error_code& ec, const char* what);
/// Throws `sockrpc::error(ec, "<what>: <ec.message()>")` unconditionally.
[[noreturn]] void throw_error(const std::error_code& ec, const char* what);
/// The error `throw_error(ec, what)` throws, for a caller that stores or forwards it.
error operation_error(const std::error_code& ec, const char* what);
/// The current `errno` as an error code in `std::system_category()`.
std::error_code last_error() noexcept;
}  // namespace detail

}  // namespace sockrpc

template <>
struct std::is_error_condition_enum<sockrpc::condition> : std::true_type {};

// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// HTTP basic authentication (RFC 7617) for `rpc::server`: the credentials of an
/// `Authorization` field, the authenticator a server checks them with, and a simple user
/// table. Sans-I/O. Thread safety: the functions are stateless; a `user_table` is safe to
/// read from several threads once filled (no `add` meanwhile).
namespace sockrpc::rpc {

/// User name and password of a basic `Authorization` field. Holds a secret: never log it.
struct basic_credentials {
  std::string user;
  std::string password;
};

/// The longest `Authorization` value `parse_basic_authorization` accepts.
inline constexpr std::size_t max_authorization_size = 4096;

/// Parses an `Authorization` field value of the form `Basic TOKEN` (scheme
/// case-insensitive, one or more spaces, TOKEN standard base64 with its padding, nothing
/// else). The decoded text is `USER:PASSWORD` (split at the first colon), USER not empty,
/// neither holding control characters. Anything else (another scheme, bad base64, no
/// colon, a value longer than `max_authorization_size`) gives nullopt. Never throws but
/// `std::bad_alloc`.
[[nodiscard]] std::optional<basic_credentials> parse_basic_authorization(std::string_view value);

/// True when `a` and `b` are equal, in a time that depends on their lengths only (every
/// byte of the longer is looked at, without an early exit on a length or content
/// mismatch), for comparing secrets.
[[nodiscard]] bool constant_time_equals(std::string_view a, std::string_view b) noexcept;

/// Checks basic credentials: the principal (the caller's name, `call_context::user`), or
/// nullopt to refuse. Called on the server's I/O threads, perhaps concurrently: it must
/// be thread-safe and should not block.
using authenticator =
    std::function<std::optional<std::string>(std::string_view user, std::string_view password)>;

/// A fixed set of users and passwords, usable as an `authenticator` (the principal is the
/// user name). A lookup compares the given user and password with every entry in constant
/// time (`constant_time_equals`), so its duration does not tell which user exists nor
/// how much of a password matched. Value type; thread safety as the namespace says.
///
/// ```cpp
/// rpc::user_table users;
/// users.add("ada", "s3cret");
/// srv.basic_auth(users);
/// ```
class user_table {
 public:
  /// Adds (or, for a user already present, replaces) an entry.
  user_table& add(std::string user, std::string password);
  /// The user's name when `user` and `password` match an entry, else nullopt.
  [[nodiscard]] std::optional<std::string> operator()(std::string_view user,
                                                      std::string_view password) const;
  /// Number of entries.
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }

 private:
  std::vector<basic_credentials> entries_;
};

}  // namespace sockrpc::rpc

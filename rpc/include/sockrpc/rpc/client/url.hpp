// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/error.hpp>

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <system_error>

namespace sockrpc::rpc {

/// The transport a client URL selects.
enum class url_scheme : std::uint8_t {
  http,         ///< XML-RPC over HTTP/1.1: `http://[user:pass@]host[:port][/path]`
  tcp,          ///< framed TCP (4-byte big-endian length + XML): `tcp://host:port`
  unix_http,    ///< XML-RPC over HTTP/1.1 on a Unix domain socket: `unix:///abs/path`
  unix_framed,  ///< framed XML-RPC on a Unix domain socket: `framed+unix:///abs/path`
};

/// A parsed client endpoint URL.
///
/// Accepted forms (scheme case-insensitive):
/// - `http://[user[:password]@]host[:port][/path]`: port defaults to 80, path to `/RPC2`
///   (as Python's `ServerProxy` does); the path is kept as given (query included, the
///   fragment dropped). `user` and `password` are percent-decoded.
/// - `tcp://host:port`: the port is required; nothing may follow it but an optional `/`.
/// - `unix:///abs/path`: HTTP over the Unix domain socket at `/abs/path`, request path
///   `/RPC2` (supervisord's convention), `Host: localhost`.
/// - `framed+unix:///abs/path`: framed XML-RPC over the Unix domain socket at `/abs/path`.
///
/// For the two Unix forms everything after `unix://` is the socket path: absolute (so the
/// URL has three slashes), percent-decoded (`%20` for a space), without `?` or `#`, short
/// enough for a socket address (107 bytes on Linux); `host` stays empty and `port` 0.
///
/// `host` is a name, an IPv4 literal or an IPv6 literal in brackets (`[::1]`); it is
/// stored without brackets. Value type: copies and compares. Thread safety: distinct
/// objects safe.
///
/// ```cpp
/// auto u = rpc::url::parse("http://bob:s%40cret@[::1]:8080/RPC2");
/// // u.host == "::1", u.port == 8080, u.password == "s@cret"
/// ```
struct url {
  url_scheme scheme = url_scheme::http;
  std::string host;  ///< without brackets
  std::uint16_t port = 80;
  std::string path = "/RPC2";    ///< request-target for HTTP; "/" or empty for tcp
  std::string user;              ///< percent-decoded; empty when none
  std::string password;          ///< percent-decoded; empty when none
  bool has_credentials = false;  ///< the URL carried `user[:password]@`
  std::string socket_path;       ///< Unix forms: the socket's path; empty otherwise

  /// True for the framed forms (`tcp://`, `framed+unix://`).
  [[nodiscard]] bool framed() const noexcept {
    return scheme == url_scheme::tcp || scheme == url_scheme::unix_framed;
  }
  /// True for the Unix domain socket forms.
  [[nodiscard]] bool is_local() const noexcept {
    return scheme == url_scheme::unix_http || scheme == url_scheme::unix_framed;
  }

  /// Parses `text`.
  /// @throws sockrpc::error  `transport::errc::bad_address`, its what() naming the problem
  ///   (unknown scheme, empty host, bad port, unterminated `[`, bad percent escape ...).
  static url parse(std::string_view text);
  /// Same as above, reporting errors through `st` (the code and the exact message the
  /// throwing form carries); then the result is a default `url`.
  static url parse(std::string_view text, sockrpc::status& st) noexcept;

  /// `host[:port]` as the HTTP `Host` field wants it: IPv6 in brackets, `:port` omitted
  /// for the default port 80; `localhost` for the Unix forms.
  [[nodiscard]] std::string host_field() const;
  /// Where the client connects, for messages: `host_field()`, or `unix:PATH` for the Unix
  /// forms.
  [[nodiscard]] std::string endpoint_name() const;
  /// The URL without credentials, e.g. `http://[::1]:8080/RPC2` (safe to log);
  /// `unix:///abs/path` for the Unix forms (`%`, `?` and `#` of the path percent-encoded,
  /// so that `parse(to_string())` gives the same endpoint).
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const url&, const url&) = default;
};

/// Prints `u.to_string()` (never the credentials).
std::ostream& operator<<(std::ostream& os, const url& u);

/// Decodes `%XX` escapes of `text` into `out` (replaced). Returns false (and leaves `out`
/// unspecified) for a `%` not followed by two hex digits.
[[nodiscard]] bool percent_decode(std::string_view text, std::string& out);

}  // namespace sockrpc::rpc

// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/transport/address.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sockrpc::rpc {

/// What a method handler may know about the call besides its parameters: the method name,
/// who called, the request headers, the deadline and the authenticated user. Filled by the
/// transport (server) that received the request; a handler asks for it by taking
/// `const call_context&` as its first parameter:
/// ```
/// registry.add("whoami", [](const call_context& ctx) { return ctx.peer.to_string(); });
/// ```
/// The reference a handler receives is valid for the duration of the handler call only;
/// an asynchronous handler that needs the context later copies what it needs.
/// A value type: copies and compares. Thread safety: distinct objects safe.
struct call_context {
  /// One request header as received (name case as sent).
  using header = std::pair<std::string, std::string>;

  /// The method being called (set by `method_registry::dispatch`).
  std::string method;
  /// The peer's address (IPv4 or IPv6 host and port; `to_string()` gives "HOST:PORT",
  /// "[::1]:5000" for IPv6), for HTTP and framed connections alike. Family `local` on a
  /// Unix domain socket, its path usually empty (clients rarely bind one). Empty (family
  /// `unspec`) when unknown: in-process calls, or a connection whose peer could not be
  /// read.
  transport::address peer;
  /// Request headers (HTTP headers; empty for framed TCP), in the order received.
  std::vector<header> headers;
  /// When the caller stops waiting; a handler may give up once it has passed. Empty:
  /// no deadline.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  /// The caller's authenticated name (the principal): what the server's authenticator
  /// returned for the request's HTTP basic credentials (`server::basic_auth`). Empty for
  /// anonymous calls: a server without an authenticator, framed connections, in-process
  /// dispatch. Never the password.
  std::optional<std::string> user;

  /// The value of the first header named `name`, compared case-insensitively (ASCII), or
  /// nullptr. The pointer is valid while the context is not modified.
  [[nodiscard]] const std::string* header_value(std::string_view name) const noexcept;

  /// True when a deadline is set and `now` is at or past it.
  [[nodiscard]] bool expired(
      std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now()) const noexcept {
    return deadline && now >= *deadline;
  }

  friend bool operator==(const call_context&, const call_context&) = default;
};

}  // namespace sockrpc::rpc

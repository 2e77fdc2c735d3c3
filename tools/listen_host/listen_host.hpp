// SPDX-License-Identifier: MIT
// The `--host H` of the servers that take numeric addresses only (interop_server and the
// xmlrpc-c test server): docs/programs.md "interop_server". Header-only; internal to the
// build, never installed.
#pragma once

#include <sockrpc/transport/address.hpp>

#include <cstdint>
#include <string>
#include <system_error>

namespace sockrpc::tools {

/// The address to listen on for `--host host --port port`: a numeric IPv4 address, a
/// numeric IPv6 address (brackets allowed: "[::1]") or "localhost" (127.0.0.1). Never
/// resolves other names.
/// @throws std::system_error when `host` is none of these (the caller reports bad usage).
inline transport::address listen_host(const std::string& host, std::uint16_t port) {
  std::error_code ec;
  auto a = transport::address::ipv4(host, port, ec);
  if (!ec) return a;
  if (host == "localhost") return transport::address::ipv4("127.0.0.1", port);
  auto h = host;
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  return transport::address::ipv6(h, port);
}

}  // namespace sockrpc::tools

// SPDX-License-Identifier: MIT
// docs/transport.md "The error model": the noexcept form of a call. Runs to completion: a
// connect to a port nobody listens on is refused.
#include <sockrpc/transport.hpp>

#include <system_error>

namespace tp = sockrpc::transport;

int main() {
  // A free port: bind one, then close it without listening.
  tp::address addr;
  {
    tp::socket probe(tp::family::ipv4, tp::sock_type::stream);
    probe.bind(tp::address::loopback(tp::family::ipv4, 0));
    addr = probe.getsockname();
  }
  tp::socket s(tp::family::ipv4, tp::sock_type::stream);
  // [snippet:error_code]
  std::error_code ec;
  s.connect(addr, ec);
  if (ec == std::errc::connection_refused) {
    // ... try the next server
  }
  // [snippet:end]
  return ec == std::errc::connection_refused ? 0 : 1;
}

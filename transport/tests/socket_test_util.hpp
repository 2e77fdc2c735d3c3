// SPDX-License-Identifier: MIT
// Shared helpers of the socket-core tests: loopback listeners and connected pairs.
#pragma once

#include <sockrpc/transport/address.hpp>
#include <sockrpc/transport/socket.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace sockrpc_test {

using namespace std::chrono_literals;
namespace st = sockrpc::transport;
// The names every socket test uses (`using namespace sockrpc_test;` brings them in).
using st::address;
using st::errc;
using st::family;
using st::sock_type;

/// Upper bound for any blocking call in a test: nothing can hang longer.
inline constexpr auto test_timeout = std::chrono::seconds(10);

/// A listening TCP socket on the loopback address of `f`, port 0.
inline st::socket make_listener(st::family f, int backlog = 16) {
  st::socket l(f, st::sock_type::stream);
  l.bind(st::address::loopback(f, 0));
  l.listen(backlog);
  l.settimeout(test_timeout);
  return l;
}

/// A connected TCP pair over loopback: {client, server side}. Both have test_timeout.
inline std::pair<st::socket, st::socket> make_tcp_pair(st::family f) {
  auto listener = make_listener(f);
  st::socket client(f, st::sock_type::stream);
  client.settimeout(test_timeout);
  client.connect(listener.getsockname());
  auto [server, peer] = listener.accept();
  server.settimeout(test_timeout);
  return {std::move(client), std::move(server)};
}

/// `n` bytes of a pattern where byte i depends on i (catches reordering and loss).
inline std::vector<std::byte> pattern(std::size_t n, std::size_t seed = 0) {
  std::vector<std::byte> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t j = i + seed;
    v[i] = static_cast<std::byte>((j * 131) ^ (j >> 8) ^ (j >> 16));
  }
  return v;
}

/// "IPv4" / "IPv6" for parametrised test names.
inline std::string family_name(const testing::TestParamInfo<st::family>& info) {
  return info.param == st::family::ipv4 ? "IPv4" : "IPv6";
}

/// Seconds elapsed since `start`, for "took at least the timeout" assertions.
inline auto elapsed_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::steady_clock::now() - start;
}

}  // namespace sockrpc_test

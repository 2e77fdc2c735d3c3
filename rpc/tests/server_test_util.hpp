// SPDX-License-Identifier: MIT
#pragma once

// Helpers for the server tests: a running server on loopback (HTTP listener 0, framed
// listener 1) with the interop and system methods, and raw-socket HTTP clients.

#include <sockrpc/rpc/http/codec.hpp>
#include <sockrpc/rpc/server/server.hpp>
#include <sockrpc/rpc/xml/codec.hpp>
#include <sockrpc/transport/resolver.hpp>
#include <sockrpc/transport/socket.hpp>

#include <gtest/gtest.h>

#include <sockrpc_test/loopback_server.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sockrpc_test {

namespace rpc = sockrpc::rpc;
namespace http = sockrpc::rpc::http;
namespace transport = sockrpc::transport;
using namespace std::chrono_literals;

/// Bound on every blocking call of a test.
inline constexpr auto io_timeout = 5s;

/// A started server; stopped by the destructor.
class test_server {
 public:
  explicit test_server(const std::function<void(rpc::server&)>& configure = {}) {
    add_interop_methods(srv);
    srv.methods().add_system_methods();
    if (configure) configure(srv);
    srv.listen_http(transport::address::loopback(transport::family::ipv4, 0));
    srv.listen_framed(transport::address::loopback(transport::family::ipv4, 0));
    srv.start();
  }
  ~test_server() { srv.stop(); }
  test_server(const test_server&) = delete;
  test_server& operator=(const test_server&) = delete;

  transport::address http() const { return srv.local_address(0); }
  transport::address framed() const { return srv.local_address(1); }

  rpc::server srv;
};

/// A connected client socket with `io_timeout` on every operation.
inline transport::socket connect_to(const transport::address& a) {
  auto s = transport::socket(a.get_family(), transport::sock_type::stream);
  s.settimeout(io_timeout);
  s.connect(a);
  return s;
}

/// The bytes of a POST request with `body`.
inline std::string post_request(std::string_view body, std::string_view path = "/RPC2",
                                std::string_view extra_headers = "",
                                std::string_view version = "HTTP/1.1") {
  std::string r;
  r.append("POST ").append(path).append(" ").append(version).append("\r\n");
  r.append("Host: test\r\nContent-Type: text/xml\r\n");
  r.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  r.append(extra_headers).append("\r\n").append(body);
  return r;
}

/// The XML of a methodCall.
inline std::string call_xml(std::string_view method, std::vector<rpc::value> params = {}) {
  return rpc::serialize_call(method, params);
}

/// Reads HTTP responses from a socket.
class response_reader {
 public:
  explicit response_reader(transport::socket& s) : s_(s) {}
  /// The next response; nullopt at EOF or on a parse error / timeout (see `error`).
  std::optional<http::response> next() {
    http::response r;
    for (;;) {
      auto ev = parser_.next(r);
      if (ev == http::parse_event::message) return r;
      if (ev != http::parse_event::need_more) return std::nullopt;
      auto buf = parser_.prepare(16 * 1024);
      std::error_code ec;
      auto n = s_.recv_into(std::as_writable_bytes(buf), ec);
      if (ec) {
        error = ec;
        parser_.commit(0);
        return std::nullopt;
      }
      parser_.commit(n);
      if (n == 0) parser_.feed_eof();
    }
  }
  std::error_code error;

 private:
  transport::socket& s_;
  http::response_parser parser_;
};

/// True if the peer closes the connection (EOF or reset) within `io_timeout`; bytes that
/// arrive before are dropped.
inline bool peer_closes(transport::socket& s) {
  std::byte buf[4096];
  for (;;) {
    std::error_code ec;
    auto n = s.recv_into(buf, ec);
    if (ec) return ec == std::errc::connection_reset;
    if (n == 0) return true;
  }
}

/// Sends one request and reads its response.
inline http::response roundtrip(transport::socket& s, std::string_view request) {
  s.sendall(request);
  response_reader rd(s);
  auto r = rd.next();
  if (!r) throw std::runtime_error("no response: " + rd.error.message());
  return *r;
}

/// The decoded methodResponse of an HTTP response.
inline rpc::method_response decode(const http::response& r) {
  return rpc::parse_response(r.body);
}

}  // namespace sockrpc_test

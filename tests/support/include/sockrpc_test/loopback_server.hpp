// SPDX-License-Identifier: MIT
// An rpc::server on 127.0.0.1 (a free port) with the system.* methods, serving whatever a
// test registers (a generated service, the interop method set), and a client for it.
// Header-only: include it from tests that link sockrpc_interop_methods.
#pragma once

#include <sockrpc/rpc/client/client.hpp>
#include <sockrpc/rpc/server/server.hpp>
#include <sockrpc/transport/address.hpp>
#include <sockrpc_tools/interop_methods.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>

namespace sockrpc_test {

/// Registers interop_server's method set on `server`; its delays run on the server's timers.
inline void add_interop_methods(sockrpc::rpc::server& server) {
  sockrpc::interop::register_interop_methods(
      server.methods(), [&server](std::chrono::milliseconds d, std::function<void()> task) {
        server.schedule_after(d, std::move(task));
      });
}

/// Register methods through methods(), then start(); the destructor stops the server.
/// Not thread-safe; the server's own threads serve the calls.
class loopback_server {
 public:
  loopback_server() = default;
  ~loopback_server() { server_.stop(); }
  loopback_server(const loopback_server&) = delete;
  loopback_server& operator=(const loopback_server&) = delete;

  sockrpc::rpc::method_registry& methods() noexcept { return server_.methods(); }

  /// Serves on `n` threads; call before start().
  void threads(std::size_t n) { server_.threads(n); }

  /// Registers interop_server's method set (its delays run on the server's timers).
  void add_interop_methods() { sockrpc_test::add_interop_methods(server_); }

  /// Adds the system.* methods, listens on HTTP (or length-prefixed TCP when `framed`) and
  /// serves. Returns url().
  const std::string& start(bool framed = false) {
    namespace transport = sockrpc::transport;
    server_.methods().add_system_methods();
    const auto local = transport::address::loopback(transport::family::ipv4, 0);
    const auto index = framed ? server_.listen_framed(local) : server_.listen_http(local);
    url_ = (framed ? "tcp://" : "http://") + server_.local_address(index).to_string() +
           (framed ? "" : "/RPC2");
    server_.start();
    return url_;
  }

  /// "http://127.0.0.1:PORT/RPC2" or "tcp://127.0.0.1:PORT", once started.
  [[nodiscard]] const std::string& url() const noexcept { return url_; }

  /// A client of url() whose calls time out after `timeout`.
  [[nodiscard]] sockrpc::rpc::client client(
      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    sockrpc::rpc::client c(url_);
    c.set_timeout(timeout);
    return c;
  }

 private:
  sockrpc::rpc::server server_;
  std::string url_;
};

/// A started loopback_server with the interop methods, over HTTP or (when `framed`)
/// length-prefixed TCP, on `thread_count` threads.
class interop_server : public loopback_server {
 public:
  explicit interop_server(bool framed, std::size_t thread_count = 1) {
    threads(thread_count);
    add_interop_methods();
    start(framed);
  }
};

}  // namespace sockrpc_test

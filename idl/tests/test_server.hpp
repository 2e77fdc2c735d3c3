// SPDX-License-Identifier: MIT
// The loopback server of the idl tests: an rpc::server on 127.0.0.1 (a free port) with the
// system.* methods, serving whatever a test registers (a generated service, the interop
// method set), and a client for it.
#pragma once

#include <sockrpc/rpc/client/client.hpp>
#include <sockrpc/rpc/server/server.hpp>
#include <sockrpc/transport/address.hpp>
#include <sockrpc_tools/interop_methods.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <utility>

namespace sockrpc::idl::test {

/// Register methods through methods(), then start(); the destructor stops the server.
/// Not thread-safe; the server's own threads serve the calls.
class test_server {
 public:
  test_server() = default;
  ~test_server() { server_.stop(); }
  test_server(const test_server&) = delete;
  test_server& operator=(const test_server&) = delete;

  rpc::method_registry& methods() noexcept { return server_.methods(); }

  /// Registers interop_server's method set (its delays run on the server's timers).
  void add_interop_methods() {
    interop::register_interop_methods(
        server_.methods(), [this](std::chrono::milliseconds d, std::function<void()> task) {
          server_.schedule_after(d, std::move(task));
        });
  }

  /// Adds the system.* methods, listens on HTTP (or length-prefixed TCP when `framed`) and
  /// serves. Returns url().
  const std::string& start(bool framed = false) {
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
  [[nodiscard]] rpc::client client(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    rpc::client c(url_);
    c.set_timeout(timeout);
    return c;
  }

 private:
  rpc::server server_;
  std::string url_;
};

}  // namespace sockrpc::idl::test

// SPDX-License-Identifier: MIT
#pragma once

#include "client/client_engine.hpp"

#include <sockrpc/transport/resolver.hpp>

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace sockrpc::rpc::detail {

/// One asynchronous call: connect (or borrow a pooled connection), write the request, read
/// the answer, with a steady_timer enforcing the connect and call deadlines. Every step
/// runs on the call's strand. Kept alive by its pending handlers (shared_ptr); the engine
/// only keeps a raw pointer, removed by the destructor.
class async_call : public std::enable_shared_from_this<async_call> {
 public:
  async_call(async_engine& eng, std::string request, client::completion_handler handler,
             transport::deadline until);
  ~async_call();
  async_call(const async_call&) = delete;
  async_call& operator=(const async_call&) = delete;

  using strand = asio::strand<asio::io_context::executor_type>;
  [[nodiscard]] const strand& executor() const noexcept { return strand_; }

  /// Begins the call. On the strand.
  void start();
  /// Ends the call now with `ec` (closing its connection) unless it has ended already.
  /// On the strand.
  void fail(std::error_code ec, std::string message);

 private:
  void next_attempt();
  void connect();
  void connect_next_address();
  void connect_local();
  void on_connected(const std::error_code& ec);
  void send();
  void on_sent(const std::error_code& ec);
  void read();
  void on_read(const std::error_code& ec, std::size_t n);
  void after_exchange();
  void arm_timer(transport::deadline d);
  void on_timer(const std::error_code& ec);
  void deliver(method_response resp);
  void drop_connection() noexcept;

  async_engine& eng_;
  const client_impl& cfg_;
  strand strand_;
  asio::steady_timer timer_;
  std::string request_;  // HTTP-framed, or the bare XML for tcp://
  std::array<std::byte, transport::frame_header_size> prefix_{};
  client::completion_handler handler_;
  transport::deadline until_;
  int attempt_ = 0;
  std::unique_ptr<async_connection> conn_;
  exchange_result out_;
  std::vector<transport::addrinfo_entry> addresses_;
  std::size_t next_address_ = 0;
  std::error_code connect_error_;
  bool connecting_ = false;
  bool done_ = false;
};

}  // namespace sockrpc::rpc::detail

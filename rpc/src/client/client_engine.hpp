// SPDX-License-Identifier: MIT
#pragma once

// The asynchronous side of rpc::client: one io_context driven by a few I/O threads, calls
// as small state machines over transport sockets adopted into asio, an idle pool of their
// own. The only client part that sees asio.

#include "client/client_impl.hpp"

#include <asio.hpp>

#include <memory>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

namespace sockrpc::rpc::detail {

/// A connection of the asynchronous path: a transport socket adopted by asio.
struct async_connection : connection_state {
  async_connection(asio::io_context& ctx, bool framed_mode, const exchange_settings& s,
                   const codec_limits& limits)
      : connection_state(framed_mode, s, limits), sock(ctx) {}
  asio::ip::tcp::socket sock;
};

class async_call;

/// Owns the io_context, its threads, the async idle pool and the calls in flight.
/// Borrows the client's configuration (`cfg`), which must outlive it.
class async_engine {
  // Declared before the io_context: a handler destroyed with it may still unregister.
  mutable std::mutex mu_;                                // guards pool_, calls_, stopping_
  std::vector<std::unique_ptr<async_connection>> pool_;  // emptied before ctx goes
  std::unordered_set<async_call*> calls_;
  bool stopping_ = false;

 public:
  explicit async_engine(const client_impl& config);
  /// Calls `shutdown()`.
  ~async_engine();
  async_engine(const async_engine&) = delete;
  async_engine& operator=(const async_engine&) = delete;

  /// Completes every unfinished call with errc::cancelled, waits for running completion
  /// handlers, joins the I/O threads and closes the idle connections. Calls started from a
  /// completion handler meanwhile complete with errc::cancelled. Idempotent. Must not run
  /// on one of the I/O threads.
  void shutdown() noexcept;

  /// Starts `method(params)`; `handler` runs exactly once on an I/O thread.
  void start(std::string method, std::vector<rpc::value> params,
             client::completion_handler handler);

  // Called by calls (any I/O thread).
  std::unique_ptr<async_connection> take_idle();
  void give_back(std::unique_ptr<async_connection> c) noexcept;
  /// False once the engine is shutting down (a call then must not register).
  bool add_call(async_call* c);
  void remove_call(async_call* c) noexcept;

  std::size_t idle_connections() const noexcept;
  void close_idle() noexcept;

  const client_impl& cfg;
  asio::io_context ctx;

 private:
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::vector<std::thread> threads_;
};

}  // namespace sockrpc::rpc::detail

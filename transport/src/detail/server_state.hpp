// SPDX-License-Identifier: MIT
// The state behind basic_server: what tcp_server and udp_server share, and the shape of
// their serve_forever loop. Each server derives its state and fills in the hooks.
#pragma once

#include <sockrpc/transport/server.hpp>
#include <sockrpc/transport/wake_event.hpp>

#include "task_runner.hpp"

#include <atomic>
#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <system_error>
#include <utility>

namespace sockrpc::transport::detail {

/// The bound socket and its address, the task runner's settings, the error callback, the
/// wake-up event and the counters. Settings are written before serve_forever and read by
/// it; the atomics may be touched from any thread (stop from signal handlers).
class server_state {
 public:
  /// Takes the bound socket `s`; throws sockrpc::error (errc::socket_closed if `s` is not
  /// open, or the wake_event's error). `name` (a literal) prefixes error reports.
  server_state(socket s, server_mode default_mode, const char* name);
  virtual ~server_state() = default;
  server_state(const server_state&) = delete;
  server_state& operator=(const server_state&) = delete;

  /// A new socket of `type` bound to `bind_address` (IPv4, IPv6 or Unix-domain):
  /// SO_REUSEADDR on for TCP, IPV6_V6ONLY on for IPv6.
  /// @throws sockrpc::error errc::invalid_argument (other families, reported as `name`)
  /// or the OS error.
  static socket bind_socket(const address& bind_address, sock_type type, const char* name);

  /// serve_forever(ec): the first call on an open socket serves (see `serve_loop`); later
  /// ones fail with errc::socket_closed. Closes the socket before returning.
  void serve(std::error_code& ec) noexcept;

  /// shutdown(): async-signal-safe (an atomic store and `wake_event::notify`).
  void request_stop() noexcept {
    stop.store(true);
    wake.notify();
  }

  /// Hands `e` to the error callback, or prints one line on stderr. Never throws.
  void report(std::exception_ptr e, const address& peer) const noexcept;

  socket sock;
  address local;
  server_mode mode;
  std::size_t threads = 4;
  std::size_t queue_limit = 64;
  overload_policy policy = overload_policy::wait;
  server_error_callback on_error;
  wake_event wake;

  std::atomic<bool> stop{false};
  std::atomic<bool> served{false};
  std::atomic<std::size_t> active{0};
  std::atomic<std::size_t> rejected{0};

 protected:
  // ---- The hooks of the serve loop (all on the serve_forever thread).

  /// Cap on jobs in flight besides the mode's (0 = none).
  virtual std::size_t max_in_flight() const noexcept = 0;
  /// Before the loop (may throw sockrpc::error).
  virtual void prepare() {}
  /// Whether the loop should wait for the socket now (false while at capacity ...).
  virtual bool want_socket(const task_runner& runner) {
    return policy == overload_policy::reject || runner.has_capacity();
  }
  /// How long the loop may wait (nullopt: until something is ready).
  virtual std::optional<duration> max_wait() { return std::nullopt; }
  /// The socket is readable: accept (receive) a bounded batch and submit the jobs. Sets
  /// `ec` (and `stop`) on a fatal error.
  virtual void on_readable(task_runner& runner, std::error_code& ec) = 0;
  /// After the loop: the server's shutdown (ends with every job finished).
  virtual void wind_down(task_runner& runner) = 0;

  // ---- Helpers for on_readable.

  /// True while a batch may take one more job: not stopping, and room for it unless the
  /// overload policy rejects.
  bool may_take_more(const task_runner& runner) const {
    return !stop.load() && (policy == overload_policy::reject || runner.has_capacity());
  }
  /// An accept/receive error `e` of `op`: false (carry on) if it is transient; else reports
  /// it, and a fatal one ends serving with `ec`. Then returns true: end the batch.
  bool batch_failed(const std::error_code& e, const char* op, std::error_code& ec) noexcept;
  /// Submits the job `make_job()` makes, or counts it rejected when at capacity
  /// (`overload_policy::reject`; the job's resources are dropped by the caller).
  template <class MakeJob>
  void admit(task_runner& runner, const address& peer, MakeJob&& make_job) noexcept {
    if (!runner.has_capacity()) {
      ++rejected;
      return;
    }
    try {
      runner.submit(make_job());
    } catch (...) {
      report(std::current_exception(), peer);
    }
  }

 private:
  void serve_loop(std::error_code& ec);

  const char* name_;
};

/// What the servers' jobs share: the state `st_` of type `State` (a server_state) and the
/// `peer_` served. A job counts in `st_.active` for its whole life; the derived job's
/// destructor runs first, so what it releases (a connection) is gone before the count drops.
template <class State>
class server_job : public job {
 public:
  server_job(const server_job&) = delete;
  server_job& operator=(const server_job&) = delete;

 protected:
  server_job(State& st, address peer) : st_(st), peer_(std::move(peer)) { ++st_.active; }
  ~server_job() override { --st_.active; }

  /// Runs `handler()`, reporting what it throws with the peer.
  template <class Handler>
  void run_handler(Handler&& handler) noexcept {
    try {
      std::forward<Handler>(handler)();
    } catch (...) {
      st_.report(std::current_exception(), peer_);
    }
  }

  State& st_;
  address peer_;
};

/// The `State` a server made its `impl_` (basic_server's) of.
template <class State>
State& state_of(const std::unique_ptr<server_state>& impl) noexcept {
  return static_cast<State&>(*impl);
}

static_assert(std::atomic<bool>::is_always_lock_free, "shutdown() must be async-signal-safe");

}  // namespace sockrpc::transport::detail

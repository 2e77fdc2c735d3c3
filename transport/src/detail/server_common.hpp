// SPDX-License-Identifier: MIT
// Pieces shared by tcp_server and udp_server.
#pragma once

#include <sockrpc/transport/server.hpp>
#include <sockrpc/transport/wake_event.hpp>

#include <atomic>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

namespace sockrpc::transport::detail {

/// Hands `error` to `callback`, or prints one line on stderr without one. Never throws.
inline void report_error(const server_error_callback& callback, std::exception_ptr error,
                         const address& peer, const char* server_name) noexcept {
  try {
    if (callback) {
      callback(error, peer);
      return;
    }
    std::string line = std::string("sockrpc ") + server_name + ": ";
    line += peer.get_family() == family::unspec ? std::string("server") : peer.to_string();
    line += ": ";
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      line += e.what();
    } catch (...) {
      line += "unknown exception";
    }
    line += '\n';
    std::fputs(line.c_str(), stderr);  // one call, so concurrent reports do not interleave
  } catch (...) {
    // The error path must never take the server down.
  }
}

/// An exception_ptr for an error code, for `report_error`.
inline std::exception_ptr make_error(const std::error_code& ec, const char* what) noexcept {
  try {
    return std::make_exception_ptr(std::system_error(ec, what));
  } catch (...) {
    return std::current_exception();
  }
}

/// True for accept/recv errors that say nothing about the listening socket itself.
inline bool is_transient(const std::error_code& ec) noexcept {
  return ec == std::errc::connection_aborted || ec == std::errc::interrupted ||
         ec == std::errc::protocol_error || ec == std::errc::operation_not_permitted ||
         ec == std::errc::connection_reset || ec == std::errc::connection_refused;
}

/// True for errors that mean the socket is unusable: the serve loop must end.
inline bool is_fatal(const std::error_code& ec) noexcept {
  return ec == std::errc::bad_file_descriptor || ec == std::errc::invalid_argument ||
         ec == std::errc::not_a_socket || ec == std::errc::operation_not_supported;
}

/// What tcp_server and udp_server share: the bound socket and its address, the task
/// runner's settings, the error callback, the wake-up descriptor and the counters.
/// Settings are written before serve_forever and read by it; the atomics may be touched
/// from any thread (stop from signal handlers).
struct server_state_base {
  /// Takes the bound socket `s`; throws std::system_error (socket_closed if `s` is not
  /// open, or eventfd's error). `name` (a literal) prefixes error reports.
  server_state_base(socket s, server_mode default_mode, const char* name)
      : sock(std::move(s)), mode(default_mode), name_(name) {
    if (!sock.is_open()) sockrpc::detail::throw_error(errc::socket_closed, name_);
    std::error_code ec;
    wake = wake_event(ec);
    if (ec) sockrpc::detail::throw_if(ec, (std::string(name_) + ": wake_event").c_str());
    local = sock.getsockname();
  }

  void report(std::exception_ptr e, const address& peer) const noexcept {
    report_error(on_error, std::move(e), peer, name_);
  }

  /// shutdown(): async-signal-safe (an atomic store and `wake_event::notify`).
  void request_stop() noexcept {
    stop.store(true);
    wake.notify();
  }

  /// The first serve_forever on an open socket gets true; later ones socket_closed.
  bool claim_serve(std::error_code& ec) noexcept {
    if (served.exchange(true) || !sock.is_open()) {
      ec = errc::socket_closed;
      return false;
    }
    return true;
  }

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

 private:
  const char* name_;
};

static_assert(std::atomic<bool>::is_always_lock_free, "shutdown() must be async-signal-safe");

}  // namespace sockrpc::transport::detail

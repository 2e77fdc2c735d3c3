// SPDX-License-Identifier: MIT
// What tcp_server and udp_server share: basic_server (declared in server.hpp) and the
// serve loop of their state (detail/server_state.hpp).
#include <sockrpc/transport/server.hpp>

#include <sockrpc/transport/selector.hpp>

#include "detail/server_state.hpp"

#include <cstdio>
#include <new>
#include <string>

namespace sockrpc::transport {
namespace detail {
namespace {

/// True for accept/recv errors that say nothing about the server's socket itself.
bool is_transient(const std::error_code& ec) noexcept {
  return ec == std::errc::connection_aborted || ec == std::errc::interrupted ||
         ec == std::errc::protocol_error || ec == std::errc::operation_not_permitted ||
         ec == std::errc::connection_reset || ec == std::errc::connection_refused;
}

/// True for errors that mean the socket is unusable: the serve loop must end.
bool is_fatal(const std::error_code& ec) noexcept {
  return ec == std::errc::bad_file_descriptor || ec == std::errc::invalid_argument ||
         ec == std::errc::not_a_socket || ec == std::errc::operation_not_supported;
}

/// An exception_ptr for an error code, for `report`.
std::exception_ptr make_error(const std::error_code& ec, const char* what) noexcept {
  try {
    return std::make_exception_ptr(sockrpc::detail::operation_error(ec, what));
  } catch (...) {
    return std::current_exception();
  }
}

}  // namespace

server_state::server_state(socket s, server_mode default_mode, const char* name)
    : sock(std::move(s)), mode(default_mode), name_(name) {
  if (!sock.is_open()) sockrpc::detail::throw_error(errc::socket_closed, name_);
  std::error_code ec;
  wake = wake_event(ec);
  if (ec) sockrpc::detail::throw_if(ec, (std::string(name_) + ": wake_event").c_str());
  local = sock.getsockname();
}

socket server_state::bind_socket(const address& bind_address, sock_type type, const char* name) {
  const auto f = bind_address.get_family();
  if (f != family::ipv4 && f != family::ipv6 && f != family::local) {
    sockrpc::detail::throw_error(errc::invalid_argument, name);
  }
  socket s(f, type);
  if (f != family::local && type == sock_type::stream) s.set_reuse_address(true);
  if (f == family::ipv6) s.set_v6only(true);
  s.bind(bind_address);
  return s;
}

void server_state::report(std::exception_ptr error, const address& peer) const noexcept {
  try {
    if (on_error) {
      on_error(error, peer);
      return;
    }
    std::string line = std::string("sockrpc ") + name_ + ": ";
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

bool server_state::batch_failed(const std::error_code& e, const char* op,
                                std::error_code& ec) noexcept {
  if (is_transient(e)) return false;
  report(make_error(e, op), address());
  if (is_fatal(e)) {
    ec = e;
    stop.store(true);
  }
  return true;
}

void server_state::serve(std::error_code& ec) noexcept {
  ec.clear();
  if (served.exchange(true) || !sock.is_open()) {
    ec = errc::socket_closed;
    return;
  }
  try {
    serve_loop(ec);
  } catch (const std::system_error& e) {
    ec = e.code();
  } catch (const std::bad_alloc&) {
    ec = std::make_error_code(std::errc::not_enough_memory);
  }
  std::error_code ignored;
  sock.close(ignored);
}

// Waits on the wake-up event and, while `want_socket`, on the socket; hands readiness of
// the socket to `on_readable` until stopped, then `wind_down`.
void server_state::serve_loop(std::error_code& ec) {
  prepare();
  selector sel(selector_backend::automatic);
  sel.add(wake.native_handle(), event::read);
  task_runner runner(mode, threads, queue_limit, max_in_flight(), [this] { wake.notify(); });
  const int fd = sock.native_handle();
  bool watching = false;
  while (!stop.load()) {
    const bool want = want_socket(runner);
    if (want != watching) {
      if (want) {
        sel.add(fd, event::read);
      } else {
        sel.remove(fd);
      }
      watching = want;
    }
    for (const auto& ready : sel.select(max_wait())) {
      if (ready.key.fd == fd) {
        on_readable(runner, ec);
      } else {
        wake.drain();
        runner.reap();
      }
    }
  }
  wind_down(runner);
}

}  // namespace detail

// ---- basic_server -------------------------------------------------------------------------

namespace {
// What the throwing serve_forever names in its error.
template <class Derived>
constexpr const char* serve_forever_name = nullptr;
template <>
constexpr const char* serve_forever_name<tcp_server> = "tcp_server::serve_forever";
template <>
constexpr const char* serve_forever_name<udp_server> = "udp_server::serve_forever";
}  // namespace

template <class Derived>
basic_server<Derived>::basic_server(std::unique_ptr<detail::server_state> state) noexcept
    : impl_(std::move(state)) {}
template <class Derived>
basic_server<Derived>::~basic_server() = default;
template <class Derived>
basic_server<Derived>::basic_server(basic_server&&) noexcept = default;
template <class Derived>
basic_server<Derived>& basic_server<Derived>::operator=(basic_server&&) noexcept = default;

template <class Derived>
Derived& basic_server<Derived>::set_mode(server_mode mode) {
  impl_->mode = mode;
  return static_cast<Derived&>(*this);
}
template <class Derived>
Derived& basic_server<Derived>::set_threads(std::size_t threads) {
  impl_->threads = threads == 0 ? 1 : threads;
  return static_cast<Derived&>(*this);
}
template <class Derived>
Derived& basic_server<Derived>::set_queue_limit(std::size_t limit) {
  impl_->queue_limit = limit;
  return static_cast<Derived&>(*this);
}
template <class Derived>
Derived& basic_server<Derived>::set_overload_policy(overload_policy policy) {
  impl_->policy = policy;
  return static_cast<Derived&>(*this);
}
template <class Derived>
Derived& basic_server<Derived>::set_error_callback(server_error_callback callback) {
  impl_->on_error = std::move(callback);
  return static_cast<Derived&>(*this);
}

template <class Derived>
void basic_server<Derived>::serve_forever() {
  std::error_code ec;
  serve_forever(ec);
  sockrpc::detail::throw_if(ec, serve_forever_name<Derived>);
}
template <class Derived>
void basic_server<Derived>::serve_forever(std::error_code& ec) noexcept {
  if (impl_) {
    impl_->serve(ec);
  } else {
    ec = errc::socket_closed;
  }
}

template <class Derived>
void basic_server<Derived>::shutdown() noexcept {
  if (impl_) impl_->request_stop();
}
template <class Derived>
bool basic_server<Derived>::shutting_down() const noexcept {
  return impl_ && impl_->stop.load();
}
template <class Derived>
address basic_server<Derived>::server_address() const {
  return impl_ ? impl_->local : address();
}
template <class Derived>
std::size_t basic_server<Derived>::active_jobs() const noexcept {
  return impl_ ? impl_->active.load() : 0;
}
template <class Derived>
std::size_t basic_server<Derived>::rejected_jobs() const noexcept {
  return impl_ ? impl_->rejected.load() : 0;
}

template class basic_server<tcp_server>;
template class basic_server<udp_server>;

}  // namespace sockrpc::transport

// SPDX-License-Identifier: MIT
// Where transport descriptors meet asio: rpc creates its sockets with the transport layer
// and hands them over here (the server's accepted connections, the async client's
// connections), or lets asio wait on descriptors the transport layer keeps (the server's
// listeners and stop event), so the rpc layer makes no system call of its own.
#pragma once

#include <sockrpc/transport/socket.hpp>

#include <asio.hpp>

#include <system_error>
#include <utility>

namespace sockrpc::rpc::detail {

/// Moves the descriptor of `s` (an IPv4 or IPv6 stream socket, listening or not) into
/// `target`, an `asio::ip::tcp::socket` or `asio::ip::tcp::acceptor` that must be closed.
/// On success `target` owns the descriptor; on failure `ec` says why (in asio's category)
/// and the descriptor is closed with `s`.
template <class AsioSocket>
void assign_to_asio(transport::socket s, AsioSocket& target, std::error_code& ec) noexcept {
  const auto protocol =
      s.get_family() == transport::family::ipv6 ? asio::ip::tcp::v6() : asio::ip::tcp::v4();
  target.assign(protocol, s.native_handle(), ec);
  if (!ec) static_cast<void>(s.detach());  // asio owns it now
}

/// An asio wait on a descriptor owned elsewhere (a `transport::socket` or
/// `transport::wake_event`): `async_wait` for readiness runs completions on `executor`;
/// `release()` or the destructor cancels the waits and lets go of the descriptor, never
/// closing it. Release it before the owner closes the descriptor.
class borrowed_descriptor {
 public:
  template <class Executor>
  borrowed_descriptor(const Executor& executor, int fd) : desc_(executor, fd) {}
  ~borrowed_descriptor() { release(); }
  borrowed_descriptor(const borrowed_descriptor&) = delete;
  borrowed_descriptor& operator=(const borrowed_descriptor&) = delete;

  /// Waits until the descriptor is readable; `handler(const std::error_code&)`.
  template <class Handler>
  void async_wait_read(Handler&& handler) {
    desc_.async_wait(asio::posix::stream_descriptor::wait_read, std::forward<Handler>(handler));
  }
  /// The executor completions run on.
  asio::any_io_executor get_executor() { return desc_.get_executor(); }
  /// Cancels pending waits (they complete with operation_aborted) and forgets the
  /// descriptor. Idempotent.
  void release() noexcept { static_cast<void>(desc_.release()); }

 private:
  asio::posix::stream_descriptor desc_;
};

}  // namespace sockrpc::rpc::detail

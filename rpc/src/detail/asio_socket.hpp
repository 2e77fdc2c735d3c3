// SPDX-License-Identifier: MIT
// The one place where a transport socket passes to asio: rpc creates its sockets with the
// transport layer and hands them over here (the server's listeners, the async client's
// connections), so the rpc layer makes no socket system call of its own.
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

}  // namespace sockrpc::rpc::detail

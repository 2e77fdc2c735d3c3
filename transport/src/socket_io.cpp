// SPDX-License-Identifier: MIT
// Data transfer members of sockrpc::transport::socket (declared in socket.hpp): send,
// sendall, recv, recv_exactly and the datagram calls.
#include <sockrpc/transport/socket.hpp>

#include "detail/io_wait.hpp"

#include <poll.h>
#include <sys/socket.h>

namespace sockrpc::transport {

// ---- send -----------------------------------------------------------------------------

namespace {

std::size_t send_some(int fd, std::span<const std::byte> data, int flags,
                      const detail::io_policy& policy, std::error_code& ec) noexcept {
  if (fd < 0) {
    ec = errc::socket_closed;
    return 0;
  }
  const ssize_t n = detail::run_io(
      fd, POLLOUT, policy,
      [&](int extra) { return ::send(fd, data.data(), data.size(), flags | extra | MSG_NOSIGNAL); },
      ec);
  return n < 0 ? 0 : static_cast<std::size_t>(n);
}

void send_all(int fd, std::span<const std::byte> data, const detail::io_policy& policy,
              std::error_code& ec) noexcept {
  ec.clear();
  if (fd < 0) {
    ec = errc::socket_closed;
    return;
  }
  while (!data.empty()) {
    const std::size_t n = send_some(fd, data, 0, policy, ec);
    if (ec) return;
    data = data.subspan(n);
  }
}

std::size_t recv_some(int fd, std::span<std::byte> out, int flags, const detail::io_policy& policy,
                      std::error_code& ec) noexcept {
  if (fd < 0) {
    ec = errc::socket_closed;
    return 0;
  }
  const ssize_t n = detail::run_io(
      fd, POLLIN, policy,
      [&](int extra) { return ::recv(fd, out.data(), out.size(), flags | extra); }, ec);
  return n < 0 ? 0 : static_cast<std::size_t>(n);
}

std::size_t recv_all(int fd, std::span<std::byte> out, const detail::io_policy& policy,
                     std::error_code& ec) noexcept {
  ec.clear();
  if (fd < 0) {
    ec = errc::socket_closed;
    return 0;
  }
  std::size_t got = 0;
  while (got < out.size()) {
    const std::size_t n = recv_some(fd, out.subspan(got), 0, policy, ec);
    if (ec) return got;
    if (n == 0) {
      ec = errc::unexpected_eof;
      return got;
    }
    got += n;
  }
  return got;
}

std::span<const std::byte> bytes(std::string_view s) noexcept {
  return std::as_bytes(std::span<const char>(s.data(), s.size()));
}

}  // namespace

std::size_t socket::send(std::span<const std::byte> data, int flags) {
  std::error_code ec;
  auto n = send(data, flags, ec);
  detail::throw_if(ec, "send");
  return n;
}

std::size_t socket::send(std::span<const std::byte> data, int flags, std::error_code& ec) noexcept {
  ec.clear();
  return send_some(fd_, data, flags, detail::policy_for(timeout_), ec);
}

std::size_t socket::send(std::span<const std::byte> data, std::error_code& ec) noexcept {
  return send(data, 0, ec);
}

std::size_t socket::send(std::string_view data, int flags) {
  return send(bytes(data), flags);
}

std::size_t socket::send(std::string_view data, int flags, std::error_code& ec) noexcept {
  return send(bytes(data), flags, ec);
}

void socket::sendall(std::span<const std::byte> data) {
  std::error_code ec;
  sendall(data, ec);
  detail::throw_if(ec, "sendall");
}

void socket::sendall(std::span<const std::byte> data, std::error_code& ec) noexcept {
  send_all(fd_, data, detail::policy_for(timeout_), ec);
}

void socket::sendall(std::span<const std::byte> data, deadline until) {
  std::error_code ec;
  sendall(data, until, ec);
  detail::throw_if(ec, "sendall");
}

void socket::sendall(std::span<const std::byte> data, deadline until,
                     std::error_code& ec) noexcept {
  send_all(fd_, data, detail::policy_until(until), ec);
}

void socket::sendall(std::string_view data) {
  sendall(bytes(data));
}

void socket::sendall(std::string_view data, std::error_code& ec) noexcept {
  sendall(bytes(data), ec);
}

// ---- recv -----------------------------------------------------------------------------

std::size_t socket::recv_into(std::span<std::byte> out, int flags) {
  std::error_code ec;
  auto n = recv_into(out, flags, ec);
  detail::throw_if(ec, "recv_into");
  return n;
}

std::size_t socket::recv_into(std::span<std::byte> out, int flags, std::error_code& ec) noexcept {
  ec.clear();
  return recv_some(fd_, out, flags, detail::policy_for(timeout_), ec);
}

std::size_t socket::recv_into(std::span<std::byte> out, std::error_code& ec) noexcept {
  return recv_into(out, 0, ec);
}

std::size_t socket::recv_into(std::span<std::byte> out, deadline until) {
  std::error_code ec;
  auto n = recv_into(out, until, ec);
  detail::throw_if(ec, "recv_into");
  return n;
}

std::size_t socket::recv_into(std::span<std::byte> out, deadline until,
                              std::error_code& ec) noexcept {
  ec.clear();
  return recv_some(fd_, out, 0, detail::policy_until(until), ec);
}

std::vector<std::byte> socket::recv(std::size_t max, int flags) {
  std::error_code ec;
  auto v = recv(max, flags, ec);
  detail::throw_if(ec, "recv");
  return v;
}

std::vector<std::byte> socket::recv(std::size_t max, int flags, std::error_code& ec) noexcept {
  std::vector<std::byte> buf(max);
  buf.resize(recv_into(buf, flags, ec));
  return buf;
}

std::vector<std::byte> socket::recv(std::size_t max, std::error_code& ec) noexcept {
  return recv(max, 0, ec);
}

std::size_t socket::recv_exactly(std::span<std::byte> out) {
  std::error_code ec;
  auto n = recv_exactly(out, ec);
  detail::throw_if(ec, "recv_exactly");
  return n;
}

std::size_t socket::recv_exactly(std::span<std::byte> out, std::error_code& ec) noexcept {
  return recv_all(fd_, out, detail::policy_for(timeout_), ec);
}

std::size_t socket::recv_exactly(std::span<std::byte> out, deadline until) {
  std::error_code ec;
  auto n = recv_exactly(out, until, ec);
  detail::throw_if(ec, "recv_exactly");
  return n;
}

std::size_t socket::recv_exactly(std::span<std::byte> out, deadline until,
                                 std::error_code& ec) noexcept {
  return recv_all(fd_, out, detail::policy_until(until), ec);
}

// ---- datagrams ------------------------------------------------------------------------

std::pair<std::size_t, address> socket::recvfrom_into(std::span<std::byte> out, int flags) {
  std::error_code ec;
  auto r = recvfrom_into(out, flags, ec);
  detail::throw_if(ec, "recvfrom");
  return r;
}

std::pair<std::size_t, address> socket::recvfrom_into(std::span<std::byte> out, int flags,
                                                      std::error_code& ec) noexcept {
  ec.clear();
  if (fd_ < 0) {
    ec = errc::socket_closed;
    return {};
  }
  address from;
  const ssize_t n = detail::run_io(
      fd_, POLLIN, detail::policy_for(timeout_),
      [&](int extra) -> ssize_t {
        socklen_t len = address::capacity();
        const ssize_t r = ::recvfrom(fd_, out.data(), out.size(), flags | extra, from.data(), &len);
        if (r >= 0) from.resize(len);
        return r;
      },
      ec);
  if (n < 0) return {};
  return {static_cast<std::size_t>(n), from};
}

std::pair<std::size_t, address> socket::recvfrom_into(std::span<std::byte> out,
                                                      std::error_code& ec) noexcept {
  return recvfrom_into(out, 0, ec);
}

std::pair<std::vector<std::byte>, address> socket::recvfrom(std::size_t max, int flags) {
  std::error_code ec;
  auto r = recvfrom(max, flags, ec);
  detail::throw_if(ec, "recvfrom");
  return r;
}

std::pair<std::vector<std::byte>, address> socket::recvfrom(std::size_t max, int flags,
                                                            std::error_code& ec) noexcept {
  std::vector<std::byte> buf(max);
  auto [n, from] = recvfrom_into(buf, flags, ec);
  buf.resize(n);
  return {std::move(buf), from};
}

std::pair<std::vector<std::byte>, address> socket::recvfrom(std::size_t max,
                                                            std::error_code& ec) noexcept {
  return recvfrom(max, 0, ec);
}

std::size_t socket::sendto(std::span<const std::byte> data, const address& to) {
  std::error_code ec;
  auto n = sendto(data, to, ec);
  detail::throw_if(ec, "sendto");
  return n;
}

std::size_t socket::sendto(std::span<const std::byte> data, const address& to,
                           std::error_code& ec) noexcept {
  ec.clear();
  if (fd_ < 0) {
    ec = errc::socket_closed;
    return 0;
  }
  const ssize_t n = detail::run_io(
      fd_, POLLOUT, detail::policy_for(timeout_),
      [&](int extra) {
        return ::sendto(fd_, data.data(), data.size(), extra | MSG_NOSIGNAL, to.data(), to.size());
      },
      ec);
  return n < 0 ? 0 : static_cast<std::size_t>(n);
}

std::size_t socket::sendto(std::string_view data, const address& to) {
  return sendto(bytes(data), to);
}

std::size_t socket::sendto(std::string_view data, const address& to, std::error_code& ec) noexcept {
  return sendto(bytes(data), to, ec);
}

}  // namespace sockrpc::transport

// SPDX-License-Identifier: MIT
// Data transfer members of sockrpc::transport::socket (declared in socket.hpp): send,
// sendall, recv, recv_exactly and the datagram calls.
#include <sockrpc/transport/socket.hpp>

#include "detail/io_wait.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <chrono>

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
  if (!timeout_) clear_rcvtimeo();
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
  if (fd_ >= 0 && !timeout_ && rcvtimeo_ >= duration::zero()) return recv_blocking(out, until, ec);
  return recv_some(fd_, out, 0, detail::policy_until(until), ec);
}

// A client waiting for an answer nearly always finds nothing yet: recv(MSG_DONTWAIT)
// fails with EAGAIN, poll() sleeps, a second recv() reads. A blocking recv() does all
// three in one system call; SO_RCVTIMEO bounds its sleep so the deadline still holds.
// The kernel rounds that bound up to a timer tick and the deadline moves from call to
// call, so it is set to half of the time left, and kept while it stays below what is
// left minus a margin (one setsockopt per connection in the usual case). Close to the
// deadline, or once the bound ran out, poll() takes over and ends the wait exactly.
std::size_t socket::recv_blocking(std::span<std::byte> out, deadline until,
                                  std::error_code& ec) noexcept {
  constexpr duration margin = std::chrono::milliseconds(20);
  duration wait = duration::zero();  // the SO_RCVTIMEO this wait needs; zero: none
  if (until != deadline::max()) {
    const auto left = until - std::chrono::steady_clock::now();
    if (left < 2 * margin) return recv_some(fd_, out, 0, detail::policy_until(until), ec);
    wait = rcvtimeo_ > duration::zero() && rcvtimeo_ + margin <= left ? rcvtimeo_ : left / 2;
  }
  if (wait != rcvtimeo_) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(wait).count();
    const timeval tv{static_cast<time_t>(us / 1'000'000), static_cast<suseconds_t>(us % 1'000'000)};
    if (::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0) {
      ec = detail::last_error();
      return 0;
    }
    rcvtimeo_ = wait;
  }
  for (;;) {
    const ssize_t n = ::recv(fd_, out.data(), out.size(), 0);
    if (n >= 0) return static_cast<std::size_t>(n);
    const int err = errno;
    if (err == EINTR) {
      if (until != deadline::max()) break;  // re-check the deadline, then wait with poll()
      continue;
    }
    // The bound ran out (or the descriptor was made O_NONBLOCK behind our back).
    if (err == EAGAIN || err == EWOULDBLOCK) break;
    ec.assign(err, std::system_category());
    return 0;
  }
  return recv_some(fd_, out, 0, detail::policy_until(until), ec);
}

void socket::clear_rcvtimeo() noexcept {
  if (rcvtimeo_ <= duration::zero() || fd_ < 0) return;
  const timeval tv{0, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  rcvtimeo_ = duration::zero();
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
  if (!timeout_) clear_rcvtimeo();
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
  if (!timeout_) clear_rcvtimeo();
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

// SPDX-License-Identifier: MIT
// Data transfer members of sockrpc::transport::socket (declared in socket.hpp): send,
// sendall, recv, recv_exactly, the datagram calls and probe_idle. Each public overload
// chooses how to wait (the socket's timeout or a deadline) and calls one core.
#include <sockrpc/transport/socket.hpp>

#include "detail/io_wait.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <chrono>
#include <type_traits>

namespace sockrpc::transport {

namespace {

// One send (to the connected peer) or sendto (to `*to`): sendto with no address is send.
std::size_t send_some(int fd, std::span<const std::byte> data, const detail::io_policy& policy,
                      std::error_code& ec, const address* to = nullptr) noexcept {
  if (!detail::check_open(fd, ec)) return 0;
  const ssize_t n = detail::run_io(
      fd, POLLOUT, policy,
      [&](int extra) {
        return ::sendto(fd, data.data(), data.size(), extra | MSG_NOSIGNAL,
                        to != nullptr ? to->data() : nullptr, to != nullptr ? to->size() : 0);
      },
      ec);
  return n < 0 ? 0 : static_cast<std::size_t>(n);
}

void send_all(int fd, std::span<const std::byte> data, const detail::io_policy& policy,
              std::error_code& ec) noexcept {
  ec.clear();
  if (fd < 0) ec = errc::socket_closed;
  while (!ec && !data.empty())
    data = data.subspan(send_some(fd, data, policy, ec));
}

std::size_t recv_some(int fd, std::span<std::byte> out, const detail::io_policy& policy,
                      std::error_code& ec) noexcept {
  if (!detail::check_open(fd, ec)) return 0;
  const ssize_t n = detail::run_io(
      fd, POLLIN, policy, [&](int extra) { return ::recv(fd, out.data(), out.size(), extra); }, ec);
  return n < 0 ? 0 : static_cast<std::size_t>(n);
}

std::size_t recv_all(int fd, std::span<std::byte> out, const detail::io_policy& policy,
                     std::error_code& ec) noexcept {
  ec.clear();
  if (fd < 0) ec = errc::socket_closed;
  std::size_t got = 0;
  while (!ec && got < out.size()) {
    const std::size_t n = recv_some(fd, out.subspan(got), policy, ec);
    if (!ec && n == 0) ec = errc::unexpected_eof;
    got += n;
  }
  return got;
}

}  // namespace

detail::io_policy socket::timeout_policy(bool receiving) noexcept {
  if (receiving && !timeout_) clear_rcvtimeo();
  return detail::policy_for(timeout_);
}

// ---- send -----------------------------------------------------------------------------

std::size_t socket::send(byte_view data) {
  return detail::or_throw("send", [&](std::error_code& ec) { return send(data, ec); });
}
std::size_t socket::send(byte_view data, std::error_code& ec) noexcept {
  return send_some(fd_, data, timeout_policy(false), ec);
}
std::size_t socket::send(byte_view data, deadline until) {
  return detail::or_throw("send", [&](std::error_code& ec) { return send(data, until, ec); });
}
std::size_t socket::send(byte_view data, deadline until, std::error_code& ec) noexcept {
  return send_some(fd_, data, detail::policy_until(until), ec);
}

void socket::sendall(byte_view data) {
  detail::or_throw("sendall", [&](std::error_code& ec) { sendall(data, ec); });
}
void socket::sendall(byte_view data, std::error_code& ec) noexcept {
  send_all(fd_, data, timeout_policy(false), ec);
}
void socket::sendall(byte_view data, deadline until) {
  detail::or_throw("sendall", [&](std::error_code& ec) { sendall(data, until, ec); });
}
void socket::sendall(byte_view data, deadline until, std::error_code& ec) noexcept {
  send_all(fd_, data, detail::policy_until(until), ec);
}

// ---- recv -----------------------------------------------------------------------------

std::size_t socket::recv_into(std::span<std::byte> out) {
  return detail::or_throw("recv_into", [&](std::error_code& ec) { return recv_into(out, ec); });
}
std::size_t socket::recv_into(std::span<std::byte> out, std::error_code& ec) noexcept {
  return recv_some(fd_, out, timeout_policy(true), ec);
}
std::size_t socket::recv_into(std::span<std::byte> out, deadline until) {
  return detail::or_throw("recv_into",
                          [&](std::error_code& ec) { return recv_into(out, until, ec); });
}
std::size_t socket::recv_into(std::span<std::byte> out, deadline until,
                              std::error_code& ec) noexcept {
  ec.clear();
  if (fd_ >= 0 && !timeout_ && rcvtimeo_ >= duration::zero()) return recv_blocking(out, until, ec);
  return recv_some(fd_, out, detail::policy_until(until), ec);
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
    if (left < 2 * margin) return recv_some(fd_, out, detail::policy_until(until), ec);
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
  return recv_some(fd_, out, detail::policy_until(until), ec);
}

void socket::clear_rcvtimeo() noexcept {
  if (rcvtimeo_ <= duration::zero() || fd_ < 0) return;
  const timeval tv{0, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  rcvtimeo_ = duration::zero();
}

std::vector<std::byte> socket::recv(std::size_t max) {
  return detail::or_throw("recv", [&](std::error_code& ec) { return recv(max, ec); });
}
std::vector<std::byte> socket::recv(std::size_t max, std::error_code& ec) noexcept {
  std::vector<std::byte> buf(max);
  buf.resize(recv_into(buf, ec));
  return buf;
}
std::vector<std::byte> socket::recv(std::size_t max, deadline until) {
  return detail::or_throw("recv", [&](std::error_code& ec) { return recv(max, until, ec); });
}
std::vector<std::byte> socket::recv(std::size_t max, deadline until, std::error_code& ec) noexcept {
  std::vector<std::byte> buf(max);
  buf.resize(recv_into(buf, until, ec));
  return buf;
}

std::size_t socket::recv_exactly(std::span<std::byte> out) {
  return detail::or_throw("recv_exactly",
                          [&](std::error_code& ec) { return recv_exactly(out, ec); });
}
std::size_t socket::recv_exactly(std::span<std::byte> out, std::error_code& ec) noexcept {
  return recv_all(fd_, out, timeout_policy(true), ec);
}
std::size_t socket::recv_exactly(std::span<std::byte> out, deadline until) {
  return detail::or_throw("recv_exactly",
                          [&](std::error_code& ec) { return recv_exactly(out, until, ec); });
}
std::size_t socket::recv_exactly(std::span<std::byte> out, deadline until,
                                 std::error_code& ec) noexcept {
  return recv_all(fd_, out, detail::policy_until(until), ec);
}

// ---- datagrams ------------------------------------------------------------------------

std::pair<std::size_t, address> socket::recvfrom_into(std::span<std::byte> out,
                                                      const detail::io_policy& policy,
                                                      std::error_code& ec) noexcept {
  if (!detail::check_open(fd_, ec)) return {};
  address from;
  const ssize_t n = detail::run_io(
      fd_, POLLIN, policy,
      [&](int extra) -> ssize_t {
        socklen_t len = address::capacity();
        const ssize_t r = ::recvfrom(fd_, out.data(), out.size(), extra, from.data(), &len);
        if (r >= 0) from.resize(len);
        return r;
      },
      ec);
  if (n < 0) return {};
  return {static_cast<std::size_t>(n), from};
}

std::pair<std::size_t, address> socket::recvfrom_into(std::span<std::byte> out) {
  return detail::or_throw("recvfrom", [&](std::error_code& ec) { return recvfrom_into(out, ec); });
}
std::pair<std::size_t, address> socket::recvfrom_into(std::span<std::byte> out,
                                                      std::error_code& ec) noexcept {
  return recvfrom_into(out, timeout_policy(true), ec);
}
std::pair<std::size_t, address> socket::recvfrom_into(std::span<std::byte> out, deadline until) {
  return detail::or_throw("recvfrom",
                          [&](std::error_code& ec) { return recvfrom_into(out, until, ec); });
}
std::pair<std::size_t, address> socket::recvfrom_into(std::span<std::byte> out, deadline until,
                                                      std::error_code& ec) noexcept {
  return recvfrom_into(out, detail::policy_until(until), ec);
}

std::pair<std::vector<std::byte>, address> socket::recvfrom(std::size_t max) {
  return detail::or_throw("recvfrom", [&](std::error_code& ec) { return recvfrom(max, ec); });
}
std::pair<std::vector<std::byte>, address> socket::recvfrom(std::size_t max,
                                                            std::error_code& ec) noexcept {
  std::vector<std::byte> buf(max);
  auto [n, from] = recvfrom_into(buf, ec);
  buf.resize(n);
  return {std::move(buf), from};
}
std::pair<std::vector<std::byte>, address> socket::recvfrom(std::size_t max, deadline until) {
  return detail::or_throw("recvfrom",
                          [&](std::error_code& ec) { return recvfrom(max, until, ec); });
}
std::pair<std::vector<std::byte>, address> socket::recvfrom(std::size_t max, deadline until,
                                                            std::error_code& ec) noexcept {
  std::vector<std::byte> buf(max);
  auto [n, from] = recvfrom_into(buf, until, ec);
  buf.resize(n);
  return {std::move(buf), from};
}

std::size_t socket::sendto(byte_view data, const address& to) {
  return detail::or_throw("sendto", [&](std::error_code& ec) { return sendto(data, to, ec); });
}
std::size_t socket::sendto(byte_view data, const address& to, std::error_code& ec) noexcept {
  return send_some(fd_, data, timeout_policy(false), ec, &to);
}
std::size_t socket::sendto(byte_view data, const address& to, deadline until) {
  return detail::or_throw("sendto",
                          [&](std::error_code& ec) { return sendto(data, to, until, ec); });
}
std::size_t socket::sendto(byte_view data, const address& to, deadline until,
                           std::error_code& ec) noexcept {
  return send_some(fd_, data, detail::policy_until(until), ec, &to);
}

// ---- liveness of an idle connection ---------------------------------------------------

idle_status probe_idle(int fd, std::error_code& ec) noexcept {
  ec.clear();
  if (fd < 0) {
    ec = std::make_error_code(std::errc::bad_file_descriptor);
    return idle_status::failed;
  }
  std::byte byte{};
  for (;;) {
    const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n == 0) return idle_status::peer_closed;
    if (n > 0) return idle_status::unexpected_data;
    const int err = errno;
    if (err == EINTR) continue;
    if (err == EAGAIN || err == EWOULDBLOCK) return idle_status::idle;
    ec.assign(err, std::system_category());
    return idle_status::failed;
  }
}

idle_status socket::probe_idle() const {
  return detail::or_throw("probe_idle", [&](std::error_code& ec) { return probe_idle(ec); });
}

idle_status socket::probe_idle(std::error_code& ec) const noexcept {
  if (fd_ < 0) {
    ec = errc::socket_closed;
    return idle_status::failed;
  }
  return transport::probe_idle(fd_, ec);
}

}  // namespace sockrpc::transport

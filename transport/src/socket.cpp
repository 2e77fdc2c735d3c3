// SPDX-License-Identifier: MIT
#include <sockrpc/transport/socket.hpp>

#include "detail/io_wait.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

namespace sockrpc::transport {

// ---- detail: waiting ------------------------------------------------------------------

namespace detail {

deadline deadline_after(duration d) noexcept {
  const auto now = std::chrono::steady_clock::now();
  if (d >= deadline::max() - now) return deadline::max();
  return now + std::chrono::duration_cast<deadline::duration>(d);
}

io_policy policy_for(const std::optional<duration>& timeout) noexcept {
  if (!timeout) return {false, std::nullopt};
  if (timeout->count() <= 0) return {true, std::nullopt};
  return {true, deadline_after(*timeout)};
}

bool wait_ready(int fd, short events, deadline until, std::error_code& ec) noexcept {
  for (;;) {
    pollfd pfd{fd, events, 0};
    int rc;
    if (until == deadline::max()) {
      rc = ::ppoll(&pfd, 1, nullptr, nullptr);
    } else {
      const auto left = until - std::chrono::steady_clock::now();
      if (left <= deadline::duration::zero()) {
        ec = errc::timeout;
        return false;
      }
      const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
      timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
      rc = ::ppoll(&pfd, 1, &ts, nullptr);
    }
    if (rc < 0) {
      if (errno == EINTR) continue;
      ec = last_error();
      return false;
    }
    if (rc == 0) continue;  // re-check the deadline
    if (pfd.revents & POLLNVAL) {
      ec.assign(EBADF, std::system_category());
      return false;
    }
    return true;  // ready, or POLLERR/POLLHUP: the next syscall reports it
  }
}

}  // namespace detail

namespace {

bool set_nonblocking(int fd, bool on, std::error_code& ec) noexcept {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0) {
    ec = detail::last_error();
    return false;
  }
  const int wanted = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
  if (wanted != flags && ::fcntl(fd, F_SETFL, wanted) < 0) {
    ec = detail::last_error();
    return false;
  }
  return true;
}

}  // namespace

// ---- lifetime -------------------------------------------------------------------------

socket::socket(family f, sock_type t, int protocol) {
  detail::or_throw("socket", [&](std::error_code& ec) { *this = socket(f, t, protocol, ec); });
}

socket::socket(family f, sock_type t, int protocol, std::error_code& ec) noexcept {
  ec.clear();
  const int fd = ::socket(static_cast<int>(f), static_cast<int>(t) | SOCK_CLOEXEC, protocol);
  if (fd < 0) {
    ec = detail::last_error();
    return;
  }
  fd_ = fd;
  family_ = f;
  type_ = t;
}

socket socket::adopt(int fd) noexcept {
  if (fd < 0) return {};
  int domain = AF_UNSPEC;
  int type = SOCK_STREAM;
  socklen_t len = sizeof domain;
  ::getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len);
  len = sizeof type;
  ::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len);
  socket s(fd, static_cast<family>(domain), static_cast<sock_type>(type));
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0 && (flags & O_NONBLOCK)) s.timeout_ = duration::zero();
  return s;
}

socket::~socket() {
  if (fd_ >= 0) ::close(fd_);
}

socket::socket(socket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      family_(other.family_),
      type_(other.type_),
      timeout_(std::exchange(other.timeout_, std::nullopt)),
      rcvtimeo_(std::exchange(other.rcvtimeo_, duration::zero())) {}

socket& socket::operator=(socket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    family_ = other.family_;
    type_ = other.type_;
    timeout_ = std::exchange(other.timeout_, std::nullopt);
    rcvtimeo_ = std::exchange(other.rcvtimeo_, duration::zero());
  }
  return *this;
}

int socket::detach() noexcept {
  clear_rcvtimeo();  // the new owner gets the descriptor as it would have set it up
  return std::exchange(fd_, -1);
}

void socket::close() {
  detail::or_throw("close", [&](std::error_code& ec) { close(ec); });
}

void socket::close(std::error_code& ec) noexcept {
  ec.clear();
  if (fd_ < 0) return;
  // Linux releases the descriptor even when close() fails (also on EINTR): never retry.
  rcvtimeo_ = duration::zero();
  if (::close(std::exchange(fd_, -1)) < 0 && errno != EINTR) ec = detail::last_error();
}

// ---- timeouts -------------------------------------------------------------------------

void socket::settimeout(std::optional<duration> timeout) {
  detail::or_throw("settimeout", [&](std::error_code& ec) { settimeout(timeout, ec); });
}

void socket::settimeout(std::optional<duration> timeout, std::error_code& ec) noexcept {
  ec.clear();
  if (timeout && timeout->count() < 0) {
    ec = errc::invalid_argument;
    return;
  }
  if (fd_ >= 0 && !set_nonblocking(fd_, timeout.has_value(), ec)) return;
  timeout_ = timeout;
}

void socket::setblocking(bool blocking) {
  settimeout(blocking ? std::nullopt : std::optional<duration>(duration::zero()));
}

void socket::setblocking(bool blocking, std::error_code& ec) noexcept {
  settimeout(blocking ? std::nullopt : std::optional<duration>(duration::zero()), ec);
}

// ---- bind, listen, accept, connect ----------------------------------------------------

void socket::bind(const address& local) {
  detail::or_throw("bind", [&](std::error_code& ec) { bind(local, ec); });
}

void socket::bind(const address& local, std::error_code& ec) noexcept {
  if (!detail::check_open(fd_, ec)) return;
  if (::bind(fd_, local.data(), local.size()) < 0) ec = detail::last_error();
}

void socket::listen(int backlog) {
  detail::or_throw("listen", [&](std::error_code& ec) { listen(backlog, ec); });
}

void socket::listen(int backlog, std::error_code& ec) noexcept {
  if (!detail::check_open(fd_, ec)) return;
  if (::listen(fd_, backlog) < 0) ec = detail::last_error();
}

std::pair<socket, address> socket::accept() {
  return detail::or_throw("accept", [&](std::error_code& ec) { return accept(ec); });
}

std::pair<socket, address> socket::accept(std::error_code& ec) noexcept {
  if (!detail::check_open(fd_, ec)) return {};
  if (!timeout_) clear_rcvtimeo();  // accept() honours SO_RCVTIMEO too
  address peer;
  // The listener is O_NONBLOCK whenever a timeout is set, so accept4 never blocks then.
  const ssize_t fd = detail::run_io(
      fd_, POLLIN, detail::policy_for(timeout_),
      [&](int) -> ssize_t {
        socklen_t len = address::capacity();
        const int r = ::accept4(fd_, peer.data(), &len, SOCK_CLOEXEC);
        if (r >= 0) peer.resize(len);
        return r;
      },
      ec);
  if (fd < 0) return {};
  return {socket(static_cast<int>(fd), family_, type_), peer};
}

void socket::connect(const address& remote) {
  detail::or_throw("connect", [&](std::error_code& ec) { connect(remote, ec); });
}

void socket::connect(const address& remote, std::error_code& ec) noexcept {
  if (timeout_ && timeout_->count() == 0) {
    // Non-blocking: start the connection, report EINPROGRESS like the OS does.
    if (!detail::check_open(fd_, ec)) return;
    while (::connect(fd_, remote.data(), remote.size()) < 0) {
      if (errno == EINTR) continue;
      ec = detail::last_error();
      return;
    }
    return;
  }
  connect(remote, timeout_ ? detail::deadline_after(*timeout_) : deadline::max(), ec);
}

void socket::connect(const address& remote, deadline until) {
  detail::or_throw("connect", [&](std::error_code& ec) { connect(remote, until, ec); });
}

void socket::connect(const address& remote, deadline until, std::error_code& ec) noexcept {
  if (!detail::check_open(fd_, ec)) return;
  // A blocking descriptor is switched to O_NONBLOCK for the duration so the deadline can
  // be enforced with poll(), then switched back.
  const bool borrow_nonblocking = !timeout_.has_value() && until != deadline::max();
  if (borrow_nonblocking && !set_nonblocking(fd_, true, ec)) return;
  if (::connect(fd_, remote.data(), remote.size()) < 0) {
    const int err = errno;
    // EINTR on a blocking connect: the handshake continues in the kernel; wait for it.
    if (err == EINPROGRESS || err == EINTR) {
      if (detail::wait_ready(fd_, POLLOUT, until, ec)) {
        int so_error = 0;
        socklen_t len = sizeof so_error;
        if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &so_error, &len) < 0) {
          ec = detail::last_error();
        } else if (so_error != 0) {
          ec.assign(so_error, std::system_category());
        }
      }
    } else {
      ec.assign(err, std::system_category());
    }
  }
  if (borrow_nonblocking) {
    std::error_code ignored;
    set_nonblocking(fd_, false, ignored);
  }
}

std::error_code socket::connect_ex(const address& remote) noexcept {
  std::error_code ec;
  connect(remote, ec);
  return ec;
}

// ---- shutdown, names ------------------------------------------------------------------

void socket::shutdown(shutdown_how how) {
  detail::or_throw("shutdown", [&](std::error_code& ec) { shutdown(how, ec); });
}

void socket::shutdown(shutdown_how how, std::error_code& ec) noexcept {
  if (!detail::check_open(fd_, ec)) return;
  if (::shutdown(fd_, static_cast<int>(how)) < 0) ec = detail::last_error();
}

namespace {

// getsockname / getpeername: same shape, different call.
address query_name(int fd, int (*name_of)(int, sockaddr*, socklen_t*),
                   std::error_code& ec) noexcept {
  if (!detail::check_open(fd, ec)) return {};
  address a;
  socklen_t len = address::capacity();
  if (name_of(fd, a.data(), &len) < 0) {
    ec = detail::last_error();
    return {};
  }
  a.resize(len);
  return a;
}

}  // namespace

address socket::getsockname() const {
  return detail::or_throw("getsockname", [&](std::error_code& ec) { return getsockname(ec); });
}

address socket::getsockname(std::error_code& ec) const noexcept {
  return query_name(fd_, ::getsockname, ec);
}

address socket::getpeername() const {
  return detail::or_throw("getpeername", [&](std::error_code& ec) { return getpeername(ec); });
}

address socket::getpeername(std::error_code& ec) const noexcept {
  return query_name(fd_, ::getpeername, ec);
}

// ---- socketpair -----------------------------------------------------------------------

std::pair<socket, socket> socketpair(family f, sock_type t, int protocol) {
  return detail::or_throw("socketpair",
                          [&](std::error_code& ec) { return socketpair(f, t, protocol, ec); });
}

std::pair<socket, socket> socketpair(family f, sock_type t, int protocol,
                                     std::error_code& ec) noexcept {
  ec.clear();
  int fds[2];
  if (::socketpair(static_cast<int>(f), static_cast<int>(t) | SOCK_CLOEXEC, protocol, fds) < 0) {
    ec = detail::last_error();
    return {};
  }
  return {socket(fds[0], f, t), socket(fds[1], f, t)};
}

}  // namespace sockrpc::transport

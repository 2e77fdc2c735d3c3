// SPDX-License-Identifier: MIT
// A descriptor that becomes readable when notified: eventfd on Linux, a pipe elsewhere.
// notify() is async-signal-safe (one write(2)).
#pragma once

#include <sockrpc/transport/error.hpp>

#include <fcntl.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/eventfd.h>
#endif

#include <cerrno>
#include <cstdint>
#include <system_error>

namespace sockrpc::transport::detail {

/// Move-only owner of a wake-up descriptor. Thread-safe: notify() and drain() may run
/// concurrently from any threads (and notify() from signal handlers).
class wake_fd {
 public:
  /// Opens the descriptor; on failure `ec` is set and the object is closed.
  explicit wake_fd(std::error_code& ec) noexcept {
    ec.clear();
#ifdef __linux__
    read_ = write_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (read_ < 0) ec = sockrpc::detail::last_error();
#else
    int fds[2];
    if (::pipe(fds) != 0) {
      ec = sockrpc::detail::last_error();
      return;
    }
    for (int fd : fds) {
      ::fcntl(fd, F_SETFD, FD_CLOEXEC);
      ::fcntl(fd, F_SETFL, O_NONBLOCK);
    }
    read_ = fds[0];
    write_ = fds[1];
#endif
  }
  ~wake_fd() {
    if (read_ >= 0) ::close(read_);
    if (write_ >= 0 && write_ != read_) ::close(write_);
  }
  wake_fd(const wake_fd&) = delete;
  wake_fd& operator=(const wake_fd&) = delete;

  /// The descriptor to wait on for read.
  int fileno() const noexcept {
    return read_;
  }

  /// Makes the descriptor readable. Async-signal-safe; preserves errno.
  void notify() const noexcept {
    const int saved = errno;
    const std::uint64_t one = 1;
    // A full counter/pipe already means "readable": ignoring EAGAIN is correct.
    [[maybe_unused]] auto r = ::write(write_, &one, sizeof one);
    errno = saved;
  }

  /// Consumes pending notifications (the descriptor stops being readable).
  void drain() const noexcept {
    std::uint64_t buf[8];
    while (::read(read_, buf, sizeof buf) > 0) {
    }
  }

 private:
  int read_ = -1;
  int write_ = -1;
};

}  // namespace sockrpc::transport::detail

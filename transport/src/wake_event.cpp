// SPDX-License-Identifier: MIT
#include <sockrpc/transport/wake_event.hpp>

#include <fcntl.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/eventfd.h>
#endif

#include <cerrno>
#include <cstdint>
#include <utility>

namespace sockrpc::transport {

wake_event::wake_event() {
  std::error_code ec;
  wake_event opened(ec);
  sockrpc::detail::throw_if(ec, "wake_event");
  *this = std::move(opened);
}

wake_event::wake_event(std::error_code& ec) noexcept {
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
  read_ = fds[0];
  write_ = fds[1];
  for (int fd : fds) {
    if (::fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 || ::fcntl(fd, F_SETFL, O_NONBLOCK) != 0) {
      ec = sockrpc::detail::last_error();
      close();
      return;
    }
  }
#endif
}

wake_event::~wake_event() {
  close();
}

wake_event::wake_event(wake_event&& other) noexcept
    : read_(std::exchange(other.read_, -1)), write_(std::exchange(other.write_, -1)) {}

wake_event& wake_event::operator=(wake_event&& other) noexcept {
  if (this != &other) {
    close();
    read_ = std::exchange(other.read_, -1);
    write_ = std::exchange(other.write_, -1);
  }
  return *this;
}

void wake_event::close() noexcept {
  if (write_ >= 0 && write_ != read_) ::close(write_);
  if (read_ >= 0) ::close(read_);
  read_ = write_ = -1;
}

void wake_event::notify() const noexcept {
  if (write_ < 0) return;
  const int saved = errno;
  const std::uint64_t one = 1;
  // EAGAIN (full counter or pipe) already means "readable": nothing to do.
  [[maybe_unused]] auto r = ::write(write_, &one, sizeof one);
  errno = saved;
}

bool wake_event::drain() const noexcept {
  if (read_ < 0) return false;
  bool any = false;
  std::uint64_t buf[8];
  for (;;) {
    const auto n = ::read(read_, buf, sizeof buf);
    if (n > 0) {
      any = true;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return any;
  }
}

}  // namespace sockrpc::transport

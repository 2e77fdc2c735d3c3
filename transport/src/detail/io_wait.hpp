// SPDX-License-Identifier: MIT
// Private: how a socket operation waits (blocking, non-blocking, or up to a deadline).
#pragma once

#include <sockrpc/transport/error.hpp>
#include <sockrpc/transport/socket.hpp>

#include "or_throw.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <cerrno>
#include <optional>

namespace sockrpc::transport::detail {

// This namespace hides sockrpc::detail inside sockrpc::transport; re-export its helpers.
using sockrpc::detail::last_error;
using sockrpc::detail::throw_error;
using sockrpc::detail::throw_if;

/// How one operation waits. `until` set: wait with poll() on EAGAIN up to it
/// (deadline::max() = forever); unset: EAGAIN is errc::would_block (or the syscall blocks
/// because the descriptor is blocking and `dontwait` is false).
struct io_policy {
  bool dontwait = false;          ///< add MSG_DONTWAIT to send/recv flags
  std::optional<deadline> until;  ///< poll on EAGAIN up to this point
};

/// The guard opening most socket calls: clears `ec` and returns true if `fd` is open;
/// else sets errc::socket_closed and returns false.
inline bool check_open(int fd, std::error_code& ec) noexcept {
  ec.clear();
  if (fd >= 0) return true;
  ec = errc::socket_closed;
  return false;
}

/// `now + d`, saturating at deadline::max().
deadline deadline_after(duration d) noexcept;

/// The policy a socket timeout implies for one whole operation starting now.
io_policy policy_for(const std::optional<duration>& timeout) noexcept;

/// The policy of an explicit deadline.
inline io_policy policy_until(deadline until) noexcept {
  return {true, until};
}

/// Waits until `fd` reports one of `events` (or an error/hangup), EINTR retried.
/// Returns false with ec = errc::timeout at `until`, or the OS error of poll().
bool wait_ready(int fd, short events, deadline until, std::error_code& ec) noexcept;

/// Runs `op(extra_flags)` (a send/recv-like syscall returning ssize_t, -1 + errno on
/// failure) until it succeeds, retrying EINTR and waiting on EAGAIN per `policy`.
/// Returns the result, or -1 with `ec` set.
template <class Op>
ssize_t run_io(int fd, short events, const io_policy& policy, Op&& op,
               std::error_code& ec) noexcept {
  ec.clear();
  for (;;) {
    const ssize_t n = op(policy.dontwait ? MSG_DONTWAIT : 0);
    if (n >= 0) return n;
    const int err = errno;
    if (err == EINTR) continue;
    if (err == EAGAIN || err == EWOULDBLOCK) {
      if (!policy.until) {
        ec = errc::would_block;
        return -1;
      }
      if (!wait_ready(fd, events, *policy.until, ec)) return -1;
      continue;
    }
    ec.assign(err, std::system_category());
    return -1;
  }
}

}  // namespace sockrpc::transport::detail

// SPDX-License-Identifier: MIT
// The option members of sockrpc::transport::socket (declared in socket.hpp).
#include <sockrpc/transport/socket.hpp>

#include "detail/io_wait.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace sockrpc::transport {
namespace {

// An int-valued option (a flag is 0 or 1).
void set_int(socket& s, int level, int name, int value, std::error_code& ec) noexcept {
  s.setsockopt_raw(level, name, &value, sizeof value, ec);
}

int get_int(const socket& s, int level, int name, std::error_code& ec) noexcept {
  int value = 0;
  s.getsockopt_raw(level, name, &value, sizeof value, ec);
  return ec ? 0 : value;
}

}  // namespace

void socket::setsockopt_raw(int level, int name, const void* value, socklen_t size,
                            std::error_code& ec) noexcept {
  if (!detail::check_open(fd_, ec)) return;
  if (::setsockopt(fd_, level, name, value, size) < 0) {
    ec = detail::last_error();
  } else if (level == SOL_SOCKET && name == SO_RCVTIMEO) {
    rcvtimeo_ = duration(-1);  // the user's from now on
  }
}

socklen_t socket::getsockopt_raw(int level, int name, void* value, socklen_t size,
                                 std::error_code& ec) const noexcept {
  if (!detail::check_open(fd_, ec)) return 0;
  socklen_t len = size;
  if (::getsockopt(fd_, level, name, value, &len) < 0) {
    ec = detail::last_error();
    return 0;
  }
  return len;
}

// The same four members for every boolean option; the throwing forms wrap the ec forms.
// The four members of an option of `type` (bool or int): setter and getter, each throwing
// and with an error_code.
#define SOCKRPC_OPTION(type, setter, getter, level, name)                              \
  void socket::setter(type value) {                                                    \
    detail::or_throw(#setter, [&](std::error_code& ec) { setter(value, ec); });        \
  }                                                                                    \
  void socket::setter(type value, std::error_code& ec) noexcept {                      \
    set_int(*this, level, name, static_cast<int>(value), ec);                          \
  }                                                                                    \
  type socket::getter() const {                                                        \
    return detail::or_throw(#getter, [&](std::error_code& ec) { return getter(ec); }); \
  }                                                                                    \
  type socket::getter(std::error_code& ec) const noexcept {                            \
    return static_cast<type>(get_int(*this, level, name, ec));                         \
  }

SOCKRPC_OPTION(bool, set_reuse_address, reuse_address, SOL_SOCKET, SO_REUSEADDR)
SOCKRPC_OPTION(bool, set_reuse_port, reuse_port, SOL_SOCKET, SO_REUSEPORT)
SOCKRPC_OPTION(bool, set_no_delay, no_delay, IPPROTO_TCP, TCP_NODELAY)
SOCKRPC_OPTION(bool, set_keep_alive, keep_alive, SOL_SOCKET, SO_KEEPALIVE)
SOCKRPC_OPTION(bool, set_v6only, v6only, IPPROTO_IPV6, IPV6_V6ONLY)
SOCKRPC_OPTION(int, set_recv_buffer_size, recv_buffer_size, SOL_SOCKET, SO_RCVBUF)
SOCKRPC_OPTION(int, set_send_buffer_size, send_buffer_size, SOL_SOCKET, SO_SNDBUF)
#undef SOCKRPC_OPTION

void socket::set_linger(std::optional<std::chrono::seconds> linger) {
  detail::or_throw("set_linger", [&](std::error_code& ec) { set_linger(linger, ec); });
}

void socket::set_linger(std::optional<std::chrono::seconds> linger, std::error_code& ec) noexcept {
  if (linger && linger->count() < 0) {
    ec = errc::invalid_argument;
    return;
  }
  ::linger value{};
  value.l_onoff = linger ? 1 : 0;
  value.l_linger = linger ? static_cast<int>(linger->count()) : 0;
  setsockopt_raw(SOL_SOCKET, SO_LINGER, &value, sizeof value, ec);
}

std::optional<std::chrono::seconds> socket::linger() const {
  return detail::or_throw("linger", [&](std::error_code& ec) { return linger(ec); });
}

std::optional<std::chrono::seconds> socket::linger(std::error_code& ec) const noexcept {
  ::linger value{};
  getsockopt_raw(SOL_SOCKET, SO_LINGER, &value, sizeof value, ec);
  if (ec || value.l_onoff == 0) return std::nullopt;
  return std::chrono::seconds(value.l_linger);
}

}  // namespace sockrpc::transport

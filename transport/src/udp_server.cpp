// SPDX-License-Identifier: MIT
// udp_server (declared in server.hpp).
#include <sockrpc/transport/server.hpp>

#include "detail/server_state.hpp"

#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <utility>
#include <vector>

namespace sockrpc::transport {
namespace detail {
namespace {

class udp_server_state;

/// One received datagram: runs the handler.
class udp_job final : public server_job<udp_server_state> {
 public:
  udp_job(udp_server_state& st, std::vector<std::byte> data, address peer)
      : server_job(st, std::move(peer)), data_(std::move(data)) {}
  void run() noexcept override;

 private:
  std::vector<std::byte> data_;
};

class udp_server_state final : public server_state {
 public:
  udp_server_state(socket s, datagram_handler h)
      : server_state(std::move(s), server_mode::sequential, "udp_server"), handler(std::move(h)) {}

  datagram_handler handler;
  std::size_t max_in_flight_datagrams = 0;
  std::size_t max_datagram = 65535;

 private:
  std::size_t max_in_flight() const noexcept override { return max_in_flight_datagrams; }

  void prepare() override { buf_.resize(max_datagram); }

  void on_readable(task_runner& runner, std::error_code& ec) override {
    const int fd = sock.native_handle();
    for (int i = 0; i < 32 && may_take_more(runner); ++i) {
      sockaddr_storage from{};
      socklen_t from_len = sizeof from;
      // MSG_DONTWAIT: readiness can be spurious (e.g. a datagram with a bad checksum),
      // and the socket itself stays blocking for the handlers' replies.
      const ssize_t n = ::recvfrom(fd, buf_.data(), buf_.size(), MSG_DONTWAIT,
                                   reinterpret_cast<sockaddr*>(&from), &from_len);
      if (n < 0) {
        const auto rec = sockrpc::detail::last_error();
        if (rec == std::errc::operation_would_block ||
            rec == std::errc::resource_unavailable_try_again)
          break;
        if (batch_failed(rec, "recvfrom", ec)) break;
        continue;
      }
      auto peer = address::from_sockaddr(reinterpret_cast<const sockaddr*>(&from), from_len);
      // At capacity under overload_policy::reject, the datagram is dropped.
      admit(runner, peer, [&] {
        std::vector<std::byte> data(buf_.begin(), buf_.begin() + n);
        return std::make_unique<udp_job>(*this, std::move(data), peer);
      });
    }
  }

  // Stop reading now; handlers in flight may still reply through the socket, so it is
  // closed (by serve) only after they have returned.
  void wind_down(task_runner& runner) override {
    runner.drop_queued();
    runner.join();
  }

  std::vector<std::byte> buf_;
};

void udp_job::run() noexcept {
  run_handler([&] { st_.handler(data_, peer_, st_.sock); });
}

}  // namespace
}  // namespace detail

namespace {
using detail::udp_server_state;
constexpr auto state = &detail::state_of<udp_server_state>;
}  // namespace

udp_server::udp_server(const address& bind_address, datagram_handler handler)
    : udp_server(detail::server_state::bind_socket(bind_address, sock_type::datagram, "udp_server"),
                 std::move(handler)) {}

udp_server::udp_server(socket bound, datagram_handler handler)
    : basic_server(std::make_unique<udp_server_state>(std::move(bound), std::move(handler))) {}

udp_server& udp_server::set_max_in_flight(std::size_t limit) {
  state(impl_).max_in_flight_datagrams = limit;
  return *this;
}
udp_server& udp_server::set_max_datagram_size(std::size_t size) {
  state(impl_).max_datagram = size == 0 ? 1 : size;
  return *this;
}

}  // namespace sockrpc::transport

// SPDX-License-Identifier: MIT
// udp_server (declared in server.hpp).
#include <sockrpc/transport/server.hpp>

#include <sockrpc/transport/selector.hpp>

#include "detail/server_common.hpp"
#include "detail/task_runner.hpp"

#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <utility>
#include <vector>

namespace sockrpc::transport {
namespace detail {

struct udp_server_state : server_state_base {
  udp_server_state(socket s, datagram_handler h)
      : server_state_base(std::move(s), server_mode::sequential, "udp_server"),
        handler(std::move(h)) {}

  datagram_handler handler;
  std::size_t max_in_flight = 0;
  std::size_t max_datagram = 65535;
};

namespace {

class udp_job final : public job {
 public:
  udp_job(udp_server_state& st, std::vector<std::byte> data, address peer)
      : st_(st), data_(std::move(data)), peer_(std::move(peer)) {
    ++st_.active;
  }
  ~udp_job() override { --st_.active; }
  udp_job(const udp_job&) = delete;
  udp_job& operator=(const udp_job&) = delete;

  void run() noexcept override {
    try {
      st_.handler(data_, peer_, st_.sock);
    } catch (...) {
      st_.report(std::current_exception(), peer_);
    }
  }

 private:
  udp_server_state& st_;
  std::vector<std::byte> data_;
  address peer_;
};

}  // namespace
}  // namespace detail

using detail::udp_server_state;

namespace {

socket make_udp_socket(const address& bind_address) {
  const auto f = bind_address.get_family();
  if (f != family::ipv4 && f != family::ipv6 && f != family::local) {
    sockrpc::detail::throw_error(errc::invalid_argument, "udp_server");
  }
  socket s(f, sock_type::datagram);
  if (f == family::ipv6) s.set_v6only(true);
  s.bind(bind_address);
  return s;
}

}  // namespace

udp_server::udp_server(const address& bind_address, datagram_handler handler)
    : udp_server(make_udp_socket(bind_address), std::move(handler)) {}

udp_server::udp_server(socket bound, datagram_handler handler)
    : impl_(std::make_unique<udp_server_state>(std::move(bound), std::move(handler))) {}

udp_server::~udp_server() = default;
udp_server::udp_server(udp_server&&) noexcept = default;
udp_server& udp_server::operator=(udp_server&&) noexcept = default;

udp_server& udp_server::set_mode(server_mode mode) {
  impl_->mode = mode;
  return *this;
}
udp_server& udp_server::set_threads(std::size_t threads) {
  impl_->threads = threads == 0 ? 1 : threads;
  return *this;
}
udp_server& udp_server::set_queue_limit(std::size_t limit) {
  impl_->queue_limit = limit;
  return *this;
}
udp_server& udp_server::set_max_in_flight(std::size_t limit) {
  impl_->max_in_flight = limit;
  return *this;
}
udp_server& udp_server::set_overload_policy(overload_policy policy) {
  impl_->policy = policy;
  return *this;
}
udp_server& udp_server::set_max_datagram_size(std::size_t size) {
  impl_->max_datagram = size == 0 ? 1 : size;
  return *this;
}
udp_server& udp_server::set_error_callback(server_error_callback callback) {
  impl_->on_error = std::move(callback);
  return *this;
}

address udp_server::server_address() const {
  return impl_ ? impl_->local : address();
}

std::size_t udp_server::active_datagrams() const noexcept {
  return impl_ ? impl_->active.load() : 0;
}

std::size_t udp_server::rejected_datagrams() const noexcept {
  return impl_ ? impl_->rejected.load() : 0;
}

void udp_server::shutdown() noexcept {
  if (impl_) impl_->request_stop();
}

void udp_server::serve_forever() {
  std::error_code ec;
  serve_forever(ec);
  sockrpc::detail::throw_if(ec, "udp_server::serve_forever");
}

void udp_server::serve_forever(std::error_code& ec) noexcept {
  ec.clear();
  if (!impl_) {
    ec = errc::socket_closed;
    return;
  }
  if (!impl_->claim_serve(ec)) return;
  udp_server_state& st = *impl_;
  try {
    selector sel(selector_backend::automatic);
    sel.add(st.wake.native_handle(), event::read);
    detail::task_runner runner(st.mode, st.threads, st.queue_limit, st.max_in_flight,
                               [&st] { st.wake.notify(); });
    const int fd = st.sock.fileno();
    std::vector<std::byte> buf(st.max_datagram);
    bool reading = false;

    while (!st.stop.load()) {
      const bool want = st.policy == overload_policy::reject || runner.has_capacity();
      if (want != reading) {
        if (want) {
          sel.add(fd, event::read);
        } else {
          sel.remove(fd);
        }
        reading = want;
      }
      for (const auto& ready : sel.select(std::nullopt)) {
        if (ready.key.fd != fd) {
          st.wake.drain();
          runner.reap();
          continue;
        }
        for (int i = 0; i < 32 && !st.stop.load(); ++i) {
          if (st.policy == overload_policy::wait && !runner.has_capacity()) break;
          sockaddr_storage from{};
          socklen_t from_len = sizeof from;
          // MSG_DONTWAIT: readiness can be spurious (e.g. a datagram with a bad checksum),
          // and the socket itself stays blocking for the handlers' replies.
          const ssize_t n = ::recvfrom(fd, buf.data(), buf.size(), MSG_DONTWAIT,
                                       reinterpret_cast<sockaddr*>(&from), &from_len);
          if (n < 0) {
            const auto rec = sockrpc::detail::last_error();
            if (rec == std::errc::operation_would_block ||
                rec == std::errc::resource_unavailable_try_again)
              break;
            if (detail::is_transient(rec)) continue;
            st.report(detail::make_error(rec, "recvfrom"), address());
            if (detail::is_fatal(rec)) {
              ec = rec;
              st.stop.store(true);
            }
            break;
          }
          auto peer = address::from_sockaddr(reinterpret_cast<const sockaddr*>(&from), from_len);
          if (!runner.has_capacity()) {
            ++st.rejected;  // overload_policy::reject: the datagram is dropped
            continue;
          }
          try {
            std::vector<std::byte> data(buf.begin(), buf.begin() + n);
            runner.submit(std::make_unique<detail::udp_job>(st, std::move(data), peer));
          } catch (...) {
            st.report(std::current_exception(), peer);
          }
        }
      }
    }

    // Stop reading now; handlers in flight may still reply through the socket, so it is
    // closed only after they have returned.
    runner.drop_queued();
    runner.join();
  } catch (const std::system_error& e) {
    ec = e.code();
  } catch (const std::bad_alloc&) {
    ec = std::make_error_code(std::errc::not_enough_memory);
  }
  std::error_code ignored;
  st.sock.close(ignored);
}

}  // namespace sockrpc::transport

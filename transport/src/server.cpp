// SPDX-License-Identifier: MIT
// tcp_server; udp_server is in udp_server.cpp.
#include <sockrpc/transport/server.hpp>

#include <sockrpc/transport/selector.hpp>

#include "detail/io_wait.hpp"
#include "detail/server_common.hpp"
#include "detail/task_runner.hpp"

#include <sys/socket.h>

#include <atomic>
#include <mutex>
#include <unordered_set>
#include <utility>

namespace sockrpc::transport {
namespace detail {

struct tcp_server_state : server_state_base {
  tcp_server_state(socket l, connection_handler h, int backlog)
      : server_state_base(std::move(l), server_mode::thread_per_connection, "tcp_server"),
        handler(std::move(h)) {
    sock.listen(backlog);
  }

  connection_handler handler;
  std::size_t max_connections = 0;
  duration shutdown_timeout = default_shutdown_timeout;
  std::optional<duration> connection_timeout;

  // Connections inside a handler, so shutdown can force them after the grace period.
  std::mutex conns_mu;
  std::unordered_set<socket*> conns;
  bool forced = false;         // guarded by conns_mu
  bool reads_stopped = false;  // guarded by conns_mu
  bool stop_reads_on_shutdown = false;
};

namespace {

class tcp_job final : public job {
 public:
  tcp_job(tcp_server_state& st, socket s, address peer)
      : st_(st), sock_(std::move(s)), peer_(std::move(peer)) {
    ++st_.active;
  }
  ~tcp_job() override {
    std::error_code ignored;
    sock_.close(ignored);  // before the count drops, so "not active" means "closed"
    --st_.active;
  }
  tcp_job(const tcp_job&) = delete;
  tcp_job& operator=(const tcp_job&) = delete;

  void run() noexcept override {
    {
      std::lock_guard lock(st_.conns_mu);
      if (st_.forced) return;  // the grace period is over: do not start
      st_.conns.insert(&sock_);
      if (st_.reads_stopped) ::shutdown(sock_.fileno(), SHUT_RD);
    }
    try {
      st_.handler(sock_, peer_);
    } catch (...) {
      st_.report(std::current_exception(), peer_);
    }
    std::lock_guard lock(st_.conns_mu);
    st_.conns.erase(&sock_);
  }

 private:
  tcp_server_state& st_;
  socket sock_;
  address peer_;
};

// After the grace period: make every handler blocked in I/O on its connection return.
// set_stop_reads_on_shutdown: handlers idle between requests read EOF now.
void stop_reads(tcp_server_state& st) noexcept {
  std::lock_guard lock(st.conns_mu);
  st.reads_stopped = true;
  for (socket* s : st.conns)
    ::shutdown(s->fileno(), SHUT_RD);
}

void force_connections(tcp_server_state& st) noexcept {
  std::lock_guard lock(st.conns_mu);
  st.forced = true;
  for (socket* s : st.conns)
    ::shutdown(s->fileno(), SHUT_RDWR);
}

}  // namespace
}  // namespace detail

using detail::tcp_server_state;

namespace {

socket make_listener(const address& bind_address) {
  const auto f = bind_address.get_family();
  if (f != family::ipv4 && f != family::ipv6 && f != family::local) {
    sockrpc::detail::throw_error(errc::invalid_argument, "tcp_server");
  }
  socket s(f, sock_type::stream);
  if (f != family::local) s.set_reuse_address(true);
  if (f == family::ipv6) s.set_v6only(true);
  s.bind(bind_address);
  return s;
}

}  // namespace

tcp_server::tcp_server(const address& bind_address, connection_handler handler, int backlog)
    : tcp_server(make_listener(bind_address), std::move(handler), backlog) {}

tcp_server::tcp_server(socket listener, connection_handler handler, int backlog)
    : impl_(std::make_unique<tcp_server_state>(std::move(listener), std::move(handler), backlog)) {}

tcp_server::~tcp_server() = default;
tcp_server::tcp_server(tcp_server&&) noexcept = default;
tcp_server& tcp_server::operator=(tcp_server&&) noexcept = default;

tcp_server& tcp_server::set_mode(server_mode mode) {
  impl_->mode = mode;
  return *this;
}
tcp_server& tcp_server::set_threads(std::size_t threads) {
  impl_->threads = threads == 0 ? 1 : threads;
  return *this;
}
tcp_server& tcp_server::set_queue_limit(std::size_t limit) {
  impl_->queue_limit = limit;
  return *this;
}
tcp_server& tcp_server::set_max_connections(std::size_t limit) {
  impl_->max_connections = limit;
  return *this;
}
tcp_server& tcp_server::set_overload_policy(overload_policy policy) {
  impl_->policy = policy;
  return *this;
}
tcp_server& tcp_server::set_shutdown_timeout(duration timeout) {
  impl_->shutdown_timeout = timeout;
  return *this;
}
tcp_server& tcp_server::set_connection_timeout(std::optional<duration> timeout) {
  impl_->connection_timeout = timeout;
  return *this;
}
tcp_server& tcp_server::set_error_callback(server_error_callback callback) {
  impl_->on_error = std::move(callback);
  return *this;
}
tcp_server& tcp_server::set_stop_reads_on_shutdown(bool on) {
  impl_->stop_reads_on_shutdown = on;
  return *this;
}

bool tcp_server::shutting_down() const noexcept {
  return impl_ && impl_->stop.load();
}

address tcp_server::server_address() const {
  return impl_ ? impl_->local : address();
}

std::size_t tcp_server::active_connections() const noexcept {
  return impl_ ? impl_->active.load() : 0;
}

std::size_t tcp_server::rejected_connections() const noexcept {
  return impl_ ? impl_->rejected.load() : 0;
}

void tcp_server::shutdown() noexcept {
  if (impl_) impl_->request_stop();
}

void tcp_server::serve_forever() {
  std::error_code ec;
  serve_forever(ec);
  sockrpc::detail::throw_if(ec, "tcp_server::serve_forever");
}

void tcp_server::serve_forever(std::error_code& ec) noexcept {
  ec.clear();
  if (!impl_) {
    ec = errc::socket_closed;
    return;
  }
  if (!impl_->claim_serve(ec)) return;
  tcp_server_state& st = *impl_;
  using steady = std::chrono::steady_clock;
  try {
    st.sock.settimeout(duration::zero());  // accept never blocks: the selector waits
    selector sel(selector_backend::automatic);
    sel.add(st.wake.native_handle(), event::read);
    detail::task_runner runner(st.mode, st.threads, st.queue_limit, st.max_connections,
                               [&st] { st.wake.notify(); });
    const int lfd = st.sock.fileno();
    bool listening = false;
    // After EMFILE and the like, stop accepting for a moment instead of spinning.
    bool backoff = false;
    steady::time_point backoff_until{};

    while (!st.stop.load()) {
      if (backoff && steady::now() >= backoff_until) backoff = false;
      const bool want = !backoff && (st.policy == overload_policy::reject || runner.has_capacity());
      if (want != listening) {
        if (want) {
          sel.add(lfd, event::read);
        } else {
          sel.remove(lfd);
        }
        listening = want;
      }
      std::optional<duration> wait;
      if (backoff) wait = backoff_until - steady::now();
      for (const auto& ready : sel.select(wait)) {
        if (ready.key.fd != lfd) {
          st.wake.drain();
          runner.reap();
          continue;
        }
        // Accept a bounded batch, then look at the wake-up descriptor again.
        for (int i = 0; i < 16 && !st.stop.load(); ++i) {
          if (st.policy == overload_policy::wait && !runner.has_capacity()) break;
          std::error_code aec;
          auto [conn, peer] = st.sock.accept(aec);
          if (aec == errc::would_block) break;
          if (aec) {
            if (detail::is_transient(aec)) continue;
            st.report(detail::make_error(aec, "accept"), address());
            if (detail::is_fatal(aec)) {
              ec = aec;
              st.stop.store(true);
            } else {
              backoff = true;
              backoff_until = steady::now() + std::chrono::milliseconds(100);
            }
            break;
          }
          if (!runner.has_capacity()) {
            ++st.rejected;  // overload_policy::reject: `conn` closes here, the client sees EOF
            continue;
          }
          std::error_code tec;
          conn.settimeout(st.connection_timeout, tec);
          try {
            runner.submit(std::make_unique<detail::tcp_job>(st, std::move(conn), peer));
          } catch (...) {
            st.report(std::current_exception(), peer);
          }
        }
      }
    }

    // Graceful shutdown: refuse new clients now, drop what no handler has started, give
    // the rest the grace period, then force their connections.
    std::error_code ignored;
    st.sock.close(ignored);
    runner.drop_queued();
    if (st.stop_reads_on_shutdown) detail::stop_reads(st);
    if (!runner.wait_idle(detail::deadline_after(st.shutdown_timeout)))
      detail::force_connections(st);
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

// SPDX-License-Identifier: MIT
// tcp_server; udp_server is in udp_server.cpp.
#include <sockrpc/transport/server.hpp>

#include "detail/io_wait.hpp"
#include "detail/server_state.hpp"

#include <sys/socket.h>

#include <atomic>
#include <mutex>
#include <unordered_set>
#include <utility>

namespace sockrpc::transport {
namespace detail {
namespace {

class tcp_server_state;

/// One accepted connection: runs the handler, then closes the connection.
class tcp_job final : public server_job<tcp_server_state> {
 public:
  tcp_job(tcp_server_state& st, socket s, address peer)
      : server_job(st, std::move(peer)), sock_(std::move(s)) {}
  ~tcp_job() override;
  void run() noexcept override;

 private:
  socket sock_;
};

class tcp_server_state final : public server_state {
 public:
  tcp_server_state(socket l, connection_handler h, int backlog)
      : server_state(std::move(l), server_mode::thread_per_connection, "tcp_server"),
        handler(std::move(h)) {
    sock.listen(backlog);
  }

  connection_handler handler;
  std::size_t max_connections = 0;
  duration shutdown_timeout = default_shutdown_timeout;
  std::optional<duration> connection_timeout;
  bool stop_reads_on_shutdown = false;

  // Connections inside a handler, so shutdown can force them after the grace period.
  std::mutex conns_mu;
  std::unordered_set<socket*> conns;
  bool forced = false;         // guarded by conns_mu
  bool reads_stopped = false;  // guarded by conns_mu

 private:
  using steady = std::chrono::steady_clock;

  std::size_t max_in_flight() const noexcept override { return max_connections; }

  void prepare() override {
    sock.settimeout(duration::zero());  // accept never blocks: the selector waits
  }

  bool want_socket(const task_runner& runner) override {
    if (backoff_ && steady::now() >= backoff_until_) backoff_ = false;
    return !backoff_ && server_state::want_socket(runner);
  }

  std::optional<duration> max_wait() override {
    if (!backoff_) return std::nullopt;
    return backoff_until_ - steady::now();
  }

  void on_readable(task_runner& runner, std::error_code& ec) override {
    // Accept a bounded batch, then look at the wake-up event again.
    for (int i = 0; i < 16 && may_take_more(runner); ++i) {
      std::error_code aec;
      auto [conn, peer] = sock.accept(aec);
      if (aec == errc::would_block) break;
      if (aec) {
        if (!batch_failed(aec, "accept", ec)) continue;
        if (!stop.load()) {  // EMFILE and the like: pause accepting instead of spinning
          backoff_ = true;
          backoff_until_ = steady::now() + std::chrono::milliseconds(100);
        }
        break;
      }
      // At capacity under overload_policy::reject, `conn` closes here: the client sees EOF.
      admit(runner, peer, [&, &accepted = conn, &from = peer] {
        std::error_code ignored;
        accepted.settimeout(connection_timeout, ignored);
        return std::make_unique<tcp_job>(*this, std::move(accepted), from);
      });
    }
  }

  // Graceful shutdown: refuse new clients now, drop what no handler has started, give
  // the rest the grace period, then force their connections.
  void wind_down(task_runner& runner) override {
    std::error_code ignored;
    sock.close(ignored);
    runner.drop_queued();
    if (stop_reads_on_shutdown) shutdown_all(SHUT_RD, reads_stopped);
    if (!runner.wait_idle(deadline_after(shutdown_timeout))) shutdown_all(SHUT_RDWR, forced);
    runner.join();
  }

  // Shuts down `how` on every connection inside a handler and sets `flag`, which new
  // handlers check: SHUT_RD lets handlers idle between requests read EOF now; SHUT_RDWR
  // after the grace period makes every handler blocked in I/O return.
  void shutdown_all(int how, bool& flag) noexcept {
    std::lock_guard lock(conns_mu);
    flag = true;
    for (socket* s : conns)
      ::shutdown(s->fileno(), how);
  }

  // After EMFILE and the like, stop accepting for a moment instead of spinning.
  bool backoff_ = false;
  steady::time_point backoff_until_{};
};

tcp_job::~tcp_job() {
  std::error_code ignored;
  sock_.close(ignored);  // before server_job drops the count, so "not active" means "closed"
}

void tcp_job::run() noexcept {
  {
    std::lock_guard lock(st_.conns_mu);
    if (st_.forced) return;  // the grace period is over: do not start
    st_.conns.insert(&sock_);
    if (st_.reads_stopped) ::shutdown(sock_.fileno(), SHUT_RD);
  }
  run_handler([&] { st_.handler(sock_, peer_); });
  std::lock_guard lock(st_.conns_mu);
  st_.conns.erase(&sock_);
}

}  // namespace
}  // namespace detail

namespace {
using detail::tcp_server_state;
constexpr auto state = &detail::state_of<tcp_server_state>;
}  // namespace

tcp_server::tcp_server(const address& bind_address, connection_handler handler, int backlog)
    : tcp_server(detail::server_state::bind_socket(bind_address, sock_type::stream, "tcp_server"),
                 std::move(handler), backlog) {}

tcp_server::tcp_server(socket listener, connection_handler handler, int backlog)
    : basic_server(
          std::make_unique<tcp_server_state>(std::move(listener), std::move(handler), backlog)) {}

tcp_server& tcp_server::set_max_connections(std::size_t limit) {
  state(impl_).max_connections = limit;
  return *this;
}
tcp_server& tcp_server::set_shutdown_timeout(duration timeout) {
  state(impl_).shutdown_timeout = timeout;
  return *this;
}
tcp_server& tcp_server::set_connection_timeout(std::optional<duration> timeout) {
  state(impl_).connection_timeout = timeout;
  return *this;
}
tcp_server& tcp_server::set_stop_reads_on_shutdown(bool on) {
  state(impl_).stop_reads_on_shutdown = on;
  return *this;
}

}  // namespace sockrpc::transport

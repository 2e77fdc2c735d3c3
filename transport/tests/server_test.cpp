// SPDX-License-Identifier: MIT
// tcp_server and udp_server over loopback: modes, connection cap, graceful shutdown, errors.
#include <sockrpc/transport/server.hpp>

#include "socket_test_util.hpp"

#include <gtest/gtest.h>
#include <sockrpc_test/scope_guard.hpp>

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <vector>

namespace {

using namespace sockrpc::transport;
using namespace std::chrono_literals;
using sockrpc_test::test_timeout;
using sock = sockrpc::transport::socket;

// Servers are move-only; moving never throws.
template <class Server>
constexpr bool move_only_nothrow =
    std::is_nothrow_move_constructible_v<Server>&& std::is_nothrow_move_assignable_v<Server> &&
    !std::is_copy_constructible_v<Server> && !std::is_copy_assignable_v<Server>;
static_assert(move_only_nothrow<tcp_server>);
static_assert(move_only_nothrow<udp_server>);

/// A counter that tests can wait on (with a bound) instead of sleeping.
class gauge {
 public:
  void add(int d) {
    {
      std::lock_guard lock(mu_);
      value_ += d;
      max_ = std::max(max_, value_);
    }
    cv_.notify_all();
  }
  /// True once value >= target, false after test_timeout.
  bool wait_at_least(int target) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, test_timeout, [&] { return value_ >= target; });
  }
  int value() const {
    std::lock_guard lock(mu_);
    return value_;
  }
  int max() const {
    std::lock_guard lock(mu_);
    return max_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int value_ = 0;
  int max_ = 0;
};

/// A one-shot gate handlers block on (bounded by test_timeout).
class gate {
 public:
  void open() {
    {
      std::lock_guard lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }
  bool wait() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, test_timeout, [&] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

void echo_all(sock& s) {
  std::array<std::byte, 4096> buf{};
  while (auto n = s.recv_into(buf))
    s.sendall(std::span(buf).first(n));
}

/// Connects, sends `msg`, half-closes and returns everything received until EOF.
std::string echo_client(const address& server, std::string_view msg) {
  sock c(server.get_family(), sock_type::stream);
  c.settimeout(test_timeout);
  c.connect(server);
  c.sendall(msg);
  c.shutdown(shutdown_how::write);
  std::string out;
  std::array<std::byte, 4096> buf{};
  while (auto n = c.recv_into(buf))
    out.append(reinterpret_cast<const char*>(buf.data()), n);
  return out;
}

sock connect_to(const address& server) {
  sock c(server.get_family(), sock_type::stream);
  c.settimeout(test_timeout);
  c.connect(server);
  return c;
}

/// Runs serve_forever on a thread; the destructor shuts down and joins.
template <class Server>
class serving {
 public:
  explicit serving(Server& srv)
      : srv_(srv), done_(std::async(std::launch::async, [&srv] {
          std::error_code ec;
          srv.serve_forever(ec);
          return ec;
        })) {}
  ~serving() {
    srv_.shutdown();
    if (done_.valid()) done_.wait();
  }
  /// Shuts down and returns serve_forever's error; fails the test if it does not return.
  std::error_code stop() {
    srv_.shutdown();
    return join();
  }
  std::error_code join() {
    if (done_.wait_for(test_timeout) != std::future_status::ready) {
      ADD_FAILURE() << "serve_forever did not return";
      return errc::timeout;
    }
    return done_.get();
  }

 private:
  Server& srv_;
  std::future<std::error_code> done_;
};

std::string mode_name(server_mode m) {
  // Test-name spellings, in the order of server_mode's enumerators.
  static constexpr const char* names[] = {"Sequential", "ThreadPerConnection", "ThreadPool"};
  static_assert(std::size(names) == static_cast<std::size_t>(server_mode::thread_pool) + 1);
  return names[static_cast<std::size_t>(m)];
}

class ServerModeTest : public testing::TestWithParam<std::tuple<server_mode, family>> {};

INSTANTIATE_TEST_SUITE_P(Modes, ServerModeTest,
                         testing::Combine(testing::Values(server_mode::sequential,
                                                          server_mode::thread_per_connection,
                                                          server_mode::thread_pool),
                                          testing::Values(family::ipv4, family::ipv6)),
                         [](const auto& param_info) {
                           return mode_name(std::get<0>(param_info.param)) +
                                  (std::get<1>(param_info.param) == family::ipv4 ? "IPv4" : "IPv6");
                         });

TEST_P(ServerModeTest, TcpServerEchoesForManyConcurrentClients) {
  const auto [mode, fam] = GetParam();
  gauge inside;
  tcp_server srv(address::loopback(fam, 0), [&](sock& s, const address& peer) {
    EXPECT_TRUE(peer.is_loopback());
    inside.add(1);
    echo_all(s);
    inside.add(-1);
  });
  srv.set_mode(mode).set_threads(4).set_queue_limit(8).set_connection_timeout(test_timeout);
  EXPECT_NE(srv.server_address().port(), 0);
  EXPECT_EQ(srv.server_address().get_family(), fam);
  serving run(srv);

  constexpr int clients = 20;
  std::vector<std::future<std::string>> replies;
  for (int i = 0; i < clients; ++i) {
    replies.push_back(std::async(std::launch::async, [&, i] {
      return echo_client(srv.server_address(),
                         "client " + std::to_string(i) + std::string(1000, 'x'));
    }));
  }
  for (int i = 0; i < clients; ++i) {
    ASSERT_EQ(replies[static_cast<std::size_t>(i)].wait_for(test_timeout),
              std::future_status::ready);
    EXPECT_EQ(replies[static_cast<std::size_t>(i)].get(),
              "client " + std::to_string(i) + std::string(1000, 'x'));
  }
  EXPECT_FALSE(run.stop());
  if (mode == server_mode::sequential) {
    EXPECT_EQ(inside.max(), 1);
  }
  if (mode == server_mode::thread_pool) {
    EXPECT_LE(inside.max(), 4);
  }
  EXPECT_EQ(srv.active_connections(), 0u);
}

TEST_P(ServerModeTest, UdpServerAnswersEveryDatagram) {
  const auto [mode, fam] = GetParam();
  udp_server srv(address::loopback(fam, 0), [](std::span<const std::byte> data, const address& peer,
                                               sock& reply) { reply.sendto(data, peer); });
  srv.set_mode(mode).set_threads(3);
  serving run(srv);

  constexpr int senders = 4, per_sender = 5;
  for (int s = 0; s < senders; ++s) {
    sock c(fam, sock_type::datagram);
    c.settimeout(test_timeout);
    std::vector<std::string> sent, got;
    for (int i = 0; i < per_sender; ++i) {
      sent.push_back("dgram " + std::to_string(s) + "/" + std::to_string(i));
      c.sendto(sent.back(), srv.server_address());
    }
    for (int i = 0; i < per_sender; ++i) {
      auto [data, from] = c.recvfrom(1024);
      EXPECT_EQ(from, srv.server_address());
      got.emplace_back(reinterpret_cast<const char*>(data.data()), data.size());
    }
    std::sort(got.begin(), got.end());  // thread modes may answer out of order
    std::sort(sent.begin(), sent.end());
    EXPECT_EQ(got, sent);
  }
  EXPECT_FALSE(run.stop());
}

TEST(TcpServerTest, ThreadPerConnectionRunsHandlersConcurrently) {
  constexpr int clients = 6;
  gauge inside;
  tcp_server srv(address::loopback(family::ipv4, 0), [&](sock& s, const address&) {
    inside.add(1);
    // Every handler waits until all are inside at once: only possible if concurrent.
    if (inside.wait_at_least(clients)) s.sendall(std::string_view("all in"));
  });
  srv.set_mode(server_mode::thread_per_connection);
  serving run(srv);
  std::vector<std::future<std::string>> replies;
  for (int i = 0; i < clients; ++i) {
    replies.push_back(
        std::async(std::launch::async, [&] { return echo_client(srv.server_address(), ""); }));
  }
  for (auto& r : replies) {
    ASSERT_EQ(r.wait_for(test_timeout), std::future_status::ready);
    EXPECT_EQ(r.get(), "all in");
  }
}

TEST(TcpServerTest, ConnectionCapMakesNewClientsWaitForAFreeSlot) {
  gauge inside;
  gate release;
  tcp_server srv(address::loopback(family::ipv4, 0), [&](sock& s, const address&) {
    inside.add(1);
    release.wait();
    echo_all(s);
    inside.add(-1);
  });
  srv.set_mode(server_mode::thread_per_connection).set_max_connections(2);
  serving run(srv);

  auto c1 = connect_to(srv.server_address());
  auto c2 = connect_to(srv.server_address());
  ASSERT_TRUE(inside.wait_at_least(2));
  auto c3 = connect_to(srv.server_address());  // completes in the kernel's backlog
  c3.sendall(std::string_view("third"));
  std::array<std::byte, 16> buf{};
  std::error_code ec;
  c3.recv_into(buf, std::chrono::steady_clock::now() + 200ms, ec);
  EXPECT_EQ(ec, errc::timeout);  // not served (nor closed) while both slots are taken
  EXPECT_EQ(srv.active_connections(), 2u);

  release.open();
  c1.close();
  c3.shutdown(shutdown_how::write);
  EXPECT_EQ(c3.recv_exactly(std::span(buf).first(5)), 5u);  // served once a slot freed
  c2.close();
  EXPECT_FALSE(run.stop());
  EXPECT_LE(inside.max(), 2);
  EXPECT_EQ(srv.rejected_connections(), 0u);
}

TEST(TcpServerTest, RejectPolicyClosesConnectionsBeyondTheCap) {
  gauge inside;
  gate release;
  tcp_server srv(address::loopback(family::ipv6, 0), [&](sock& s, const address&) {
    inside.add(1);
    release.wait();
    s.sendall(std::string_view("ok"));
  });
  srv.set_max_connections(1).set_overload_policy(overload_policy::reject);
  serving run(srv);
  sockrpc_test::scope_guard open_gate([&] { release.open(); });

  auto c1 = connect_to(srv.server_address());
  ASSERT_TRUE(inside.wait_at_least(1));
  auto c2 = connect_to(srv.server_address());
  std::array<std::byte, 4> buf{};
  std::error_code ec;
  const auto n = c2.recv_into(buf, ec);
  EXPECT_TRUE(n == 0 || ec == std::errc::connection_reset) << ec.message();  // closed at once
  EXPECT_EQ(srv.rejected_connections(), 1u);
  release.open();
  EXPECT_EQ(c1.recv_exactly(std::span(buf).first(2)), 2u);
}

TEST(TcpServerTest, GracefulShutdownLetsTheHandlerInFlightFinish) {
  std::promise<void> in_handler;
  gate release;
  tcp_server srv(address::loopback(family::ipv4, 0), [&](sock& s, const address&) {
    std::array<std::byte, 7> req{};
    s.recv_exactly(req);
    in_handler.set_value();
    release.wait();
    s.sendall(std::string_view("response after shutdown"));
  });
  srv.set_shutdown_timeout(test_timeout);
  serving run(srv);
  const auto where = srv.server_address();

  auto c = connect_to(where);
  c.sendall(std::string_view("request"));
  ASSERT_EQ(in_handler.get_future().wait_for(test_timeout), std::future_status::ready);
  srv.shutdown();  // from this thread, while the handler is mid-call

  // New clients are refused once the listening socket is closed (done at once by the
  // serving thread; connecting until refused is bounded by the test timeout).
  const auto until = std::chrono::steady_clock::now() + test_timeout;
  std::error_code refused;
  while (std::chrono::steady_clock::now() < until) {
    sock probe(family::ipv4, sock_type::stream);
    refused = probe.connect_ex(where);
    // ECONNRESET: this probe raced with the close; the next one is refused.
    if (refused == std::errc::connection_refused) break;
  }
  EXPECT_EQ(refused, std::errc::connection_refused);

  release.open();
  std::string reply(23, '\0');
  EXPECT_EQ(c.recv_exactly(std::as_writable_bytes(std::span(reply))), reply.size());
  EXPECT_EQ(reply, "response after shutdown");
  EXPECT_FALSE(run.join());
}

TEST(TcpServerTest, ShutdownForcesIdleConnectionsAfterTheGracePeriod) {
  std::promise<std::size_t> handler_read;
  gauge inside;
  tcp_server srv(address::loopback(family::ipv4, 0), [&](sock& s, const address&) {
    inside.add(1);
    std::array<std::byte, 8> buf{};
    std::error_code ec;
    handler_read.set_value(s.recv_into(buf, ec));  // blocks: the client never sends
  });
  srv.set_shutdown_timeout(100ms);
  serving run(srv);
  auto c = connect_to(srv.server_address());
  ASSERT_TRUE(inside.wait_at_least(1));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(run.stop());
  EXPECT_GE(sockrpc_test::elapsed_since(start), 100ms);
  auto got = handler_read.get_future();
  ASSERT_EQ(got.wait_for(0s), std::future_status::ready);
  EXPECT_EQ(got.get(), 0u);  // the forced shutdown looked like EOF to the handler
}

TEST(TcpServerTest, StopReadsOnShutdownReleasesIdleKeepAliveConnections) {
  gauge inside;
  std::promise<void> in_call;
  gate release;
  tcp_server srv(address::loopback(family::ipv4, 0), [&](sock& s, const address&) {
    inside.add(1);
    // A keep-alive request loop: 4-byte requests, each answered after the gate opens.
    std::array<std::byte, 4> req{};
    std::error_code ec;
    while (s.recv_exactly(req, ec) == req.size()) {
      if (std::string_view(reinterpret_cast<const char*>(req.data()), 4) == "slow") {
        in_call.set_value();
        release.wait();
      }
      s.sendall(req);
    }
  });
  // An endless grace period (saturating, no overflow): returning proves it was not waited out.
  srv.set_stop_reads_on_shutdown(true).set_shutdown_timeout(duration::max());
  serving run(srv);
  auto idle = connect_to(srv.server_address());
  auto busy = connect_to(srv.server_address());
  idle.sendall(std::string_view("ping"));
  std::array<std::byte, 4> buf{};
  EXPECT_EQ(idle.recv_exactly(buf), 4u);  // served; now idle between requests
  busy.sendall(std::string_view("slow"));
  ASSERT_EQ(in_call.get_future().wait_for(test_timeout), std::future_status::ready);
  ASSERT_TRUE(inside.wait_at_least(2));

  EXPECT_FALSE(srv.shutting_down());
  srv.shutdown();
  EXPECT_TRUE(srv.shutting_down());
  std::error_code ec;
  EXPECT_EQ(idle.recv_into(buf, ec), 0u);  // the idle connection was let go at once
  EXPECT_FALSE(ec);
  release.open();
  EXPECT_EQ(busy.recv_exactly(buf), 4u);  // the call in flight still got its reply
  EXPECT_EQ(std::string_view(reinterpret_cast<const char*>(buf.data()), 4), "slow");
  EXPECT_FALSE(run.join());
}

TEST(TcpServerTest, ShutdownBeforeServeForeverMakesItReturnAtOnce) {
  tcp_server srv(address::loopback(family::ipv4, 0), [](sock&, const address&) {});
  srv.shutdown();
  srv.shutdown();  // idempotent
  std::error_code ec;
  srv.serve_forever(ec);
  EXPECT_FALSE(ec);
  srv.serve_forever(ec);  // a server serves once
  EXPECT_EQ(ec, errc::socket_closed);
  EXPECT_THROW(srv.serve_forever(), std::system_error);
}

TEST(TcpServerTest, HandlerExceptionsGoToTheErrorCallbackAndServingGoesOn) {
  std::mutex mu;
  std::vector<std::string> errors;
  std::vector<address> peers;
  std::atomic<int> calls{0};
  tcp_server srv(address::loopback(family::ipv4, 0), [&](sock& s, const address&) {
    const int n = calls++;
    if (n == 0) throw std::runtime_error("boom");
    if (n == 1) throw 42;
    s.sendall(std::string_view("fine"));
  });
  srv.set_mode(server_mode::sequential)
      .set_error_callback([&](std::exception_ptr e, const address& peer) {
        std::string what = "non-standard";
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          what = ex.what();
        } catch (...) {
        }
        std::lock_guard lock(mu);
        errors.push_back(what);
        peers.push_back(peer);
      });
  serving run(srv);
  EXPECT_EQ(echo_client(srv.server_address(), ""), "");
  EXPECT_EQ(echo_client(srv.server_address(), ""), "");
  EXPECT_EQ(echo_client(srv.server_address(), ""), "fine");
  EXPECT_FALSE(run.stop());
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0], "boom");
  EXPECT_EQ(errors[1], "non-standard");
  EXPECT_TRUE(peers[0].is_loopback());
}

TEST(TcpServerTest, AdoptsABoundSocket) {
  sock listener(family::ipv6, sock_type::stream);
  listener.bind(address::loopback(family::ipv6, 0));
  const auto where = listener.getsockname();
  tcp_server srv(std::move(listener), [](sock& s, const address&) { echo_all(s); });
  EXPECT_EQ(srv.server_address(), where);
  serving run(srv);
  EXPECT_EQ(echo_client(where, "adopted"), "adopted");
  EXPECT_THROW(tcp_server(sock(), [](sock&, const address&) {}), std::system_error);
}

TEST(TcpServerTest, ServesUnixDomainSockets) {
  // A Linux abstract name: nothing to clean up in the file system.
  const std::string name =
      std::string(1, '\0') + "sockrpc-server-test-" + std::to_string(::getpid());
  tcp_server srv(address::local(name), [](sock& s, const address&) { echo_all(s); });
  EXPECT_EQ(srv.server_address().get_family(), family::local);
  serving run(srv);
  EXPECT_EQ(echo_client(srv.server_address(), "over AF_UNIX"), "over AF_UNIX");
  EXPECT_FALSE(run.stop());
}

std::atomic<tcp_server*> signalled_server{nullptr};

extern "C" void shutdown_on_signal(int) {
  if (auto* srv = signalled_server.load()) srv->shutdown();
}

TEST(TcpServerTest, ShutdownFromASignalHandler) {
  tcp_server srv(address::loopback(family::ipv4, 0), [](sock& s, const address&) { echo_all(s); });
  struct sigaction sa {};
  struct sigaction old {};
  sa.sa_handler = shutdown_on_signal;
  sigemptyset(&sa.sa_mask);
  ASSERT_EQ(::sigaction(SIGUSR1, &sa, &old), 0);
  signalled_server = &srv;
  sockrpc_test::scope_guard restore([&] {
    signalled_server = nullptr;
    ::sigaction(SIGUSR1, &old, nullptr);
  });
  std::promise<pthread_t> who;
  auto done = std::async(std::launch::async, [&] {
    who.set_value(::pthread_self());
    std::error_code ec;
    srv.serve_forever(ec);
    return ec;
  });
  EXPECT_EQ(echo_client(srv.server_address(), "before"), "before");  // it is serving
  ::pthread_kill(who.get_future().get(), SIGUSR1);  // interrupts its wait, handler shuts down
  ASSERT_EQ(done.wait_for(test_timeout), std::future_status::ready);
  EXPECT_FALSE(done.get());
}

TEST(UdpServerTest, HandlerExceptionsAreReportedAndServingGoesOn) {
  std::promise<std::string> error;
  udp_server srv(address::loopback(family::ipv4, 0),
                 [](std::span<const std::byte> data, const address& peer, sock& reply) {
                   if (data.size() == 3) throw std::runtime_error("bad datagram");
                   reply.sendto(data, peer);
                 });
  srv.set_error_callback([&](std::exception_ptr e, const address&) {
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      error.set_value(ex.what());
    }
  });
  serving run(srv);
  sock c(family::ipv4, sock_type::datagram);
  c.settimeout(test_timeout);
  c.sendto(std::string_view("bad"), srv.server_address());
  c.sendto(std::string_view("good"), srv.server_address());
  auto [data, from] = c.recvfrom(64);
  EXPECT_EQ(data.size(), 4u);
  auto f = error.get_future();
  ASSERT_EQ(f.wait_for(test_timeout), std::future_status::ready);
  EXPECT_EQ(f.get(), "bad datagram");
  EXPECT_FALSE(run.stop());
  EXPECT_EQ(srv.active_datagrams(), 0u);
}

TEST(UdpServerTest, LongDatagramsAreTruncatedToTheConfiguredSize) {
  udp_server srv(address::loopback(family::ipv4, 0),
                 [](std::span<const std::byte> data, const address& peer, sock& reply) {
                   reply.sendto(data, peer);
                 });
  srv.set_max_datagram_size(4).set_mode(server_mode::thread_pool).set_threads(2);
  serving run(srv);
  sock c(family::ipv4, sock_type::datagram);
  c.settimeout(test_timeout);
  c.sendto(std::string_view("0123456789"), srv.server_address());
  auto [data, from] = c.recvfrom(64);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(data.data()), data.size()), "0123");
  EXPECT_FALSE(run.stop());
}

TEST(UdpServerTest, ShutdownWaitsForTheHandlerInFlightWhichCanStillReply) {
  std::promise<void> in_handler;
  gate release;
  udp_server srv(address::loopback(family::ipv6, 0),
                 [&](std::span<const std::byte> data, const address& peer, sock& reply) {
                   in_handler.set_value();
                   release.wait();
                   reply.sendto(data, peer);
                 });
  serving run(srv);
  sock c(family::ipv6, sock_type::datagram);
  c.settimeout(test_timeout);
  c.sendto(std::string_view("late"), srv.server_address());
  ASSERT_EQ(in_handler.get_future().wait_for(test_timeout), std::future_status::ready);
  srv.shutdown();
  release.open();
  auto [data, from] = c.recvfrom(64);
  EXPECT_EQ(data.size(), 4u);
  EXPECT_FALSE(run.join());
}

}  // namespace

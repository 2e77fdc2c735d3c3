// SPDX-License-Identifier: MIT
// Socket data transfer over loopback: partial I/O, large transfers, deadlines, resets,
// EOF and non-blocking behaviour, on IPv4 and IPv6.
#include <sockrpc/transport/socket.hpp>

#include <sockrpc/transport/selector.hpp>

#include "socket_test_util.hpp"

#include <gtest/gtest.h>

#include <sockrpc_test/scope_guard.hpp>

#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <future>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using namespace sockrpc_test;

class SocketIoTest : public testing::TestWithParam<family> {};

INSTANTIATE_TEST_SUITE_P(Families, SocketIoTest, testing::Values(family::ipv4, family::ipv6),
                         family_name);

// Fills the connection until a non-blocking send would block; returns the bytes queued.
std::size_t fill_until_would_block(st::socket& s) {
  const auto saved = s.gettimeout();
  s.setblocking(false);
  const auto chunk = pattern(65536);
  std::size_t total = 0;
  for (int i = 0; i < 100000; ++i) {  // bounded: buffers are small
    std::error_code ec;
    const auto n = s.send(chunk, ec);
    if (ec) {
      EXPECT_EQ(ec, errc::would_block);
      break;
    }
    total += n;
  }
  s.settimeout(saved);
  return total;
}

// ---- partial transfers --------------------------------------------------------------

TEST_P(SocketIoTest, SendIsPartialWhenTheBufferIsSmall) {
  auto [client, server] = make_tcp_pair(GetParam());
  client.set_send_buffer_size(4096);
  server.set_recv_buffer_size(4096);
  client.setblocking(false);
  const auto data = pattern(1 << 20);
  std::error_code ec;
  const auto n = client.send(data, ec);
  EXPECT_FALSE(ec);
  EXPECT_GT(n, 0U);
  EXPECT_LT(n, data.size());  // one call takes what fits, not everything
  // Keep going until the kernel refuses: would_block, in both forms.
  std::size_t sent = n;
  for (int i = 0; i < 10000 && !ec; ++i)
    sent += client.send(std::span(data).subspan(sent), ec);
  EXPECT_EQ(ec, errc::would_block);
  EXPECT_EQ(ec, std::errc::operation_would_block);
  EXPECT_THROW(client.send(std::span(data).subspan(sent)), std::system_error);
  EXPECT_LT(sent, data.size());
}

TEST_P(SocketIoTest, RecvReturnsWhatIsAvailable) {
  // Named references, not a structured binding: lambdas below capture them.
  auto sockets = make_tcp_pair(GetParam());
  st::socket& client = sockets.first;
  st::socket& server = sockets.second;
  // A receive buffer smaller than the data: no single recv can return all of it.
  server.set_recv_buffer_size(16384);
  const auto data = pattern(512 * 1024);
  ASSERT_LT(static_cast<std::size_t>(server.recv_buffer_size()), data.size());
  auto writer = std::async(std::launch::async, [&client, &data] {
    std::error_code ec;
    client.sendall(data, ec);
    return ec;
  });
  std::vector<std::byte> got(data.size());
  std::size_t total = 0;
  int partial_reads = 0;
  while (total < got.size()) {
    const auto n = server.recv_into(std::span(got).subspan(total));
    ASSERT_GT(n, 0U);
    if (n < got.size() - total) ++partial_reads;
    total += n;
  }
  EXPECT_FALSE(writer.get());
  EXPECT_GT(partial_reads, 0);
  EXPECT_EQ(got, data);
}

TEST_P(SocketIoTest, SendallDeliversEveryByteOf64MiB) {
  // Named references, not a structured binding: lambdas below capture them.
  auto sockets = make_tcp_pair(GetParam());
  st::socket& client = sockets.first;
  st::socket& server = sockets.second;
  constexpr std::size_t total = 64U << 20;
  constexpr std::size_t chunk = 1U << 20;
  const auto data = pattern(total);
  // The reader checks every byte against the pattern, in chunks of odd sizes.
  auto reader = std::async(std::launch::async, [&server, &data] {
    std::vector<std::byte> buf(chunk + 7);
    std::size_t offset = 0;
    std::size_t mismatches = 0;
    while (offset < data.size()) {
      const auto want = std::min(buf.size(), data.size() - offset);
      const auto n = server.recv_exactly(std::span(buf).first(want));
      if (n != want) return std::size_t(-1);
      if (!std::equal(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n),
                      data.begin() + static_cast<std::ptrdiff_t>(offset))) {
        ++mismatches;
      }
      offset += n;
    }
    return mismatches;
  });
  client.sendall(data);  // 10 s whole-operation timeout
  EXPECT_EQ(reader.get(), 0U);
  client.shutdown(st::shutdown_how::write);
  std::error_code ec;
  EXPECT_TRUE(server.recv(1, ec).empty());  // then EOF
  EXPECT_FALSE(ec);
}

// ---- deadlines ----------------------------------------------------------------------

TEST_P(SocketIoTest, RecvTimesOutWhenThePeerNeverWrites) {
  auto [client, server] = make_tcp_pair(GetParam());
  client.settimeout(100ms);
  std::error_code ec;
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.recv(10, ec).empty());
  EXPECT_EQ(ec, std::errc::timed_out);
  EXPECT_EQ(ec, errc::timeout);
  EXPECT_GE(elapsed_since(start), 100ms);

  start = std::chrono::steady_clock::now();
  try {
    client.recv(10);
    ADD_FAILURE() << "recv returned";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), errc::timeout);
  }
  EXPECT_GE(elapsed_since(start), 100ms);
}

TEST_P(SocketIoTest, RecvExactlyDeadlineCoversTheWholeOperation) {
  auto [client, server] = make_tcp_pair(GetParam());
  server.sendall(std::string_view("abc"));
  client.settimeout(150ms);
  std::byte buf[10];
  std::error_code ec;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(client.recv_exactly(buf, ec), 3U);  // the prefix that arrived
  EXPECT_EQ(ec, std::errc::timed_out);
  EXPECT_GE(elapsed_since(start), 150ms);
  EXPECT_EQ(std::memcmp(buf, "abc", 3), 0);
}

TEST_P(SocketIoTest, ExplicitDeadlineWorksOnABlockingSocket) {
  auto [client, server] = make_tcp_pair(GetParam());
  client.settimeout(std::nullopt);  // blocking: only the deadline bounds the waits
  std::byte buf[4];
  std::error_code ec;
  auto start = std::chrono::steady_clock::now();
  client.recv_into(buf, start + 80ms, ec);
  EXPECT_EQ(ec, errc::timeout);
  EXPECT_GE(elapsed_since(start), 80ms);
  start = std::chrono::steady_clock::now();
  EXPECT_THROW(client.recv_exactly(buf, start + 80ms), std::system_error);
  EXPECT_GE(elapsed_since(start), 80ms);
  // A deadline in the past still returns data that is already there.
  server.sendall(std::string_view("wxyz"));
  EXPECT_EQ(client.recv_exactly(buf, st::deadline::max()), 4U);
  EXPECT_EQ(client.gettimeout(), std::nullopt);
}

// A deadline recv on a blocking socket sleeps in recv() bounded by SO_RCVTIMEO (half the
// time left); when that bound runs out, poll() waits for the rest of the deadline.
TEST_P(SocketIoTest, DeadlineRecvOnABlockingSocketTimesOutAfterTheKernelWait) {
  auto [client, server] = make_tcp_pair(GetParam());
  client.settimeout(std::nullopt);
  std::byte buf[4];
  std::error_code ec;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(client.recv_into(buf, start + 300ms, ec), 0U);
  EXPECT_EQ(ec, errc::timeout);
  EXPECT_GE(elapsed_since(start), 300ms);
  EXPECT_THROW(client.recv_into(buf, std::chrono::steady_clock::now() + 100ms), std::system_error);
}

TEST_P(SocketIoTest, DeadlineRecvOnABlockingSocketWakesForData) {
  auto [client, server] = make_tcp_pair(GetParam());
  client.settimeout(std::nullopt);
  std::promise<void> waiting;
  auto got = std::async(std::launch::async, [&client = client, &waiting] {
    std::byte buf[4];
    std::size_t n = 0;
    std::error_code ec;
    waiting.set_value();
    while (n < 4 && !ec)
      n += client.recv_into(std::span(buf).subspan(n), std::chrono::steady_clock::now() + 5s, ec);
    return ec ? std::string(ec.message()) : std::string(reinterpret_cast<char*>(buf), n);
  });
  waiting.get_future().wait();
  server.sendall(std::string_view("data"));
  ASSERT_EQ(got.wait_for(test_timeout), std::future_status::ready);
  EXPECT_EQ(got.get(), "data");
}

st::duration receive_timeout_of(const st::socket& s) {
  timeval tv{};
  std::error_code ec;
  s.getsockopt_raw(SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv, ec);
  EXPECT_FALSE(ec);
  return std::chrono::seconds(tv.tv_sec) + std::chrono::microseconds(tv.tv_usec);
}

// Makes `client` blocking, then receives "ab" from `server` with a deadline, which bounds
// the kernel wait.
void deadline_receive(st::socket& client, st::socket& server) {
  client.settimeout(std::nullopt);
  std::byte buf[4];
  server.sendall(std::string_view("ab"));
  EXPECT_EQ(client.recv_into(buf, std::chrono::steady_clock::now() + 10s), 2U);
}

TEST_P(SocketIoTest, DeadlineRecvLeavesNoBoundOnLaterBlockingReceives) {
  auto [client, server] = make_tcp_pair(GetParam());
  deadline_receive(client, server);
  EXPECT_GT(receive_timeout_of(client), st::duration::zero());  // the kernel wait's bound
  server.sendall(std::string_view("cd"));
  std::byte buf[4];
  EXPECT_EQ(client.recv_into(buf), 2U);  // unbounded: the bound is cleared first
  EXPECT_EQ(receive_timeout_of(client), st::duration::zero());
}

TEST_P(SocketIoTest, DetachClearsTheKernelWaitBound) {
  auto [client, server] = make_tcp_pair(GetParam());
  deadline_receive(client, server);
  st::socket other = st::socket::adopt(client.detach());
  EXPECT_EQ(receive_timeout_of(other), st::duration::zero());
}

TEST_P(SocketIoTest, ReceiveTimeoutSetByTheUserIsLeftAlone) {
  auto [client, server] = make_tcp_pair(GetParam());
  client.settimeout(std::nullopt);
  const timeval tv{0, 50'000};
  std::error_code ec;
  client.setsockopt_raw(SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv, ec);
  ASSERT_FALSE(ec);
  const auto users = receive_timeout_of(client);  // as the kernel rounded it
  std::byte buf[4];
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(client.recv_into(buf, start + 200ms, ec), 0U);
  EXPECT_EQ(ec, errc::timeout);
  EXPECT_GE(elapsed_since(start), 200ms);
  EXPECT_EQ(receive_timeout_of(client), users);
}

TEST_P(SocketIoTest, SendallTimesOutWhenThePeerNeverReads) {
  auto [client, server] = make_tcp_pair(GetParam());
  client.set_send_buffer_size(4096);
  server.set_recv_buffer_size(4096);
  client.settimeout(200ms);
  const auto data = pattern(8U << 20);  // far more than both small buffers hold
  std::error_code ec;
  auto start = std::chrono::steady_clock::now();
  client.sendall(data, ec);
  EXPECT_EQ(ec, std::errc::timed_out);
  EXPECT_GE(elapsed_since(start), 200ms);

  start = std::chrono::steady_clock::now();
  EXPECT_THROW(client.sendall(data, start + 100ms), std::system_error);
  EXPECT_GE(elapsed_since(start), 100ms);
}

TEST_P(SocketIoTest, SendallOfAStringHonoursADeadline) {
  auto [client, server] = make_tcp_pair(GetParam());
  client.settimeout(std::nullopt);  // only the deadline bounds the wait
  const std::string text = "a string sent before a deadline";
  client.sendall(std::string_view(text), std::chrono::steady_clock::now() + test_timeout);
  std::string got(text.size(), '\0');
  server.recv_exactly(std::as_writable_bytes(std::span(got)));
  EXPECT_EQ(got, text);

  client.set_send_buffer_size(4096);
  server.set_recv_buffer_size(4096);
  const std::string big(8U << 20, 'x');  // far more than both small buffers hold
  std::error_code ec;
  const auto start = std::chrono::steady_clock::now();
  client.sendall(big, start + 100ms, ec);
  EXPECT_EQ(ec, errc::timeout);
  EXPECT_GE(elapsed_since(start), 100ms);
}

// ---- probe_idle --------------------------------------------------------------------

// Waits (up to test_timeout) until `s` is readable: data, EOF or an error is waiting.
void wait_readable(const st::socket& s) {
  st::selector sel(st::selector_backend::poll);
  sel.add(s, st::event::read);
  ASSERT_EQ(sel.select(test_timeout).size(), 1U);
}

TEST_P(SocketIoTest, ProbeIdleTellsIdleFromClosedFromUnexpectedData) {
  auto [client, server] = make_tcp_pair(GetParam());
  std::error_code ec;
  EXPECT_EQ(client.probe_idle(ec), st::idle_status::idle);
  EXPECT_FALSE(ec);
  EXPECT_EQ(st::probe_idle(client.native_handle(), ec), st::idle_status::idle);

  server.sendall("!");
  wait_readable(client);
  EXPECT_EQ(client.probe_idle(), st::idle_status::unexpected_data);
  EXPECT_EQ(client.probe_idle(), st::idle_status::unexpected_data);  // MSG_PEEK: still there
  std::byte one[1];
  ASSERT_EQ(client.recv_into(one), 1U);
  EXPECT_EQ(one[0], std::byte{'!'});
  EXPECT_EQ(client.probe_idle(), st::idle_status::idle);

  server.close();
  wait_readable(client);
  EXPECT_EQ(client.probe_idle(ec), st::idle_status::peer_closed);
  EXPECT_FALSE(ec);
}

TEST(SocketProbeTest, ProbeIdleReportsErrors) {
  std::error_code ec;
  st::socket closed;
  EXPECT_EQ(closed.probe_idle(ec), st::idle_status::failed);
  EXPECT_EQ(ec, errc::socket_closed);
  EXPECT_THROW((void)closed.probe_idle(), std::system_error);
  EXPECT_EQ(st::probe_idle(-1, ec), st::idle_status::failed);
  EXPECT_EQ(ec, std::errc::bad_file_descriptor);
}

TEST(SocketProbeTest, PeerResetIsReportedAsAFailure) {
  auto [client, server] = make_tcp_pair(st::family::ipv4);
  server.set_linger(std::chrono::seconds(0));  // close() sends RST
  server.close();
  wait_readable(client);
  std::error_code ec;
  EXPECT_EQ(client.probe_idle(ec), st::idle_status::failed);
  EXPECT_EQ(ec, std::errc::connection_reset);
}

TEST_P(SocketIoTest, AcceptTimesOutAndWouldBlock) {
  auto listener = make_listener(GetParam());
  listener.settimeout(100ms);
  std::error_code ec;
  const auto start = std::chrono::steady_clock::now();
  auto [s, peer] = listener.accept(ec);
  EXPECT_EQ(ec, std::errc::timed_out);
  EXPECT_GE(elapsed_since(start), 100ms);
  EXPECT_FALSE(s.is_open());
  listener.setblocking(false);
  listener.accept(ec);
  EXPECT_EQ(ec, errc::would_block);
  EXPECT_THROW(listener.accept(), std::system_error);
}

TEST_P(SocketIoTest, ConnectTimesOutWhenTheBacklogIsFull) {
  // Loopback only: a listener that never accepts, with the smallest backlog. Once its
  // accept queue is full the kernel drops further SYNs, so a connect hangs until its
  // deadline (a client may still "connect" while the handshake slot is free).
  auto listener = make_listener(GetParam(), 0);
  const auto target = listener.getsockname();
  std::vector<st::socket> clients;
  bool timed_out = false;
  for (int i = 0; i < 16 && !timed_out; ++i) {
    st::socket c(GetParam(), sock_type::stream);
    c.settimeout(200ms);
    const auto start = std::chrono::steady_clock::now();
    const auto ec = c.connect_ex(target);
    if (ec == std::errc::timed_out) {
      EXPECT_EQ(ec, errc::timeout);
      EXPECT_GE(elapsed_since(start), 200ms);
      timed_out = true;
      // The throwing form and the explicit-deadline form time out the same way.
      st::socket d(GetParam(), sock_type::stream);
      const auto t0 = std::chrono::steady_clock::now();
      try {
        d.connect(target, t0 + 100ms);
        ADD_FAILURE() << "connect succeeded";
      } catch (const std::system_error& e) {
        EXPECT_EQ(e.code(), std::errc::timed_out);
      }
      EXPECT_GE(elapsed_since(t0), 100ms);
      EXPECT_EQ(d.gettimeout(), std::nullopt);
    } else {
      ASSERT_FALSE(ec) << ec.message();
    }
    clients.push_back(std::move(c));
  }
  EXPECT_TRUE(timed_out) << "no connect attempt was held up by the full backlog";
}

// ---- EOF, reset, non-blocking -------------------------------------------------------

TEST_P(SocketIoTest, EofIsEmptyRecvAndUnexpectedEofForRecvExactly) {
  auto [client, server] = make_tcp_pair(GetParam());
  server.sendall(std::string_view("xy"));
  server.shutdown(st::shutdown_how::write);
  std::byte buf[8];
  std::error_code ec;
  EXPECT_EQ(client.recv_exactly(buf, ec), 2U);
  EXPECT_EQ(ec, errc::unexpected_eof);
  EXPECT_EQ(client.recv_into(buf, ec), 0U);  // EOF: 0, no error
  EXPECT_FALSE(ec);
  EXPECT_TRUE(client.recv(8).empty());
  try {
    client.recv_exactly(buf);
    ADD_FAILURE() << "recv_exactly returned";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), errc::unexpected_eof);
  }
  EXPECT_EQ(client.recv_exactly(std::span<std::byte>()), 0U);  // nothing asked: success
}

TEST_P(SocketIoTest, LingerZeroCloseResetsThePeer) {
  auto [client, server] = make_tcp_pair(GetParam());
  server.set_linger(std::chrono::seconds(0));
  server.close();
  std::error_code ec;
  client.recv(16, ec);
  EXPECT_EQ(ec, std::errc::connection_reset);
  // Sending to a reset connection fails with an error, never SIGPIPE (MSG_NOSIGNAL).
  client.sendall(pattern(1 << 16), ec);
  EXPECT_TRUE(ec == std::errc::broken_pipe || ec == std::errc::connection_reset) << ec.message();
  EXPECT_THROW(client.sendall(pattern(1 << 16)), std::system_error);
}

TEST_P(SocketIoTest, SendToAClosedPeerIsBrokenPipeNotASignal) {
  auto [client, server] = make_tcp_pair(GetParam());
  server.close();
  std::error_code ec;
  // The first sends may succeed (the peer answers with RST); keep going until one fails.
  for (int i = 0; i < 100 && !ec; ++i)
    client.send("data", ec);
  EXPECT_TRUE(ec == std::errc::broken_pipe || ec == std::errc::connection_reset) << ec.message();
}

TEST_P(SocketIoTest, TimeoutZeroReportsWouldBlock) {
  auto [client, server] = make_tcp_pair(GetParam());
  client.settimeout(st::duration::zero());
  std::byte buf[4];
  std::error_code ec;
  EXPECT_EQ(client.recv_into(buf, ec), 0U);
  EXPECT_EQ(ec, errc::would_block);
  client.recv_exactly(buf, ec);
  EXPECT_EQ(ec, errc::would_block);
  EXPECT_THROW(client.recv(4), std::system_error);
  server.set_recv_buffer_size(4096);
  client.set_send_buffer_size(4096);
  EXPECT_GT(fill_until_would_block(client), 0U);
  client.sendall(pattern(1 << 16), ec);
  EXPECT_EQ(ec, errc::would_block);
}

TEST_P(SocketIoTest, ConcurrentSendAndRecvOnOneSocket) {
  // One thread receives while another sends on the same socket (documented as safe).
  // Named references, not a structured binding: lambdas below capture them.
  auto sockets = make_tcp_pair(GetParam());
  st::socket& client = sockets.first;
  st::socket& server = sockets.second;
  const auto data = pattern(4U << 20);
  auto echo = std::async(std::launch::async, [&server] {
    std::vector<std::byte> buf(65536);
    std::error_code ec;
    for (;;) {
      const auto n = server.recv_into(buf, ec);
      if (ec || n == 0) return ec;
      server.sendall(std::span(buf).first(n), ec);
      if (ec) return ec;
    }
  });
  auto sender = std::async(std::launch::async, [&client, &data] {
    std::error_code ec;
    client.sendall(data, ec);
    return ec;
  });
  std::vector<std::byte> back(data.size());
  EXPECT_EQ(client.recv_exactly(back), back.size());
  EXPECT_FALSE(sender.get());
  client.shutdown(st::shutdown_how::write);
  EXPECT_FALSE(echo.get());
  EXPECT_EQ(back, data);
}

TEST_P(SocketIoTest, OperationsOnAClosedSocketFail) {
  st::socket s;
  std::byte buf[1];
  std::error_code ec;
  s.send("x", ec);
  EXPECT_EQ(ec, errc::socket_closed);
  s.sendall(std::string_view("x"), ec);
  EXPECT_EQ(ec, errc::socket_closed);
  s.recv_into(buf, ec);
  EXPECT_EQ(ec, errc::socket_closed);
  s.recv_exactly(buf, ec);
  EXPECT_EQ(ec, errc::socket_closed);
  s.sendto(std::string_view("x"), address::loopback(GetParam(), 9), ec);
  EXPECT_EQ(ec, errc::socket_closed);
  s.recvfrom(1, ec);
  EXPECT_EQ(ec, errc::socket_closed);
  s.accept(ec);
  EXPECT_EQ(ec, errc::socket_closed);
  EXPECT_EQ(s.connect_ex(address::loopback(GetParam(), 9)), errc::socket_closed);
  s.shutdown(st::shutdown_how::both, ec);
  EXPECT_EQ(ec, errc::socket_closed);
  EXPECT_THROW(s.recv(1), std::system_error);
}

// ---- EINTR --------------------------------------------------------------------------

std::atomic<int> signals_seen{0};
extern "C" void count_signal(int) {
  signals_seen.fetch_add(1, std::memory_order_relaxed);
}

TEST_P(SocketIoTest, WaitsInterruptedBySignalsAreRetried) {
  // A handler without SA_RESTART makes a blocked recv()/ppoll() fail with EINTR.
  struct sigaction sa {};
  sa.sa_handler = count_signal;
  sigemptyset(&sa.sa_mask);
  struct sigaction old {};
  ASSERT_EQ(::sigaction(SIGUSR1, &sa, &old), 0);
  scope_guard restore([&old] { ::sigaction(SIGUSR1, &old, nullptr); });

  // Named references, not a structured binding: lambdas below capture them.
  auto sockets = make_tcp_pair(GetParam());
  st::socket& client = sockets.first;
  st::socket& server = sockets.second;
  // Blocking, with a timeout, and blocking with an explicit deadline (a kernel wait).
  for (const int mode : {0, 1, 2}) {
    const bool blocking = mode != 1;
    client.settimeout(blocking ? std::nullopt : std::optional<st::duration>(test_timeout));
    signals_seen = 0;
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    std::error_code ec;
    std::size_t got = 0;
    std::byte buf[4];
    std::thread reader([&] {
      std::error_code local;
      std::size_t n = 0;
      if (mode == 2) {
        const auto until = std::chrono::steady_clock::now() + test_timeout;
        while (n < 4 && !local)
          n += client.recv_into(std::span(buf).subspan(n), until, local);
      } else {
        n = client.recv_exactly(buf, local);
      }
      std::lock_guard lock(m);
      got = n;
      ec = local;
      done = true;
      cv.notify_one();
    });
    // The reader cannot finish before the data is sent, so signalling it is safe. The
    // pauses only spread the signals over its wait; correctness does not depend on them.
    for (int i = 0; i < 20; ++i) {
      ::pthread_kill(reader.native_handle(), SIGUSR1);
      std::unique_lock lock(m);
      cv.wait_for(lock, 2ms, [&] { return done; });
    }
    server.sendall(std::string_view("sig!"));
    reader.join();
    EXPECT_FALSE(ec) << ec.message() << " (mode " << mode << ")";
    EXPECT_EQ(got, 4U);
    EXPECT_GT(signals_seen.load(), 0);
  }
}

}  // namespace

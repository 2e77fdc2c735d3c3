// SPDX-License-Identifier: MIT
#include <sockrpc/transport/selector.hpp>

#include "socket_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <set>
#include <utility>
#include <vector>

namespace {

using namespace sockrpc::transport;
using namespace std::chrono_literals;
using sockrpc_test::test_timeout;
using sock = sockrpc::transport::socket;

// A connected AF_UNIX stream pair.
std::pair<sock, sock> make_socketpair() {
  return sockrpc::transport::socketpair();
}

// Makes `s` non-blocking and repeats `op(s, buffer, ec)` until it would block.
template <class Op>
void until_would_block(sock& s, Op op) {
  s.setblocking(false);
  std::array<std::byte, 65536> buffer{};
  std::error_code ec;
  while (!ec)
    op(s, buffer, ec);
  ASSERT_EQ(ec, errc::would_block);
}

void fill_send_buffer(sock& s) {
  until_would_block(s, [](sock& t, auto& junk, std::error_code& ec) { t.send(junk, ec); });
}

void drain_receive_buffer(sock& s) {
  until_would_block(s, [](sock& t, auto& sink, std::error_code& ec) { t.recv_into(sink, ec); });
}

class SelectorTest : public testing::TestWithParam<selector_backend> {};

INSTANTIATE_TEST_SUITE_P(Backends, SelectorTest,
                         testing::Values(selector_backend::epoll, selector_backend::poll),
                         [](const auto& param_info) {
                           return param_info.param == selector_backend::epoll ? "Epoll" : "Poll";
                         });

TEST_P(SelectorTest, NothingReadyTimesOut) {
  auto [a, b] = make_socketpair();
  selector sel(GetParam());
  EXPECT_EQ(sel.backend(), GetParam());
  sel.add(b, event::read);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(sel.select(50ms).empty());
  EXPECT_GE(sockrpc_test::elapsed_since(start), 50ms);
  std::error_code ec;
  EXPECT_TRUE(sel.select(0ns, ec).empty());  // a poll
  EXPECT_FALSE(ec);
  EXPECT_TRUE(sel.select(-5ms).empty());
}

TEST_P(SelectorTest, ReportsReadableWithItsKeyAndData) {
  auto [a, b] = make_socketpair();
  selector sel(GetParam());
  int tag = 7;
  const auto& key = sel.add(b, event::read, &tag);
  EXPECT_EQ(key.fd, b.fileno());
  EXPECT_EQ(key.events, event::read);
  a.sendall(std::string_view("x"));
  const auto ready = sel.select(test_timeout);
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].key.fd, b.fileno());
  EXPECT_EQ(ready[0].key.data, &tag);
  EXPECT_EQ(ready[0].ready, event::read);
}

TEST_P(SelectorTest, HugeTimeoutsSaturateInsteadOfOverflowing) {
  auto [a, b] = make_socketpair();
  selector sel(GetParam());
  sel.add(a, event::write);
  EXPECT_EQ(sel.select(duration::max()).size(), 1u);
}

TEST_P(SelectorTest, ReportsWritableAndBothDirections) {
  auto [a, b] = make_socketpair();
  selector sel(GetParam());
  sel.add(a, event::write);
  auto ready = sel.select(test_timeout);
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].ready, event::write);

  b.sendall(std::string_view("y"));
  sel.modify(a.fileno(), event::read | event::write);
  ready = sel.select(test_timeout);
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].ready, event::read | event::write);
  EXPECT_TRUE(has(ready[0].ready, event::read));
}

TEST_P(SelectorTest, FullSendBufferIsNotWritable) {
  auto [a, b] = make_socketpair();
  fill_send_buffer(a);
  selector sel(GetParam());
  sel.add(a, event::write);
  EXPECT_TRUE(sel.select(20ms).empty());
  // Draining the peer makes it writable again.
  ASSERT_NO_FATAL_FAILURE(drain_receive_buffer(b));
  const auto ready = sel.select(test_timeout);
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].ready, event::write);
}

TEST_P(SelectorTest, ModifyReplacesEventsAndData) {
  auto [a, b] = make_socketpair();
  selector sel(GetParam());
  int one = 1, two = 2;
  sel.add(a, event::read, &one);
  EXPECT_TRUE(sel.select(0ns).empty());
  const auto& key = sel.modify(a.fileno(), event::write, &two);
  EXPECT_EQ(key.events, event::write);
  EXPECT_EQ(sel.get_key(a.fileno())->data, &two);
  const auto ready = sel.select(test_timeout);
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].key.data, &two);
}

TEST_P(SelectorTest, UnregisteredDescriptorsAreNotReported) {
  auto [a, b] = make_socketpair();
  selector sel(GetParam());
  sel.add(b, event::read);
  a.sendall(std::string_view("z"));
  const auto old = sel.unregister(b.fileno());
  EXPECT_EQ(old.fd, b.fileno());
  EXPECT_EQ(sel.size(), 0u);
  EXPECT_FALSE(sel.get_key(b.fileno()));
  EXPECT_TRUE(sel.select(20ms).empty());
  std::error_code ec;
  sel.remove(b.fileno(), ec);
  EXPECT_EQ(ec, std::errc::no_such_file_or_directory);
  EXPECT_THROW(sel.remove(b.fileno()), std::system_error);
}

TEST_P(SelectorTest, RemovingAnAlreadyClosedDescriptorWorks) {
  auto [a, b] = make_socketpair();
  selector sel(GetParam());
  const int fd = b.fileno();
  sel.add(fd, event::read);
  b.close();
  std::error_code ec;
  sel.remove(fd, ec);
  EXPECT_FALSE(ec);
}

TEST_P(SelectorTest, RejectsBadRegistrations) {
  auto [a, b] = make_socketpair();
  selector sel(GetParam());
  std::error_code ec;
  sel.add(a.fileno(), event::none, nullptr, ec);
  EXPECT_EQ(ec, errc::invalid_argument);
  sel.add(-1, event::read, nullptr, ec);
  EXPECT_EQ(ec, errc::invalid_argument);
  sock closed;
  sel.add(closed, event::read, nullptr, ec);
  EXPECT_EQ(ec, errc::socket_closed);
  sel.add(a, event::read);
  sel.add(a, event::write, nullptr, ec);
  EXPECT_EQ(ec, std::errc::file_exists);
  EXPECT_THROW(sel.add(a, event::read), std::system_error);
  sel.modify(b.fileno(), event::read, nullptr, ec);
  EXPECT_EQ(ec, std::errc::no_such_file_or_directory);
  sel.modify(a.fileno(), event::none, nullptr, ec);
  EXPECT_EQ(ec, errc::invalid_argument);
  EXPECT_EQ(sel.size(), 1u);
}

TEST_P(SelectorTest, PeerCloseReportsReadable) {
  auto [a, b] = make_socketpair();
  selector sel(GetParam());
  sel.add(b, event::read | event::write);
  a.close();
  const auto ready = sel.select(test_timeout);
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_TRUE(has(ready[0].ready, event::read));
  std::array<std::byte, 4> buf{};
  EXPECT_EQ(b.recv_into(buf), 0u);  // the readiness was EOF
}

TEST_P(SelectorTest, ReportsExactlyTheReadyDescriptorsAmongMany) {
  std::vector<std::pair<sock, sock>> pairs;
  selector sel(GetParam());
  for (int i = 0; i < 40; ++i) {
    pairs.push_back(make_socketpair());
    sel.add(pairs.back().second, event::read,
            reinterpret_cast<void*>(static_cast<std::intptr_t>(i)));
  }
  std::set<std::intptr_t> expected;
  for (int i = 0; i < 40; i += 3) {
    pairs[static_cast<std::size_t>(i)].first.sendall(std::string_view("!"));
    expected.insert(i);
  }
  std::set<std::intptr_t> got;
  for (const auto& ev : sel.select(test_timeout)) {
    got.insert(reinterpret_cast<std::intptr_t>(ev.key.data));
  }
  // Everything was written before select: all are ready at once on a local socket pair.
  EXPECT_EQ(got, expected);
}

TEST_P(SelectorTest, ListeningSocketBecomesReadableOnConnect) {
  for (auto f : {family::ipv4, family::ipv6}) {
    auto listener = sockrpc_test::make_listener(f);
    selector sel(GetParam());
    sel.add(listener, event::read);
    EXPECT_TRUE(sel.select(0ns).empty());
    sock client(f, sock_type::stream);
    client.settimeout(test_timeout);
    client.connect(listener.getsockname());
    const auto ready = sel.select(test_timeout);
    ASSERT_EQ(ready.size(), 1u);
    EXPECT_EQ(ready[0].key.fd, listener.fileno());
    auto [conn, peer] = listener.accept();
    EXPECT_TRUE(conn.is_open());
  }
}

TEST_P(SelectorTest, ClosedAndMovedFromSelectorsRefuseWork) {
  selector sel(GetParam());
  auto [a, b] = make_socketpair();
  sel.add(a, event::write);
  selector moved = std::move(sel);
  EXPECT_FALSE(sel.is_open());
  EXPECT_EQ(sel.size(), 0u);
  EXPECT_TRUE(moved.is_open());
  EXPECT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved.select(test_timeout).size(), 1u);
  std::error_code ec;
  sel.select(0ns, ec);
  EXPECT_EQ(ec, errc::socket_closed);
  moved.close();
  moved.close();  // idempotent
  EXPECT_THROW(moved.select(0ns), std::system_error);
  EXPECT_THROW(moved.add(a, event::read), std::system_error);
}

TEST(SelectorDefaultTest, AutomaticBackendIsEpollOnLinux) {
  selector sel;
#ifdef __linux__
  EXPECT_EQ(sel.backend(), selector_backend::epoll);
#else
  EXPECT_EQ(sel.backend(), selector_backend::poll);
#endif
  std::error_code ec;
  selector other(selector_backend::poll, ec);
  EXPECT_FALSE(ec);
  EXPECT_TRUE(other.is_open());
}

}  // namespace

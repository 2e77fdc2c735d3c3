// SPDX-License-Identifier: MIT
// Basic socket behaviour over loopback, parametrised over IPv4 and IPv6.
#include <sockrpc/transport/socket.hpp>

#include "socket_test_util.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using namespace sockrpc_test;

class SocketTest : public testing::TestWithParam<family> {};

INSTANTIATE_TEST_SUITE_P(Families, SocketTest, testing::Values(family::ipv4, family::ipv6),
                         family_name);

TEST_P(SocketTest, ConnectAcceptSendRecvRoundTrip) {
  auto listener = make_listener(GetParam());
  const auto bound = listener.getsockname();
  EXPECT_EQ(bound.get_family(), GetParam());
  EXPECT_TRUE(bound.is_loopback());
  EXPECT_NE(bound.port(), 0);

  st::socket client(GetParam(), sock_type::stream);
  client.settimeout(test_timeout);
  client.connect(bound);
  auto [server, peer] = listener.accept();
  EXPECT_TRUE(server.is_open());
  EXPECT_EQ(peer, client.getsockname());
  EXPECT_EQ(server.getpeername(), client.getsockname());
  EXPECT_EQ(client.getpeername(), bound);
  EXPECT_EQ(server.get_family(), GetParam());
  EXPECT_EQ(server.get_type(), sock_type::stream);

  EXPECT_EQ(client.send(std::string_view("hello")), 5U);
  std::byte buf[5];
  server.settimeout(test_timeout);
  EXPECT_EQ(server.recv_exactly(buf), 5U);
  EXPECT_EQ(std::memcmp(buf, "hello", 5), 0);

  std::error_code ec;
  server.sendall(std::string_view("world!"), ec);
  EXPECT_FALSE(ec);
  auto got = client.recv(64, ec);
  EXPECT_FALSE(ec);
  ASSERT_LE(got.size(), 6U);
  EXPECT_EQ(std::memcmp(got.data(), "world!", got.size()), 0);
}

TEST_P(SocketTest, TimeoutSettingsFollowPython) {
  st::socket s(GetParam(), sock_type::stream);
  EXPECT_EQ(s.gettimeout(), std::nullopt);
  EXPECT_TRUE(s.getblocking());
  s.settimeout(250ms);
  EXPECT_EQ(s.gettimeout(), st::duration(250ms));
  EXPECT_FALSE(s.getblocking());
  s.setblocking(false);
  EXPECT_EQ(s.gettimeout(), st::duration::zero());
  s.setblocking(true);
  EXPECT_EQ(s.gettimeout(), std::nullopt);
  EXPECT_THROW(s.settimeout(-1ms), std::system_error);
  std::error_code ec;
  s.settimeout(-1ms, ec);
  EXPECT_EQ(ec, errc::invalid_argument);
}

}  // namespace

namespace {

// ---- lifetime -----------------------------------------------------------------------

TEST(SocketLifetimeTest, DefaultSocketIsClosed) {
  st::socket s;
  EXPECT_FALSE(s.is_open());
  EXPECT_EQ(s.fileno(), -1);
  EXPECT_EQ(s.native_handle(), -1);
  EXPECT_EQ(s.detach(), -1);
  std::error_code ec;
  s.close(ec);  // closing a closed socket is a no-op
  EXPECT_FALSE(ec);
}

TEST(SocketLifetimeTest, MovedFromSocketIsClosed) {
  st::socket a(family::ipv4, sock_type::stream);
  a.settimeout(1s);
  const int fd = a.fileno();
  ASSERT_GE(fd, 0);
  st::socket b(std::move(a));
  EXPECT_FALSE(a.is_open());  // NOLINT(bugprone-use-after-move): documented behaviour
  EXPECT_EQ(a.fileno(), -1);
  EXPECT_EQ(b.fileno(), fd);
  EXPECT_EQ(b.gettimeout(), st::duration(1s));
  EXPECT_EQ(b.get_family(), family::ipv4);

  st::socket c(family::ipv6, sock_type::datagram);
  c = std::move(b);           // c's own descriptor is closed (the fd-leak check would catch it)
  EXPECT_FALSE(b.is_open());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(c.fileno(), fd);
  EXPECT_EQ(c.get_type(), sock_type::stream);

  std::error_code ec;
  a.bind(address::loopback(family::ipv4, 0), ec);
  EXPECT_EQ(ec, errc::socket_closed);
  EXPECT_EQ(ec, std::errc::bad_file_descriptor);
  EXPECT_THROW(a.listen(), std::system_error);
}

TEST(SocketLifetimeTest, CloseReleasesTheDescriptorOnce) {
  st::socket s(family::ipv4, sock_type::stream);
  const int fd = s.fileno();
  s.close();
  EXPECT_FALSE(s.is_open());
  EXPECT_EQ(::fcntl(fd, F_GETFD), -1);  // really closed
  EXPECT_NO_THROW(s.close());
}

TEST(SocketLifetimeTest, DetachGivesAwayTheDescriptor) {
  int fd = -1;
  {
    st::socket s(family::ipv6, sock_type::stream);
    fd = s.detach();
    EXPECT_FALSE(s.is_open());
  }
  ASSERT_GE(fd, 0);
  EXPECT_NE(::fcntl(fd, F_GETFD), -1);  // still open after the socket died
  EXPECT_TRUE(::fcntl(fd, F_GETFD) & FD_CLOEXEC);
  auto adopted = st::socket::adopt(fd);  // and adopt closes it again
  EXPECT_EQ(adopted.fileno(), fd);
  EXPECT_EQ(adopted.get_family(), family::ipv6);
  EXPECT_EQ(adopted.get_type(), sock_type::stream);
  EXPECT_EQ(adopted.gettimeout(), std::nullopt);
}

TEST(SocketLifetimeTest, AdoptReadsNonBlockingModeAsTimeoutZero) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  auto s = st::socket::adopt(fd);
  EXPECT_EQ(s.get_type(), sock_type::datagram);
  EXPECT_EQ(s.gettimeout(), st::duration::zero());
  EXPECT_FALSE(st::socket::adopt(-1).is_open());
}

TEST(SocketLifetimeTest, CreationErrorsAreReported) {
  std::error_code ec;
  st::socket s(static_cast<family>(12345), sock_type::stream, 0, ec);
  EXPECT_EQ(ec, std::errc::address_family_not_supported);
  EXPECT_FALSE(s.is_open());
  EXPECT_THROW(st::socket(static_cast<family>(12345), sock_type::stream), std::system_error);
}

TEST(SocketLifetimeTest, TimeoutSetsNonBlockingDescriptor) {
  st::socket s(family::ipv4, sock_type::stream);
  EXPECT_FALSE(::fcntl(s.fileno(), F_GETFL) & O_NONBLOCK);
  s.settimeout(1s);
  EXPECT_TRUE(::fcntl(s.fileno(), F_GETFL) & O_NONBLOCK);
  s.settimeout(std::nullopt);
  EXPECT_FALSE(::fcntl(s.fileno(), F_GETFL) & O_NONBLOCK);
}

// ---- options ------------------------------------------------------------------------

TEST_P(SocketTest, BooleanOptionsRoundTrip) {
  st::socket s(GetParam(), sock_type::stream);
  EXPECT_FALSE(s.reuse_address());
  s.set_reuse_address(true);
  EXPECT_TRUE(s.reuse_address());
  s.set_reuse_port(true);
  EXPECT_TRUE(s.reuse_port());
  s.set_no_delay(true);
  EXPECT_TRUE(s.no_delay());
  s.set_no_delay(false);
  EXPECT_FALSE(s.no_delay());
  std::error_code ec;
  s.set_keep_alive(true, ec);
  EXPECT_FALSE(ec);
  EXPECT_TRUE(s.keep_alive(ec));
  EXPECT_FALSE(ec);
  if (GetParam() == family::ipv6) {
    s.set_v6only(true);
    EXPECT_TRUE(s.v6only());
    s.set_v6only(false, ec);
    EXPECT_FALSE(s.v6only(ec));
    EXPECT_FALSE(ec);
  } else {
    s.set_v6only(true, ec);  // not an IPv6 socket
    EXPECT_TRUE(ec);
    EXPECT_THROW(s.v6only(), std::system_error);
  }
}

TEST_P(SocketTest, BufferSizesAndLingerRoundTrip) {
  st::socket s(GetParam(), sock_type::stream);
  s.set_recv_buffer_size(32768);
  s.set_send_buffer_size(32768);
  // Linux doubles the requested size for its bookkeeping.
  EXPECT_GE(s.recv_buffer_size(), 32768);
  EXPECT_GE(s.send_buffer_size(), 32768);
  EXPECT_EQ(s.linger(), std::nullopt);
  s.set_linger(std::chrono::seconds(3));
  EXPECT_EQ(s.linger(), std::chrono::seconds(3));
  s.set_linger(std::nullopt);
  EXPECT_EQ(s.linger(), std::nullopt);
  std::error_code ec;
  s.set_linger(std::chrono::seconds(-1), ec);
  EXPECT_EQ(ec, errc::invalid_argument);
}

TEST_P(SocketTest, GenericOptionsMatchTypedOnes) {
  st::socket s(GetParam(), sock_type::stream);
  s.setsockopt(SOL_SOCKET, SO_KEEPALIVE, 1);
  EXPECT_TRUE(s.keep_alive());
  EXPECT_EQ(s.getsockopt<int>(SOL_SOCKET, SO_TYPE), SOCK_STREAM);
  std::error_code ec;
  EXPECT_EQ(s.getsockopt<int>(SOL_SOCKET, SO_DOMAIN, ec), static_cast<int>(GetParam()));
  EXPECT_FALSE(ec);
  s.setsockopt(SOL_SOCKET, 0x7fff, 1, ec);  // no such option
  EXPECT_EQ(ec, std::errc::no_protocol_option);
  EXPECT_THROW(s.getsockopt<int>(SOL_SOCKET, 0x7fff), std::system_error);
  st::socket closed;
  closed.setsockopt(SOL_SOCKET, SO_KEEPALIVE, 1, ec);
  EXPECT_EQ(ec, errc::socket_closed);
}

// ---- names and connect errors -------------------------------------------------------

TEST_P(SocketTest, NamesOfAnUnconnectedSocket) {
  st::socket s(GetParam(), sock_type::stream);
  std::error_code ec;
  s.getpeername(ec);
  EXPECT_EQ(ec, std::errc::not_connected);
  EXPECT_THROW(s.getpeername(), std::system_error);
  s.bind(address::loopback(GetParam(), 0));
  const auto local = s.getsockname(ec);
  EXPECT_FALSE(ec);
  EXPECT_TRUE(local.is_loopback());
  EXPECT_NE(local.port(), 0);
  st::socket closed;
  closed.getsockname(ec);
  EXPECT_EQ(ec, errc::socket_closed);
}

TEST_P(SocketTest, BindToABusyPortFails) {
  auto listener = make_listener(GetParam());
  st::socket s(GetParam(), sock_type::stream);
  std::error_code ec;
  s.bind(listener.getsockname(), ec);
  EXPECT_EQ(ec, std::errc::address_in_use);
  EXPECT_THROW(s.bind(listener.getsockname()), std::system_error);
}

TEST_P(SocketTest, ConnectExReportsConnectionRefused) {
  // A bound but not listening socket reserves a port nobody accepts on: the SYN is reset.
  st::socket reserved(GetParam(), sock_type::stream);
  reserved.bind(address::loopback(GetParam(), 0));
  const auto target = reserved.getsockname();

  st::socket a(GetParam(), sock_type::stream);
  a.settimeout(test_timeout);
  EXPECT_EQ(a.connect_ex(target), std::errc::connection_refused);

  st::socket b(GetParam(), sock_type::stream);  // blocking socket, throwing form
  try {
    b.connect(target);
    ADD_FAILURE() << "connect succeeded";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), std::errc::connection_refused);
  }

  st::socket c(GetParam(), sock_type::stream);  // explicit deadline on a blocking socket
  std::error_code ec;
  c.connect(target, std::chrono::steady_clock::now() + test_timeout, ec);
  EXPECT_EQ(ec, std::errc::connection_refused);
  EXPECT_FALSE(::fcntl(c.fileno(), F_GETFL) & O_NONBLOCK);  // restored
}

TEST_P(SocketTest, ConnectExSucceedsWithEmptyCode) {
  auto listener = make_listener(GetParam());
  st::socket s(GetParam(), sock_type::stream);
  EXPECT_FALSE(s.connect_ex(listener.getsockname()));
  auto accepted = listener.accept();
  EXPECT_EQ(accepted.second, s.getsockname());
}

TEST_P(SocketTest, NonBlockingConnectReportsInProgress) {
  auto listener = make_listener(GetParam());
  st::socket s(GetParam(), sock_type::stream);
  s.setblocking(false);
  const auto ec = s.connect_ex(listener.getsockname());
  // Loopback may complete at once; otherwise the OS says "in progress".
  if (ec) {
    EXPECT_EQ(ec, std::errc::operation_in_progress);
  }
  pollfd pfd{s.fileno(), POLLOUT, 0};
  ASSERT_EQ(::poll(&pfd, 1, 10000), 1);
  EXPECT_EQ(s.getsockopt<int>(SOL_SOCKET, SO_ERROR), 0);
  EXPECT_EQ(s.getpeername(), listener.getsockname());
}

// ---- UDP --------------------------------------------------------------------------

TEST_P(SocketTest, UdpRoundTripWithRecvfromAndSendto) {
  st::socket server(GetParam(), sock_type::datagram);
  server.bind(address::loopback(GetParam(), 0));
  server.settimeout(test_timeout);
  st::socket client(GetParam(), sock_type::datagram);
  client.bind(address::loopback(GetParam(), 0));
  client.settimeout(test_timeout);

  EXPECT_EQ(client.sendto(std::string_view("ping"), server.getsockname()), 4U);
  auto [data, from] = server.recvfrom(1500);
  EXPECT_EQ(from, client.getsockname());
  ASSERT_EQ(data.size(), 4U);
  EXPECT_EQ(std::memcmp(data.data(), "ping", 4), 0);

  std::error_code ec;
  const auto reply = pattern(1000);
  EXPECT_EQ(server.sendto(reply, from, ec), reply.size());
  EXPECT_FALSE(ec);
  std::vector<std::byte> buf(2000);
  auto [n, sender] = client.recvfrom_into(buf, ec);
  EXPECT_FALSE(ec);
  EXPECT_EQ(sender, server.getsockname());
  ASSERT_EQ(n, reply.size());
  EXPECT_TRUE(std::equal(reply.begin(), reply.end(), buf.begin()));
}

TEST_P(SocketTest, UdpDatagramsKeepBoundariesAndTruncate) {
  st::socket server(GetParam(), sock_type::datagram);
  server.bind(address::loopback(GetParam(), 0));
  server.settimeout(test_timeout);
  st::socket client(GetParam(), sock_type::datagram);
  client.connect(server.getsockname());  // connected UDP: plain send
  client.send(std::string_view("abc"));
  client.send(std::string_view("defgh"));
  auto [first, from1] = server.recvfrom(100);
  EXPECT_EQ(first.size(), 3U);
  std::byte small[2];
  auto [n, from2] = server.recvfrom_into(small);  // the rest of "defgh" is discarded
  EXPECT_EQ(n, 2U);
  EXPECT_EQ(std::memcmp(small, "de", 2), 0);
  EXPECT_EQ(from1, from2);
}

TEST_P(SocketTest, UdpRecvfromTimesOutAndWouldBlock) {
  st::socket s(GetParam(), sock_type::datagram);
  s.bind(address::loopback(GetParam(), 0));
  s.settimeout(50ms);
  const auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  s.recvfrom(100, ec);
  EXPECT_EQ(ec, std::errc::timed_out);
  EXPECT_EQ(ec, errc::timeout);
  EXPECT_GE(elapsed_since(start), 50ms);
  s.setblocking(false);
  EXPECT_THROW(s.recvfrom(100), std::system_error);
  s.recvfrom(100, ec);
  EXPECT_EQ(ec, errc::would_block);
  EXPECT_EQ(ec, std::errc::operation_would_block);
}

TEST_P(SocketTest, UdpDeadlineOverloadsWaitUpToTheDeadline) {
  st::socket server(GetParam(), sock_type::datagram);
  server.bind(address::loopback(GetParam(), 0));
  server.setblocking(false);  // the deadline, not the timeout, bounds the wait
  std::error_code ec;
  auto start = std::chrono::steady_clock::now();
  server.recvfrom(100, start + 50ms, ec);
  EXPECT_EQ(ec, errc::timeout);
  EXPECT_GE(elapsed_since(start), 50ms);

  st::socket client(GetParam(), sock_type::datagram);
  const auto until = std::chrono::steady_clock::now() + test_timeout;
  EXPECT_EQ(client.sendto("ping", server.getsockname(), until), 4U);
  std::byte buf[16];
  const auto [n, from] = server.recvfrom_into(buf, until);
  EXPECT_EQ(std::string_view(reinterpret_cast<const char*>(buf), n), "ping");
  EXPECT_EQ(from.port(), client.getsockname().port());
}

// byte_view takes every byte and text container a caller has, without copying.
TEST(ByteViewTest, ViewsBytesAndTextAlike) {
  const std::string text = "abc";
  const std::vector<std::byte> bytes = {std::byte{'a'}, std::byte{'b'}, std::byte{'c'}};
  const std::array<std::byte, 3> array = {std::byte{'a'}, std::byte{'b'}, std::byte{'c'}};
  for (const st::byte_view v :
       {st::byte_view(text), st::byte_view(std::string_view(text)), st::byte_view("abc"),
        st::byte_view(bytes), st::byte_view(std::span(array)), st::byte_view(array)}) {
    ASSERT_EQ(v.size(), 3U);
    EXPECT_EQ(std::memcmp(v.data(), "abc", 3), 0);
  }
  EXPECT_EQ(st::byte_view(text).data(), reinterpret_cast<const std::byte*>(text.data()));
  EXPECT_TRUE(st::byte_view().empty());
  EXPECT_TRUE(st::byte_view("").empty());
}

// ---- Unix domain ------------------------------------------------------------------

TEST(SocketLocalTest, StreamOverAnAbstractUnixAddress) {
  const std::string name = std::string(1, '\0') + "sockrpc-test-" + std::to_string(::getpid());
  st::socket listener(family::local, sock_type::stream);
  listener.bind(address::local(name));
  listener.listen();
  listener.settimeout(test_timeout);
  EXPECT_EQ(listener.getsockname(), address::local(name));
  st::socket client(family::local, sock_type::stream);
  client.settimeout(test_timeout);
  client.connect(address::local(name));
  auto [server, peer] = listener.accept();
  client.sendall(std::string_view("local"));
  std::byte buf[5];
  server.settimeout(test_timeout);
  EXPECT_EQ(server.recv_exactly(buf), 5U);
  EXPECT_EQ(std::memcmp(buf, "local", 5), 0);
}

}  // namespace

namespace {

TEST(SocketPairTest, ConnectsTwoLocalSockets) {
  auto [a, b] = st::socketpair();
  EXPECT_EQ(a.get_family(), family::local);
  EXPECT_TRUE(::fcntl(a.fileno(), F_GETFD) & FD_CLOEXEC);
  b.settimeout(test_timeout);
  a.sendall(std::string_view("pair"));
  std::byte buf[4];
  EXPECT_EQ(b.recv_exactly(buf), 4U);
  EXPECT_EQ(std::memcmp(buf, "pair", 4), 0);
  std::error_code ec;
  auto bad = st::socketpair(family::ipv4, sock_type::stream, 0, ec);
  EXPECT_EQ(ec, std::errc::operation_not_supported);
  EXPECT_FALSE(bad.first.is_open());
}

}  // namespace

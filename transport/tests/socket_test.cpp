// SPDX-License-Identifier: MIT
// Basic socket behaviour over loopback, parametrised over IPv4 and IPv6.
#include <sockrpc/transport/socket.hpp>

#include "socket_test_util.hpp"

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string_view>
#include <thread>

namespace {

using namespace sockrpc_test;
using sockrpc::errc;
using st::address;
using st::family;
using st::sock_type;

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

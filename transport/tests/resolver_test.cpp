// SPDX-License-Identifier: MIT
// Resolver free functions, create_connection and create_server (loopback only).
#include <sockrpc/transport/resolver.hpp>

#include "socket_test_util.hpp"

#include <gtest/gtest.h>

#include <netdb.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

using namespace sockrpc_test;

bool is_netdb(const std::error_code& ec) {
  return &ec.category() == &sockrpc::transport::netdb_category();
}

// ---- getaddrinfo and friends --------------------------------------------------------

TEST(ResolverTest, GetaddrinfoResolvesLocalhostToLoopback) {
  const auto entries = st::getaddrinfo("localhost", "80");
  ASSERT_FALSE(entries.empty());
  for (const auto& e : entries) {
    EXPECT_TRUE(e.address.is_loopback()) << e.address;
    EXPECT_EQ(e.address.port(), 80);
    EXPECT_EQ(e.type, sock_type::stream);
    EXPECT_EQ(e.family, e.address.get_family());
  }
}

TEST(ResolverTest, GetaddrinfoHonoursFamilyTypeAndFlags) {
  std::error_code ec;
  auto v6 = st::getaddrinfo("::1", std::uint16_t{8080}, family::ipv6, sock_type::datagram,
                            AI_NUMERICHOST, ec);
  EXPECT_FALSE(ec);
  ASSERT_EQ(v6.size(), 1U);
  EXPECT_EQ(v6[0].address, address::parse("[::1]:8080"));
  EXPECT_EQ(v6[0].type, sock_type::datagram);
  EXPECT_EQ(v6[0].protocol, IPPROTO_UDP);

  auto passive = st::getaddrinfo("", "http", family::ipv4, sock_type::stream, AI_PASSIVE);
  ASSERT_EQ(passive.size(), 1U);
  EXPECT_EQ(passive[0].address, address::any(family::ipv4, 80));

  auto canon = st::getaddrinfo("localhost", "", family::ipv4, sock_type::stream, AI_CANONNAME);
  ASSERT_FALSE(canon.empty());
  EXPECT_FALSE(canon[0].canonname.empty());
  EXPECT_EQ(canon[0].address.port(), 0);
}

TEST(ResolverTest, GetaddrinfoErrorsAreInNetdbCategory) {
  std::error_code ec;
  // AI_NUMERICHOST keeps this off the network: a name is rejected at once.
  auto r =
      st::getaddrinfo("localhost", "80", family::unspec, sock_type::stream, AI_NUMERICHOST, ec);
  EXPECT_TRUE(r.empty());
  EXPECT_TRUE(is_netdb(ec)) << ec.category().name();
  EXPECT_EQ(ec.value(), EAI_NONAME);
  EXPECT_EQ(ec.message(), ::gai_strerror(EAI_NONAME));
  try {
    st::getaddrinfo("127.0.0.1", "no-such-service-xyz");
    ADD_FAILURE() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_TRUE(is_netdb(e.code()));
    EXPECT_EQ(e.code().value(), EAI_SERVICE);  // glibc: unknown service for the socktype
  }
  st::getaddrinfo("::1", "80", family::ipv4, sock_type::stream, AI_NUMERICHOST, ec);
  EXPECT_TRUE(is_netdb(ec));
}

TEST(ResolverTest, GethostbynameReturnsIpv4Text) {
  EXPECT_EQ(st::gethostbyname("localhost"), "127.0.0.1");
  EXPECT_EQ(st::gethostbyname("127.0.0.1"), "127.0.0.1");
  std::error_code ec;
  EXPECT_EQ(st::gethostbyname("10.1.2.3", ec), "10.1.2.3");
  EXPECT_FALSE(ec);
  const auto ex = st::gethostbyname_ex("localhost");
  EXPECT_FALSE(ex.hostname.empty());
  EXPECT_NE(std::find(ex.addresses.begin(), ex.addresses.end(), "127.0.0.1"), ex.addresses.end());
  const auto numeric = st::gethostbyname_ex("127.0.0.1", ec);
  EXPECT_FALSE(ec);
  EXPECT_EQ(numeric.addresses, std::vector<std::string>{"127.0.0.1"});
}

TEST(ResolverTest, GethostnameIsNotEmpty) {
  std::error_code ec;
  EXPECT_FALSE(st::gethostname(ec).empty());
  EXPECT_FALSE(ec);
  EXPECT_EQ(st::gethostname(), st::gethostname(ec));
}

TEST(ResolverTest, ServicesDatabaseLookups) {
  EXPECT_EQ(st::getservbyname("http", "tcp"), 80);
  EXPECT_EQ(st::getservbyname("http"), 80);
  EXPECT_EQ(st::getservbyname("domain", "udp"), 53);
  EXPECT_EQ(st::getservbyport(80, "tcp"), "http");
  EXPECT_EQ(st::getservbyport(22), "ssh");
  std::error_code ec;
  EXPECT_EQ(st::getservbyname("no-such-service-xyz", "tcp", ec), 0);
  EXPECT_TRUE(is_netdb(ec));
  EXPECT_EQ(ec.value(), EAI_SERVICE);
  EXPECT_THROW(st::getservbyname("no-such-service-xyz"), std::system_error);
  EXPECT_EQ(st::getservbyport(80, "no-such-proto", ec), "");
  EXPECT_TRUE(is_netdb(ec));
}

struct pton_case {
  family fam;
  const char* text;
  std::vector<unsigned char> bytes;
  const char* canonical;
};

class InetPtonTest : public testing::TestWithParam<pton_case> {};

TEST_P(InetPtonTest, RoundTripsThroughNtop) {
  const auto& c = GetParam();
  const auto bytes = st::inet_pton(c.fam, c.text);
  ASSERT_EQ(bytes.size(), c.bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    EXPECT_EQ(static_cast<unsigned char>(bytes[i]), c.bytes[i]) << i;
  }
  EXPECT_EQ(st::inet_ntop(c.fam, bytes), c.canonical);
}

INSTANTIATE_TEST_SUITE_P(
    Table, InetPtonTest,
    testing::Values(
        pton_case{family::ipv4, "127.0.0.1", {127, 0, 0, 1}, "127.0.0.1"},
        pton_case{family::ipv4, "255.1.0.254", {255, 1, 0, 254}, "255.1.0.254"},
        pton_case{family::ipv6, "::1", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, "::1"},
        pton_case{family::ipv6,
                  "2001:DB8:0:0::ff",
                  {0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff},
                  "2001:db8::ff"}));

TEST(InetPtonTest, RejectsBadTextAndSizes) {
  std::error_code ec;
  for (const char* bad : {"", "1.2.3", "1.2.3.256", "::1", "localhost"}) {
    EXPECT_TRUE(st::inet_pton(family::ipv4, bad, ec).empty()) << bad;
    EXPECT_EQ(ec, errc::bad_address) << bad;
  }
  st::inet_pton(family::ipv6, "1.2.3.4", ec);
  EXPECT_EQ(ec, errc::bad_address);
  st::inet_pton(family::ipv4, std::string_view("1.2.3.4\0x", 9), ec);
  EXPECT_EQ(ec, errc::bad_address);
  st::inet_pton(family::local, "1.2.3.4", ec);
  EXPECT_EQ(ec, errc::invalid_argument);
  const std::vector<std::byte> three(3);
  EXPECT_EQ(st::inet_ntop(family::ipv4, three, ec), "");
  EXPECT_EQ(ec, errc::invalid_argument);
  EXPECT_THROW(st::inet_ntop(family::ipv6, three), std::system_error);
  EXPECT_THROW(st::inet_pton(family::ipv4, "x"), std::system_error);
}

// ---- create_connection / create_server ----------------------------------------------

class CreateConnectionTest : public testing::TestWithParam<family> {};

INSTANTIATE_TEST_SUITE_P(Families, CreateConnectionTest,
                         testing::Values(family::ipv4, family::ipv6), family_name);

TEST_P(CreateConnectionTest, ConnectsToAServerAndKeepsTheTimeout) {
  auto server = st::create_server(address::loopback(GetParam(), 0));
  server.settimeout(test_timeout);
  const auto local = server.getsockname();
  EXPECT_TRUE(server.reuse_address());

  auto a = st::create_connection(local.host(), local.port(), st::duration(test_timeout));
  EXPECT_EQ(a.getpeername(), local);
  EXPECT_EQ(a.gettimeout(), st::duration(test_timeout));
  auto [conn, peer] = server.accept();
  EXPECT_EQ(peer, a.getsockname());

  std::error_code ec;
  auto b = st::create_connection(local.to_string(), std::nullopt, std::nullopt, ec);
  EXPECT_FALSE(ec);
  EXPECT_EQ(b.getpeername(), local);
  EXPECT_EQ(b.gettimeout(), std::nullopt);
  auto accepted_b = server.accept();
  EXPECT_EQ(accepted_b.second, b.getsockname());
}

TEST_P(CreateConnectionTest, BindsTheSourceAddress) {
  auto server = st::create_server(address::loopback(GetParam(), 0));
  server.settimeout(test_timeout);
  st::socket reserved(GetParam(), sock_type::stream);  // find a free source port
  reserved.bind(address::loopback(GetParam(), 0));
  const auto source = reserved.getsockname();
  reserved.close();
  std::error_code ec;
  auto c = st::create_connection(server.getsockname().to_string(), st::duration(test_timeout),
                                 source, ec);
  ASSERT_FALSE(ec) << ec.message();  // (the port could in theory be taken meanwhile)
  EXPECT_EQ(c.getsockname(), source);
  EXPECT_EQ(server.accept().second, source);

  // A source address of the other family matches no candidate.
  const auto other = GetParam() == family::ipv4 ? family::ipv6 : family::ipv4;
  st::create_connection(server.getsockname().to_string(), st::duration(test_timeout),
                        address::loopback(other, 0), ec);
  EXPECT_EQ(ec, std::errc::address_family_not_supported);
}

TEST_P(CreateConnectionTest, ReportsRefusedAndBadInput) {
  st::socket reserved(GetParam(), sock_type::stream);
  reserved.bind(address::loopback(GetParam(), 0));
  const auto target = reserved.getsockname();
  std::error_code ec;
  auto s = st::create_connection(target.to_string(), st::duration(test_timeout), std::nullopt, ec);
  EXPECT_EQ(ec, std::errc::connection_refused);
  EXPECT_FALSE(s.is_open());
  EXPECT_THROW(st::create_connection(target.host(), target.port()), std::system_error);
  st::create_connection("no-port-here", std::nullopt, std::nullopt, ec);
  EXPECT_EQ(ec, errc::bad_address);
  st::create_connection(target.to_string(), -1s, std::nullopt, ec);
  EXPECT_EQ(ec, errc::invalid_argument);
}

TEST_P(CreateConnectionTest, WholeAttemptIsBoundedByTheTimeout) {
  auto listener = make_listener(GetParam(), 0);  // fills up and drops SYNs (see socket tests)
  const auto target = listener.getsockname().to_string();
  std::vector<st::socket> clients;
  bool timed_out = false;
  for (int i = 0; i < 16 && !timed_out; ++i) {
    std::error_code ec;
    const auto start = std::chrono::steady_clock::now();
    auto c = st::create_connection(target, st::duration(150ms), std::nullopt, ec);
    if (ec) {
      EXPECT_EQ(ec, std::errc::timed_out);
      EXPECT_GE(elapsed_since(start), 150ms);
      timed_out = true;
    }
    clients.push_back(std::move(c));
  }
  EXPECT_TRUE(timed_out);
}

TEST(CreateServerTest, DualstackServerAcceptsIpv4Clients) {
  ASSERT_TRUE(st::has_dualstack_ipv6());
  // ::ffff:127.0.0.1 keeps the dual-stack listener on loopback only.
  auto server =
      st::create_server(address::ipv6("::ffff:127.0.0.1", 0), family::ipv6, 8, false, true);
  server.settimeout(test_timeout);
  EXPECT_FALSE(server.v6only());
  const auto port = server.getsockname().port();
  auto client = st::create_connection("127.0.0.1", port, st::duration(test_timeout));
  EXPECT_EQ(client.get_family(), family::ipv4);
  auto [conn, peer] = server.accept();
  EXPECT_EQ(peer.get_family(), family::ipv6);  // the IPv4 client, mapped
  EXPECT_EQ(peer.host(), "::ffff:127.0.0.1");
  EXPECT_TRUE(peer.is_loopback());
  client.sendall(std::string_view("v4"));
  std::byte buf[2];
  conn.settimeout(test_timeout);
  EXPECT_EQ(conn.recv_exactly(buf), 2U);
}

TEST(CreateServerTest, Ipv6ServerIsV6OnlyByDefault) {
  auto server = st::create_server(address::loopback(family::ipv6, 0));
  EXPECT_TRUE(server.v6only());
  EXPECT_EQ(server.get_family(), family::ipv6);
}

TEST(CreateServerTest, EmptyAddressUsesTheFamilyWildcard) {
  auto server = st::create_server(address(), family::ipv4, 4);
  EXPECT_TRUE(server.getsockname().is_any());
  EXPECT_EQ(server.get_family(), family::ipv4);
}

TEST(CreateServerTest, RejectsBadArguments) {
  std::error_code ec;
  auto s = st::create_server(address::loopback(family::ipv4, 0), family::ipv4, 8, false, true, ec);
  EXPECT_EQ(ec, errc::invalid_argument);  // dualstack needs IPv6
  EXPECT_FALSE(s.is_open());
  st::create_server(address(), family::unspec, 8, false, false, ec);
  EXPECT_EQ(ec, errc::invalid_argument);
  EXPECT_THROW(st::create_server(address::loopback(family::ipv4, 0), family::ipv4, 8, false, true),
               std::system_error);
}

TEST(CreateServerTest, ReusePortAllowsTwoListenersOnOnePort) {
  auto first = st::create_server(address::loopback(family::ipv4, 0), family::ipv4, 8, true);
  EXPECT_TRUE(first.reuse_port());
  auto second = st::create_server(first.getsockname(), family::ipv4, 8, true);
  EXPECT_EQ(second.getsockname(), first.getsockname());
  std::error_code ec;
  st::create_server(first.getsockname(), family::ipv4, 8, false, false, ec);
  EXPECT_EQ(ec, std::errc::address_in_use);
}

}  // namespace

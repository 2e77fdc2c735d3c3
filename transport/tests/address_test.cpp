// SPDX-License-Identifier: MIT
// Byte order and address value type: parsing, printing, comparison, bad input.
#include <sockrpc/transport/address.hpp>
#include <sockrpc/transport/byte_order.hpp>

#include <gtest/gtest.h>

#include <net/if.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cstring>
#include <set>
#include <sstream>
#include <string>
#include <system_error>

namespace {

namespace st = sockrpc::transport;
using sockrpc::transport::errc;
using st::address;
using st::family;

// ---- byte order: checked at compile time --------------------------------------------

static_assert(st::byteswap16(0x1234) == 0x3412);
static_assert(st::byteswap32(0x12345678U) == 0x78563412U);
static_assert(st::byteswap64(0x0102030405060708ULL) == 0x0807060504030201ULL);
static_assert((st::ntohs)((st::htons)(0xbeef)) == 0xbeef);
static_assert((st::ntohl)((st::htonl)(0xdeadbeefU)) == 0xdeadbeefU);
static_assert((st::ntohll)((st::htonll)(0x0123456789abcdefULL)) == 0x0123456789abcdefULL);
static_assert(std::endian::native != std::endian::little ||
              ((st::htons)(0x0102) == 0x0201 && (st::htonl)(0x01020304U) == 0x04030201U &&
               (st::htonll)(0x0102030405060708ULL) == 0x0807060504030201ULL));

TEST(ByteOrderTest, MatchesTheCLibraryAtRunTime) {
  // <netinet/in.h> is included here, so its macros may be active: parenthesised calls.
  for (std::uint32_t v : {0U, 1U, 0x80U, 0x1234U, 0xffffU}) {
    const auto v16 = static_cast<std::uint16_t>(v);
    EXPECT_EQ((st::htons)(v16), ::htons(v16));
    EXPECT_EQ((st::ntohs)(v16), ::ntohs(v16));
  }
  for (std::uint32_t v : {0U, 1U, 0x7f000001U, 0xdeadbeefU, 0xffffffffU}) {
    EXPECT_EQ((st::htonl)(v), ::htonl(v));
    EXPECT_EQ((st::ntohl)(v), ::ntohl(v));
    EXPECT_EQ(st::host_to_network32(v), ::htonl(v));
  }
  const std::uint64_t v64 = 0x0102030405060708ULL;
  unsigned char bytes[8];
  const std::uint64_t be = (st::htonll)(v64);
  std::memcpy(bytes, &be, sizeof be);
  for (int i = 0; i < 8; ++i)
    EXPECT_EQ(bytes[i], i + 1);
}

// ---- parse / print ------------------------------------------------------------------

struct round_trip_case {
  const char* text;
  family fam;
  const char* host;
  std::uint16_t port;
};

class AddressRoundTripTest : public testing::TestWithParam<round_trip_case> {};

TEST_P(AddressRoundTripTest, ParsePrintsBackTheSameText) {
  const auto& c = GetParam();
  const auto a = address::parse(c.text);
  EXPECT_EQ(a.get_family(), c.fam);
  EXPECT_EQ(a.host(), c.host);
  EXPECT_EQ(a.port(), c.port);
  EXPECT_EQ(a.to_string(), c.text);
  EXPECT_EQ(address::parse(a.to_string()), a);
  std::error_code ec;
  EXPECT_EQ(address::parse(c.text, ec), a);
  EXPECT_FALSE(ec);
}

INSTANTIATE_TEST_SUITE_P(
    Table, AddressRoundTripTest,
    testing::Values(round_trip_case{"127.0.0.1:80", family::ipv4, "127.0.0.1", 80},
                    round_trip_case{"0.0.0.0:0", family::ipv4, "0.0.0.0", 0},
                    round_trip_case{"255.255.255.255:65535", family::ipv4, "255.255.255.255",
                                    65535},
                    round_trip_case{"[::1]:8080", family::ipv6, "::1", 8080},
                    round_trip_case{"[::]:1", family::ipv6, "::", 1},
                    round_trip_case{"[2001:db8::42]:443", family::ipv6, "2001:db8::42", 443},
                    round_trip_case{"[::ffff:127.0.0.1]:9", family::ipv6, "::ffff:127.0.0.1", 9},
                    round_trip_case{"[fe80::1%lo]:80", family::ipv6, "fe80::1%lo", 80}));

TEST(AddressTest, NormalisesIpv6Text) {
  EXPECT_EQ(address::parse("[0:0:0:0:0:0:0:1]:5").to_string(), "[::1]:5");
  EXPECT_EQ(address::parse("[2001:DB8:0::1]:5").host(), "2001:db8::1");
}

TEST(AddressTest, ZoneSetsTheScopeId) {
  const auto a = address::parse("[fe80::1%lo]:80");
  EXPECT_EQ(a.scope_id(), ::if_nametoindex("lo"));
  const auto numeric = address::ipv6("fe80::1%" + std::to_string(a.scope_id()), 80);
  EXPECT_EQ(numeric, a);
  EXPECT_EQ(address::ipv6("fe80::1", 80, a.scope_id()), a);
  EXPECT_NE(address::ipv6("fe80::1", 80), a);
}

class AddressBadInputTest : public testing::TestWithParam<const char*> {};

TEST_P(AddressBadInputTest, IsBadAddressInBothForms) {
  std::error_code ec;
  const auto a = address::parse(GetParam(), ec);
  EXPECT_EQ(ec, errc::bad_address);
  EXPECT_EQ(ec, std::errc::invalid_argument);
  EXPECT_TRUE(a.empty());
  try {
    address::parse(GetParam());
    ADD_FAILURE() << "no exception for " << GetParam();
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), errc::bad_address);
    EXPECT_NE(std::string(e.what()).find("parse"), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(Table, AddressBadInputTest,
                         testing::Values("", ":", "127.0.0.1", "127.0.0.1:", ":80",
                                         "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:+80",
                                         "127.0.0.1:80x", "127.0.0.1:123456", "256.0.0.1:80",
                                         "1.2.3:80", "localhost:80", "::1:80", "[::1]", "[::1]80",
                                         "[::1:80", "::1]:80", "[127.0.0.1]:80", "[fe80::1%]:80",
                                         "[fe80::1%nosuchif0]:80", "[::1]:8 0", " 127.0.0.1:80"));

TEST(AddressTest, FactoriesBuildTheExpectedAddresses) {
  EXPECT_EQ(address::loopback(family::ipv4, 7).to_string(), "127.0.0.1:7");
  EXPECT_EQ(address::loopback(family::ipv6, 7).to_string(), "[::1]:7");
  EXPECT_EQ(address::any(family::ipv4, 0).to_string(), "0.0.0.0:0");
  EXPECT_EQ(address::any(family::ipv6, 0).to_string(), "[::]:0");
  EXPECT_TRUE(address::loopback(family::local, 1).empty());
  EXPECT_TRUE(address::any(family::unspec, 1).empty());
  EXPECT_EQ(address::ipv4("10.1.2.3", 99).host(), "10.1.2.3");
  EXPECT_THROW(address::ipv4("::1", 1), std::system_error);
  EXPECT_THROW(address::ipv6("10.1.2.3", 1), std::system_error);
  std::error_code ec;
  EXPECT_TRUE(address::ipv4("10.1.2.3.4", 1, ec).empty());
  EXPECT_EQ(ec, errc::bad_address);
}

TEST(AddressTest, EmptyAddressIsUnspecified) {
  const address a;
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(a.get_family(), family::unspec);
  EXPECT_EQ(a.size(), 0U);
  EXPECT_EQ(a.to_string(), "");
  EXPECT_EQ(a.host(), "");
  EXPECT_EQ(a.port(), 0);
  EXPECT_FALSE(a.is_loopback());
  EXPECT_EQ(a, address());
}

TEST(AddressTest, LoopbackAndAnyPredicates) {
  EXPECT_TRUE(address::parse("127.0.0.1:1").is_loopback());
  EXPECT_TRUE(address::parse("127.255.0.9:1").is_loopback());
  EXPECT_TRUE(address::parse("[::1]:1").is_loopback());
  EXPECT_TRUE(address::parse("[::ffff:127.0.0.1]:1").is_loopback());
  EXPECT_FALSE(address::parse("128.0.0.1:1").is_loopback());
  EXPECT_FALSE(address::parse("[::2]:1").is_loopback());
  EXPECT_TRUE(address::any(family::ipv6, 0).is_any());
  EXPECT_FALSE(address::loopback(family::ipv4, 0).is_any());
}

TEST(AddressTest, WithPortChangesOnlyThePort) {
  const auto a = address::parse("[::1]:1");
  const auto b = a.with_port(65535);
  EXPECT_EQ(b.port(), 65535);
  EXPECT_EQ(b.host(), "::1");
  EXPECT_EQ(a.port(), 1);
  EXPECT_NE(a, b);
  EXPECT_EQ(b.with_port(1), a);
}

TEST(AddressTest, ComparesAndOrders) {
  const auto v4a = address::parse("10.0.0.1:80");
  const auto v4b = address::parse("10.0.0.1:81");
  const auto v4c = address::parse("10.0.0.2:1");
  const auto v6 = address::parse("[::1]:80");
  EXPECT_EQ(v4a, address::ipv4("10.0.0.1", 80));
  EXPECT_NE(v4a, v4b);
  EXPECT_NE(v4a, v6);
  EXPECT_TRUE(v4a < v4b);
  EXPECT_TRUE(v4b < v4c);  // host bytes before port
  EXPECT_FALSE(v4b < v4a);
  EXPECT_FALSE(v4a < v4a);
  const std::set<address> set{v6, v4c, v4a, v4b, v4a};
  EXPECT_EQ(set.size(), 4U);
}

TEST(AddressTest, FamiliesPrintTheirNames) {
  std::ostringstream os;
  os << family::ipv4 << ' ' << family::ipv6 << ' ' << family::local << ' ' << family::unspec << ' '
     << static_cast<family>(99);
  EXPECT_EQ(os.str(), "ipv4 ipv6 local unspec unknown");
}

TEST(AddressTest, StreamsToString) {
  std::ostringstream os;
  os << address::parse("[::1]:80") << ' ' << address::parse("1.2.3.4:5");
  EXPECT_EQ(os.str(), "[::1]:80 1.2.3.4:5");
}

TEST(AddressTest, FromSockaddrCopiesAndRejectsBadLengths) {
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = ::htons(4242);
  sin.sin_addr.s_addr = ::htonl(INADDR_LOOPBACK);
  const auto a = address::from_sockaddr(reinterpret_cast<sockaddr*>(&sin), sizeof sin);
  EXPECT_EQ(a.to_string(), "127.0.0.1:4242");
  EXPECT_EQ(a.size(), sizeof sin);
  EXPECT_EQ(std::memcmp(a.data(), &sin, sizeof sin), 0);
  EXPECT_TRUE(address::from_sockaddr(nullptr, 16).empty());
  EXPECT_TRUE(address::from_sockaddr(reinterpret_cast<sockaddr*>(&sin), 0).empty());
  EXPECT_TRUE(
      address::from_sockaddr(reinterpret_cast<sockaddr*>(&sin), address::capacity() + 1).empty());
}

TEST(AddressTest, LocalAddressesKeepTheirPath) {
  const auto a = address::local("/tmp/sockrpc-test.sock");
  EXPECT_EQ(a.get_family(), family::local);
  EXPECT_EQ(a.host(), "/tmp/sockrpc-test.sock");
  EXPECT_EQ(a.to_string(), "/tmp/sockrpc-test.sock");
  EXPECT_EQ(a.port(), 0);
  EXPECT_EQ(a, address::local("/tmp/sockrpc-test.sock"));
  EXPECT_NE(a, address::local("/tmp/other.sock"));

  const auto abstract = address::local(std::string_view("\0name", 5));
  EXPECT_EQ(abstract.to_string(), "@name");
  EXPECT_EQ(abstract.host(), std::string_view("\0name", 5));

  std::error_code ec;
  EXPECT_TRUE(address::local(std::string(sizeof(sockaddr_un::sun_path), 'x'), ec).empty());
  EXPECT_EQ(ec, errc::bad_address);
  EXPECT_THROW(address::local(""), std::system_error);
}

// ---- split_host_port ----------------------------------------------------------------

struct split_case {
  const char* text;
  const char* host;
  std::uint16_t port;
};

class SplitHostPortTest : public testing::TestWithParam<split_case> {};

TEST_P(SplitHostPortTest, SplitsNamesAndLiterals) {
  const auto& c = GetParam();
  const auto [host, port] = st::split_host_port(c.text);
  EXPECT_EQ(host, c.host);
  EXPECT_EQ(port, c.port);
}

INSTANTIATE_TEST_SUITE_P(Table, SplitHostPortTest,
                         testing::Values(split_case{"localhost:80", "localhost", 80},
                                         split_case{"example.org:0", "example.org", 0},
                                         split_case{"10.0.0.1:65535", "10.0.0.1", 65535},
                                         split_case{"[::1]:8080", "::1", 8080},
                                         split_case{"[fe80::1%eth0]:1", "fe80::1%eth0", 1}));

TEST(SplitHostPortTest, RejectsMalformedText) {
  for (const char* bad : {"", "localhost", "localhost:", ":80", "host:http", "host:70000", "::1:80",
                          "[::1]", "[::1]x80", "[]:80", "a]:80"}) {
    std::error_code ec;
    const auto r = st::split_host_port(bad, ec);
    EXPECT_EQ(ec, errc::bad_address) << bad;
    EXPECT_EQ(r.first, "") << bad;
    EXPECT_THROW(st::split_host_port(bad), std::system_error) << bad;
  }
}

}  // namespace

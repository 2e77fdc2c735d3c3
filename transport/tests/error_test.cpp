// SPDX-License-Identifier: MIT
#include <sockrpc/transport/error.hpp>

#include <gtest/gtest.h>

#include <netdb.h>

#include <cerrno>
#include <type_traits>

namespace {

TEST(ErrorTest, LibraryTimeoutEqualsStdTimedOut) {
  std::error_code ec = sockrpc::transport::errc::timeout;
  EXPECT_EQ(ec, std::errc::timed_out);
  EXPECT_EQ(ec.category().name(), std::string("sockrpc.transport"));
  EXPECT_EQ(ec.value(), 101);
}

TEST(ErrorTest, OsTimeoutAlsoEqualsStdTimedOut) {
  std::error_code os(ETIMEDOUT, std::system_category());
  EXPECT_EQ(os, std::errc::timed_out);
  EXPECT_NE(os, std::error_code(sockrpc::transport::errc::timeout));
}

TEST(ErrorTest, EveryValueHasAMessage) {
  for (int v : {101, 102, 103, 104, 105, 106, 107, 108, 109}) {
    std::error_code ec(v, sockrpc::transport::category());
    EXPECT_NE(ec.message(), "unknown transport error") << v;
  }
  EXPECT_EQ(std::error_code(999, sockrpc::transport::category()).message(),
            "unknown transport error");
}

TEST(ErrorTest, NetdbCategoryUsesGaiStrerror) {
  std::error_code ec(EAI_NONAME, sockrpc::transport::netdb_category());
  EXPECT_EQ(ec.message(), ::gai_strerror(EAI_NONAME));
  EXPECT_STREQ(ec.category().name(), "sockrpc.netdb");
}

TEST(ErrorTest, ThrowIfNamesTheOperation) {
  EXPECT_NO_THROW(sockrpc::detail::throw_if({}, "noop"));
  try {
    sockrpc::detail::throw_if(sockrpc::transport::errc::frame_too_large, "recv_frame");
    FAIL() << "expected an exception";
  } catch (const sockrpc::error& e) {
    EXPECT_EQ(e.code(), sockrpc::transport::errc::frame_too_large);
    EXPECT_EQ(std::string(e.what()), "recv_frame: frame larger than the configured maximum");
  }
}

// Every transport code, every OS error and every resolver error is a transport failure;
// none is a protocol failure or a fault.
TEST(ErrorTest, TransportCodesAreTransportFailures) {
  using sockrpc::condition;
  const std::error_code codes[] = {
      sockrpc::transport::errc::timeout,
      sockrpc::transport::errc::unexpected_eof,
      std::error_code(ECONNREFUSED, std::system_category()),
      std::make_error_code(std::errc::broken_pipe),
      std::error_code(EAI_NONAME, sockrpc::transport::netdb_category()),
  };
  for (const auto& ec : codes) {
    EXPECT_EQ(ec, condition::transport_failure) << ec.message();
    EXPECT_NE(ec, condition::protocol_failure) << ec.message();
    EXPECT_NE(ec, condition::fault) << ec.message();
  }
  // The std::errc mapping still holds next to the condition.
  EXPECT_EQ(std::error_code(sockrpc::transport::errc::timeout), std::errc::timed_out);
  EXPECT_NE(std::error_code(), condition::transport_failure);
}

// sockrpc::error: what() is exactly the message, and copies share it without throwing.
TEST(ErrorTest, ErrorMessageIsExactAndCopiesNoThrow) {
  static_assert(std::is_nothrow_copy_constructible_v<sockrpc::error>);
  static_assert(std::is_nothrow_copy_assignable_v<sockrpc::error>);
  const sockrpc::error e(sockrpc::transport::errc::timeout, "connect to [::1]:9: gave up");
  const sockrpc::error copy = e;
  EXPECT_STREQ(copy.what(), "connect to [::1]:9: gave up");
  EXPECT_EQ(copy.code(), sockrpc::transport::errc::timeout);
  EXPECT_STREQ(sockrpc::error(sockrpc::transport::errc::timeout).what(), "operation timed out");
}

TEST(ErrorTest, StatusCarriesCodeAndMessage) {
  sockrpc::status st;
  EXPECT_TRUE(st.ok());
  EXPECT_FALSE(st);
  EXPECT_EQ(st.message(), "");
  st.assign(sockrpc::transport::errc::bad_address, "no port in \"host\"");
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(st);
  EXPECT_EQ(st.message(), "no port in \"host\"");
  try {
    st.raise();
    FAIL() << "expected an exception";
  } catch (const sockrpc::error& e) {
    EXPECT_EQ(e.code(), sockrpc::transport::errc::bad_address);
    EXPECT_STREQ(e.what(), "no port in \"host\"");
  }
  st.assign(sockrpc::transport::errc::timeout);
  EXPECT_EQ(st.message(), "operation timed out");
  st.clear();
  EXPECT_TRUE(st.ok());
}

}  // namespace

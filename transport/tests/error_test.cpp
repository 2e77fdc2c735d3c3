// SPDX-License-Identifier: MIT
#include <sockrpc/error.hpp>

#include <gtest/gtest.h>

#include <netdb.h>

#include <cerrno>

namespace {

TEST(ErrorTest, LibraryTimeoutEqualsStdTimedOut) {
  std::error_code ec = sockrpc::errc::timeout;
  EXPECT_EQ(ec, std::errc::timed_out);
  EXPECT_EQ(ec.category().name(), std::string("sockrpc"));
  EXPECT_EQ(ec.value(), 101);
}

TEST(ErrorTest, OsTimeoutAlsoEqualsStdTimedOut) {
  std::error_code os(ETIMEDOUT, std::system_category());
  EXPECT_EQ(os, std::errc::timed_out);
  EXPECT_NE(os, std::error_code(sockrpc::errc::timeout));
}

TEST(ErrorTest, EveryValueHasAMessage) {
  for (int v :
       {101, 102, 103, 104, 105, 106, 107, 108, 109, 201, 202, 203, 204, 205, 301, 302, 303, 304}) {
    std::error_code ec(v, sockrpc::category());
    EXPECT_NE(ec.message(), "unknown sockrpc error") << v;
  }
  EXPECT_EQ(std::error_code(999, sockrpc::category()).message(), "unknown sockrpc error");
}

TEST(ErrorTest, NetdbCategoryUsesGaiStrerror) {
  std::error_code ec(EAI_NONAME, sockrpc::netdb_category());
  EXPECT_EQ(ec.message(), ::gai_strerror(EAI_NONAME));
  EXPECT_STREQ(ec.category().name(), "sockrpc.netdb");
}

TEST(ErrorTest, ThrowIfNamesTheOperation) {
  EXPECT_NO_THROW(sockrpc::detail::throw_if({}, "noop"));
  try {
    sockrpc::detail::throw_if(sockrpc::errc::frame_too_large, "recv_frame");
    FAIL() << "expected an exception";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), sockrpc::errc::frame_too_large);
    EXPECT_NE(std::string(e.what()).find("recv_frame"), std::string::npos);
  }
}

}  // namespace

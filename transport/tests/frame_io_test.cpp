// SPDX-License-Identifier: MIT
// The blocking framing helpers over loopback TCP: send_frame, recv_frame, delimited_reader.
#include <sockrpc/transport/framing.hpp>

#include "socket_test_util.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <future>
#include <string>
#include <thread>

namespace {

using namespace sockrpc::transport;
using namespace std::chrono_literals;
using sockrpc::transport::errc;
using sockrpc_test::make_tcp_pair;
using sockrpc_test::test_timeout;

std::string buffered_text(std::span<const std::byte> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

deadline in(std::chrono::milliseconds d) {
  return std::chrono::steady_clock::now() + d;
}

class FrameIoTest : public testing::TestWithParam<family> {};

INSTANTIATE_TEST_SUITE_P(Families, FrameIoTest, testing::Values(family::ipv4, family::ipv6),
                         sockrpc_test::family_name);

TEST_P(FrameIoTest, SendFrameAndRecvFrameRoundTrip) {
  auto [a, b] = make_tcp_pair(GetParam());
  const std::string big(3 * 1024 * 1024 + 7, 'z');
  // The reader runs concurrently: a multi-megabyte frame does not fit in socket buffers.
  auto reader = std::async(std::launch::async, [&b = b] {
    std::vector<std::string> got;
    while (auto f = recv_frame(b))
      got.push_back(std::move(*f));
    return got;
  });
  send_frame(a, std::string_view("hello"));
  std::error_code ec;
  send_frame(a, std::string_view(""), ec);
  EXPECT_FALSE(ec);
  send_frame(a, std::as_bytes(std::span(big)), in(10s));
  send_frame(a, std::string_view("last"), in(10s), ec);
  EXPECT_FALSE(ec);
  a.shutdown(shutdown_how::write);
  ASSERT_EQ(reader.wait_for(test_timeout), std::future_status::ready);
  const auto got = reader.get();
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], "hello");
  EXPECT_EQ(got[1], "");
  EXPECT_EQ(got[2], big);
  EXPECT_EQ(got[3], "last");
}

TEST_P(FrameIoTest, SendFrameOnABlockingSocketDeliversLargeFrames) {
  auto [a, b] = make_tcp_pair(GetParam());
  a.settimeout(std::nullopt);  // the gathered write loop without a deadline
  const std::string big(2 * 1024 * 1024, 'q');
  auto reader = std::async(std::launch::async, [&b = b] {
    std::error_code ec;
    auto f = recv_frame(b, default_max_frame, in(10s), ec);
    EXPECT_FALSE(ec);
    return f.value_or("<none>");
  });
  send_frame(a, big);
  ASSERT_EQ(reader.wait_for(test_timeout), std::future_status::ready);
  EXPECT_EQ(reader.get(), big);
}

TEST_P(FrameIoTest, RecvFrameReturnsNulloptOnCleanEof) {
  auto [a, b] = make_tcp_pair(GetParam());
  a.close();
  std::error_code ec;
  EXPECT_FALSE(recv_frame(b, 100, ec));
  EXPECT_FALSE(ec);
  EXPECT_FALSE(recv_frame(b));
}

struct partial_case {
  const char* name;
  std::string sent;
};

class RecvFramePartialTest : public testing::TestWithParam<std::tuple<family, partial_case>> {};

INSTANTIATE_TEST_SUITE_P(
    Cases, RecvFramePartialTest,
    testing::Combine(testing::Values(family::ipv4, family::ipv6),
                     testing::Values(partial_case{"MidHeader", std::string("\0\0", 2)},
                                     partial_case{"AfterHeader", std::string("\0\0\0\x08", 4)},
                                     partial_case{"MidBody", std::string("\0\0\0\x08"
                                                                         "abc",
                                                                         7)})),
    [](const auto& param_info) {
      return std::string(std::get<0>(param_info.param) == family::ipv4 ? "IPv4" : "IPv6") +
             std::get<1>(param_info.param).name;
    });

TEST_P(RecvFramePartialTest, PeerClosingMidFrameIsUnexpectedEof) {
  auto [a, b] = make_tcp_pair(std::get<0>(GetParam()));
  a.sendall(std::get<1>(GetParam()).sent);
  a.close();
  std::error_code ec;
  EXPECT_FALSE(recv_frame(b, 100, ec));
  EXPECT_EQ(ec, errc::unexpected_eof);
}

TEST_P(RecvFramePartialTest, StalledPeerHitsTheWholeFrameDeadline) {
  auto [a, b] = make_tcp_pair(std::get<0>(GetParam()));
  a.sendall(std::get<1>(GetParam()).sent);  // then nothing more, connection stays open
  const auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  EXPECT_FALSE(recv_frame(b, 100, start + 150ms, ec));
  EXPECT_EQ(ec, errc::timeout);
  EXPECT_EQ(ec, std::errc::timed_out);
  const auto took = sockrpc_test::elapsed_since(start);
  EXPECT_GE(took, 150ms);
  EXPECT_LT(took, test_timeout);
}

TEST_P(FrameIoTest, SocketTimeoutBoundsTheWholeFrame) {
  auto [a, b] = make_tcp_pair(GetParam());
  b.settimeout(100ms);
  a.sendall(
      std::string_view("\0\0\0\x10"
                       "half",
                       8));
  const auto start = std::chrono::steady_clock::now();
  try {
    recv_frame(b, 100);
    ADD_FAILURE() << "recv_frame returned";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), errc::timeout);
  }
  EXPECT_GE(sockrpc_test::elapsed_since(start), 100ms);
}

TEST_P(FrameIoTest, RecvFrameRefusesAnOversizeHeader) {
  auto [a, b] = make_tcp_pair(GetParam());
  a.sendall(
      std::string_view("\xFF\xFF\xFF\xFF"
                       "tail",
                       8));
  std::error_code ec;
  EXPECT_FALSE(recv_frame(b, 1024 * 1024, ec));
  EXPECT_EQ(ec, errc::frame_too_large);
  // Nothing beyond the header was read.
  std::array<std::byte, 4> rest{};
  EXPECT_EQ(b.recv_exactly(rest), 4u);
  EXPECT_EQ(buffered_text(rest), "tail");
}

TEST_P(FrameIoTest, SendFrameRefusesOversizePayloadWithoutSending) {
  auto [a, b] = make_tcp_pair(GetParam());
  std::byte one{};
  // A span claiming 4 GiB: refused from its size alone, the bytes are never read.
  std::span<const std::byte> huge(&one, std::size_t{1} << 32);
  std::error_code ec;
  send_frame(a, huge, ec);
  EXPECT_EQ(ec, errc::frame_too_large);
  EXPECT_THROW(send_frame(a, huge), std::system_error);
}

TEST(FrameIoErrorsTest, NonBlockingSendReportsWouldBlockOnAFullBuffer) {
  auto [a, b] = sockrpc::transport::socketpair();
  a.setblocking(false);
  const std::string big(16 * 1024 * 1024, 'n');  // more than any socket buffer; nobody reads
  std::error_code ec;
  send_frame(a, big, ec);
  EXPECT_EQ(ec, errc::would_block);
  EXPECT_EQ(ec, std::errc::operation_would_block);
}

TEST(FrameIoErrorsTest, PeerGoneIsTheOsError) {
  auto [a, b] = sockrpc::transport::socketpair();
  b.close();
  std::error_code ec;
  send_frame(a, std::string_view("to nobody"), ec);  // MSG_NOSIGNAL: no SIGPIPE
  EXPECT_EQ(ec, std::errc::broken_pipe);
}

TEST(FrameIoErrorsTest, ClosedSocketIsReported) {
  sockrpc::transport::socket closed;
  std::error_code ec;
  send_frame(closed, std::string_view("x"), ec);
  EXPECT_EQ(ec, errc::socket_closed);
  EXPECT_FALSE(recv_frame(closed, 10, ec));
  EXPECT_EQ(ec, std::errc::bad_file_descriptor);
}

// ---- frame_reader ----------------------------------------------------------------------------

TEST_P(FrameIoTest, FrameReaderReturnsEveryFrameAndKeepsTheRest) {
  auto [a, b] = make_tcp_pair(GetParam());
  std::string wire;
  append_length_prefixed(wire, "one");
  append_length_prefixed(wire, "");
  append_length_prefixed(wire, "three");
  const std::string fourth = encode_length_prefix(std::string_view("fourth"));
  wire += fourth.substr(0, 6);
  a.sendall(wire);  // three frames and a half in one segment
  frame_reader frames(b, 64);
  EXPECT_EQ(frames.read(), "one");
  std::error_code ec;
  EXPECT_EQ(frames.read(ec), "");
  EXPECT_FALSE(ec);
  EXPECT_EQ(frames.read(in(10s)), "three");
  EXPECT_EQ(buffered_text(frames.buffered_bytes()), fourth.substr(0, 6));
  a.sendall(std::string_view(fourth).substr(6));
  EXPECT_EQ(frames.read(in(10s), ec), "fourth");
  a.close();
  EXPECT_EQ(frames.read(ec), std::nullopt);
  EXPECT_FALSE(ec);
}

TEST_P(FrameIoTest, FrameReaderDeliversLargeFrames) {
  auto [a, b] = make_tcp_pair(GetParam());
  const std::string big(5 * 1024 * 1024 + 3, 'L');
  auto writer = std::async(std::launch::async, [&a = a, &big] {
    send_frame(a, big);
    send_frame(a, std::string_view("after"));
  });
  frame_reader frames(b);
  EXPECT_EQ(frames.read(), big);
  EXPECT_EQ(frames.read(), "after");
  ASSERT_EQ(writer.wait_for(test_timeout), std::future_status::ready);
  writer.get();
}

TEST_P(FrameIoTest, FrameReaderErrorsAreExact) {
  {
    auto [a, b] = make_tcp_pair(GetParam());
    a.sendall(
        std::string_view("\0\0\0\x05"
                         "ab",
                         6));
    frame_reader frames(b, 64);
    std::error_code ec;
    EXPECT_FALSE(frames.read(in(100ms), ec));
    EXPECT_EQ(ec, errc::timeout);
    a.close();
    EXPECT_FALSE(frames.read(ec));
    EXPECT_EQ(ec, errc::unexpected_eof);
  }
  {
    auto [a, b] = make_tcp_pair(GetParam());
    a.sendall(encode_length_prefix(std::string_view("ok")) + std::string("\0\0\x10\0", 4));
    frame_reader frames(b, 64);
    EXPECT_EQ(frames.read(), "ok");  // delivered although the next prefix is bad
    std::error_code ec;
    EXPECT_FALSE(frames.read(ec));
    EXPECT_EQ(ec, errc::frame_too_large);
    EXPECT_THROW(frames.read(), std::system_error);
  }
}

// ---- delimited_reader ----------------------------------------------------------------------

TEST_P(FrameIoTest, LineReaderKeepsBytesAfterTheDelimiter) {
  auto [a, b] = make_tcp_pair(GetParam());
  a.sendall(std::string_view("one\ntwo\nthr"));
  line_reader lines(b);
  EXPECT_EQ(lines.read(), "one");
  // "two\n" and "thr" arrived with "one\n": they are kept, not lost.
  EXPECT_EQ(buffered_text(lines.buffered_bytes()), "two\nthr");
  std::error_code ec;
  EXPECT_EQ(lines.read(ec), "two");
  EXPECT_FALSE(ec);
  a.sendall(std::string_view("ee\nlast\n"));
  EXPECT_EQ(lines.read(in(10s)), "three");
  EXPECT_EQ(lines.read(in(10s), ec), "last");
  a.close();
  EXPECT_EQ(lines.read(ec), std::nullopt);  // clean EOF
  EXPECT_FALSE(ec);
}

TEST_P(FrameIoTest, CrlfReaderHandlesDelimiterSplitAcrossSegments) {
  auto [a, b] = make_tcp_pair(GetParam());
  delimited_reader reader(b, "\r\n", 100);
  a.sendall(std::string_view("Host: x\r"));
  std::error_code ec;
  EXPECT_FALSE(reader.read(in(100ms), ec));  // the \n has not arrived
  EXPECT_EQ(ec, errc::timeout);
  a.sendall(std::string_view("\n"));
  EXPECT_EQ(reader.read(in(10s)), "Host: x");  // data received before the timeout was kept
}

TEST_P(FrameIoTest, LineReaderReportsEofAfterAPartialLine) {
  auto [a, b] = make_tcp_pair(GetParam());
  a.sendall(std::string_view("done\npartial"));
  a.close();
  line_reader lines(b);
  EXPECT_EQ(lines.read(), "done");
  std::error_code ec;
  EXPECT_FALSE(lines.read(ec));
  EXPECT_EQ(ec, errc::unexpected_eof);
  EXPECT_EQ(buffered_text(lines.buffered_bytes()), "partial");
}

TEST_P(FrameIoTest, LineReaderRefusesOverlongLines) {
  auto [a, b] = make_tcp_pair(GetParam());
  a.sendall(std::string_view("short\n0123456789abcdef\n"));
  line_reader lines(b, "\n", 8);
  EXPECT_EQ(lines.read(), "short");
  std::error_code ec;
  EXPECT_FALSE(lines.read(ec));
  EXPECT_EQ(ec, errc::message_too_long);
  EXPECT_THROW(lines.read(), std::system_error);  // stays failed
}

}  // namespace

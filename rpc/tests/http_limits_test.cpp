// SPDX-License-Identifier: MIT
// Parser limits: each one exactly at its value (accepted) and one byte past (refused).
#include <sockrpc/rpc/http/codec.hpp>

#include "http_test_util.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace {

namespace http = sockrpc::rpc::http;
using namespace sockrpc_test::http;  // http_test_util.hpp

// A GET whose request line including CRLF is exactly `size` bytes.
std::string request_line_of(std::size_t size) {
  const std::string fixed = "GET / HTTP/1.1\r\n";  // 16 bytes
  return "GET /" + std::string(size - fixed.size(), 'a') + " HTTP/1.1\r\n";
}

// A header section (fields + final CRLF) of exactly `size` bytes, one field.
std::string header_section_of(std::size_t size) {
  return "X: " + std::string(size - 7, 'v') + "\r\n\r\n";
}

std::string chunked_post(std::size_t first, std::size_t second) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%zx\r\n", first);
  std::string s = std::string("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n") + buf +
                  std::string(first, 'x') + "\r\n";
  std::snprintf(buf, sizeof buf, "%zx\r\n", second);
  return s + buf + std::string(second, 'y') + "\r\n0\r\n\r\n";
}

TEST(HttpLimitsTest, DefaultsMatchTheInteropContract) {
  const http::parser_limits limits;
  EXPECT_EQ(limits.max_start_line, 8u * 1024);
  EXPECT_EQ(limits.max_header_section, 64u * 1024);
  EXPECT_EQ(limits.max_body, 32u * 1024 * 1024);
  EXPECT_EQ(limits.max_decoded_body, 32u * 1024 * 1024);
}

TEST(HttpLimitsTest, RequestLineAtLimitAcceptedOnePastIs414) {
  const std::string at = request_line_of(8192) + "\r\n";
  const std::string past = request_line_of(8193) + "\r\n";
  EXPECT_EQ(run_requests(at).messages.size(), 1u);
  EXPECT_EQ(run_requests(past).status, 414);
  EXPECT_EQ(run_requests_split(at, every_byte(at.size())).messages.size(), 1u);
  EXPECT_EQ(run_requests_split(past, every_byte(past.size())).status, 414);
  // Leading empty lines share the request-line budget.
  EXPECT_EQ(run_requests("\r\n" + request_line_of(8190) + "\r\n").messages.size(), 1u);
  EXPECT_EQ(run_requests("\r\n" + request_line_of(8191) + "\r\n").status, 414);
}

TEST(HttpLimitsTest, HeaderSectionAtLimitAcceptedOnePastIs431) {
  const std::string at = "GET / HTTP/1.1\r\n" + header_section_of(65536);
  const std::string past = "GET / HTTP/1.1\r\n" + header_section_of(65537);
  EXPECT_EQ(run_requests(at).messages.size(), 1u);
  EXPECT_EQ(run_requests(past).status, 431);
  EXPECT_EQ(run_requests_split(at, every_byte(at.size())).messages.size(), 1u);
  EXPECT_EQ(run_requests_split(past, every_byte(past.size())).status, 431);
}

TEST(HttpLimitsTest, ContentLengthAtDefaultLimitAcceptedOnePastIs413) {
  const std::size_t limit = 32u * 1024 * 1024;
  const std::string at = "POST / HTTP/1.1\r\nContent-Length: " + std::to_string(limit) +
                         "\r\n\r\n" + std::string(limit, 'b');
  const auto ok = run_requests(at);
  ASSERT_EQ(ok.messages.size(), 1u);
  EXPECT_EQ(ok.messages[0].body.size(), limit);
  // Refused from the header alone: no body byte needs to arrive.
  const auto past =
      run_requests("POST / HTTP/1.1\r\nContent-Length: " + std::to_string(limit + 1) + "\r\n\r\n");
  EXPECT_EQ(past.status, 413);
  EXPECT_EQ(past.ec, sockrpc::rpc::errc::limit_exceeded);
}

TEST(HttpLimitsTest, ChunkedBodyAtLimitAcceptedOnePastIs413) {
  http::parser_limits limits;
  limits.max_body = 10;
  EXPECT_EQ(run_requests(chunked_post(4, 6), limits).messages.size(), 1u);
  const auto past = run_requests(chunked_post(4, 7), limits);
  EXPECT_EQ(past.status, 413);
  // Decided when the second chunk-size line arrives, before its data.
  const std::string prefix = chunked_post(4, 7).substr(0, chunked_post(4, 7).find("7\r\n") + 3);
  EXPECT_EQ(run_requests(prefix, limits).status, 413);
}

TEST(HttpLimitsTest, InflatedBodyAtLimitAcceptedOnePastIs413) {
  http::parser_limits limits;
  limits.max_decoded_body = 1000;
  auto post = [](const std::string& body) {
    const std::string z = http::gzip_compress(body);
    return "POST / HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: " +
           std::to_string(z.size()) + "\r\n\r\n" + z;
  };
  const auto ok = run_requests(post(std::string(1000, 'z')), limits);
  ASSERT_EQ(ok.messages.size(), 1u);
  EXPECT_EQ(ok.messages[0].body, std::string(1000, 'z'));
  EXPECT_TRUE(ok.messages[0].body_was_gzip);
  const auto past = run_requests(post(std::string(1001, 'z')), limits);
  EXPECT_EQ(past.status, 413);
  EXPECT_EQ(past.ec, sockrpc::rpc::errc::limit_exceeded);
}

TEST(HttpLimitsTest, ZipBombStopsAtTheInflateLimit) {
  // 64 members of 1 MiB of zeros: 64 MiB inflated from ~65 KiB; stops at the 32 MiB default.
  const std::string member = http::gzip_compress(std::string(1024u * 1024, '\0'), 9);
  std::string z;
  for (int i = 0; i < 64; ++i)
    z += member;
  ASSERT_LT(z.size(), 100u * 1024);
  const auto out = run_requests("POST / HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: " +
                                std::to_string(z.size()) + "\r\n\r\n" + z);
  EXPECT_EQ(out.status, 413);
}

TEST(HttpLimitsTest, ChunkSizeLineBoundedByStartLineLimit) {
  http::parser_limits limits;
  limits.max_start_line = 17;  // "POST / HTTP/1.1\r\n" is 17 bytes
  const std::string head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  // "1;abcdefghijkl\r\n" is 16 bytes, then 17, then 18.
  EXPECT_EQ(run_requests(head + "1;abcdefghijkl\r\nx\r\n0\r\n\r\n", limits).messages.size(), 1u);
  EXPECT_EQ(run_requests(head + "1;abcdefghijklm\r\nx\r\n0\r\n\r\n", limits).messages.size(), 1u);
  EXPECT_EQ(run_requests(head + "1;abcdefghijklmn\r\nx\r\n0\r\n\r\n", limits).status, 400);
}

TEST(HttpLimitsTest, TrailerSectionBoundedLikeHeaders) {
  http::parser_limits limits;
  limits.max_header_section = 64;
  const std::string head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n";
  EXPECT_EQ(run_requests(head + header_section_of(64), limits).messages.size(), 1u);
  EXPECT_EQ(run_requests(head + header_section_of(65), limits).status, 431);
}

TEST(HttpLimitsTest, ResponseLimits) {
  http::parser_limits limits;
  limits.max_body = 4;
  auto ok = run_responses("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd", {}, limits);
  EXPECT_EQ(ok.messages.size(), 1u);
  auto past = run_responses("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", {}, limits);
  EXPECT_EQ(past.ec, sockrpc::rpc::errc::limit_exceeded);
  auto until_close = run_responses("HTTP/1.1 200 OK\r\n\r\nabcde", {}, limits, true);
  EXPECT_EQ(until_close.ec, sockrpc::rpc::errc::limit_exceeded);
  auto until_close_ok = run_responses("HTTP/1.1 200 OK\r\n\r\nabcd", {}, limits, true);
  ASSERT_EQ(until_close_ok.messages.size(), 1u);
  EXPECT_EQ(until_close_ok.messages[0].body, "abcd");
  auto status_line = run_responses("HTTP/1.1 200 " + std::string(9000, 'r') + "\r\n\r\n", {});
  EXPECT_EQ(status_line.ec, sockrpc::rpc::errc::limit_exceeded);
}

}  // namespace

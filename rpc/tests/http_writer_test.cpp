// SPDX-License-Identifier: MIT
// Writers (exact bytes), header_fields, Accept-Encoding, gzip helpers, round trips.
#include <sockrpc/rpc/http/codec.hpp>
#include <sockrpc/transport/error.hpp>

#include "http_test_util.hpp"

#include <gtest/gtest.h>

#include <string>
#include <system_error>

namespace {

namespace http = sockrpc::rpc::http;
using namespace sockrpc_test::http;  // http_test_util.hpp

TEST(HttpWriterTest, WritesRequestWithDefaults) {
  std::string out = "prefix|";
  http::write_request(out, "POST", "/RPC2", "example.org:8080", {}, "<x/>");
  EXPECT_EQ(out,
            "prefix|POST /RPC2 HTTP/1.1\r\n"
            "Host: example.org:8080\r\n"
            "Content-Type: text/xml\r\n"
            "User-Agent: sockrpc\r\n"
            "Content-Length: 4\r\n"
            "\r\n"
            "<x/>");
}

TEST(HttpWriterTest, WritesRequestWithOptionsAndCallerHeaders) {
  http::header_fields headers;
  headers.add("Authorization", "Basic dTpw");
  headers.add("Content-Length", "999");  // owned by the writer: dropped
  headers.add("Host", "evil");           // owned by the writer: dropped
  headers.add("User-Agent", "mine");     // replaces the default
  http::request_options options;
  options.keep_alive = false;
  options.accept_gzip = true;
  options.content_type = "";
  std::string out;
  http::write_request(out, "GET", "/", "h", headers, "", options);
  EXPECT_EQ(out,
            "GET / HTTP/1.1\r\n"
            "Host: h\r\n"
            "Authorization: Basic dTpw\r\n"
            "User-Agent: mine\r\n"
            "Accept-Encoding: gzip\r\n"
            "Connection: close\r\n"
            "\r\n");
}

TEST(HttpWriterTest, GzipRequestBodyRoundTripsThroughTheParser) {
  http::request_options options;
  options.gzip_body = true;
  const std::string body(5000, 'q');
  std::string out;
  http::write_request(out, "POST", "/RPC2", "h", {}, body, options);
  EXPECT_NE(out.find("Content-Encoding: gzip\r\n"), std::string::npos);
  EXPECT_LT(out.size(), 500u);
  const auto parsed = run_requests(out);
  ASSERT_EQ(parsed.messages.size(), 1u);
  EXPECT_EQ(parsed.messages[0].body, body);
  EXPECT_TRUE(parsed.messages[0].body_was_gzip);
}

TEST(HttpWriterTest, WritesResponsesExactly) {
  struct row {
    const char* name;
    int status;
    const char* reason;
    const char* body;
    bool keep_alive;
    const char* expected;
  };
  const row rows[] = {
      {"OkKeepAlive", 200, "", "<r/>", true,
       "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: keep-alive\r\n\r\n<r/>"},
      {"OkClose", 200, "", "", false,
       "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"},
      {"CustomReason", 404, "Nope", "x", true,
       "HTTP/1.1 404 Nope\r\nContent-Length: 1\r\nConnection: keep-alive\r\n\r\nx"},
      {"NoContentHasNoBody", 204, "", "ignored", true,
       "HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n"},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.name);
    std::string out;
    http::write_response(out, r.status, r.reason, {}, r.body, r.keep_alive);
    EXPECT_EQ(out, r.expected);
  }
}

TEST(HttpWriterTest, ResponseDropsWriterOwnedCallerHeaders) {
  http::header_fields headers;
  headers.add("Content-Type", "text/xml");
  headers.add("Transfer-Encoding", "chunked");
  headers.add("connection", "upgrade");
  std::string out;
  http::write_response(out, 200, "", headers, "ab", true);
  EXPECT_EQ(out,
            "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 2\r\n"
            "Connection: keep-alive\r\n\r\nab");
}

TEST(HttpWriterTest, ErrorResponsesCarryStatusAllowAndClose) {
  std::string out;
  http::write_error_response(out, 405, true);
  EXPECT_EQ(out,
            "HTTP/1.1 405 Method Not Allowed\r\nContent-Type: text/plain\r\nAllow: POST\r\n"
            "Content-Length: 23\r\nConnection: keep-alive\r\n\r\n405 Method Not Allowed\n");
  out.clear();
  http::write_error_response(out, 413, false);
  EXPECT_EQ(out,
            "HTTP/1.1 413 Content Too Large\r\nContent-Type: text/plain\r\n"
            "Content-Length: 22\r\nConnection: close\r\n\r\n413 Content Too Large\n");
  out.clear();
  http::write_continue(out);
  EXPECT_EQ(out, "HTTP/1.1 100 Continue\r\n\r\n");
}

TEST(HttpWriterTest, ReasonPhrasesForEveryStatusWeSend) {
  const std::pair<int, const char*> rows[] = {
      {100, "Continue"},
      {200, "OK"},
      {400, "Bad Request"},
      {404, "Not Found"},
      {405, "Method Not Allowed"},
      {411, "Length Required"},
      {413, "Content Too Large"},
      {414, "URI Too Long"},
      {415, "Unsupported Media Type"},
      {417, "Expectation Failed"},
      {431, "Request Header Fields Too Large"},
      {500, "Internal Server Error"},
      {501, "Not Implemented"},
      {503, "Service Unavailable"},
      {505, "HTTP Version Not Supported"},
      {299, "Unknown"},
  };
  for (const auto& [status, phrase] : rows)
    EXPECT_EQ(http::reason_phrase(status), phrase);
}

TEST(HttpWriterTest, ResponsesRoundTripThroughTheResponseParser) {
  std::string wire;
  http::header_fields headers;
  headers.add("Content-Encoding", "gzip");
  http::write_response(wire, 200, "", headers, http::gzip_compress("<methodResponse/>"), true);
  http::write_error_response(wire, 404, false);
  const auto out = run_responses(wire, {});
  ASSERT_EQ(out.messages.size(), 2u);
  EXPECT_EQ(out.messages[0].body, "<methodResponse/>");
  EXPECT_TRUE(out.messages[0].keep_alive);
  EXPECT_EQ(out.messages[1].status, 404);
  EXPECT_FALSE(out.messages[1].keep_alive);
}

TEST(HttpHeaderFieldsTest, AddValidatesBothOverloads) {
  http::header_fields h;
  std::error_code ec;
  h.add("X-Ok", "v a l", ec);
  EXPECT_FALSE(ec);
  h.add("Bad Name", "v", ec);
  EXPECT_EQ(ec, sockrpc::transport::errc::invalid_argument);
  h.add("X", "a\r\nInjected: 1", ec);
  EXPECT_EQ(ec, sockrpc::transport::errc::invalid_argument);
  h.add("", "v", ec);
  EXPECT_EQ(ec, sockrpc::transport::errc::invalid_argument);
  EXPECT_EQ(h.size(), 1u);
  try {
    h.add("X", std::string_view("a\0b", 3));
    FAIL() << "expected std::system_error";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), sockrpc::transport::errc::invalid_argument);
  }
  EXPECT_EQ(h.size(), 1u);
}

TEST(HttpHeaderFieldsTest, HasTokenSearchesListsAcrossFields) {
  http::header_fields h;
  h.add("Connection", "keep-alive , Upgrade");
  h.add("connection", "TE");
  EXPECT_TRUE(h.has_token("CONNECTION", "upgrade"));
  EXPECT_TRUE(h.has_token("connection", "te"));
  EXPECT_FALSE(h.has_token("connection", "close"));
  http::header_fields copy = h;
  EXPECT_EQ(copy, h);
  copy.clear();
  EXPECT_TRUE(copy.empty());
}

TEST(HttpAcceptEncodingTest, QValuesDecide) {
  const std::pair<const char*, bool> rows[] = {
      {"gzip", true},
      {"GZIP", true},
      {"x-gzip", true},
      {"deflate, gzip;q=0.5", true},
      {"gzip;q=0", false},
      {"gzip; q=0.000", false},
      {"gzip;q=0.001", true},
      {"gzip;q=1.000", true},
      {"*", true},
      {"*;q=0", false},
      {"*, gzip;q=0", false},  // explicit gzip weight beats the wildcard
      {"gzip;q=0, *", false},
      {"identity", false},
      {"", false},
      {"br, deflate", false},
      {"gzip;q=2", false},       // malformed weight: element ignored
      {"gzip;q=0.5555", false},  // too many digits
      {"gzip;level=1", true},    // parameters other than q do not change the weight
      {"gzip;q", false},         // a parameter without a value is malformed
  };
  for (const auto& [value, expected] : rows) {
    SCOPED_TRACE(value);
    EXPECT_EQ(http::accepts_gzip(value), expected);
  }
  http::header_fields h;
  h.add("Accept-Encoding", "deflate");
  EXPECT_FALSE(http::accepts_gzip(h));
  h.add("accept-encoding", "gzip");
  EXPECT_TRUE(http::accepts_gzip(h));
}

TEST(HttpGzipTest, RoundTripsAndConcatenatedMembers) {
  for (const std::string& s : {std::string(), std::string("a"), std::string(100000, 'x')}) {
    std::string back;
    http::gzip_decompress(http::gzip_compress(s), back, 1u << 20);
    EXPECT_EQ(back, s);
  }
  std::string two = http::gzip_compress("hello ") + http::gzip_compress("world");
  std::string back;
  http::gzip_decompress(two, back, 100);
  EXPECT_EQ(back, "hello world");
}

TEST(HttpGzipTest, ReportsCorruptTruncatedAndOversizeInput) {
  const std::string z = http::gzip_compress(std::string(1000, 'k'));
  std::string out;
  std::error_code ec;
  http::gzip_decompress(z.substr(0, z.size() - 3), out, 5000, ec);
  EXPECT_EQ(ec, sockrpc::rpc::errc::protocol_error);
  http::gzip_decompress("not gzip at all", out, 5000, ec);
  EXPECT_EQ(ec, sockrpc::rpc::errc::protocol_error);
  http::gzip_decompress("", out, 5000, ec);
  EXPECT_EQ(ec, sockrpc::rpc::errc::protocol_error);
  http::gzip_decompress(z + "trailing", out, 5000, ec);
  EXPECT_EQ(ec, sockrpc::rpc::errc::protocol_error);
  http::gzip_decompress(z, out, 1000, ec);
  EXPECT_FALSE(ec);
  EXPECT_EQ(out.size(), 1000u);
  http::gzip_decompress(z, out, 999, ec);
  EXPECT_EQ(ec, sockrpc::rpc::errc::limit_exceeded);
  try {
    http::gzip_decompress(z, out, 10);
    FAIL() << "expected std::system_error";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), sockrpc::rpc::errc::limit_exceeded);
  }
}

}  // namespace

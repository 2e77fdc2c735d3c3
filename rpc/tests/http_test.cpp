// SPDX-License-Identifier: MIT
// Request parser: accepted requests, every refusal status, smuggling, chunking.
#include <sockrpc/rpc/http/codec.hpp>
#include <sockrpc/transport/error.hpp>

#include "http_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace http = sockrpc::rpc::http;
using namespace sockrpc_test::http;  // http_test_util.hpp

std::string gz(std::string_view s) {
  return http::gzip_compress(s);
}

struct accept_case {
  const char* name;
  std::string input;
  std::string method;
  std::string target;
  http::http_version version;
  std::string body;
  bool keep_alive;
};

const std::vector<accept_case>& accept_cases() {
  static const std::vector<accept_case> cases = {
      {"PostWithLength", "POST /RPC2 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello", "POST",
       "/RPC2", http::http_version::http_1_1, "hello", true},
      {"GetWithoutBody", "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "GET", "/",
       http::http_version::http_1_1, "", true},
      {"Http10Post", "POST / HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi", "POST", "/",
       http::http_version::http_1_0, "hi", false},
      {"LeadingEmptyLinesIgnored", "\r\n\r\nPOST / HTTP/1.1\r\nContent-Length: 1\r\n\r\nx", "POST",
       "/", http::http_version::http_1_1, "x", true},
      {"ChunkedWithExtensionsAndTrailers",
       "POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
       "5;name=value;flag\r\nhello\r\n"
       "6 ; q=\"a \\\"quoted\\\" ;x\"\r\n world\r\n"
       "0\r\nX-Checksum: 42\r\nX-Other: y\r\n\r\n",
       "POST", "/RPC2", http::http_version::http_1_1, "hello world", true},
      {"ChunkedUpperHexAndLeadingZeros",
       "POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n00A\r\n0123456789\r\n000\r\n\r\n",
       "POST", "/", http::http_version::http_1_1, "0123456789", true},
      {"RepeatedIdenticalContentLength",
       "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", "POST", "/",
       http::http_version::http_1_1, "abc", true},
      {"ContentLengthListOfSameValue", "POST / HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\nabc", "POST",
       "/", http::http_version::http_1_1, "abc", true},
      {"HeaderValueWithTabsAndObsText",
       "POST / HTTP/1.1\r\nX-A:\t v\xC3\xA4l ue \t\r\nContent-Length: 0\r\n\r\n", "POST", "/",
       http::http_version::http_1_1, "", true},
      {"HigherMinorVersionIsHttp11", "GET / HTTP/1.7\r\n\r\n", "GET", "/",
       http::http_version::http_1_1, "", true},
      {"GzipBodyInflated",
       "POST / HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: " +
           std::to_string(gz("<methodCall/>").size()) + "\r\n\r\n" + gz("<methodCall/>"),
       "POST", "/", http::http_version::http_1_1, "<methodCall/>", true},
      {"GzipChunkedBodyInflated",
       "POST / HTTP/1.1\r\nContent-Encoding: x-gzip, identity\r\nTransfer-Encoding: "
       "chunked\r\n\r\n" +
           [] {
             const std::string z = gz("abcabcabc");
             char size[16];
             std::snprintf(size, sizeof size, "%zx", z.size());
             return std::string(size) + "\r\n" + z + "\r\n0\r\n\r\n";
           }(),
       "POST", "/", http::http_version::http_1_1, "abcabcabc", true},
      {"EmptyBodyWithGzipCodingStaysEmpty",
       "POST / HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: 0\r\n\r\n", "POST", "/",
       http::http_version::http_1_1, "", true},
      {"MethodIsAnyToken", "M-SEARCH * HTTP/1.1\r\n\r\n", "M-SEARCH", "*",
       http::http_version::http_1_1, "", true},
  };
  return cases;
}

TEST(HttpRequestParserTest, AcceptsValidRequestsWholeAndByteByByte) {
  for (const auto& c : accept_cases()) {
    SCOPED_TRACE(c.name);
    for (bool bytewise : {false, true}) {
      const request_outcome out = bytewise ? run_requests_split(c.input, every_byte(c.input.size()))
                                           : run_requests(c.input);
      ASSERT_EQ(out.messages.size(), 1u) << out.status << " " << out.ec.message();
      EXPECT_EQ(out.last, http::parse_event::need_more);
      const auto& r = out.messages[0];
      EXPECT_EQ(r.method, c.method);
      EXPECT_EQ(r.target, c.target);
      EXPECT_EQ(r.version, c.version);
      EXPECT_EQ(r.body, c.body);
      EXPECT_EQ(r.keep_alive, c.keep_alive);
    }
  }
}

struct refuse_case {
  const char* name;
  std::string input;
  int status;
  std::error_code ec;
};

std::string big(std::size_t n, char c = 'a') {
  return std::string(n, c);
}

const std::vector<refuse_case>& refuse_cases() {
  static const std::vector<refuse_case> cases = {
      // malformed => 400
      {"BareLfRequestLine", "GET / HTTP/1.1\n\n", 400, sockrpc::rpc::errc::protocol_error},
      {"BareLfHeaderLine", "GET / HTTP/1.1\r\nHost: a\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"BareCrInValue", "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"BareCrInRequestLine", "GET /\r HTTP/1.1\r\n\r\n", 400, sockrpc::rpc::errc::protocol_error},
      {"NulInValue", std::string("GET / HTTP/1.1\r\nX: a\0b\r\n\r\n", 27), 400,
       sockrpc::rpc::errc::protocol_error},
      {"ObsFold", "GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n", 400, sockrpc::rpc::errc::protocol_error},
      {"SpaceBeforeColon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"InvalidNameChar", "GET / HTTP/1.1\r\nX@Y: 1\r\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"EmptyName", "GET / HTTP/1.1\r\n: 1\r\n\r\n", 400, sockrpc::rpc::errc::protocol_error},
      {"NoColon", "GET / HTTP/1.1\r\nHost\r\n\r\n", 400, sockrpc::rpc::errc::protocol_error},
      {"DoubleSpaceInRequestLine", "GET  / HTTP/1.1\r\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"MissingVersion", "GET /\r\n\r\n", 400, sockrpc::rpc::errc::protocol_error},
      {"LowercaseVersion", "GET / http/1.1\r\n\r\n", 400, sockrpc::rpc::errc::protocol_error},
      {"TrailingSpaceAfterVersion", "GET / HTTP/1.1 \r\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"ControlCharInTarget", "GET /\x7F HTTP/1.1\r\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"InvalidMethod", "G(T / HTTP/1.1\r\n\r\n", 400, sockrpc::rpc::errc::protocol_error},
      {"RepeatedHost", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"CorruptGzipBody",
       "POST / HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\nabcd", 400,
       sockrpc::rpc::errc::protocol_error},
      // smuggling => 400
      {"ContentLengthAndChunked",
       "POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"ChunkedAndContentLength",
       "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n0\r\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"DifferingContentLengths",
       "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400,
       sockrpc::rpc::errc::protocol_error},
      {"DifferingContentLengthList", "POST / HTTP/1.1\r\nContent-Length: 5, 6\r\n\r\nhello!", 400,
       sockrpc::rpc::errc::protocol_error},
      {"SignedContentLength", "POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\nhello", 400,
       sockrpc::rpc::errc::protocol_error},
      {"NegativeContentLength", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"HexContentLength", "POST / HTTP/1.1\r\nContent-Length: 0x5\r\n\r\nhello", 400,
       sockrpc::rpc::errc::protocol_error},
      {"EmptyContentLength", "POST / HTTP/1.1\r\nContent-Length:\r\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"ChunkedNotLast", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"ChunkedTwice",
       "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"IdentityTransferCoding", "POST / HTTP/1.1\r\nTransfer-Encoding: identity\r\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"ObfuscatedChunked", "POST / HTTP/1.1\r\nTransfer-Encoding: xchunked\r\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"ChunkedWithParameters", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked;a=b\r\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"TransferEncodingInHttp10", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
       400, sockrpc::rpc::errc::protocol_error},
      {"FoldedTransferEncoding", "POST / HTTP/1.1\r\nTransfer-Encoding:\r\n chunked\r\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"BadChunkSize", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"ChunkSizeWithSpaceOnly",
       "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"BadChunkExtension", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;=x\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"UnterminatedQuotedExtension",
       "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\"x\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"ChunkWithoutCrlf", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n",
       400, sockrpc::rpc::errc::protocol_error},
      {"ChunkSizeBareLf", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      {"BadTrailer", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX y\r\n\r\n", 400,
       sockrpc::rpc::errc::protocol_error},
      // other statuses
      {"UnknownTransferCoding", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501,
       sockrpc::rpc::errc::protocol_error},
      {"Http2Version", "GET / HTTP/2.0\r\n\r\n", 505, sockrpc::rpc::errc::protocol_error},
      {"PostWithoutLength", "POST / HTTP/1.1\r\nHost: a\r\n\r\n", 411,
       sockrpc::rpc::errc::protocol_error},
      {"Http10PostWithoutLength", "POST / HTTP/1.0\r\n\r\n", 411,
       sockrpc::rpc::errc::protocol_error},
      {"ContentLengthOverLimit", "POST / HTTP/1.1\r\nContent-Length: 33554433\r\n\r\n", 413,
       sockrpc::rpc::errc::limit_exceeded},
      {"HugeContentLength", "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
       413, sockrpc::rpc::errc::limit_exceeded},
      {"HugeChunkSize",
       "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\n", 413,
       sockrpc::rpc::errc::limit_exceeded},
      {"ChunkSizeOverLimit", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2000001\r\n",
       413, sockrpc::rpc::errc::limit_exceeded},
      {"RequestLineTooLong", "GET /" + big(8192) + " HTTP/1.1\r\n\r\n", 414,
       sockrpc::rpc::errc::limit_exceeded},
      {"UnterminatedRequestLineTooLong", "GET /" + big(9000), 414,
       sockrpc::rpc::errc::limit_exceeded},
      {"EndlessEmptyLines",
       [] {
         std::string s;
         for (int i = 0; i < 5000; ++i)
           s += "\r\n";
         return s;
       }(),
       414, sockrpc::rpc::errc::limit_exceeded},
      {"HeaderSectionTooLarge", "GET / HTTP/1.1\r\nX: " + big(70000) + "\r\n\r\n", 431,
       sockrpc::rpc::errc::limit_exceeded},
      {"TooManySmallHeaders",
       [] {
         std::string s = "GET / HTTP/1.1\r\n";
         for (int i = 0; i < 20000; ++i)
           s += "a:\r\n";
         return s + "\r\n";
       }(),
       431, sockrpc::rpc::errc::limit_exceeded},
      {"UnsupportedContentEncoding",
       "POST / HTTP/1.1\r\nContent-Encoding: br\r\nContent-Length: 0\r\n\r\n", 415,
       sockrpc::rpc::errc::protocol_error},
      {"DoubleGzipContentEncoding",
       "POST / HTTP/1.1\r\nContent-Encoding: gzip, gzip\r\nContent-Length: 0\r\n\r\n", 415,
       sockrpc::rpc::errc::protocol_error},
      {"UnknownExpectation", "POST / HTTP/1.1\r\nExpect: 200-ok\r\nContent-Length: 0\r\n\r\n", 417,
       sockrpc::rpc::errc::protocol_error},
  };
  return cases;
}

TEST(HttpRequestParserTest, RefusesWithTheRightStatus) {
  for (const auto& c : refuse_cases()) {
    SCOPED_TRACE(c.name);
    const request_outcome out = run_requests(c.input);
    EXPECT_TRUE(out.messages.empty());
    EXPECT_EQ(out.last, http::parse_event::error);
    EXPECT_EQ(out.status, c.status);
    EXPECT_EQ(out.ec, c.ec);
  }
}

TEST(HttpRequestParserTest, ErrorIsSticky) {
  http::request_parser parser;
  parser.feed("GET / HTTP/1.1\r\nHost : a\r\n\r\n");
  http::request req;
  EXPECT_EQ(parser.next(req), http::parse_event::error);
  EXPECT_FALSE(parser.error_detail().empty());
  parser.feed("GET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(parser.next(req), http::parse_event::error);
  EXPECT_EQ(parser.error_status(), 400);
}

// Every input of both tables, cut once at every position, gives the same outcome as whole.
TEST(HttpRequestParserTest, EverySplitPointGivesTheSameOutcome) {
  std::vector<std::string> inputs;
  for (const auto& c : accept_cases())
    inputs.push_back(c.input);
  for (const auto& c : refuse_cases()) {
    if (c.input.size() < 2000) inputs.push_back(c.input);
  }
  for (const auto& input : inputs) {
    SCOPED_TRACE(input.substr(0, 60));
    const request_outcome whole = run_requests(input);
    for (std::size_t cut = 1; cut < input.size(); ++cut) {
      const request_outcome split = run_requests_split(input, {cut});
      ASSERT_EQ(split.messages.size(), whole.messages.size()) << "cut at " << cut;
      for (std::size_t i = 0; i < whole.messages.size(); ++i) {
        EXPECT_EQ(describe(split.messages[i]), describe(whole.messages[i]));
      }
      ASSERT_EQ(split.last, whole.last) << "cut at " << cut;
      ASSERT_EQ(split.status, whole.status) << "cut at " << cut;
    }
  }
}

TEST(HttpRequestParserTest, LargeRefusalsByteByByteGiveTheSameStatus) {
  for (const auto& c : refuse_cases()) {
    if (c.input.size() < 2000) continue;
    SCOPED_TRACE(c.name);
    const request_outcome out = run_requests_split(c.input, every_byte(c.input.size()));
    EXPECT_EQ(out.last, http::parse_event::error);
    EXPECT_EQ(out.status, c.status);
  }
}

TEST(HttpRequestParserTest, ParsesThreePipelinedRequestsFromOneBuffer) {
  const std::string input =
      "POST /RPC2 HTTP/1.1\r\nContent-Length: 3\r\n\r\none"
      "POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n"
      "POST / HTTP/1.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nthree";
  for (bool bytewise : {false, true}) {
    http::request_parser parser;
    std::vector<std::string> bodies;
    http::request req;  // reused: the parser recycles its buffers
    auto drain = [&] {
      for (;;) {
        const auto ev = parser.next(req);
        if (ev != http::parse_event::message) {
          EXPECT_EQ(ev, http::parse_event::need_more);
          return;
        }
        bodies.push_back(req.body);
      }
    };
    if (bytewise) {
      for (char c : input) {
        parser.feed(std::string_view(&c, 1));
        drain();
      }
    } else {
      parser.feed(input);
      drain();
    }
    EXPECT_EQ(bodies, (std::vector<std::string>{"one", "two", "three"}));
    EXPECT_FALSE(req.keep_alive);
    EXPECT_TRUE(parser.idle());
    EXPECT_EQ(parser.buffered(), 0u);
  }
}

TEST(HttpRequestParserTest, KeepsBytesAfterARequestForTheNext) {
  http::request_parser parser;
  parser.feed("GET /a HTTP/1.1\r\n\r\nGET /b HT");
  http::request req;
  ASSERT_EQ(parser.next(req), http::parse_event::message);
  EXPECT_EQ(req.target, "/a");
  EXPECT_EQ(parser.next(req), http::parse_event::need_more);
  EXPECT_FALSE(parser.idle());
  EXPECT_EQ(parser.buffered(), 9u);
  parser.feed("TP/1.1\r\n\r\n");
  ASSERT_EQ(parser.next(req), http::parse_event::message);
  EXPECT_EQ(req.target, "/b");
}

TEST(HttpRequestParserTest, KeepAliveFollowsVersionAndConnection) {
  struct row {
    const char* version;
    const char* connection;  // nullptr: no field
    bool keep_alive;
  };
  const row rows[] = {
      {"HTTP/1.1", nullptr, true},
      {"HTTP/1.1", "close", false},
      {"HTTP/1.1", "Close", false},
      {"HTTP/1.1", "keep-alive", true},
      {"HTTP/1.1", "foo, close", false},
      {"HTTP/1.0", nullptr, false},
      {"HTTP/1.0", "keep-alive", true},
      {"HTTP/1.0", "Keep-Alive", true},
      {"HTTP/1.0", "keep-alive, close", false},
      {"HTTP/1.0", "upgrade", false},
  };
  for (const auto& r : rows) {
    std::string input = std::string("GET / ") + r.version + "\r\n";
    if (r.connection) input += std::string("Connection: ") + r.connection + "\r\n";
    input += "\r\n";
    SCOPED_TRACE(input);
    const auto out = run_requests(input);
    ASSERT_EQ(out.messages.size(), 1u);
    EXPECT_EQ(out.messages[0].keep_alive, r.keep_alive);
  }
}

TEST(HttpRequestParserTest, ReportsExpectContinueBeforeTheBody) {
  http::request_parser parser;
  parser.feed("POST /RPC2 HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 4\r\n\r\n");
  http::request req;
  ASSERT_EQ(parser.next(req), http::parse_event::expect_continue);
  EXPECT_EQ(parser.pending().target, "/RPC2");
  EXPECT_EQ(parser.pending().headers.find("content-length"), "4");
  EXPECT_EQ(parser.next(req), http::parse_event::need_more);  // reported once
  parser.feed("body");
  ASSERT_EQ(parser.next(req), http::parse_event::message);
  EXPECT_TRUE(req.expect_continue);
  EXPECT_EQ(req.body, "body");
}

TEST(HttpRequestParserTest, ExpectContinueNotReportedWhenNotNeeded) {
  struct row {
    const char* name;
    const char* input;
    bool expect_flag;
  };
  const row rows[] = {
      {"BodyAlreadySent", "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx",
       true},
      {"EmptyBody", "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n", true},
      {"Http10Ignored", "POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx",
       false},
      {"Http10OtherExpectationIgnored", "GET / HTTP/1.0\r\nExpect: nonsense\r\n\r\n", false},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.name);
    const auto out = run_requests(r.input);
    EXPECT_EQ(out.continues, 0);
    ASSERT_EQ(out.messages.size(), 1u);
    EXPECT_EQ(out.messages[0].expect_continue, r.expect_flag);
  }
}

TEST(HttpRequestParserTest, ExpectContinueWithChunkedBody) {
  const std::string input =
      "POST / HTTP/1.1\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n";
  http::request_parser parser;
  parser.feed(input);
  http::request req;
  ASSERT_EQ(parser.next(req), http::parse_event::expect_continue);
  parser.feed("2\r\nok\r\n0\r\n\r\n");
  ASSERT_EQ(parser.next(req), http::parse_event::message);
  EXPECT_EQ(req.body, "ok");
}

TEST(HttpRequestParserTest, EndOfStreamCleanOrInsideARequest) {
  struct row {
    const char* name;
    std::string input;
    http::parse_event last;
  };
  const row rows[] = {
      {"Empty", "", http::parse_event::end_of_stream},
      {"AfterRequest", "GET / HTTP/1.1\r\n\r\n", http::parse_event::end_of_stream},
      {"AfterEmptyLines", "\r\n\r\n", http::parse_event::end_of_stream},
      {"InsideRequestLine", "GET / HT", http::parse_event::error},
      {"InsideHeaders", "GET / HTTP/1.1\r\nHost: a\r\n", http::parse_event::error},
      {"InsideBody", "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhel", http::parse_event::error},
      {"InsideChunk", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
       http::parse_event::error},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.name);
    const auto out = run_requests(r.input, {}, true);
    EXPECT_EQ(out.last, r.last);
    if (r.last == http::parse_event::error) {
      EXPECT_EQ(out.ec, sockrpc::transport::errc::unexpected_eof);
      EXPECT_EQ(out.status, 400);
    }
  }
}

TEST(HttpRequestParserTest, ZeroCopyPrepareAndCommit) {
  http::request_parser parser;
  const std::string_view input = "GET /zero HTTP/1.1\r\n\r\n";
  auto span = parser.prepare(64);
  ASSERT_EQ(span.size(), 64u);
  std::copy(input.begin(), input.end(), span.begin());
  parser.commit(input.size());
  EXPECT_EQ(parser.buffered(), input.size());
  http::request req;
  ASSERT_EQ(parser.next(req), http::parse_event::message);
  EXPECT_EQ(req.target, "/zero");
}

// The server reads through prepare/commit with sizes that grow within a message and drop
// back when a message is complete (the parser then frees a buffer much larger than the
// next read). Bytes already buffered must survive every regrowth.
TEST(HttpRequestParserTest, PrepareWithShrinkingAndGrowingSizesKeepsEveryByte) {
  auto request_with_body = [](std::size_t n, char fill) {
    return "POST /RPC2 HTTP/1.1\r\nContent-Length: " + std::to_string(n) + "\r\n\r\n" +
           std::string(n, fill);
  };
  // A large request, then small ones, then a large one again; the last request arrives
  // in the same reads as the end of the one before it.
  const std::string big1 = request_with_body(300 * 1024, 'a');
  const std::string small = request_with_body(10, 'b');
  const std::string big2 = request_with_body(100 * 1024, 'c');
  const std::string input = big1 + small + small + big2 + small;
  const std::vector<std::string> expected = {std::string(300 * 1024, 'a'), std::string(10, 'b'),
                                             std::string(10, 'b'), std::string(100 * 1024, 'c'),
                                             std::string(10, 'b')};
  for (std::size_t first_read : {std::size_t{7}, std::size_t{512}, std::size_t{4096}}) {
    http::request_parser parser;
    http::request req;
    std::vector<std::string> bodies;
    std::size_t at = 0;
    std::size_t want = first_read;
    while (at < input.size()) {
      auto span = parser.prepare(want);
      ASSERT_EQ(span.size(), want);
      const std::size_t n = std::min(want, input.size() - at);
      std::copy_n(input.begin() + static_cast<std::ptrdiff_t>(at), n, span.begin());
      parser.commit(n);
      at += n;
      // As the server does: double after a full read, back to the first size otherwise.
      want = n == want ? std::min<std::size_t>(want * 2, 64 * 1024) : first_read;
      for (;;) {
        const auto ev = parser.next(req);
        if (ev != http::parse_event::message) {
          ASSERT_EQ(ev, http::parse_event::need_more);
          break;
        }
        bodies.push_back(req.body);
        if (parser.idle()) want = first_read;
      }
    }
    EXPECT_EQ(bodies, expected) << "first read " << first_read;
    EXPECT_TRUE(parser.idle());
  }
}

TEST(HttpRequestParserTest, HeadersKeepOrderRepeatsAndCaseInsensitiveLookup) {
  const auto out = run_requests(
      "GET / HTTP/1.1\r\nX-A: 1\r\nx-b: 2\r\nX-A:  3 \r\nAccept-Encoding: gzip;q=0.5\r\n\r\n");
  ASSERT_EQ(out.messages.size(), 1u);
  const auto& h = out.messages[0].headers;
  ASSERT_EQ(h.size(), 4u);
  EXPECT_EQ(h[0].name, "X-A");
  EXPECT_EQ(h[2].value, "3");
  EXPECT_EQ(h.find("x-a"), "1");
  EXPECT_EQ(h.find("X-B"), "2");
  EXPECT_EQ(h.count("X-a"), 2u);
  EXPECT_FALSE(h.find("missing").has_value());
  EXPECT_TRUE(out.messages[0].accepts_gzip());
}

TEST(HttpRequestParserTest, HostRequiredOnlyWhenConfigured) {
  http::parser_limits strict;
  strict.require_host = true;
  EXPECT_EQ(run_requests("GET / HTTP/1.1\r\n\r\n", strict).status, 400);
  EXPECT_EQ(run_requests("GET / HTTP/1.1\r\nHost: x\r\n\r\n", strict).messages.size(), 1u);
  EXPECT_EQ(run_requests("GET / HTTP/1.0\r\n\r\n", strict).messages.size(), 1u);
  EXPECT_EQ(run_requests("GET / HTTP/1.1\r\n\r\n").messages.size(), 1u);
}

TEST(HttpRequestParserTest, GzipLeftAloneWhenDecodingIsOff) {
  http::parser_limits raw;
  raw.decode_gzip = false;
  const auto out =
      run_requests("POST / HTTP/1.1\r\nContent-Encoding: br\r\nContent-Length: 2\r\n\r\nzz", raw);
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_EQ(out.messages[0].body, "zz");
  EXPECT_FALSE(out.messages[0].body_was_gzip);
}

}  // namespace

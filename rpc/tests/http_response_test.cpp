// SPDX-License-Identifier: MIT
// Response parser: framings, interim responses, keep-alive, gzip, errors.
#include <sockrpc/rpc/http/codec.hpp>
#include <sockrpc/transport/error.hpp>

#include "http_test_util.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

namespace http = sockrpc::rpc::http;
using namespace sockrpc_test::http;  // http_test_util.hpp

struct response_case {
  const char* name;
  std::string input;
  bool eof;   // feed_eof() after the input
  bool head;  // the response answers a HEAD request
  int status;
  std::string body;
  bool keep_alive;
};

std::string gzipped(std::string_view s) {
  return http::gzip_compress(s);
}

const std::vector<response_case>& response_cases() {
  static const std::vector<response_case> cases = {
      {"ContentLength", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", false, false, 200,
       "hello", true},
      {"Chunked",
       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: "
       "1\r\n\r\n",
       false, false, 200, "abcde", true},
      {"UntilClose", "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n<a/>", true, false, 200,
       "<a/>", false},
      {"UntilCloseEmpty", "HTTP/1.0 200 OK\r\n\r\n", true, false, 200, "", false},
      {"InterimResponsesSkipped",
       "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\nX: y\r\n\r\n"
       "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
       false, false, 200, "ok", true},
      {"NoContent", "HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\n", false, false, 204, "",
       true},
      {"NotModified", "HTTP/1.1 304 Not Modified\r\n\r\n", false, false, 304, "", true},
      {"HeadResponseHasNoBody", "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", false, true, 200,
       "", true},
      {"ConnectionClose", "HTTP/1.1 500 Oops\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
       false, false, 500, "", false},
      {"Http10KeepAlive", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n",
       false, false, 200, "", true},
      {"Http10DefaultClose", "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false, false, 200, "",
       false},
      {"EmptyReason", "HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n", false, false, 404, "", true},
      {"NoReason", "HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n", false, false, 404, "", true},
      {"GzipBody",
       "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " +
           std::to_string(gzipped("<methodResponse/>").size()) + "\r\n\r\n" +
           gzipped("<methodResponse/>"),
       false, false, 200, "<methodResponse/>", true},
  };
  return cases;
}

TEST(HttpResponseParserTest, ParsesResponsesWholeAndByteByByte) {
  for (const auto& c : response_cases()) {
    SCOPED_TRACE(c.name);
    for (bool bytewise : {false, true}) {
      const response_outcome out =
          run_responses(c.input, bytewise ? every_byte(c.input.size()) : std::vector<std::size_t>{},
                        {}, c.eof, c.head);
      ASSERT_EQ(out.messages.size(), 1u) << out.ec.message();
      EXPECT_FALSE(out.ec);
      EXPECT_EQ(out.messages[0].status, c.status);
      EXPECT_EQ(out.messages[0].body, c.body);
      EXPECT_EQ(out.messages[0].keep_alive, c.keep_alive);
    }
  }
}

TEST(HttpResponseParserTest, ReasonAndHeadersAreKept) {
  const auto out =
      run_responses("HTTP/1.1 418 I'm a teapot\r\nServer: x\r\nContent-Length: 0\r\n\r\n", {});
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_EQ(out.messages[0].reason, "I'm a teapot");
  EXPECT_EQ(out.messages[0].headers.find("server"), "x");
  EXPECT_EQ(out.messages[0].version, http::http_version::http_1_1);
}

TEST(HttpResponseParserTest, PipelinedResponsesInOneBuffer) {
  const auto out = run_responses(
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na"
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nb\r\n0\r\n\r\n"
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nc",
      {});
  ASSERT_EQ(out.messages.size(), 3u);
  EXPECT_EQ(out.messages[0].body + out.messages[1].body + out.messages[2].body, "abc");
  EXPECT_EQ(out.last, http::parse_event::need_more);
}

TEST(HttpResponseParserTest, RefusesMalformedOrAmbiguousResponses) {
  struct row {
    const char* name;
    std::string input;
    bool eof;
    std::error_code ec;
  };
  const row rows[] = {
      {"NotHttp", "SSH-2.0-OpenSSH\r\n\r\n", false, sockrpc::rpc::errc::protocol_error},
      {"Http2", "HTTP/2.0 200 OK\r\n\r\n", false, sockrpc::rpc::errc::protocol_error},
      {"TwoDigitStatus", "HTTP/1.1 20 OK\r\n\r\n", false, sockrpc::rpc::errc::protocol_error},
      {"StatusOutOfRange", "HTTP/1.1 999 What\r\n\r\n", false, sockrpc::rpc::errc::protocol_error},
      {"NoSpaceBeforeReason", "HTTP/1.1 200OK\r\n\r\n", false, sockrpc::rpc::errc::protocol_error},
      {"EmptyStatusLine", "\r\nHTTP/1.1 200 OK\r\n\r\n", false, sockrpc::rpc::errc::protocol_error},
      {"SwitchingProtocols", "HTTP/1.1 101 Switching Protocols\r\n\r\n", false,
       sockrpc::rpc::errc::protocol_error},
      {"LengthAndChunked",
       "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", false,
       sockrpc::rpc::errc::protocol_error},
      {"DifferingLengths", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
       false, sockrpc::rpc::errc::protocol_error},
      {"GzipTransferCoding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", false,
       sockrpc::rpc::errc::protocol_error},
      {"UnknownContentCoding",
       "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: 0\r\n\r\n", false,
       sockrpc::rpc::errc::protocol_error},
      {"CorruptGzip", "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc",
       false, sockrpc::rpc::errc::protocol_error},
      {"ObsFold", "HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n", false,
       sockrpc::rpc::errc::protocol_error},
      {"BadChunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", false,
       sockrpc::rpc::errc::protocol_error},
      {"EofInsideBody", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc", true,
       sockrpc::transport::errc::unexpected_eof},
      {"EofInsideHeaders", "HTTP/1.1 200 OK\r\nContent-Len", true,
       sockrpc::transport::errc::unexpected_eof},
      {"EofInsideChunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab", true,
       sockrpc::transport::errc::unexpected_eof},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.name);
    const auto out = run_responses(r.input, {}, {}, r.eof);
    EXPECT_TRUE(out.messages.empty());
    EXPECT_EQ(out.last, http::parse_event::error);
    EXPECT_EQ(out.ec, r.ec);
  }
}

TEST(HttpResponseParserTest, CleanEndOfStreamBetweenResponses) {
  const auto out = run_responses("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", {}, {}, true);
  EXPECT_EQ(out.messages.size(), 1u);
  EXPECT_EQ(out.last, http::parse_event::end_of_stream);
  EXPECT_FALSE(out.ec);
}

TEST(HttpResponseParserTest, HeadExpectationAppliesToOneResponse) {
  http::response_parser parser;
  parser.expect_head_response();
  parser.feed(
      "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n"
      "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc");
  http::response resp;
  ASSERT_EQ(parser.next(resp), http::parse_event::message);
  EXPECT_EQ(resp.body, "");
  ASSERT_EQ(parser.next(resp), http::parse_event::message);
  EXPECT_EQ(resp.body, "abc");
  EXPECT_TRUE(parser.idle());
}

}  // namespace

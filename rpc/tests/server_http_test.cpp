// SPDX-License-Identifier: MIT
// The server's HTTP behaviour, checked with exact bytes over loopback.
#include "server_test_util.hpp"

#include <stdexcept>

namespace sockrpc_test {
namespace {

TEST(ServerHttpTest, PostOnRpc2AndRootAnswersTheResult) {
  test_server ts;
  for (std::string_view path : {"/RPC2", "/", "/RPC2?x=1"}) {
    auto s = connect_to(ts.http());
    auto r = roundtrip(s, post_request(call_xml("add", {2, 3}), path));
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.headers.find("Content-Type"), "text/xml");
    EXPECT_TRUE(r.headers.find("Content-Length").has_value());
    EXPECT_EQ(decode(r).result, rpc::value(5)) << path;
  }
}

TEST(ServerHttpTest, ConfiguredPathsReplaceTheDefaults) {
  test_server ts([](rpc::server& s) { s.http_paths({"/xmlrpc"}); });
  auto s = connect_to(ts.http());
  EXPECT_EQ(roundtrip(s, post_request(call_xml("add", {1, 1}), "/xmlrpc")).status, 200);
  EXPECT_EQ(roundtrip(s, post_request(call_xml("add", {1, 1}), "/RPC2")).status, 404);
}

TEST(ServerHttpTest, OtherPathIs404AndKeepsTheConnection) {
  test_server ts;
  auto s = connect_to(ts.http());
  auto r = roundtrip(s, post_request(call_xml("add", {1, 2}), "/nope"));
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(r.keep_alive);
  EXPECT_EQ(decode(roundtrip(s, post_request(call_xml("add", {1, 2})))).result, rpc::value(3));
}

TEST(ServerHttpTest, GetAndOtherMethodsAre405WithAllowPost) {
  test_server ts;
  for (std::string_view method : {"GET", "PUT", "DELETE", "OPTIONS"}) {
    auto s = connect_to(ts.http());
    std::string req =
        std::string(method) + " /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n";
    auto r = roundtrip(s, req);
    EXPECT_EQ(r.status, 405) << method;
    EXPECT_EQ(r.headers.find("Allow"), "POST") << method;
    EXPECT_TRUE(r.headers.find("Content-Length").has_value());
  }
}

struct bad_request_case {
  const char* name;
  std::string request;
  int status;
};

TEST(ServerHttpTest, MalformedRequestsGetTheirStatusAndTheConnectionCloses) {
  test_server ts(
      [](rpc::server& s) { s.max_body_size(1024).max_header_size(2048).max_request_line(256); });
  const std::vector<bad_request_case> cases = {
      {"garbage", "HELLO\r\n\r\n", 400},
      {"bad content-length", "POST /RPC2 HTTP/1.1\r\nContent-Length: x\r\n\r\n", 400},
      {"no length", "POST /RPC2 HTTP/1.1\r\nHost: t\r\n\r\n", 411},
      {"body too large", "POST /RPC2 HTTP/1.1\r\nContent-Length: 4096\r\n\r\n", 413},
      {"request line too long", "POST /" + std::string(400, 'a') + " HTTP/1.1\r\n\r\n", 414},
      {"headers too large", "POST /RPC2 HTTP/1.1\r\nX-Big: " + std::string(3000, 'b') + "\r\n\r\n",
       431},
      {"unknown content-encoding",
       "POST /RPC2 HTTP/1.1\r\nContent-Encoding: br\r\nContent-Length: 1\r\n\r\nx", 415},
      {"http/2 version", "POST /RPC2 HTTP/2.0\r\nContent-Length: 0\r\n\r\n", 505},
  };
  for (const auto& c : cases) {
    auto s = connect_to(ts.http());
    s.sendall(c.request);
    response_reader rd(s);
    auto r = rd.next();
    ASSERT_TRUE(r) << c.name << ": " << rd.error.message();
    EXPECT_EQ(r->status, c.status) << c.name;
    EXPECT_FALSE(r->keep_alive) << c.name;
    EXPECT_TRUE(peer_closes(s)) << c.name;
  }
  // The server still serves everyone else.
  auto s = connect_to(ts.http());
  EXPECT_EQ(decode(roundtrip(s, post_request(call_xml("add", {1, 2})))).result, rpc::value(3));
}

TEST(ServerHttpTest, BodyNotAMethodCallIsFaultAtHttp200) {
  test_server ts;
  const std::vector<std::pair<std::string, int>> cases = {
      {"garbage", -32700},
      {"<methodCall><methodName>x</methodName>", -32700},
      {"<?xml version=\"1.0\"?><notACall/>", -32600},
      {"<methodCall><params/></methodCall>", -32600},
  };
  auto s = connect_to(ts.http());
  for (const auto& [body, code] : cases) {
    auto r = roundtrip(s, post_request(body));
    EXPECT_EQ(r.status, 200) << body;
    auto m = decode(r);
    ASSERT_TRUE(m.is_fault()) << body;
    EXPECT_EQ(m.fault->code, code) << body;
  }
}

TEST(ServerHttpTest, UnknownMethodAndHandlerExceptionAreFaults) {
  test_server ts([](rpc::server& s) {
    s.methods().add("boom", []() -> int { throw std::runtime_error("it broke"); });
  });
  auto s = connect_to(ts.http());
  auto m = decode(roundtrip(s, post_request(call_xml("nope"))));
  ASSERT_TRUE(m.is_fault());
  EXPECT_EQ(m.fault->code, -32601);
  m = decode(roundtrip(s, post_request(call_xml("boom"))));
  ASSERT_TRUE(m.is_fault());
  EXPECT_EQ(m.fault->code, -32500);
  EXPECT_NE(m.fault->message.find("it broke"), std::string::npos);
  // The connection and the server go on.
  EXPECT_EQ(decode(roundtrip(s, post_request(call_xml("add", {4, 5})))).result, rpc::value(9));
}

TEST(ServerHttpTest, KeepAliveServesManyRequestsOnOneConnection) {
  test_server ts;
  auto s = connect_to(ts.http());
  for (int i = 0; i < 20; ++i) {
    auto r = roundtrip(s, post_request(call_xml("add", {i, 1})));
    EXPECT_TRUE(r.keep_alive);
    EXPECT_EQ(decode(r).result, rpc::value(i + 1));
  }
}

// Connections share their I/O thread's XML parser and shrink their read buffer between
// requests; large and small calls interleaved on two connections must all come back whole.
TEST(ServerHttpTest, LargeAndSmallCallsInterleavedOnTwoConnections) {
  test_server ts;
  auto a = connect_to(ts.http());
  auto b = connect_to(ts.http());
  const std::string big(200 * 1024, 'x');
  const std::string medium(30 * 1024, 'y');
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(decode(roundtrip(a, post_request(call_xml("echo", {rpc::value(big)})))).result,
              rpc::value(big));
    EXPECT_EQ(decode(roundtrip(b, post_request(call_xml("add", {round, 1})))).result,
              rpc::value(round + 1));
    EXPECT_EQ(decode(roundtrip(a, post_request(call_xml("add", {round, 2})))).result,
              rpc::value(round + 2));
    EXPECT_EQ(decode(roundtrip(b, post_request(call_xml("echo", {rpc::value(medium)})))).result,
              rpc::value(medium));
  }
}

TEST(ServerHttpTest, ConnectionCloseIsHonoured) {
  test_server ts;
  auto s = connect_to(ts.http());
  auto r = roundtrip(s, post_request(call_xml("add", {1, 2}), "/RPC2", "Connection: close\r\n"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.find("Connection"), "close");
  EXPECT_TRUE(peer_closes(s));
}

TEST(ServerHttpTest, Http10ClosesUnlessKeepAliveIsAsked) {
  test_server ts;
  {
    auto s = connect_to(ts.http());
    auto r = roundtrip(s, post_request(call_xml("add", {1, 2}), "/RPC2", "", "HTTP/1.0"));
    EXPECT_EQ(decode(r).result, rpc::value(3));
    EXPECT_FALSE(r.keep_alive);
    EXPECT_TRUE(peer_closes(s));
  }
  auto s = connect_to(ts.http());
  for (int i = 0; i < 2; ++i) {
    auto r = roundtrip(s, post_request(call_xml("add", {1, i}), "/RPC2",
                                       "Connection: keep-alive\r\n", "HTTP/1.0"));
    EXPECT_EQ(decode(r).result, rpc::value(1 + i));
    EXPECT_TRUE(r.keep_alive);
  }
}

TEST(ServerHttpTest, PipelinedRequestsAreAnsweredInOrder) {
  test_server ts([](rpc::server& s) { s.threads(4); });
  auto s = connect_to(ts.http());
  // The first call is the slowest: answers must still come back in request order.
  std::string batch = post_request(call_xml("sleep", {50})) +
                      post_request(call_xml("echo", {rpc::value("second")})) +
                      post_request(call_xml("add", {2, 1}));
  s.sendall(batch);
  response_reader rd(s);
  auto r1 = rd.next();
  auto r2 = rd.next();
  auto r3 = rd.next();
  ASSERT_TRUE(r1 && r2 && r3) << rd.error.message();
  EXPECT_EQ(decode(*r1).result, rpc::value(50));
  EXPECT_EQ(decode(*r2).result, rpc::value("second"));
  EXPECT_EQ(decode(*r3).result, rpc::value(3));
}

TEST(ServerHttpTest, PipelinedBatchMixingSyncAsyncAndErrorsKeepsItsOrder) {
  test_server ts([](rpc::server& s) { s.threads(2); });
  auto s = connect_to(ts.http());
  // Gathered answers (add, 404, echo) go out while the asynchronous sleep runs; those
  // after it follow it; 120 x 4 KiB answers overflow one write batch; the last request
  // closes the connection after its answer.
  std::string batch =
      post_request(call_xml("add", {1, 1})) + post_request(call_xml("add", {1, 1}), "/nowhere") +
      post_request(call_xml("echo", {rpc::value("x")})) + post_request(call_xml("sleep", {20}));
  for (int i = 0; i < 120; ++i)
    batch += post_request(call_xml("bytes", {4096 + i}));
  batch += post_request(call_xml("add", {2, 2}), "/RPC2", "Connection: close\r\n");
  s.sendall(batch);
  response_reader rd(s);
  auto r = rd.next();
  ASSERT_TRUE(r) << rd.error.message();
  EXPECT_EQ(decode(*r).result, rpc::value(2));
  r = rd.next();
  ASSERT_TRUE(r) << rd.error.message();
  EXPECT_EQ(r->status, 404);
  r = rd.next();
  ASSERT_TRUE(r) << rd.error.message();
  EXPECT_EQ(decode(*r).result, rpc::value("x"));
  r = rd.next();
  ASSERT_TRUE(r) << rd.error.message();
  EXPECT_EQ(decode(*r).result, rpc::value(20));
  for (int i = 0; i < 120; ++i) {
    r = rd.next();
    ASSERT_TRUE(r) << i << ": " << rd.error.message();
    const auto m = decode(*r);
    ASSERT_TRUE(m.result.is_binary()) << i;
    EXPECT_EQ(m.result.as_binary().size(), static_cast<std::size_t>(4096 + i));
  }
  r = rd.next();
  ASSERT_TRUE(r) << rd.error.message();
  EXPECT_EQ(decode(*r).result, rpc::value(4));
  EXPECT_FALSE(rd.next());  // closed after the Connection: close answer
  EXPECT_FALSE(rd.error);
}

TEST(ServerHttpTest, ChunkedRequestBodyIsAccepted) {
  test_server ts;
  auto body = call_xml("echo", {rpc::value("chunky")});
  std::string req = "POST /RPC2 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  auto half = body.size() / 2;
  auto hex = [](std::size_t n) {
    char b[32];
    std::snprintf(b, sizeof b, "%zx", n);
    return std::string(b);
  };
  req += hex(half) + "\r\n" + body.substr(0, half) + "\r\n";
  req += hex(body.size() - half) + "\r\n" + body.substr(half) + "\r\n0\r\n\r\n";
  auto s = connect_to(ts.http());
  EXPECT_EQ(decode(roundtrip(s, req)).result, rpc::value("chunky"));
}

TEST(ServerHttpTest, ExpectContinueGets100BeforeTheBody) {
  test_server ts;
  auto body = call_xml("add", {20, 22});
  auto req = post_request(body, "/RPC2", "Expect: 100-continue\r\n");
  auto head = req.substr(0, req.size() - body.size());
  auto s = connect_to(ts.http());
  s.sendall(head);
  std::string interim(25, '\0');
  s.recv_exactly(std::as_writable_bytes(std::span(interim)));
  EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
  s.sendall(body);
  response_reader rd(s);
  auto r = rd.next();
  ASSERT_TRUE(r);
  EXPECT_EQ(decode(*r).result, rpc::value(42));
}

TEST(ServerHttpTest, ExpectContinueOnAWrongPathGetsTheFinalStatus) {
  test_server ts;
  auto s = connect_to(ts.http());
  s.sendall(std::string_view(
      "POST /nope HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n"));
  response_reader rd(s);
  auto r = rd.next();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_TRUE(peer_closes(s));
}

TEST(ServerHttpTest, GzipBothWays) {
  test_server ts([](rpc::server& s) { s.gzip_min_size(512); });
  auto s = connect_to(ts.http());
  // Large answer, client accepts gzip: compressed.
  auto r =
      roundtrip(s, post_request(call_xml("bytes", {4000}), "/RPC2", "Accept-Encoding: gzip\r\n"));
  EXPECT_TRUE(r.body_was_gzip);
  EXPECT_EQ(r.headers.find("Content-Encoding"), "gzip");
  EXPECT_EQ(decode(r).result.as_binary().size(), 4000u);
  // Small answer: not worth it.
  r = roundtrip(s, post_request(call_xml("add", {1, 1}), "/RPC2", "Accept-Encoding: gzip\r\n"));
  EXPECT_FALSE(r.body_was_gzip);
  // No Accept-Encoding: never.
  r = roundtrip(s, post_request(call_xml("bytes", {4000})));
  EXPECT_FALSE(r.body_was_gzip);
  // A gzip request body is inflated.
  auto gz = http::gzip_compress(call_xml("echo", {rpc::value("zipped")}));
  r = roundtrip(s, post_request(gz, "/RPC2", "Content-Encoding: gzip\r\n"));
  EXPECT_EQ(decode(r).result, rpc::value("zipped"));
}

}  // namespace
}  // namespace sockrpc_test

// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/client/client.hpp>

#include "client_test_server.hpp"
#include "client_test_util.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace sockrpc::rpc {
namespace {

using namespace std::chrono_literals;
using sockrpc_test::script_server;

// The error a call failed with, via the throwing overload.
std::error_code error_of(client& c, std::string_view method = "echo") {
  try {
    (void)c.call(method, 1);
  } catch (const sockrpc::error& e) {
    return e.code();
  }
  return {};
}

TEST(ClientTest, TypedCallConvertsArgumentsAndResult) {
  script_server server([](auto& s, auto) { sockrpc_test::serve_http(s); });
  client c(server.url());
  EXPECT_EQ(c.call<int>("add", 2, 3), 5);
  EXPECT_EQ(c.call<std::int64_t>("add", 2'000'000'000, 2'000'000'000), 4'000'000'000);
  EXPECT_EQ(c.call<std::string>("echo", std::string("hi <&>")), "hi <&>");
  c.call<void>("nothing");
  EXPECT_THROW((void)c.call<std::string>("add", 1, 1), sockrpc::rpc::conversion_error);
}

TEST(ClientTest, CallValueRoundTripsEveryType) {
  script_server server([](auto& s, auto) { sockrpc_test::serve_http(s); });
  client c(server.url());
  const value all(sockrpc::rpc::array{
      value(), value(true), value(std::int32_t{-7}), value(std::int64_t{1} << 40), value(-0.0),
      value(0.1), value("text\r\n"), value(sockrpc::rpc::date_time{2024, 2, 29, 23, 59, 58, {}}),
      value(sockrpc::rpc::binary{std::byte{0}, std::byte{255}}),
      value(members{{"k", value(1)}, {"nested", value(sockrpc::rpc::array{value("x")})}})});
  const value params[] = {all};
  const value got = c.call_value("echo", params);
  EXPECT_EQ(got, all);
  EXPECT_TRUE(std::signbit(got[4].as_double()));
}

TEST(ClientTest, FaultIsThrownByCallAndReturnedByTryCall) {
  script_server server([](auto& s, auto) { sockrpc_test::serve_http(s); });
  client c(server.url());
  try {
    (void)c.call<int>("fault", 42, "too big");
    ADD_FAILURE() << "no fault";
  } catch (const fault& f) {
    EXPECT_EQ(f.code(), 42);
    EXPECT_EQ(f.message(), "too big");
  }
  try {  // one exception base: a fault is also a sockrpc::error with the fault condition
    (void)c.call<int>("fault", 42, "too big");
    ADD_FAILURE() << "no fault";
  } catch (const sockrpc::error& e) {
    EXPECT_EQ(e.code(), sockrpc::rpc::errc::fault);
    EXPECT_EQ(e.code(), sockrpc::condition::fault);
    EXPECT_STREQ(e.what(), "fault 42: too big");
    EXPECT_NE(dynamic_cast<const fault*>(&e), nullptr);
  }
  const call_result r = c.try_call("fault", 7, "seven");
  ASSERT_TRUE(r.is_fault());
  EXPECT_EQ(r.fault(), (fault_info{7, "seven"}));
  EXPECT_THROW((void)r.result(), std::bad_variant_access);

  const value params[] = {value(1), value(2)};
  sockrpc::status st;
  const call_result ok = c.try_call_value("add", params, st);
  EXPECT_FALSE(st);
  ASSERT_FALSE(ok.is_fault());
  EXPECT_EQ(sockrpc::rpc::from_value<int>(ok.result()), 3);
  EXPECT_THROW((void)ok.fault(), std::bad_variant_access);
  const call_result missing = c.try_call("no.such.method");
  ASSERT_TRUE(missing.is_fault());
  EXPECT_EQ(missing.fault().code, sockrpc::rpc::fault_code::method_not_found);
}

TEST(ClientTest, KeepAliveReusesOneConnection) {
  script_server server([](auto& s, auto) { sockrpc_test::serve_http(s); });
  client c(server.url());
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(c.call<int>("add", i, 1), i + 1);
  EXPECT_EQ(server.connections(), 1u);
  EXPECT_EQ(c.idle_connections(), 1u);
  c.close_idle();
  EXPECT_EQ(c.idle_connections(), 0u);
  EXPECT_EQ(c.call<int>("add", 1, 1), 2);
  EXPECT_EQ(server.connections(), 2u);
}

TEST(ClientTest, ConnectionCloseAnswersAreNotPooled) {
  sockrpc_test::http_behaviour b;
  b.keep_alive = false;
  script_server server([&](auto& s, auto) { sockrpc_test::serve_http(s, b); });
  client c(server.url());
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(c.call<int>("add", i, i), 2 * i);
  EXPECT_EQ(server.connections(), 3u);
  EXPECT_EQ(c.idle_connections(), 0u);
}

TEST(ClientTest, NoPoolSendsConnectionClose) {
  std::atomic<int> close_requests{0};
  sockrpc_test::http_behaviour b;
  b.inspect = [&](const http::request& r) { close_requests += r.keep_alive ? 0 : 1; };
  script_server server([&](auto& s, auto) { sockrpc_test::serve_http(s, b); });
  client c(server.url());
  c.set_max_idle_connections(0);
  EXPECT_EQ(c.call<int>("add", 1, 1), 2);
  EXPECT_EQ(c.call<int>("add", 1, 2), 3);
  EXPECT_EQ(close_requests.load(), 2);
  EXPECT_EQ(server.connections(), 2u);
}

TEST(ClientTest, PooledConnectionClosedBeforeAnsweringIsRetriedOnce) {
  // Connection 0 answers one call, then reads the next request and closes without a
  // byte of response (a keep-alive connection the server gave up on).
  script_server server(sockrpc_test::closes_before_second_answer());
  client c(server.url());
  EXPECT_EQ(c.call<int>("add", 1, 1), 2);
  EXPECT_EQ(c.call<int>("add", 2, 2), 4);  // retried on a fresh connection
  EXPECT_EQ(server.connections(), 2u);
}

TEST(ClientTest, PooledConnectionClosedWhileIdleIsDroppedBeforeUse) {
  std::promise<void> closed;
  script_server server(sockrpc_test::closes_while_idle(closed));
  client c(server.url());
  EXPECT_EQ(c.call<int>("add", 1, 1), 2);
  ASSERT_EQ(closed.get_future().wait_for(5s), std::future_status::ready);
  EXPECT_EQ(c.call<int>("add", 2, 2), 4);
  EXPECT_EQ(server.connections(), 2u);
}

TEST(ClientTest, FreshConnectionClosedBeforeAnsweringIsNotRetried) {
  script_server server(
      [](transport::socket& s, std::size_t) { (void)sockrpc_test::await_request(s); });
  client c(server.url());
  EXPECT_EQ(error_of(c), sockrpc::transport::errc::unexpected_eof);
  EXPECT_EQ(server.connections(), 1u);
}

TEST(ClientTest, PooledConnectionClosedMidResponseIsNotRetried) {
  script_server server(sockrpc_test::breaks_second_answer());
  client c(server.url());
  EXPECT_EQ(c.call<int>("add", 1, 1), 2);
  sockrpc::status st;
  const value params[] = {value(1), value(1)};
  (void)c.try_call_value("add", params, st);
  EXPECT_EQ(st.code(), sockrpc::transport::errc::unexpected_eof);
  EXPECT_EQ(server.connections(), 1u);
}

TEST(ClientTest, ServerThatNeverAnswersTimesOutAfterTheDeadline) {
  script_server server([](transport::socket& s, std::size_t) { sockrpc_test::drain(s); });
  client c(server.url());
  c.set_timeout(200ms);
  const auto start = std::chrono::steady_clock::now();
  const auto ec = error_of(c);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(ec, sockrpc::transport::errc::timeout);
  EXPECT_EQ(ec, std::errc::timed_out);
  EXPECT_EQ(ec, sockrpc::condition::transport_failure);
  EXPECT_GE(elapsed, 200ms);
  EXPECT_LT(elapsed, 4s);

  sockrpc::status st;
  const value params[] = {value(1)};
  (void)c.try_call_value("echo", params, st);
  EXPECT_EQ(st.code(), std::errc::timed_out);
  EXPECT_EQ(st.message(), "operation timed out");
}

TEST(ClientTest, PooledConnectionStillTimesOutOnALaterCall) {
  // The first call leaves the wait bound of its connection set (see transport::socket);
  // the next call on it must still end at its own deadline.
  script_server server([](transport::socket& s, std::size_t) {
    sockrpc_test::serve_http(s, sockrpc_test::one_request());
    sockrpc_test::drain(s);
  });
  client c(server.url());
  c.set_timeout(300ms);
  EXPECT_EQ(c.call<int>("add", 1, 1), 2);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(error_of(c), sockrpc::transport::errc::timeout);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 300ms);
  EXPECT_EQ(server.connections(), 1u);
}

TEST(ClientTest, FramedServerThatNeverAnswersTimesOut) {
  script_server server([](transport::socket& s, std::size_t) { sockrpc_test::drain(s); });
  client c(server.url("tcp", ""));
  c.set_timeout(150ms);
  EXPECT_EQ(error_of(c), std::errc::timed_out);
}

TEST(ClientTest, RefusedConnectionIsATransportError) {
  std::uint16_t port = 0;
  {
    auto probe = transport::create_server(transport::address::loopback(transport::family::ipv4, 0));
    port = probe.getsockname().port();
  }
  client c("http://127.0.0.1:" + std::to_string(port) + "/");
  try {
    (void)c.call("echo", 1);
    ADD_FAILURE() << "no error";
  } catch (const sockrpc::error& e) {
    EXPECT_EQ(e.code(), std::errc::connection_refused);
    EXPECT_EQ(e.code(), sockrpc::condition::transport_failure);
    EXPECT_EQ(std::string(e.what()).rfind("connection refused", 0), 0u) << e.what();
  }
}

struct canned_case {
  const char* name;
  std::string response;
  std::error_code expected;
  const char* message_prefix;
};

TEST(ClientTest, HttpAndXmlErrorsAreProtocolErrors) {
  const std::string ok_head = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: ";
  auto with_body = [&](std::string body) {
    return ok_head + std::to_string(body.size()) + "\r\n\r\n" + body;
  };
  const canned_case cases[] = {
      {"404", "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
       make_error_code(sockrpc::rpc::errc::http_status), "HTTP 404 Not Found"},
      {"500 no reason", "HTTP/1.1 500 \r\nContent-Length: 0\r\n\r\n",
       make_error_code(sockrpc::rpc::errc::http_status), "HTTP 500 Internal Server Error"},
      {"garbage", "SMTP ready\r\n\r\n", make_error_code(sockrpc::rpc::errc::protocol_error),
       "bad HTTP response"},
      {"not xml", with_body("<methodResponse><params>"),
       make_error_code(sockrpc::rpc::errc::xml_parse_error), "bad XML-RPC response"},
      {"not xml-rpc", with_body("<?xml version=\"1.0\"?><html/>"),
       make_error_code(sockrpc::rpc::errc::invalid_document), "bad XML-RPC response"},
  };
  for (const auto& tc : cases) {
    SCOPED_TRACE(tc.name);
    script_server server(
        [&](transport::socket& s, std::size_t) { sockrpc_test::answer_once(s, tc.response); });
    client c(server.url());
    sockrpc::status st;
    const value params[] = {value(1)};
    (void)c.try_call_value("echo", params, st);
    EXPECT_EQ(st.code(), tc.expected);
    EXPECT_EQ(st.code(), sockrpc::condition::protocol_failure);
    EXPECT_EQ(st.message().rfind(tc.message_prefix, 0), 0u) << st.message();
  }
}

TEST(ClientTest, ChunkedAndGzipResponsesAreDecoded) {
  for (bool chunked : {false, true}) {
    SCOPED_TRACE(chunked);
    std::atomic<int> accepted_gzip{0};
    sockrpc_test::http_behaviour b;
    b.gzip_response = true;
    b.chunked = chunked;
    b.inspect = [&](const http::request& r) { accepted_gzip += r.accepts_gzip() ? 1 : 0; };
    script_server server([&](auto& s, auto) { sockrpc_test::serve_http(s, b); });
    client c(server.url());
    const std::string big(10'000, 'x');
    EXPECT_EQ(c.call<std::string>("echo", big), big);
    EXPECT_EQ(c.call<std::string>("echo", "again"), "again");
    EXPECT_EQ(accepted_gzip.load(), 2);
    EXPECT_EQ(server.connections(), 1u);
  }
}

TEST(ClientTest, GzipRequestsAreSentCompressedAboveTheThreshold) {
  std::vector<bool> gzipped;
  std::mutex m;
  sockrpc_test::http_behaviour b;
  b.inspect = [&](const http::request& r) {
    std::lock_guard lock(m);
    gzipped.push_back(r.body_was_gzip);
  };
  script_server server([&](auto& s, auto) { sockrpc_test::serve_http(s, b); });
  client c(server.url());
  c.set_gzip_requests(true, 2000).set_accept_gzip(false);
  const std::string big(5000, 'y');
  EXPECT_EQ(c.call<std::string>("echo", big), big);
  EXPECT_EQ(c.call<std::string>("echo", "small"), "small");
  std::lock_guard lock(m);
  EXPECT_EQ(gzipped, (std::vector<bool>{true, false}));
}

TEST(ClientTest, FramedTcpReusesOneConnection) {
  script_server server([](auto& s, auto) { sockrpc_test::serve_framed(s); });
  client c(server.url("tcp", ""));
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(c.call<int>("add", i, 10), i + 10);
  EXPECT_EQ(c.call<std::string>("echo", "framed"), "framed");
  EXPECT_EQ(server.connections(), 1u);
  EXPECT_THROW((void)c.call("fault", 3, "x"), fault);
}

TEST(ClientTest, FramedStaleConnectionIsRetriedOnce) {
  script_server server([](transport::socket& s, std::size_t index) {
    sockrpc_test::serve_framed(s, index == 0 ? 1 : 1000);
    if (index == 0) (void)transport::recv_frame(s);  // read the next call, then close
  });
  client c(server.url("tcp", ""));
  EXPECT_EQ(c.call<int>("add", 1, 1), 2);
  EXPECT_EQ(c.call<int>("add", 1, 2), 3);
  EXPECT_EQ(server.connections(), 2u);
}

TEST(ClientTest, MulticallReturnsPerEntryValuesAndFaults) {
  script_server server([](auto& s, auto) { sockrpc_test::serve_http(s); });
  client c(server.url());
  const std::vector<method_call> calls = {
      {"add", {value(1), value(2)}},
      {"fault", {value(9), value("nine")}},
      {"echo", {value("e")}},
      {"missing", {}},
  };
  const auto results = c.multicall(calls);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(sockrpc::rpc::from_value<int>(results[0].result()), 3);
  EXPECT_EQ(results[1].fault(), (fault_info{9, "nine"}));
  EXPECT_EQ(sockrpc::rpc::from_value<std::string>(results[2].result()), "e");
  EXPECT_EQ(results[3].fault().code, -32601);
  EXPECT_TRUE(c.multicall({}).empty());
}

TEST(ClientTest, MalformedMulticallAnswerIsAProtocolError) {
  script_server server([](transport::socket& s, std::size_t) {
    http::request_parser p;
    http::request r;
    if (!sockrpc_test::read_request(s, p, r)) return;
    std::string out;
    http::write_response(out, 200, "", {}, sockrpc::rpc::serialize_response(value("nope")), false);
    sockrpc_test::send_text(s, out);
  });
  client c(server.url());
  const std::vector<method_call> calls = {{"echo", {value(1)}}};
  try {
    (void)c.multicall(calls);
    ADD_FAILURE() << "no error";
  } catch (const sockrpc::error& e) {
    EXPECT_EQ(e.code(), sockrpc::rpc::errc::protocol_error);
  }
}

TEST(ClientTest, TypedProxyCallsTheMethod) {
  script_server server([](auto& s, auto) { sockrpc_test::serve_http(s); });
  client c(server.url());
  auto add = c.method<int(int, int)>("add");
  EXPECT_EQ(add(2, 3), 5);
  EXPECT_EQ(add.name(), "add");
  auto echo = c.method<std::vector<std::string>(std::vector<std::string>)>("echo");
  EXPECT_EQ(echo({"a", "b"}), (std::vector<std::string>{"a", "b"}));
  auto nothing = c.method<void()>("nothing");
  nothing();
  auto boom = c.method<int(int, std::string)>("fault");
  EXPECT_THROW((void)boom(1, "x"), fault);
  EXPECT_TRUE(boom.try_call(1, "x").is_fault());
}

TEST(ClientTest, SendsBasicAuthFromUrlOrOptionAndCustomHeaders) {
  std::mutex m;
  std::vector<std::string> auth;
  std::vector<std::string> api_keys;
  sockrpc_test::http_behaviour b;
  b.inspect = [&](const http::request& r) {
    std::lock_guard lock(m);
    auth.emplace_back(r.headers.find("Authorization").value_or("-"));
    api_keys.emplace_back(r.headers.find("X-Api-Key").value_or("-"));
  };
  script_server server([&](auto& s, auto) { sockrpc_test::serve_http(s, b); });
  const std::string port = std::to_string(server.port());
  client from_url("http://Aladdin:open%20sesame@127.0.0.1:" + port + "/RPC2");
  from_url.add_header("X-Api-Key", "k1");
  EXPECT_EQ(from_url.call<int>("add", 1, 1), 2);
  client from_option("http://127.0.0.1:" + port + "/RPC2");
  from_option.set_basic_auth("user", "pass");
  EXPECT_EQ(from_option.call<int>("add", 1, 1), 2);
  client none("http://127.0.0.1:" + port + "/RPC2");
  EXPECT_EQ(none.call<int>("add", 1, 1), 2);
  EXPECT_THROW(none.add_header("Bad Name", "v"), std::system_error);
  std::lock_guard lock(m);
  EXPECT_EQ(auth, (std::vector<std::string>{
                      "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "Basic dXNlcjpwYXNz", "-"}));
  EXPECT_EQ(api_keys, (std::vector<std::string>{"k1", "-", "-"}));
}

TEST(ClientTest, WorksOverIpv6Loopback) {
  script_server server([](auto& s, auto) { sockrpc_test::serve_http(s); }, transport::family::ipv6);
  client c(server.url("http", "/RPC2", "[::1]"));
  EXPECT_EQ(c.call<int>("add", 20, 22), 42);
  script_server framed([](auto& s, auto) { sockrpc_test::serve_framed(s); },
                       transport::family::ipv6);
  client f(framed.url("tcp", "", "[::1]"));
  EXPECT_EQ(f.call<int>("add", 1, 2), 3);
}

TEST(ClientTest, ManyThreadsShareOneClient) {
  constexpr int threads = 8;
  constexpr int calls_per_thread = 25;
  script_server server([](auto& s, auto) { sockrpc_test::serve_http(s); });
  client c(server.url());
  c.set_max_idle_connections(4);
  const int correct = sockrpc_test::count_correct_calls(
      threads, calls_per_thread, [&](int t, int i) { return c.call<int>("add", t, i) == t + i; });
  EXPECT_EQ(correct, threads * calls_per_thread);
  EXPECT_LE(c.idle_connections(), 4u);
  EXPECT_GE(server.connections(), 1u);
  // Never more connections than concurrent callers, plus the ones the pool had to drop.
  EXPECT_LE(server.connections(), static_cast<std::size_t>(threads * calls_per_thread));
}

TEST(ClientTest, AsyncCallWithFutureAndCallback) {
  script_server server([](auto& s, auto) { sockrpc_test::serve_http(s); });
  client c(server.url());
  auto sum = c.async_call<int>("add", 40, 2);
  // Shared: the state outlives the catch, which TSan needs (see client_async_test.cpp).
  auto failing = c.async_call<int>("fault", 5, "five").share();
  auto nothing = c.async_call<void>("nothing");
  ASSERT_EQ(sum.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(sum.get(), 42);
  ASSERT_EQ(failing.wait_for(5s), std::future_status::ready);
  EXPECT_THROW(failing.get(), fault);
  ASSERT_EQ(nothing.wait_for(5s), std::future_status::ready);
  nothing.get();

  std::promise<std::pair<std::error_code, value>> done;
  c.async_call_value("echo", {value("cb")},
                     [&](std::error_code ec, const std::string&, call_result r) {
                       done.set_value({ec, !r.is_fault() ? r.result() : value()});
                     });
  auto f = done.get_future();
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  const auto [ec, v] = f.get();
  EXPECT_FALSE(ec);
  EXPECT_EQ(v, value("cb"));
}

TEST(ClientTest, AsyncTransportErrorReachesFutureAndCallback) {
  script_server server([](transport::socket& s, std::size_t) { sockrpc_test::drain(s); });
  client c(server.url());
  c.set_timeout(100ms);
  auto f = c.async_call<int>("add", 1, 2).share();  // outlives the catch, for TSan
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  try {
    (void)f.get();
    ADD_FAILURE() << "no error";
  } catch (const sockrpc::error& e) {
    EXPECT_EQ(e.code(), std::errc::timed_out);
  }
  std::promise<std::error_code> done;
  c.async_call_value(
      "add", {value(1), value(2)},
      [&](std::error_code ec, const std::string&, call_result) { done.set_value(ec); });
  auto g = done.get_future();
  ASSERT_EQ(g.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(g.get(), sockrpc::transport::errc::timeout);
}

TEST(ClientTest, MovedClientKeepsWorking) {
  script_server server([](auto& s, auto) { sockrpc_test::serve_http(s); });
  client a(server.url());
  EXPECT_EQ(a.call<int>("add", 1, 1), 2);
  client b(std::move(a));
  EXPECT_EQ(b.call<int>("add", 2, 2), 4);
  EXPECT_EQ(server.connections(), 1u);
  EXPECT_EQ(b.endpoint().port, server.port());
}

}  // namespace
}  // namespace sockrpc::rpc

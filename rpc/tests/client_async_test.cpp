// SPDX-License-Identifier: MIT
// The asynchronous client: asio I/O over adopted transport sockets, checked against the
// scriptable loopback server (client_test_server.hpp) and our rpc::server.
#include <sockrpc/rpc/client/client.hpp>

#include "client_test_server.hpp"
#include "client_test_util.hpp"

#include <gtest/gtest.h>

#include <sockrpc_test/loopback_server.hpp>
#include <sockrpc_test/scope_guard.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

namespace sockrpc::rpc {
namespace {

using namespace std::chrono_literals;
using sockrpc_test::script_server;

/// The outcome of a callback-form call.
struct outcome {
  std::error_code ec;
  std::string message;
  call_result result;
};

/// Starts `method(params)` in the callback form; the future yields what the handler saw.
std::future<outcome> start(client& c, std::string method, std::vector<value> params) {
  auto p = std::make_shared<std::promise<outcome>>();
  auto f = p->get_future();
  c.async_call_value(std::move(method), std::move(params),
                     [p](std::error_code ec, const std::string& message, call_result r) {
                       p->set_value(outcome{ec, message, std::move(r)});
                     });
  return f;
}

/// Waits (bounded) for `f`; a hang fails the test instead of blocking the binary.
/// Futures expected to hold an exception are read as `std::shared_future`s that outlive the
/// `catch`: libstdc++'s exception_ptr reference count is not instrumented, so under TSan a
/// `std::future::get()` that rethrows (and drops its reference) before the catch block
/// reads the exception looks like a race with the I/O thread freeing it. Holding the shared
/// state until the catch is over orders the two through instrumented shared_ptr counts.
template <class Future>
auto get(Future& f) {
  if (f.wait_for(20s) != std::future_status::ready)
    throw std::runtime_error("call never completed");
  if constexpr (std::is_void_v<decltype(f.get())>) {
    f.get();
  } else {
    return std::decay_t<decltype(f.get())>(f.get());
  }
}

/// The error code of a future-form call that must fail.
template <class T>
std::error_code error_of(std::future<T> f) {
  auto shared = f.share();  // outlives the catch (see `get`)
  try {
    (void)get(shared);
  } catch (const sockrpc::error& e) {
    return e.code();
  }
  return {};
}

// ---- concurrency: many calls in flight on one or two I/O threads --------------------------

/// rpc::server with `rendezvous(n)`: answers only once n calls are inside the server at
/// the same time, so the calls complete only if the client really has them all in flight.
class rendezvous_server : public sockrpc_test::loopback_server {
 public:
  explicit rendezvous_server(bool framed) {
    threads(2);
    methods().add("add", [](int a, int b) { return a + b; });
    gate_.add_to(methods());
    start(framed);
  }
  // Answers the stragglers of a failed test; the base then stops the server.
  ~rendezvous_server() { gate_.release(); }

 private:
  sockrpc_test::rendezvous gate_;
};

/// A rendezvous_server over HTTP or (param true) framed TCP.
class ClientAsyncOverlapTest : public ::testing::TestWithParam<bool> {
 protected:
  /// A client of the server whose async calls run on `io_threads` I/O threads.
  client client_on(std::size_t io_threads) {
    client c(server_.url());
    c.set_async_threads(io_threads).set_timeout(15s);
    return c;
  }

  rendezvous_server server_{GetParam()};
};

TEST_P(ClientAsyncOverlapTest, SixtyFourCallsInFlightOnOneIoThread) {
  constexpr int calls = 64;
  client c = client_on(1);
  std::vector<std::future<int>> pending;
  for (int i = 0; i < calls; ++i)
    pending.push_back(c.async_call<int>("rendezvous", calls));
  for (auto& f : pending)
    EXPECT_EQ(get(f), calls);
  // Of 64 connections at most max_idle_connections (4) stay pooled; the next calls reuse them.
  EXPECT_EQ(c.idle_connections(), 4u);
  auto again = c.async_call<int>("add", 2, 3);
  EXPECT_EQ(get(again), 5);
  EXPECT_EQ(c.idle_connections(), 4u);
}

TEST_P(ClientAsyncOverlapTest, CallbacksAndFuturesMixOnTwoIoThreads) {
  constexpr int calls = 32;
  client c = client_on(2);
  std::vector<std::future<int>> futures;
  std::vector<std::future<outcome>> callbacks;
  for (int i = 0; i < calls / 2; ++i) {
    futures.push_back(c.async_call<int>("rendezvous", calls));
    callbacks.push_back(start(c, "rendezvous", {value(calls)}));
  }
  for (auto& f : futures)
    EXPECT_EQ(get(f), calls);
  for (auto& f : callbacks) {
    auto o = get(f);
    EXPECT_FALSE(o.ec) << o.message;
    EXPECT_EQ(o.result.result(), value(calls));
  }
}

INSTANTIATE_TEST_SUITE_P(HttpAndFramed, ClientAsyncOverlapTest, ::testing::Bool(),
                         [](const auto& param_info) {
                           return param_info.param ? "Framed" : "Http";
                         });

// ---- results, faults, errors ---------------------------------------------------------------

TEST(ClientAsyncTest, SequentialCallsReuseOneKeepAliveConnection) {
  script_server server([](auto& s, auto) { sockrpc_test::serve_http(s); });
  client c(server.url());
  for (int i = 0; i < 5; ++i) {
    auto f = c.async_call<int>("add", i, 1);
    EXPECT_EQ(get(f), i + 1);
  }
  EXPECT_EQ(server.connections(), 1u);
  EXPECT_EQ(c.idle_connections(), 1u);
  c.close_idle();
  EXPECT_EQ(c.idle_connections(), 0u);
}

TEST(ClientAsyncTest, FramedCallsReuseOneConnection) {
  script_server server([](auto& s, auto) { sockrpc_test::serve_framed(s); });
  client c(server.url("tcp", ""));
  for (int i = 0; i < 3; ++i) {
    auto f = c.async_call<int>("add", i, i);
    EXPECT_EQ(get(f), 2 * i);
  }
  auto echoed = c.async_call<std::string>("echo", "framed");
  EXPECT_EQ(get(echoed), "framed");
  EXPECT_EQ(server.connections(), 1u);
}

TEST(ClientAsyncTest, FaultsReachFutureAndCallbackAsAnswers) {
  for (const char* scheme : {"http", "tcp"}) {
    const bool framed = std::string_view(scheme) == "tcp";
    script_server server([framed](auto& s, auto) {
      if (framed) {
        sockrpc_test::serve_framed(s);
      } else {
        sockrpc_test::serve_http(s);
      }
    });
    client c(server.url(scheme, framed ? "" : "/RPC2"));
    auto f = c.async_call<int>("fault", 7, "seven").share();
    try {
      (void)get(f);
      ADD_FAILURE() << "no fault";
    } catch (const fault& e) {
      EXPECT_EQ(e.code(), 7);
      EXPECT_EQ(e.message(), "seven");
    }
    auto cb = start(c, "fault", {value(8), value("eight")});
    auto o = get(cb);
    EXPECT_FALSE(o.ec);
    ASSERT_TRUE(o.result.is_fault());
    EXPECT_EQ(o.result.fault(), (rpc::fault_info{8, "eight"}));
    auto missing = c.async_call<int>("no.such").share();
    EXPECT_THROW((void)get(missing), fault);
  }
}

TEST(ClientAsyncTest, ServerThatNeverAnswersTimesOutWithinTheDeadline) {
  for (const char* scheme : {"http", "tcp"}) {
    script_server server([](transport::socket& s, std::size_t) { sockrpc_test::drain(s); });
    client c(server.url(scheme, std::string_view(scheme) == "tcp" ? "" : "/RPC2"));
    c.set_timeout(150ms);
    const auto ec = error_of(c.async_call<int>("add", 1, 2));
    EXPECT_EQ(ec, sockrpc::transport::errc::timeout);
    EXPECT_EQ(ec, std::errc::timed_out);
    EXPECT_EQ(ec, sockrpc::condition::transport_failure);
    auto cb = start(c, "add", {value(1), value(2)});
    auto o = get(cb);
    EXPECT_EQ(o.ec, std::errc::timed_out);
    EXPECT_EQ(o.message, "operation timed out");
    EXPECT_TRUE(o.result.result().is_nil());
    EXPECT_EQ(c.idle_connections(), 0u);  // a timed-out connection is never pooled
  }
}

TEST(ClientAsyncTest, RefusedConnectionIsATransportError) {
  std::uint16_t port = 0;
  {
    auto probe = transport::create_server(transport::address::loopback(transport::family::ipv4, 0));
    port = probe.getsockname().port();
  }
  client c("http://127.0.0.1:" + std::to_string(port) + "/");
  auto f = c.async_call<int>("add", 1, 2).share();
  try {
    (void)get(f);
    ADD_FAILURE() << "no error";
  } catch (const sockrpc::error& e) {
    EXPECT_EQ(e.code(), std::errc::connection_refused);
    EXPECT_EQ(e.code(), sockrpc::condition::transport_failure);
    EXPECT_EQ(std::string(e.what()).rfind("connection refused", 0), 0u) << e.what();
  }
  auto cb = start(c, "echo", {value(1)});
  auto o = get(cb);
  EXPECT_EQ(o.ec, std::errc::connection_refused);
  EXPECT_EQ(o.message, "connection refused (connecting to 127.0.0.1:" + std::to_string(port) + ")");
}

TEST(ClientAsyncTest, ConnectTimeoutBoundsConnectionSetup) {
  // A listener that never accepts, with a full accept queue: Linux drops further SYNs, so
  // a connect hangs until its timeout. Fill the queue until a probe connect times out.
  auto listener = transport::create_server(transport::address::loopback(transport::family::ipv4, 0),
                                           transport::family::ipv4, 0);
  const auto port = listener.getsockname().port();
  std::vector<transport::socket> fillers;
  bool full = false;
  for (int i = 0; i < 16 && !full; ++i) {
    std::error_code ec;
    auto s = transport::create_connection("127.0.0.1", port, 100ms, {}, ec);
    full = ec == std::errc::timed_out;
    if (!ec) fillers.push_back(std::move(s));
  }
  if (!full) GTEST_SKIP() << "the accept queue never filled up";
  client c("http://127.0.0.1:" + std::to_string(port) + "/RPC2");
  c.set_timeout(20s).set_connect_timeout(150ms);
  auto cb = start(c, "add", {value(1), value(2)});
  auto o = get(cb);
  EXPECT_EQ(o.ec, std::errc::timed_out);
  EXPECT_NE(o.message.find("(connecting to 127.0.0.1:"), std::string::npos) << o.message;
  // The synchronous path reports the same.
  sockrpc::status st;
  const value params[] = {value(1), value(2)};
  (void)c.try_call_value("add", params, st);
  EXPECT_EQ(st.code(), std::errc::timed_out);
  EXPECT_EQ(st.message(), o.message);
}

TEST(ClientAsyncTest, HttpAndXmlErrorsAreProtocolErrors) {
  const std::string answers[] = {
      "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n<oops/>",
      "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
  };
  const std::error_code expected[] = {sockrpc::rpc::errc::http_status,
                                      sockrpc::rpc::errc::invalid_document,
                                      sockrpc::rpc::errc::protocol_error};
  for (std::size_t i = 0; i < std::size(answers); ++i) {
    script_server server(
        [&, i](transport::socket& s, std::size_t) { sockrpc_test::answer_once(s, answers[i]); });
    client c(server.url());
    auto cb = start(c, "echo", {value(1)});
    auto o = get(cb);
    EXPECT_EQ(o.ec, expected[i]) << i << ": " << o.message;
    EXPECT_EQ(o.ec, sockrpc::condition::protocol_failure) << i;
    if (i == 0) {
      EXPECT_EQ(o.message, "HTTP 404 Not Found");
    }
  }
}

// ---- stale keep-alive connections: the synchronous path's retry rule ------------------------

TEST(ClientAsyncTest, PooledConnectionClosedBeforeAnsweringIsRetriedOnce) {
  // Connection 0 answers one call, then reads the next request and closes without a byte.
  script_server server(sockrpc_test::closes_before_second_answer());
  client c(server.url());
  auto first = c.async_call<int>("add", 1, 1);
  EXPECT_EQ(get(first), 2);
  auto second = c.async_call<int>("add", 2, 2);
  EXPECT_EQ(get(second), 4);  // retried on a fresh connection
  EXPECT_EQ(server.connections(), 2u);
}

TEST(ClientAsyncTest, PooledConnectionClosedWhileIdleIsDroppedBeforeUse) {
  std::promise<void> closed;
  script_server server(sockrpc_test::closes_while_idle(closed));
  client c(server.url());
  auto first = c.async_call<int>("add", 1, 1);
  EXPECT_EQ(get(first), 2);
  ASSERT_EQ(closed.get_future().wait_for(5s), std::future_status::ready);
  auto second = c.async_call<int>("add", 2, 2);
  EXPECT_EQ(get(second), 4);
  EXPECT_EQ(server.connections(), 2u);
}

TEST(ClientAsyncTest, FreshConnectionClosedBeforeAnsweringIsNotRetried) {
  script_server server(
      [](transport::socket& s, std::size_t) { (void)sockrpc_test::await_request(s); });
  client c(server.url());
  EXPECT_EQ(error_of(c.async_call<int>("add", 1, 1)), sockrpc::transport::errc::unexpected_eof);
  EXPECT_EQ(server.connections(), 1u);
}

TEST(ClientAsyncTest, PooledConnectionClosedMidResponseIsNotRetried) {
  script_server server(sockrpc_test::breaks_second_answer());
  client c(server.url());
  auto first = c.async_call<int>("add", 1, 1);
  EXPECT_EQ(get(first), 2);
  auto cb = start(c, "add", {value(1), value(1)});
  auto o = get(cb);
  EXPECT_EQ(o.ec, sockrpc::transport::errc::unexpected_eof);
  EXPECT_EQ(o.message, "connection closed by the server inside the response");
  EXPECT_EQ(server.connections(), 1u);
}

TEST(ClientAsyncTest, FramedStaleConnectionIsRetriedOnce) {
  script_server server([](transport::socket& s, std::size_t index) {
    if (index == 0) {
      sockrpc_test::serve_framed(s, 1);
      std::error_code ec;
      (void)transport::recv_frame(s, transport::default_max_frame, ec);
      return;  // closes with the second request unanswered
    }
    sockrpc_test::serve_framed(s);
  });
  client c(server.url("tcp", ""));
  auto first = c.async_call<int>("add", 1, 1);
  EXPECT_EQ(get(first), 2);
  auto second = c.async_call<int>("add", 3, 3);
  EXPECT_EQ(get(second), 6);
  EXPECT_EQ(server.connections(), 2u);
}

// ---- request building shared with the sync path --------------------------------------------

TEST(ClientAsyncTest, SendsAuthHeadersAndGzipLikeTheSyncPath) {
  std::mutex m;
  std::vector<http::request> seen;
  sockrpc_test::http_behaviour b;
  b.gzip_response = true;
  b.inspect = [&](const http::request& r) {
    std::lock_guard lock(m);
    seen.push_back(r);
  };
  script_server server([&](auto& s, auto) { sockrpc_test::serve_http(s, b); });
  client c("http://alice:secret@127.0.0.1:" + std::to_string(server.port()) + "/RPC2");
  c.add_header("X-Api-Key", "k1").set_gzip_requests(true, 16);
  const std::string big(400, 'z');
  auto f = c.async_call<std::string>("echo", big);
  EXPECT_EQ(get(f), big);
  const value params[] = {value(big)};
  EXPECT_EQ(c.call_value("echo", params), value(big));
  std::lock_guard lock(m);
  ASSERT_EQ(seen.size(), 2u);
  for (const auto& r : seen) {
    EXPECT_EQ(r.headers.find("Authorization"), "Basic YWxpY2U6c2VjcmV0");
    EXPECT_EQ(r.headers.find("X-Api-Key"), "k1");
    EXPECT_EQ(r.headers.find("Content-Encoding"), "gzip");
    EXPECT_TRUE(r.body_was_gzip);
    EXPECT_TRUE(r.accepts_gzip());
  }
  // Same writer, same bytes: the async request equals the sync one.
  EXPECT_EQ(seen[0].body, seen[1].body);
  EXPECT_EQ(seen[0].headers, seen[1].headers);
}

// ---- lifetime and threads ------------------------------------------------------------------

TEST(ClientAsyncTest, DestructorCancelsCallsInFlight) {
  std::atomic<int> arrived{0};
  std::promise<void> all_arrived;
  script_server server([&](transport::socket& s, std::size_t) {
    http::request_parser p;
    http::request r;
    if (sockrpc_test::read_request(s, p, r) && ++arrived == 4) all_arrived.set_value();
    sockrpc_test::drain(s);  // never answers
  });
  std::vector<std::future<outcome>> callbacks;
  std::vector<std::future<int>> futures;
  std::future<outcome> started_in_handler;
  std::promise<outcome> from_handler;
  {
    client c(server.url());
    c.set_async_threads(1).set_timeout(60s);
    for (int i = 0; i < 2; ++i) {
      callbacks.push_back(start(c, "add", {value(i), value(i)}));
      futures.push_back(c.async_call<int>("add", i, i));
    }
    ASSERT_EQ(all_arrived.get_future().wait_for(10s), std::future_status::ready);
    // A handler that starts another call while the client is going away: that call
    // completes with sockrpc::rpc::errc::cancelled too instead of being lost.
    c.async_call_value(
        "add", {value(0), value(0)},
        [&c, &from_handler](std::error_code, const std::string&, call_result) {
          c.async_call_value(
              "add", {value(1), value(1)},
              [&from_handler](std::error_code ec, const std::string& message, call_result r) {
                from_handler.set_value({ec, message, std::move(r)});
              });
        });
  }  // destroyed with five calls in flight: no hang, no leak
  for (auto& f : callbacks) {
    ASSERT_EQ(f.wait_for(0s), std::future_status::ready);
    auto o = f.get();
    EXPECT_EQ(o.ec, sockrpc::rpc::errc::cancelled);
    EXPECT_EQ(o.message, "client destroyed with the call in flight");
  }
  for (auto& f : futures) {
    ASSERT_EQ(f.wait_for(0s), std::future_status::ready);
    try {
      (void)f.get();
      ADD_FAILURE() << "no error";
    } catch (const sockrpc::error& e) {
      EXPECT_EQ(e.code(), sockrpc::rpc::errc::cancelled);
    }
  }
  auto late = from_handler.get_future();
  ASSERT_EQ(late.wait_for(0s), std::future_status::ready);
  EXPECT_EQ(late.get().ec, sockrpc::rpc::errc::cancelled);
}

TEST(ClientAsyncTest, ThrowingHandlerDoesNotStopTheEngine) {
  script_server server([](auto& s, auto) { sockrpc_test::serve_http(s); });
  client c(server.url());
  c.set_async_threads(1);
  c.async_call_value(
      "add", {value(1), value(1)},
      [](std::error_code, const std::string&, call_result) { throw std::logic_error("x"); });
  auto f = c.async_call<int>("add", 2, 2);
  EXPECT_EQ(get(f), 4);
}

TEST(ClientAsyncTest, ManyThreadsMixSyncAndAsyncCallsOnOneClient) {
  constexpr int threads = 6;
  constexpr int calls = 30;
  script_server server([](auto& s, auto) { sockrpc_test::serve_http(s); });
  client c(server.url());
  c.set_timeout(15s);
  const int correct = sockrpc_test::sum_over_threads(threads, [&](int t) {
    int ok = 0;
    std::vector<std::future<int>> mine;
    for (int i = 0; i < calls; ++i) {
      mine.push_back(c.async_call<int>("add", t, i));
      if (i % 5 == 0)
        ok += sockrpc_test::answered_right([&] { return c.call<int>("add", i, t) == t + i; });
    }
    for (int i = 0; i < calls; ++i) {
      auto& f = mine[static_cast<std::size_t>(i)];
      ok += sockrpc_test::answered_right([&] { return get(f) == t + i; });
    }
    return ok;
  });
  EXPECT_EQ(correct, threads * (calls + calls / 5));
  EXPECT_LE(c.idle_connections(), 8u);  // up to 4 in each pool
}

}  // namespace
}  // namespace sockrpc::rpc

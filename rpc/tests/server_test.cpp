// SPDX-License-Identifier: MIT
// The server's framed transport, limits under abuse, concurrency and shutdown.
#include "server_test_util.hpp"

#include <sockrpc/rpc/dispatch/responder.hpp>
#include <sockrpc/transport/framing.hpp>

#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

namespace sockrpc_test {
namespace {

rpc::method_response framed_call(transport::socket& s, std::string_view xml) {
  transport::send_frame(s, xml);
  auto reply = transport::recv_frame(s);
  if (!reply) throw std::runtime_error("connection closed");
  return rpc::parse_response(*reply);
}

TEST(ServerFramedTest, ManyCallsOnOneConnection) {
  test_server ts;
  auto s = connect_to(ts.framed());
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(framed_call(s, call_xml("add", {i, i})).result, rpc::value(2 * i));
  }
  auto m = framed_call(s, call_xml("echo", {rpc::value(rpc::array{1, "two", 3.5})}));
  EXPECT_EQ(m.result, rpc::value(rpc::array{1, "two", 3.5}));
}

TEST(ServerFramedTest, BufferedFramesAreAnsweredInOrderAroundAnAsyncCall) {
  test_server ts([](rpc::server& s) { s.threads(2); });
  auto s = connect_to(ts.framed());
  // Sent at once: the answers before the asynchronous sleep go out while it runs, the
  // ones after it are gathered behind it; 150 x 4 KiB also overflows one write batch.
  std::string batch;
  for (int i = 0; i < 150; ++i) {
    batch += transport::encode_length_prefix(i == 75 ? call_xml("sleep", {20})
                                                     : call_xml("bytes", {4096 + i}));
  }
  s.sendall(batch);
  for (int i = 0; i < 150; ++i) {
    auto reply = transport::recv_frame(s);
    ASSERT_TRUE(reply) << i;
    const auto m = rpc::parse_response(*reply);
    if (i == 75) {
      EXPECT_EQ(m.result, rpc::value(20));
    } else {
      ASSERT_TRUE(m.result.is_binary()) << i;
      EXPECT_EQ(m.result.as_binary().size(), static_cast<std::size_t>(4096 + i));
    }
  }
  EXPECT_EQ(framed_call(s, call_xml("add", {1, 2})).result, rpc::value(3));
}

TEST(ServerContextTest, PeerIsTheClientAddressOverHttpAndFramed) {
  test_server ts([](rpc::server& srv) {
    srv.methods().add("peer", [](const rpc::call_context& ctx) {
      return rpc::members{{"text", ctx.peer.to_string()}, {"port", int{ctx.peer.port()}}};
    });
  });
  auto h = connect_to(ts.http());
  const auto hl = h.getsockname();
  EXPECT_EQ(decode(roundtrip(h, post_request(call_xml("peer")))).result,
            rpc::value(rpc::members{{"text", hl.to_string()}, {"port", int{hl.port()}}}));
  auto f = connect_to(ts.framed());
  const auto fl = f.getsockname();
  EXPECT_EQ(framed_call(f, call_xml("peer")).result,
            rpc::value(rpc::members{{"text", fl.to_string()}, {"port", int{fl.port()}}}));
}

TEST(ServerFramedTest, BadXmlIsAFaultAndTheConnectionGoesOn) {
  test_server ts;
  auto s = connect_to(ts.framed());
  auto m = framed_call(s, "not xml");
  ASSERT_TRUE(m.is_fault());
  EXPECT_EQ(m.fault->code, -32700);
  EXPECT_EQ(framed_call(s, call_xml("add", {1, 2})).result, rpc::value(3));
}

TEST(ServerFramedTest, OversizeFrameClosesTheConnection) {
  test_server ts([](rpc::server& s) { s.max_body_size(1024); });
  auto s = connect_to(ts.framed());
  auto prefix = transport::length_prefix(1024 * 1024);
  s.sendall(std::span<const std::byte>(prefix));
  EXPECT_TRUE(peer_closes(s));
  auto other = connect_to(ts.framed());
  EXPECT_EQ(framed_call(other, call_xml("add", {1, 2})).result, rpc::value(3));
}

TEST(ServerFramedTest, HttpAndFramedServedByOneServer) {
  test_server ts;
  auto f = connect_to(ts.framed());
  auto h = connect_to(ts.http());
  EXPECT_EQ(framed_call(f, call_xml("add", {1, 2})).result, rpc::value(3));
  EXPECT_EQ(decode(roundtrip(h, post_request(call_xml("add", {3, 4})))).result, rpc::value(7));
}

TEST(ServerLimitsTest, SlowLorisIsClosedWhileOthersAreServed) {
  test_server ts([](rpc::server& s) { s.header_timeout(200ms); });
  auto slow = connect_to(ts.http());
  slow.sendall(std::string_view("POST /RPC2 HTTP/1.1\r\nHost: t\r\n"));  // never finished
  auto fast = connect_to(ts.http());
  EXPECT_EQ(decode(roundtrip(fast, post_request(call_xml("add", {1, 2})))).result, rpc::value(3));
  EXPECT_TRUE(peer_closes(slow));
  EXPECT_EQ(decode(roundtrip(fast, post_request(call_xml("add", {2, 2})))).result, rpc::value(4));
}

TEST(ServerLimitsTest, IdleConnectionIsClosed) {
  test_server ts([](rpc::server& s) { s.idle_timeout(200ms); });
  auto s = connect_to(ts.http());
  EXPECT_EQ(decode(roundtrip(s, post_request(call_xml("add", {1, 2})))).result, rpc::value(3));
  EXPECT_TRUE(peer_closes(s));
  auto f = connect_to(ts.framed());
  EXPECT_TRUE(peer_closes(f));
}

TEST(ServerLimitsTest, PastTheConnectionCapHttpGets503AndFramedIsClosed) {
  test_server ts([](rpc::server& s) { s.max_connections(2); });
  // Two connections known to be accepted (each answered once).
  auto a = connect_to(ts.http());
  auto b = connect_to(ts.framed());
  EXPECT_EQ(decode(roundtrip(a, post_request(call_xml("add", {1, 2})))).result, rpc::value(3));
  EXPECT_EQ(framed_call(b, call_xml("add", {1, 2})).result, rpc::value(3));

  auto c = connect_to(ts.http());
  c.sendall(post_request(call_xml("add", {1, 2})));
  response_reader rd(c);
  auto r = rd.next();
  ASSERT_TRUE(r) << rd.error.message();
  EXPECT_EQ(r->status, 503);
  EXPECT_TRUE(peer_closes(c));

  auto d = connect_to(ts.framed());
  EXPECT_TRUE(peer_closes(d));

  // Freeing a slot lets new clients in again.
  a.close();
  std::optional<http::response> ok;
  for (int attempt = 0; attempt < 100 && !ok; ++attempt) {  // until the close is noticed
    auto e = connect_to(ts.http());
    auto resp = roundtrip(e, post_request(call_xml("add", {2, 2})));
    if (resp.status == 200) ok = resp;
  }
  ASSERT_TRUE(ok);
  EXPECT_EQ(decode(*ok).result, rpc::value(4));
}

TEST(ServerConcurrencyTest, ManyClientsOnManyThreads) {
  test_server ts([](rpc::server& s) { s.threads(4); });
  constexpr int clients = 16;
  constexpr int calls = 50;
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      try {
        bool framed = c % 2 == 1;
        auto s = connect_to(framed ? ts.framed() : ts.http());
        for (int i = 0; i < calls; ++i) {
          auto xml = call_xml("add", {c, i});
          auto m = framed ? framed_call(s, xml) : decode(roundtrip(s, post_request(xml)));
          if (m.result == rpc::value(c + i)) ++good;
        }
      } catch (const std::exception&) {
        // counted as missing below
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(good.load(), clients * calls);
}

TEST(ServerShutdownTest, CallInFlightFinishesAndNewConnectionsAreRefused) {
  std::promise<void> entered;
  std::mutex mu;
  std::shared_ptr<rpc::responder> pending;
  test_server ts([&](rpc::server& s) {
    s.methods().add("hold", [&](rpc::responder r) {
      {
        std::lock_guard lock(mu);
        pending = std::make_shared<rpc::responder>(std::move(r));
      }
      entered.set_value();
    });
  });
  auto address = ts.http();
  auto s = connect_to(address);
  auto idle = connect_to(ts.http());
  s.sendall(post_request(call_xml("hold")));
  ASSERT_EQ(entered.get_future().wait_for(io_timeout), std::future_status::ready);

  auto stopped = std::async(std::launch::async, [&] { ts.srv.stop(); });
  // The listener closes at once: connecting is soon refused (bounded retries; a probe
  // racing with the close may be accepted or reset instead).
  std::error_code ec;
  auto deadline = std::chrono::steady_clock::now() + io_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    transport::socket probe(transport::family::ipv4, transport::sock_type::stream);
    probe.settimeout(io_timeout);
    probe.connect(address, ec);
    if (ec == std::errc::connection_refused) break;
  }
  EXPECT_EQ(ec, std::errc::connection_refused);
  // The idle connection is closed; the call in flight is still answered.
  EXPECT_TRUE(peer_closes(idle));
  EXPECT_EQ(stopped.wait_for(0s), std::future_status::timeout);
  {
    std::lock_guard lock(mu);
    pending->reply(rpc::value("done"));
  }
  response_reader rd(s);
  auto r = rd.next();
  ASSERT_TRUE(r) << rd.error.message();
  EXPECT_EQ(decode(*r).result, rpc::value("done"));
  EXPECT_EQ(r->headers.find("Connection"), "close");
  EXPECT_TRUE(peer_closes(s));
  EXPECT_EQ(stopped.wait_for(io_timeout), std::future_status::ready);
}

TEST(ServerShutdownTest, TimerBasedCallStartedBeforeStopGetsItsAnswer) {
  // Like the interop `sleep`: answers through the server's timer, holding no thread.
  std::promise<void> entered;
  test_server ts([&](rpc::server& s) {
    s.threads(2).methods().add("nap", [&entered, &s](int ms, rpc::responder r) {
      auto shared = std::make_shared<rpc::responder>(std::move(r));
      s.schedule_after(std::chrono::milliseconds(ms), [shared, ms] { shared->reply(ms); });
      entered.set_value();
    });
  });
  auto s = connect_to(ts.framed());
  transport::send_frame(s, call_xml("nap", {300}));
  ASSERT_EQ(entered.get_future().wait_for(io_timeout), std::future_status::ready);
  auto stopped = std::async(std::launch::async, [&] { ts.srv.stop(); });
  auto reply = transport::recv_frame(s);
  ASSERT_TRUE(reply);
  EXPECT_EQ(rpc::parse_response(*reply).result, rpc::value(300));
  EXPECT_TRUE(peer_closes(s));
  EXPECT_EQ(stopped.wait_for(io_timeout), std::future_status::ready);
}

TEST(ServerShutdownTest, GraceExpiryEndsCallsThatDoNotFinish) {
  std::promise<void> entered;
  std::shared_ptr<rpc::responder> never;
  test_server ts([&](rpc::server& s) {
    s.shutdown_grace(200ms).methods().add("hang", [&](rpc::responder r) {
      never = std::make_shared<rpc::responder>(std::move(r));
      entered.set_value();
    });
  });
  auto s = connect_to(ts.http());
  s.sendall(post_request(call_xml("hang")));
  ASSERT_EQ(entered.get_future().wait_for(io_timeout), std::future_status::ready);
  auto t0 = std::chrono::steady_clock::now();
  ts.srv.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, io_timeout);
  EXPECT_TRUE(peer_closes(s));
  never.reset();  // the connection is gone; answering now is harmless
}

TEST(ServerLifecycleTest, RunBlocksUntilStopFromAnotherThread) {
  rpc::server srv;
  srv.methods().add("add", [](int a, int b) { return a + b; });
  srv.threads(2);
  srv.listen_http(transport::address::loopback(transport::family::ipv6, 0));
  auto addr = srv.local_address();
  EXPECT_EQ(addr.get_family(), transport::family::ipv6);
  auto runner = std::async(std::launch::async, [&] { srv.run(); });
  auto s = connect_to(addr);
  EXPECT_EQ(decode(roundtrip(s, post_request(call_xml("add", {2, 2})))).result, rpc::value(4));
  srv.request_stop();
  EXPECT_EQ(runner.wait_for(io_timeout), std::future_status::ready);
  srv.stop();  // idempotent
  EXPECT_TRUE(peer_closes(s));
  EXPECT_THROW(srv.run(), std::system_error);
}

TEST(ServerLifecycleTest, ListenErrorsBothOverloads) {
  rpc::server a;
  a.listen_http(transport::address::loopback(transport::family::ipv4, 0));
  auto taken = a.local_address(0);
  rpc::server b;
  std::error_code ec;
  EXPECT_EQ(b.listen_framed(taken, ec), SIZE_MAX);
  EXPECT_EQ(ec, std::errc::address_in_use);
  EXPECT_THROW(b.listen_http(taken), std::system_error);
  EXPECT_THROW((void)b.local_address(0), std::out_of_range);
  b.stop();  // never started: closes the listeners
}

}  // namespace
}  // namespace sockrpc_test

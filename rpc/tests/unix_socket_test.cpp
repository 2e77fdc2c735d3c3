// SPDX-License-Identifier: MIT
// Servers and clients over Unix domain sockets: unix:// (HTTP) and framed+unix://, the
// blocking and the asynchronous client, and the life of the socket file.
#include <sockrpc/rpc/client/client.hpp>
#include <sockrpc/rpc/server/server.hpp>

#include <sockrpc/transport/resolver.hpp>

#include <gtest/gtest.h>

#include <sockrpc_test/temp_file.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>

namespace sockrpc::rpc {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using transport::address;

/// A server with `add` and `host` (the Host header and peer family it saw) on `path`.
void serve_on(server& srv, const std::string& path, bool framed) {
  srv.methods()
      .add("add", [](int a, int b) { return a + b; })
      .add("host", [](const call_context& ctx) {
        const std::string* host = ctx.header_value("Host");
        return (host ? *host : std::string("-")) + " " +
               std::string(transport::to_string(ctx.peer.get_family()));
      });
  if (framed) {
    srv.listen_framed(address::local(path));
  } else {
    srv.listen_http(address::local(path));
  }
  srv.start();
}

/// Waits (bounded) for `f`: a hang fails the test instead of blocking the binary.
template <class T>
T bounded_get(std::future<T>& f) {
  if (f.wait_for(20s) != std::future_status::ready)
    throw std::runtime_error("call never completed");
  return f.get();
}

void expect_calls_work(const std::string& url_text) {
  client c(url_text);
  c.set_timeout(10s);
  EXPECT_EQ(c.call<int>("add", 2, 3), 5);
  EXPECT_EQ(c.call<int>("add", 4, 5), 9);  // on the pooled connection
  EXPECT_EQ(c.idle_connections(), 1u);
  auto f = c.async_call<int>("add", 20, 22);
  EXPECT_EQ(bounded_get(f), 42);
  auto g = c.async_call<int>("add", 1, 1);  // on the async pool's connection
  EXPECT_EQ(bounded_get(g), 2);
  EXPECT_EQ(c.idle_connections(), 2u);
}

TEST(UnixSocketTest, HttpCallsSyncAndAsync) {
  sockrpc_test::temp_dir dir("sockrpc_unix");
  const auto path = dir.file("http.sock");
  server srv;
  serve_on(srv, path, false);
  EXPECT_EQ(srv.local_address().get_family(), transport::family::local);
  EXPECT_EQ(srv.local_address().host(), path);
  expect_calls_work("unix://" + path);
  client c("unix://" + path);
  EXPECT_EQ(c.call<std::string>("host"), "localhost local");
}

TEST(UnixSocketTest, FramedCallsSyncAndAsync) {
  sockrpc_test::temp_dir dir("sockrpc_unix");
  const auto path = dir.file("framed.sock");
  server srv;
  serve_on(srv, path, true);
  expect_calls_work("framed+unix://" + path);
  client c("framed+unix://" + path);
  EXPECT_EQ(c.call<std::string>("host"), "- local");  // framed: no headers
}

TEST(UnixSocketTest, PooledConnectionsToARestartedServerAreReplaced) {
  sockrpc_test::temp_dir dir("sockrpc_unix");
  const auto path = dir.file("restart.sock");
  client c("unix://" + path);
  c.set_timeout(10s);
  {
    server first;
    serve_on(first, path, false);
    EXPECT_EQ(c.call<int>("add", 1, 1), 2);
    auto f = c.async_call<int>("add", 2, 2);
    EXPECT_EQ(bounded_get(f), 4);
    EXPECT_EQ(c.idle_connections(), 2u);
  }  // closes the pooled connections from the server side
  server second;
  serve_on(second, path, false);
  EXPECT_EQ(c.call<int>("add", 3, 3), 6);  // the dead pooled connection is not used
  auto g = c.async_call<int>("add", 4, 4);
  EXPECT_EQ(bounded_get(g), 8);
}

TEST(UnixSocketTest, MissingSocketIsAConnectError) {
  sockrpc_test::temp_dir dir("sockrpc_unix");
  const auto path = dir.file("none.sock");
  client c("unix://" + path);
  try {
    c.call<int>("add", 1, 2);
    FAIL() << "no server: the call must fail";
  } catch (const sockrpc::error& e) {
    EXPECT_EQ(e.code(), std::errc::no_such_file_or_directory);
    EXPECT_NE(std::string(e.what()).find("(connecting to unix:" + path + ")"), std::string::npos)
        << e.what();
  }
  auto f = c.async_call<int>("add", 1, 2);
  EXPECT_THROW(bounded_get(f), sockrpc::error);
}

TEST(UnixSocketTest, SocketFileIsRemovedAtStopAndDestruction) {
  sockrpc_test::temp_dir dir("sockrpc_unix");
  const auto path = dir.file("a.sock");
  server srv;
  serve_on(srv, path, false);
  ASSERT_TRUE(fs::exists(path));
  srv.stop();
  EXPECT_FALSE(fs::exists(path));
  {
    server never_started;
    never_started.listen_framed(address::local(path));
    ASSERT_TRUE(fs::exists(path));
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(UnixSocketTest, StaleSocketFileIsReplaced) {
  sockrpc_test::temp_dir dir("sockrpc_unix");
  const auto path = dir.file("stale.sock");
  { auto gone = transport::create_server(address::local(path)); }  // closed, file stays
  ASSERT_TRUE(fs::exists(path));
  server srv;
  serve_on(srv, path, false);
  client c("unix://" + path);
  EXPECT_EQ(c.call<int>("add", 1, 2), 3);
}

TEST(UnixSocketTest, LivePathIsRefusedAndLeftAlone) {
  sockrpc_test::temp_dir dir("sockrpc_unix");
  const auto path = dir.file("live.sock");
  server first;
  serve_on(first, path, false);
  {
    server second;
    std::error_code ec;
    EXPECT_EQ(second.listen_http(address::local(path), ec), SIZE_MAX);
    EXPECT_EQ(ec, std::errc::address_in_use);
    EXPECT_THROW(second.listen_framed(address::local(path)), sockrpc::error);
  }
  ASSERT_TRUE(fs::exists(path));  // the refused server removed nothing
  client c("unix://" + path);
  EXPECT_EQ(c.call<int>("add", 2, 2), 4);
}

TEST(UnixSocketTest, AFileThatIsNotASocketIsNeverReplaced) {
  sockrpc_test::temp_dir dir("sockrpc_unix");
  const auto path = dir.file("plain");
  { std::ofstream(path) << "keep me"; }
  server srv;
  std::error_code ec;
  EXPECT_EQ(srv.listen_http(address::local(path), ec), SIZE_MAX);
  EXPECT_EQ(ec, std::errc::address_in_use);
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "keep me");
}

}  // namespace
}  // namespace sockrpc::rpc

// Links against the installed (or in-tree) sockrpc and uses each layer once.
#include <sockrpc/error.hpp>

#ifdef CONSUMER_HAS_IDL
#include "hello.sidl.hpp"

#include <sockrpc/rpc/server/server.hpp>

#include <chrono>
#include <string>
#endif

#include <cstdio>
#include <system_error>

#ifdef CONSUMER_HAS_IDL
namespace {
class hello_impl : public consumer_api::hello_service {
 public:
  consumer_api::greeting greet(const std::string& name) override { return {"hello " + name, {}}; }
};

/// The generated server and client, over loopback.
bool idl_round_trip() {
  namespace rpc = sockrpc::rpc;
  hello_impl impl;
  rpc::server server;
  consumer_api::register_hello(server.methods(), impl);
  server.listen_http(sockrpc::transport::address::loopback(sockrpc::transport::family::ipv4, 0));
  server.start();
  rpc::client client("http://" + server.local_address().to_string() + "/RPC2");
  client.set_timeout(std::chrono::seconds(5));
  const auto g = consumer_api::hello_client(client).greet("consumer");
  server.stop();
  return g.text == "hello consumer" && !g.shouted;
}
}  // namespace
#endif

int main() {
  std::error_code ec = sockrpc::transport::errc::timeout;
  if (ec != std::errc::timed_out) return 1;
#ifdef CONSUMER_HAS_IDL
  if (!idl_round_trip()) return 1;
  std::puts("cmake consumer: idl ok");
#endif
  std::puts("cmake consumer: ok");
  return 0;
}

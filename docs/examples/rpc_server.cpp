// SPDX-License-Identifier: MIT
// docs/rpc.md "Server": a complete server. Serves until stopped, so the test suite only
// compiles it.
// clang-format off
// [snippet:server]
#include <sockrpc/rpc.hpp>

namespace rpc = sockrpc::rpc;
namespace transport = sockrpc::transport;

int main() {
  rpc::server srv;
  srv.methods()
      .add("add", [](int a, int b) { return a + b; }, "Adds two integers.")
      .add_system_methods();  // system.listMethods, methodHelp, methodSignature, multicall
  srv.threads(2);
  srv.listen_http(transport::address::loopback(transport::family::ipv4, 8080));
  srv.listen_framed(transport::address::loopback(transport::family::ipv4, 8081));
  srv.run();  // until srv.stop() / srv.request_stop() from another thread or a signal
}
// [snippet:end]
// clang-format on

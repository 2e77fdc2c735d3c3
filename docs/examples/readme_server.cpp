// SPDX-License-Identifier: MIT
// README.md "A server and a client in a dozen lines each": the server. Serves until
// stopped, so the test suite only compiles it.
// clang-format off
// [snippet:server]
#include <sockrpc/rpc.hpp>
namespace rpc = sockrpc::rpc;
namespace tp = sockrpc::transport;

int main() {                                    // server: examples/calc_server.cpp
  rpc::server server;
  server.methods()
      .add("calc.add", [](double a, double b) { return a + b; }, "Sum of two numbers.")
      .add("calc.divide", [](double a, double b) {
        if (b == 0) throw rpc::fault(1, "division by zero");
        return a / b;
      })
      .add_system_methods();                    // listMethods, methodHelp, multicall, ...
  server.listen_http(tp::address::loopback(tp::family::ipv4, 8080));
  server.run();                                 // until stop() / request_stop()
}
// [snippet:end]
// clang-format on

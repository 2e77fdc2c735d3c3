// SPDX-License-Identifier: MIT
// calc_server [--host H] [--port N] [--framed]
//
// The README demo's server: plain C++ functions become XML-RPC methods. Parameters and
// results are converted and checked by the registry (a wrong type is fault -32602 naming
// the parameter); an exception becomes a fault; system.* introspection comes for free.
#include <sockrpc/rpc.hpp>

#include "example_support.hpp"

#include <iostream>
#include <stdexcept>

namespace rpc = sockrpc::rpc;
namespace tp = sockrpc::transport;

int main(int argc, char** argv) {
  example::command_line cli{
      "Calculator XML-RPC server (calc.add, calc.subtract, calc.multiply, calc.divide)."};
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  bool framed = false;
  example::add_server_flags(cli, host, port);
  cli.add_flag("--framed", framed, "speak framed TCP instead of HTTP");
  cli.parse_or_exit(argc, argv);

  try {
    rpc::server server;
    server.methods()
        .add(
            "calc.add", [](double a, double b) { return a + b; }, "Sum of two numbers.")
        .add(
            "calc.subtract", [](double a, double b) { return a - b; }, "a minus b.")
        .add(
            "calc.multiply", [](double a, double b) { return a * b; }, "Product.")
        .add(
            "calc.divide",
            [](double a, double b) {
              // A fault with our own code; any other exception would become -32500.
              if (b == 0) throw rpc::fault(1, "division by zero");
              return a / b;
            },
            "a divided by b; fault 1 on division by zero.")
        .add_system_methods();

    const auto local = example::bind_address(host, port, tp::sock_type::stream);
    framed ? server.listen_framed(local) : server.listen_http(local);
    example::signal_waiter stop_on_signal([&](int) { server.request_stop(); });
    example::announce_listening(server.local_address().to_string());
    server.run();  // until SIGINT/SIGTERM; calls in flight finish first
  } catch (const std::system_error& e) {
    std::cerr << "calc_server: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

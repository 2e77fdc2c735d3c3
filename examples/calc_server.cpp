// SPDX-License-Identifier: MIT
// calc_server [--host H] [--port N] [--framed]
//
// The README demo's server: plain C++ functions become XML-RPC methods. Parameters and
// results are converted and checked by the registry (a wrong type is fault -32602 naming
// the parameter); an exception becomes a fault; system.* introspection comes for free.
#include <sockrpc/rpc.hpp>

#include "rpc_example_support.hpp"

#include <stdexcept>

namespace rpc = sockrpc::rpc;

int main(int argc, char** argv) {
  example::command_line cli{
      "Calculator XML-RPC server (calc.add, calc.subtract, calc.multiply, calc.divide)."};
  example::rpc_server_flags flags(cli);
  cli.parse_or_exit(argc, argv);

  return example::exit_code_of("calc_server", 1, [&] {
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

    flags.listen(server);
    example::serve_until_signal(server);  // until SIGINT/SIGTERM; calls in flight finish first
  });
}

// SPDX-License-Identifier: MIT
// calc_client URL
//
// The README demo's client: typed calls, a typed proxy, a fault handled without catch,
// a batch in one round trip (system.multicall) and introspection.
// URL: http://127.0.0.1:PORT/RPC2 or tcp://127.0.0.1:PORT.
#include <sockrpc/rpc.hpp>

#include "rpc_example_support.hpp"

#include <chrono>
#include <iostream>

namespace rpc = sockrpc::rpc;

int main(int argc, char** argv) {
  example::command_line cli{"Calls the calculator server."};
  std::string url;
  example::add_url_argument(cli, url);
  cli.parse_or_exit(argc, argv);

  return example::client_exit_code_of("calc_client", [&] {
    rpc::client calc(url);
    calc.set_timeout(std::chrono::seconds(5));

    // By name, with C++ types in and out.
    std::cout << "2 + 3 = " << calc.call<double>("calc.add", 2, 3) << "\n";

    // A typed proxy: the signature is checked at compile time on our side.
    auto multiply = calc.method<double(double, double)>("calc.multiply");
    std::cout << "6 * 7 = " << multiply(6, 7) << "\n";

    // Faults are answers: try_call returns them instead of throwing.
    if (auto r = calc.try_call("calc.divide", 1, 0); r.is_fault()) {
      std::cout << "1 / 0 -> fault " << r.fault().code << ": " << r.fault().message << "\n";
    }

    // Three calls in one round trip; each result is its value or its own fault.
    const std::vector<rpc::method_call> batch = {
        {"calc.subtract", {rpc::value(10.0), rpc::value(4.0)}},
        {"calc.divide", {rpc::value(1.0), rpc::value(4.0)}},
        {"calc.sqrt", {rpc::value(2.0)}},
    };
    for (const auto& r : calc.multicall(batch)) {
      if (r.is_fault()) {
        std::cout << "multicall: fault " << r.fault().code << ": " << r.fault().message << "\n";
      } else {
        std::cout << "multicall: " << r.result() << "\n";
      }
    }

    std::cout << "methods:";
    for (const auto& name : calc.call<std::vector<std::string>>("system.listMethods")) {
      std::cout << " " << name;
    }
    std::cout << "\n";
  });
}

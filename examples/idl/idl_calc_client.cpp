// SPDX-License-Identifier: MIT
// idl_calc_client URL
//
// calc_client again, through the client generated from calc.sidl: typed methods, a
// declared fault, and the asynchronous forms. Works against calc_server and
// idl_calc_server alike (same XML-RPC names). URL: http://HOST:PORT/RPC2 or tcp://HOST:PORT.
#include "calc.sidl.hpp"

#include <sockrpc/rpc.hpp>

#include "rpc_example_support.hpp"

#include <future>
#include <iostream>

namespace rpc = sockrpc::rpc;

int main(int argc, char** argv) {
  // The URL argument, timeout and exit codes of calc_client (rpc_example_support.hpp).
  const char* about = "Calls the calculator server through the generated client.";
  return example::call_main(argc, argv, "idl_calc_client", about, [](rpc::client& connection) {
    calc_api::calc_client calc(connection);  // calls through `connection`, with its timeout

    std::cout << "2 + 3 = " << calc.add(2, 3) << "\n";
    std::cout << "10 - 4 = " << calc.subtract(10, 4) << "\n";
    std::cout << "6 * 7 = " << calc.multiply(6, 7) << "\n";

    try {
      calc.divide(1, 0);
    } catch (const rpc::fault& f) {
      if (f.code() != calc_api::faults::division_by_zero) throw;
      std::cout << "1 / 0 -> division_by_zero: " << f.message() << "\n";
    }

    // Both calls are in flight at once; get() waits for each.
    auto quarter = calc.divide_async(1, 4);
    auto big = calc.multiply_async(1e3, 1e3);
    std::cout << "async: 1 / 4 = " << quarter.get() << ", 1e3 * 1e3 = " << big.get() << "\n";
  });
}

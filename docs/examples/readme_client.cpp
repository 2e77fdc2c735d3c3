// SPDX-License-Identifier: MIT
// README.md "A server and a client in a dozen lines each": the client. Needs the server
// on port 8080, so the test suite only compiles it.
#include <sockrpc/rpc.hpp>

#include <chrono>
#include <iostream>

namespace rpc = sockrpc::rpc;

// clang-format off
// [snippet:client]
int main() {                                    // client: examples/calc_client.cpp
  rpc::client calc("http://127.0.0.1:8080/RPC2");   // or tcp://host:port (framed)
  calc.set_timeout(std::chrono::seconds(5));
  double sum = calc.call<double>("calc.add", 2, 3);          // typed in and out
  auto divide = calc.method<double(double, double)>("calc.divide");
  double q = divide(1, 4);                                   // a typed proxy
  std::cout << sum << " " << q << "\n";
  if (auto r = calc.try_call("calc.divide", 1, 0); r.is_fault())
    std::cout << r.fault().message << "\n";                 // faults without catch
}
// [snippet:end]
// clang-format on

// SPDX-License-Identifier: MIT
// docs/idl.md "A first interface": the client of calc.sidl. Needs the server on port 8080,
// so the test suite only compiles it.
#include <sockrpc/rpc.hpp>
#include "calc.sidl.hpp"

#include <chrono>
#include <future>
#include <iostream>

int main() {
  // clang-format off
  // [snippet:client]
  sockrpc::rpc::client connection("http://127.0.0.1:8080/RPC2");
  connection.set_timeout(std::chrono::seconds(5));
  calc_api::calc_client calc(connection);
  double sum = calc.add(2, 3);                       // calls "calc.add"
  std::future<double> q = calc.divide_async(1, 4);   // does not block; runs on the client's I/O threads
  std::cout << sum << " " << q.get() << "\n";
  try {
    calc.divide(1, 0);
  } catch (const sockrpc::rpc::fault& f) {
    if (f.code() != calc_api::faults::division_by_zero) throw;
  }
  // [snippet:end]
  // clang-format on
}

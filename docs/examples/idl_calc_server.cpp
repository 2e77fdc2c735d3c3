// SPDX-License-Identifier: MIT
// docs/idl.md "A first interface": the server of calc.sidl (examples/idl/calc.sidl). Serves
// until stopped, so the test suite only compiles it.
// clang-format off
// [snippet:server]
#include "calc.sidl.hpp"
#include <sockrpc/rpc.hpp>

class calculator : public calc_api::calc_service {
 public:
  double add(double a, double b) override { return a + b; }
  double subtract(double a, double b) override { return a - b; }
  double multiply(double a, double b) override { return a * b; }
  double divide(double a, double b) override {
    if (b == 0) throw sockrpc::rpc::fault(calc_api::faults::division_by_zero, "division by zero");
    return a / b;
  }
};

int main() {
  namespace tp = sockrpc::transport;
  calculator calc;                       // must outlive the server
  sockrpc::rpc::server server;
  calc_api::register_calc(server.methods(), calc);   // calc.add, calc.subtract, ...
  server.methods().add_system_methods();
  server.listen_http(tp::address::loopback(tp::family::ipv4, 8080));
  server.run();
}
// [snippet:end]
// clang-format on

// SPDX-License-Identifier: MIT
// idl_calc_server [--host H] [--port N] [--framed]
//
// calc_server again, written against the interface in calc.sidl: the generated
// calc_service has one pure virtual per method; register_calc() adds them all with their
// help text and signatures, so system.methodHelp / methodSignature describe the IDL.
#include "calc.sidl.hpp"

#include <sockrpc/rpc.hpp>

#include "rpc_example_support.hpp"

namespace rpc = sockrpc::rpc;

namespace {

class calculator : public calc_api::calc_service {
 public:
  double add(double a, double b) override { return a + b; }
  double subtract(double a, double b) override { return a - b; }
  double multiply(double a, double b) override { return a * b; }
  double divide(double a, double b) override {
    if (b == 0) throw rpc::fault(calc_api::faults::division_by_zero, "division by zero");
    return a / b;
  }
};

}  // namespace

int main(int argc, char** argv) {
  calculator calc;  // outlives the server, which calls it
  // The flags, server and serving loop of calc_server (rpc_example_support.hpp).
  return example::serve_main(
      argc, argv, "idl_calc_server", "Calculator XML-RPC server generated from calc.sidl.",
      [&](rpc::method_registry& methods) { calc_api::register_calc(methods, calc); });
}

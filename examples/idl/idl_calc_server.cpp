// SPDX-License-Identifier: MIT
// idl_calc_server [--host H] [--port N] [--framed]
//
// calc_server again, written against the interface in calc.sidl: the generated
// calc_service has one pure virtual per method; register_calc() adds them all with their
// help text and signatures, so system.methodHelp / methodSignature describe the IDL.
#include "calc.sidl.hpp"

#include <sockrpc/rpc.hpp>

#include "example_support.hpp"

#include <iostream>

namespace rpc = sockrpc::rpc;
namespace tp = sockrpc::transport;

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
  example::command_line cli{"Calculator XML-RPC server generated from calc.sidl."};
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  bool framed = false;
  example::add_server_flags(cli, host, port);
  cli.add_flag("--framed", framed, "speak framed TCP instead of HTTP");
  cli.parse_or_exit(argc, argv);

  try {
    calculator calc;  // outlives the server, which calls it
    rpc::server server;
    calc_api::register_calc(server.methods(), calc);
    server.methods().add_system_methods();

    const auto local = example::bind_address(host, port, tp::sock_type::stream);
    framed ? server.listen_framed(local) : server.listen_http(local);
    example::signal_waiter stop_on_signal([&](int) { server.request_stop(); });
    example::announce_listening(server.local_address().to_string());
    server.run();  // until SIGINT/SIGTERM; calls in flight finish first
  } catch (const std::system_error& e) {
    std::cerr << "idl_calc_server: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

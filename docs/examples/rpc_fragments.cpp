// SPDX-License-Identifier: MIT
// docs/rpc.md: the fragments of "Asynchronous handlers" and "Client". They call a server
// on port 8080, so the test suite only compiles them.
#include <sockrpc/rpc.hpp>
// Not in the umbrella header (yet): the interop method set of interop_server.
#include <sockrpc_tools/interop_methods.hpp>

#include <chrono>
#include <future>
#include <iostream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace rpc = sockrpc::rpc;

namespace {

void interop(rpc::server& srv) {
  // clang-format off
  // [snippet:interop]
  sockrpc::interop::register_interop_methods(srv.methods(), [&srv](auto delay, auto task) {
    srv.schedule_after(delay, std::move(task));
  });
  // [snippet:end]
  // clang-format on
}

void try_call(rpc::client& c) {
  // clang-format off
  // [snippet:try_call]
  rpc::call_result r = c.try_call("div", 1, 0);      // [[nodiscard]]: no catch for faults
  if (r.is_fault()) std::cerr << r.fault() << '\n';
  else std::cout << rpc::from_value<double>(r.result()) << '\n';
  // [snippet:end]
  // clang-format on
}

void multicall(rpc::client& c) {
  // clang-format off
  // [snippet:multicall]
  std::vector<rpc::method_call> calls = {{"add", {1, 2}}, {"fault", {3, "x"}}};
  auto results = c.multicall(calls);   // one system.multicall request
  // results[0].result() == 3; results[1].is_fault()
  // [snippet:end]
  // clang-format on
  std::cout << results.size() << '\n';
}

void async(rpc::client& c) {
  // clang-format off
  // [snippet:async]
  std::future<int> f = c.async_call<int>("add", 2, 3);      // exceptions as for call<int>
  c.async_call_value("echo", {rpc::value("x")},
                     [](std::error_code ec, const std::string& message, rpc::call_result r) {
                       // runs on one of the client's I/O threads; keep it short
                       if (ec) std::cerr << message << '\n';
                       else if (!r.is_fault()) std::cout << r.result() << '\n';
                     });
  // [snippet:end]
  // clang-format on
  std::cout << f.get() << '\n';
}

void calls() {
  // clang-format off
  // [snippet:client]
  rpc::client c("http://127.0.0.1:8080/RPC2");
  c.set_timeout(std::chrono::seconds(5));            // whole call: connect + send + receive

  int sum = c.call<int>("add", 2, 3);                 // C++ in, C++ out (convert.hpp traits)
  rpc::value raw = c.call("echo", rpc::members{{"k", 1}});   // R defaults to rpc::value
  c.call<void>("log", "hello");                       // result ignored

  auto add = c.method<int(int, int)>("add");          // typed proxy (borrows c)
  int five = add(2, 3);
  // [snippet:end]
  // clang-format on
  std::cout << sum << ' ' << raw << ' ' << five << '\n';
  try_call(c);
  multicall(c);
  async(c);
}

}  // namespace

int main() {
  rpc::server srv;
  interop(srv);
  calls();
}

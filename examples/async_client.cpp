// SPDX-License-Identifier: MIT
// async_client URL [--calls N]
//
// Asynchronous calls: N slow calls (`sleep(200)` on interop_server) started at once with
// futures finish together, not one after another; a callback form reports each outcome.
#include <sockrpc/rpc.hpp>

#include "example_support.hpp"

#include <chrono>
#include <future>
#include <iostream>
#include <latch>

namespace rpc = sockrpc::rpc;

int main(int argc, char** argv) {
  example::command_line cli{"Starts several calls at once against interop_server."};
  std::string url;
  int calls = 4;
  cli.add("URL", url, "interop_server URL, e.g. http://127.0.0.1:PORT/RPC2").required();
  cli.add("--calls", calls, "calls to start at once").range(1, 64);
  cli.parse_or_exit(argc, argv);

  try {
    rpc::client client(url);
    client.set_timeout(std::chrono::seconds(10)).set_async_threads(static_cast<std::size_t>(calls));

    // Futures: start all, then collect.
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::future<int>> pending;
    for (int i = 0; i < calls; ++i)
      pending.push_back(client.async_call<int>("sleep", 200));
    for (auto& f : pending)
      f.get();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    std::cout << calls << " x sleep(200) took " << ms.count() << " ms\n";

    // Callbacks: the handler runs on a client worker thread with the outcome.
    std::latch done(2);
    auto report = [&](std::error_code ec, const std::string& message, rpc::call_result r) {
      if (ec) {
        std::cout << "transport error: " << message << "\n";
      } else if (r.is_fault()) {
        std::cout << "fault " << r.fault().code << ": " << r.fault().message << "\n";
      } else {
        std::cout << "result: " << r.result() << "\n";
      }
      done.count_down();
    };
    client.async_call_value("add", {rpc::value(20), rpc::value(22)}, report);
    client.async_call_value("fault", {rpc::value(7), rpc::value("on purpose")}, report);
    done.wait();
  } catch (const std::exception& e) {
    std::cerr << "async_client: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

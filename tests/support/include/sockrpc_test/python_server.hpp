// SPDX-License-Identifier: MIT
// An XML-RPC server written in Python (a script around SimpleXMLRPCServer) as a child
// process of a test. Header-only: include it from tests that link sockrpc::rpc.
#pragma once

#include <sockrpc/rpc.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

namespace sockrpc_test {

/// Runs `command` (e.g. "python3 path/server.py") with popen. The script prints its port
/// on the first line, serves on 127.0.0.1 until its `quit` method is called (or it gives
/// up by itself), then exits. The destructor calls `quit` and waits for the child.
/// Not copyable; not thread-safe.
class python_server {
 public:
  explicit python_server(const char* command) {
    pipe_ = ::popen(command, "r");
    if (!pipe_) return;
    char line[64] = {};
    if (std::fgets(line, sizeof line, pipe_)) port_ = std::atoi(line);
  }
  ~python_server() {
    if (!pipe_) return;
    if (port_ > 0) {
      try {
        sockrpc::rpc::client c(url());
        c.set_timeout(std::chrono::seconds(5));
        (void)c.call("quit");
      } catch (const std::exception&) {  // the script stops by itself after a while
      }
    }
    ::pclose(pipe_);
  }
  python_server(const python_server&) = delete;
  python_server& operator=(const python_server&) = delete;

  /// True when the child started and told its port.
  [[nodiscard]] bool ok() const noexcept { return pipe_ && port_ > 0; }
  /// "http://127.0.0.1:PORT/RPC2".
  [[nodiscard]] std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/RPC2";
  }

 private:
  FILE* pipe_ = nullptr;
  int port_ = 0;
};

}  // namespace sockrpc_test

// SPDX-License-Identifier: MIT
// Shared plumbing of the example programs: flag parsing with the exit codes of
// docs/programs.md "Common rules" (usage + 64 on bad flags) and clean shutdown on
// SIGINT/SIGTERM.
#pragma once

#include <sockrpc/transport.hpp>

#include "command_line.hpp"

#include <netdb.h>

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace example {

/// Exit code for bad usage (BSD sysexits EX_USAGE), see docs/programs.md "Common rules".
using sockrpc::support::exit_usage;

/// The command line of one example program: options, flags and positional arguments bound
/// to variables, `--help`, and exit code 64 on bad usage (see support/command_line).
using sockrpc::support::command_line;

/// Resolves a server's `--host` / `--port` to the address to bind (numeric hosts and names
/// alike, like Python's `bind((host, port))`): the first passive getaddrinfo result.
/// @throws std::system_error on resolver errors.
inline sockrpc::transport::address bind_address(const std::string& host, std::uint16_t port,
                                                sockrpc::transport::sock_type type) {
  auto entries = sockrpc::transport::getaddrinfo(host, port, sockrpc::transport::family::unspec,
                                                 type, AI_PASSIVE);
  if (entries.empty())
    throw std::system_error(sockrpc::transport::errc::bad_address, "getaddrinfo");
  return entries.front().address;
}

/// The `--host H` (default 127.0.0.1) and `--port N` (default 0 = any free port) flags
/// every server program takes (docs/programs.md "Server programs"). The constructor adds
/// them to `cli`, which writes into this object: keep it alive until `cli` has parsed.
struct server_flags {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;

  explicit server_flags(command_line& cli) {
    cli.add("--host", host, "address or name to listen on");
    cli.add("--port", port, "port to listen on (0 = any free port)");
  }
  server_flags(const server_flags&) = delete;
  server_flags& operator=(const server_flags&) = delete;

  /// The address to bind, see bind_address().
  sockrpc::transport::address local_address(sockrpc::transport::sock_type type) const {
    return bind_address(host, port, type);
  }
};

/// Prints the `listening on HOST:PORT` line (docs/programs.md "Server programs") and
/// flushes it.
inline void announce_listening(const std::string& host_port) {
  std::printf("listening on %s\n", host_port.c_str());
  std::fflush(stdout);
}

/// Runs `body`, the work of main() after its flags are parsed, and returns main()'s exit
/// code: 0 when `body` returns; `failure` after printing "<program>: <what>" to stderr when
/// it throws std::system_error (docs/programs.md, each program's exit codes).
template <class Body>
int exit_code_of(const char* program, int failure, Body&& body) {
  try {
    std::forward<Body>(body)();
  } catch (const std::system_error& e) {
    std::cerr << program << ": " << e.what() << "\n";
    return failure;
  }
  return 0;
}

/// Turns SIGINT/SIGTERM into a call of `on_signal` on a dedicated thread, so the handler
/// may do anything (take locks, join threads) without async-signal-safety limits.
/// Construct it first in main(), before any other thread starts: the signals are blocked
/// in the constructing thread and every thread it starts afterwards inherits that mask.
/// Not copyable; the destructor stops the waiting thread.
class signal_waiter {
 public:
  explicit signal_waiter(std::function<void(int)> on_signal) : on_signal_(std::move(on_signal)) {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
    thread_ = std::thread([this] {
      int sig = 0;
      while (sigwait(&set_, &sig) == 0) {
        if (done_.load()) return;
        on_signal_(sig);
        return;
      }
    });
  }
  signal_waiter(const signal_waiter&) = delete;
  signal_waiter& operator=(const signal_waiter&) = delete;
  ~signal_waiter() {
    done_.store(true);
    // Wake the waiter if no signal came; a signal that already came made it return.
    pthread_kill(thread_.native_handle(), SIGTERM);
    thread_.join();
  }

 private:
  sigset_t set_{};
  std::function<void(int)> on_signal_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

/// Announces `server`'s address, then serves until SIGINT/SIGTERM: the signal calls
/// `server.shutdown()` and `serve_forever()` returns once the server has stopped.
/// `Server` is sockrpc::transport::tcp_server or udp_server.
template <class Server>
void serve_until_signal(Server& server) {
  signal_waiter stop_on_signal([&](int) { server.shutdown(); });
  announce_listening(server.server_address().to_string());
  server.serve_forever();
}

}  // namespace example

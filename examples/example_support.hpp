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
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
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

/// Adds the `--host H` (default 127.0.0.1) and `--port N` (default 0 = any free port)
/// flags every server program takes (docs/programs.md "Server programs").
inline void add_server_flags(command_line& cli, std::string& host, std::uint16_t& port) {
  cli.add("--host", host, "address or name to listen on");
  cli.add("--port", port, "port to listen on (0 = any free port)");
}

/// Prints the `listening on HOST:PORT` line (docs/programs.md "Server programs") and
/// flushes it.
inline void announce_listening(const std::string& host_port) {
  std::printf("listening on %s\n", host_port.c_str());
  std::fflush(stdout);
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

}  // namespace example

// SPDX-License-Identifier: MIT
// Shared plumbing of the example programs: flag parsing with the exit codes of
// INTEROP.md (usage + 64 on bad flags) and clean shutdown on SIGINT/SIGTERM.
#pragma once

#include <sockrpc/transport.hpp>

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

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace example {

/// Exit code for bad usage (BSD sysexits EX_USAGE), as INTEROP.md requires.
inline constexpr int exit_usage = 64;

/// The command line of one example program: CLI11 underneath, compiled once in
/// example_support.cpp (CLI11 is header-only and costs ~20 s of compile time per program
/// that includes it). Options bind to variables that must outlive parse_or_exit().
/// Not thread-safe; build and parse on one thread.
class command_line {
 public:
  /// One declared option or positional argument; refine it with the chained calls.
  class option {
   public:
    explicit option(CLI::Option* impl) noexcept : impl_(impl) {}
    option& required();
    /// Accepts only numbers in [low, high].
    option& range(double low, double high);
    /// Accepts only numbers > 0.
    option& positive();

   private:
    CLI::Option* impl_;
  };

  explicit command_line(std::string description);
  ~command_line();
  command_line(const command_line&) = delete;
  command_line& operator=(const command_line&) = delete;

  /// `name` is "--flag" for an option or "NAME" for a positional argument. Options show
  /// their variable's initial value as the default in --help.
  option add(const std::string& name, std::string& into, const std::string& help);
  option add(const std::string& name, std::uint16_t& into, const std::string& help);
  option add(const std::string& name, int& into, const std::string& help);
  option add(const std::string& name, double& into, const std::string& help);
  option add(const std::string& name, std::vector<std::string>& into, const std::string& help);
  /// A flag without value: `into` becomes true when given.
  void add_flag(const std::string& name, bool& into, const std::string& help);

  /// Parses the command line. `--help` prints usage and exits 0; any parse error prints
  /// the error and the usage to stderr and exits 64.
  void parse_or_exit(int argc, char** argv);

  /// The usage text.
  std::string help() const;

 private:
  std::unique_ptr<CLI::App> app_;
};

/// Resolves a server's `--host` / `--port` to the address to bind (numeric hosts and names
/// alike, like Python's `bind((host, port))`): the first passive getaddrinfo result.
/// @throws std::system_error on resolver errors.
inline sockrpc::transport::address bind_address(const std::string& host, std::uint16_t port,
                                                sockrpc::transport::sock_type type) {
  auto entries = sockrpc::transport::getaddrinfo(host, port, sockrpc::transport::family::unspec,
                                                 type, AI_PASSIVE);
  if (entries.empty()) throw std::system_error(sockrpc::errc::bad_address, "getaddrinfo");
  return entries.front().address;
}

/// Adds the `--host H` (default 127.0.0.1) and `--port N` (default 0 = any free port)
/// flags every server program of INTEROP.md takes.
inline void add_server_flags(command_line& cli, std::string& host, std::uint16_t& port) {
  cli.add("--host", host, "address or name to listen on");
  cli.add("--port", port, "port to listen on (0 = any free port)");
}

/// Prints the `listening on HOST:PORT` line of INTEROP.md and flushes it.
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

// SPDX-License-Identifier: MIT
// interop_server: the XML-RPC server of the interop contract (INTEROP.md), over HTTP/1.1
// or, with --framed, over length-prefixed TCP. Prints "listening on HOST:PORT" once it
// accepts connections; SIGINT/SIGTERM stop it gracefully (exit 0).
#include <sockrpc/rpc/interop_methods.hpp>
#include <sockrpc/rpc/server.hpp>
#include <sockrpc/transport/address.hpp>

#include <CLI/CLI.hpp>

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <thread>

namespace {

constexpr int exit_usage = 64;

sockrpc::transport::address parse_host(const std::string& host, std::uint16_t port) {
  std::error_code ec;
  auto a = sockrpc::transport::address::ipv4(host, port, ec);
  if (!ec) return a;
  if (host == "localhost") return sockrpc::transport::address::ipv4("127.0.0.1", port);
  auto h = host;
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  return sockrpc::transport::address::ipv6(h, port);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"XML-RPC interop server (HTTP/1.1, or framed TCP with --framed)", "interop_server"};
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  bool framed = false;
  std::size_t threads = 1;
  app.add_option("--host", host, "address to listen on (numeric IPv4/IPv6, or localhost)")
      ->capture_default_str();
  app.add_option("--port", port, "port to listen on (0: any free port)")->capture_default_str();
  app.add_flag("--framed", framed, "speak 4-byte length-prefixed XML over TCP instead of HTTP");
  app.add_option("--threads", threads, "I/O threads")
      ->check(CLI::Range(std::size_t{1}, std::size_t{256}))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "interop_server: %s\n%s", e.what(), app.help().c_str());
    return exit_usage;
  }

  // Block the stop signals before any thread starts, so only the sigwait thread sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  try {
    sockrpc::rpc::server srv;
    srv.threads(threads);
    auto& registry = srv.methods();
    sockrpc::rpc::register_interop_methods(
        registry, [&srv](std::chrono::milliseconds d, std::function<void()> task) {
          srv.schedule_after(d, std::move(task));
        });
    registry.add_system_methods();

    sockrpc::transport::address local;
    try {
      local = parse_host(host, port);
    } catch (const std::system_error&) {
      std::fprintf(stderr, "interop_server: --host %s: not a numeric IPv4/IPv6 address\n%s",
                   host.c_str(), app.help().c_str());
      return exit_usage;
    }
    auto index = framed ? srv.listen_framed(local) : srv.listen_http(local);

    std::atomic<bool> signalled{false};
    std::thread waiter([&srv, &signalled, stop_signals] {
      int sig = 0;
      sigwait(&stop_signals, &sig);
      signalled = true;
      srv.request_stop();  // graceful: listeners close now, calls in flight get 5 s
    });
    std::printf("listening on %s\n", srv.local_address(index).to_string().c_str());
    std::fflush(stdout);
    srv.run();  // on `threads` threads, this one included, until the stop completes
    if (!signalled) pthread_kill(waiter.native_handle(), SIGTERM);  // wake the waiter
    waiter.join();
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "interop_server: %s\n", e.what());
    return 1;
  }
}

// SPDX-License-Identifier: MIT
// interop_server: the XML-RPC test server of docs/programs.md "interop_server", over HTTP/1.1
// or, with --framed, over length-prefixed TCP; with --unix PATH on a Unix domain socket
// instead of TCP; with --auth USER:PASSWORD (repeatable) HTTP basic credentials are
// required on every POST (not with --framed: usage error). Prints "listening on HOST:PORT" (or
// "listening on unix:PATH") once it accepts connections; SIGINT/SIGTERM stop it gracefully (exit 0,
// the socket file removed).
#include <sockrpc/rpc/server/server.hpp>
#include <sockrpc/transport/address.hpp>
#include <sockrpc_tools/interop_methods.hpp>

#include "command_line.hpp"
#include "listen_host.hpp"
#include "stop_signals.hpp"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace rpc = sockrpc::rpc;
using sockrpc::support::exit_usage;

// The whoami method: the caller's name (basic user) or nil when anonymous.
void register_whoami(rpc::method_registry& registry) {
  registry.add(
      "whoami",
      [](const rpc::call_context& ctx) {
        return ctx.user ? rpc::value(*ctx.user) : rpc::value(rpc::nil);
      },
      rpc::method_info{"Returns the caller's name (the HTTP basic user), or nil when anonymous.",
                       std::vector<rpc::signature>{{"string"}}});
}

}  // namespace

int main(int argc, char** argv) {
  sockrpc::support::command_line cli{
      "XML-RPC interop server (HTTP/1.1, or framed TCP with --framed)", "interop_server"};
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  bool framed = false;
  std::size_t threads = 1;
  std::string unix_path;
  std::vector<std::string> auth;
  cli.add("--host", host, "address to listen on (numeric IPv4/IPv6, or localhost)");
  cli.add("--port", port, "port to listen on (0: any free port)");
  cli.add_flag("--framed", framed, "speak 4-byte length-prefixed XML over TCP instead of HTTP");
  cli.add("--threads", threads, "I/O threads").range<std::size_t>(1, 256);
  cli.add("--unix", unix_path,
          "listen on a Unix domain socket at this path instead of TCP (--host/--port unused)");
  cli.add("--auth", auth,
          "require HTTP basic credentials USER:PASSWORD on every call (repeatable; not with "
          "--framed)");
  cli.parse_or_exit(argc, argv);

  rpc::user_table users;
  for (const auto& entry : auth) {
    const auto colon = entry.find(':');
    if (colon == 0 || colon == std::string::npos) {  // never echo it: it holds a password
      std::fprintf(stderr, "interop_server: --auth: want USER:PASSWORD with a non-empty USER\n%s",
                   cli.help().c_str());
      return exit_usage;
    }
    users.add(entry.substr(0, colon), entry.substr(colon + 1));
  }
  if (!auth.empty() && framed) {
    std::fprintf(stderr,
                 "interop_server: --auth needs HTTP: framed connections carry no credentials\n%s",
                 cli.help().c_str());
    return exit_usage;
  }

  // Before any thread starts, so only the sigwait thread sees them.
  const sigset_t stop_signals = sockrpc::tools::block_stop_signals();

  try {
    sockrpc::rpc::server srv;
    srv.threads(threads);
    auto& registry = srv.methods();
    sockrpc::interop::register_interop_methods(
        registry, [&srv](std::chrono::milliseconds d, std::function<void()> task) {
          srv.schedule_after(d, std::move(task));
        });
    register_whoami(registry);
    registry.add_system_methods();
    if (users.size() != 0) srv.basic_auth(users);

    sockrpc::transport::address local;
    if (!unix_path.empty()) {
      std::error_code ec;
      local = sockrpc::transport::address::local(unix_path, ec);
      if (ec) {
        std::fprintf(stderr, "interop_server: --unix %s: too long for a Unix domain socket\n%s",
                     unix_path.c_str(), cli.help().c_str());
        return exit_usage;
      }
    } else {
      try {
        local = sockrpc::tools::listen_host(host, port);
      } catch (const std::system_error&) {
        std::fprintf(stderr, "interop_server: --host %s: not a numeric IPv4/IPv6 address\n%s",
                     host.c_str(), cli.help().c_str());
        return exit_usage;
      }
    }
    auto index = framed ? srv.listen_framed(local) : srv.listen_http(local);

    std::atomic<bool> signalled{false};
    std::thread waiter([&srv, &signalled, stop_signals] {
      int sig = 0;
      sigwait(&stop_signals, &sig);
      signalled = true;
      srv.request_stop();  // graceful: listeners close now, calls in flight get 5 s
    });
    const auto bound = srv.local_address(index);
    if (bound.get_family() == sockrpc::transport::family::local) {
      std::printf("listening on unix:%s\n", bound.host().c_str());
    } else {
      std::printf("listening on %s\n", bound.to_string().c_str());
    }
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

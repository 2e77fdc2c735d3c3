// SPDX-License-Identifier: MIT
// xmlrpc_c_server: a small XML-RPC server built on xmlrpc-c (Abyss), the reference peer for
// interop tests of our client and an anchor for benchmarks. Flags and output follow
// docs/programs.md "Server programs": `--host H` `--port N` (0: any free port), one line
// "listening on HOST:PORT" once it accepts, SIGINT/SIGTERM exit 0, bad flags exit 64.
// Methods: add(a,b), echo(x) (echo_struct, echo_array: aliases), fault(code,msg).
#include <sockrpc/transport/address.hpp>
#include <sockrpc/transport/resolver.hpp>
#include <sockrpc/transport/socket.hpp>

#include <xmlrpc-c/base.hpp>
#include <xmlrpc-c/registry.hpp>
#include <xmlrpc-c/server_abyss.hpp>

#include "listen_host.hpp"
#include "stop_signals.hpp"

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <thread>

namespace {

constexpr int exit_usage = 64;

class add_method : public xmlrpc_c::method {
 public:
  add_method() {
    _signature = "i:ii";
    _help = "Returns the sum of two ints.";
  }
  void execute(const xmlrpc_c::paramList& params, xmlrpc_c::value* result) override {
    const int a = params.getInt(0);
    const int b = params.getInt(1);
    params.verifyEnd(2);
    *result = xmlrpc_c::value_int(a + b);
  }
};

class echo_method : public xmlrpc_c::method {
 public:
  echo_method() { _help = "Returns its argument unchanged."; }
  void execute(const xmlrpc_c::paramList& params, xmlrpc_c::value* result) override {
    if (params.size() != 1)
      throw xmlrpc_c::fault("echo takes one argument", xmlrpc_c::fault::CODE_TYPE);
    *result = params[0];
  }
};

class fault_method : public xmlrpc_c::method {
 public:
  fault_method() {
    _signature = "n:is";
    _help = "Answers with a fault of the given code and string.";
  }
  void execute(const xmlrpc_c::paramList& params, xmlrpc_c::value*) override {
    const int code = params.getInt(0);
    const std::string message = params.getString(1);
    params.verifyEnd(2);
    throw xmlrpc_c::fault(message, static_cast<xmlrpc_c::fault::code_t>(code));
  }
};

void usage(const char* why) {
  std::fprintf(stderr, "xmlrpc_c_server: %s\nusage: xmlrpc_c_server [--host H] [--port N]\n", why);
}

}  // namespace

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  long port = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if ((arg == "--host" || arg == "--port") && i + 1 < argc) {
      const char* v = argv[++i];
      if (arg == "--host") {
        host = v;
        continue;
      }
      char* end = nullptr;
      port = std::strtol(v, &end, 10);
      if (*v == '\0' || *end != '\0' || port < 0 || port > 65535) {
        usage("--port: not a port number");
        return exit_usage;
      }
    } else if (arg == "--help" || arg == "-h") {
      usage("an xmlrpc-c (Abyss) server for interop tests");
      return 0;
    } else {
      usage("bad flag");
      return exit_usage;
    }
  }

  // Only the sigwait thread sees the stop signals (Abyss threads inherit this mask).
  const sigset_t stop_signals = sockrpc::tools::block_stop_signals();
  signal(SIGPIPE, SIG_IGN);  // a client may close while Abyss writes (serverOwnsSignals off)

  try {
    sockrpc::transport::address local;
    try {
      local = sockrpc::tools::listen_host(host, static_cast<std::uint16_t>(port));
    } catch (const std::system_error&) {
      usage("--host: not a numeric IPv4/IPv6 address");
      return exit_usage;
    }
    // Our socket, bound and listening, so the real port is known before Abyss runs.
    auto listener = sockrpc::transport::create_server(local);
    const auto bound = listener.getsockname();

    xmlrpc_c::registry registry;
    registry.addMethod("add", new add_method);
    registry.addMethod("echo", new echo_method);
    registry.addMethod("echo_struct", new echo_method);
    registry.addMethod("echo_array", new echo_method);
    registry.addMethod("fault", new fault_method);

    xmlrpc_c::serverAbyss server(xmlrpc_c::serverAbyss::constrOpt()
                                     .registryP(&registry)
                                     .socketFd(listener.detach())  // Abyss owns it now
                                     .maxConn(64)                  // Abyss's default is 15
                                     .maxConnBacklog(128)
                                     .keepaliveTimeout(60)
                                     .keepaliveMaxConn(1000000)
                                     .timeout(30)
                                     .serverOwnsSignals(false));

    std::thread waiter([stop_signals] {
      int sig = 0;
      sigwait(&stop_signals, &sig);
      // Keep-alive connections are served by Abyss threads that run() would wait for;
      // a test anchor needs no graceful drain, so leave at once.
      std::fflush(stdout);
      std::_Exit(0);
    });
    waiter.detach();
    std::printf("listening on %s\n", bound.to_string().c_str());
    std::fflush(stdout);
    server.run();
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "xmlrpc_c_server: %s\n", e.what());
    return 1;
  }
}

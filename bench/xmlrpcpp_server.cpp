// SPDX-License-Identifier: MIT
// xmlrpcpp_server: the XmlRpc++ anchor (Debian libxmlrpcpp-dev, the ROS fork of XmlRpc++).
// Methods add(a, b) and echo(x) as in interop_server; single-threaded, as XmlRpc++ is.
//
//   xmlrpcpp_server [--port N]     prints "listening on 127.0.0.1:PORT"; SIGTERM: exit 0
//
// XmlRpc++ binds every interface (it has no bind-address option).
#include <xmlrpcpp/XmlRpc.h>

#include <signal.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

volatile std::sig_atomic_t stop_requested = 0;

extern "C" void on_stop(int) {
  stop_requested = 1;
}

class add_method : public XmlRpc::XmlRpcServerMethod {
 public:
  explicit add_method(XmlRpc::XmlRpcServer* s) : XmlRpc::XmlRpcServerMethod("add", s) {}
  void execute(XmlRpc::XmlRpcValue& params, XmlRpc::XmlRpcValue& result) override {
    result = static_cast<int>(params[0]) + static_cast<int>(params[1]);
  }
};

class echo_method : public XmlRpc::XmlRpcServerMethod {
 public:
  explicit echo_method(XmlRpc::XmlRpcServer* s) : XmlRpc::XmlRpcServerMethod("echo", s) {}
  void execute(XmlRpc::XmlRpcValue& params, XmlRpc::XmlRpcValue& result) override {
    result = params[0];
  }
};

int usage() {
  std::fprintf(stderr, "usage: xmlrpcpp_server [--port N]\n");
  return 64;
}

}  // namespace

int main(int argc, char** argv) {
  long port = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--port" && i + 1 < argc) {
      char* end = nullptr;
      port = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || port < 0 || port > 65535) return usage();
    } else if (a == "--host" && i + 1 < argc) {
      ++i;  // accepted for a uniform command line; XmlRpc++ binds all interfaces
    } else {
      return usage();
    }
  }
  struct sigaction sa {};
  sa.sa_handler = on_stop;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);

  XmlRpc::setVerbosity(0);
  XmlRpc::XmlRpcServer server;
  add_method add(&server);
  echo_method echo(&server);
  if (!server.bindAndListen(static_cast<int>(port), 128)) {
    std::fprintf(stderr, "xmlrpcpp_server: cannot listen on port %ld\n", port);
    return 1;
  }
  std::printf("listening on 127.0.0.1:%d\n", server.get_port());
  std::fflush(stdout);
  // work() returns after the timeout (seconds) or when a signal interrupts poll().
  while (stop_requested == 0)
    server.work(0.5);
  server.shutdown();
  return 0;
}

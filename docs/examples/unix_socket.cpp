// SPDX-License-Identifier: MIT
// docs/rpc.md "Unix domain sockets": a server on a Unix socket, called over HTTP and
// framed, sync and async; the socket file is gone after stop(). Runs to completion.
#include <sockrpc/rpc.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace rpc = sockrpc::rpc;
namespace transport = sockrpc::transport;

namespace {

int check(bool ok, const char* what) {
  if (!ok) std::fprintf(stderr, "unix_socket example: %s\n", what);
  return ok ? 0 : 1;
}

}  // namespace

int main() {
  std::string dir = (std::filesystem::temp_directory_path() / "sockrpc_doc_XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) return 1;
  const std::string http_path = dir + "/rpc.sock";
  const std::string framed_path = dir + "/framed.sock";
  int failures = 0;
  {
    // [snippet:server]
    rpc::server srv;
    srv.methods().add("add", [](int a, int b) { return a + b; });
    srv.listen_http(transport::address::local(http_path));  // e.g. "/run/app/rpc.sock"
    srv.listen_framed(transport::address::local(framed_path));
    srv.start();
    // [snippet:end]

    // [snippet:client]
    rpc::client http("unix://" + http_path);  // unix:///run/app/rpc.sock
    int sum = http.call<int>("add", 2, 3);    // POST /RPC2, Host: localhost
    rpc::client framed("framed+unix://" + framed_path);
    auto later = framed.async_call<int>("add", 40, 2);  // async works the same way
    // [snippet:end]

    failures += check(sum == 5, "HTTP call");
    failures += check(later.get() == 42, "framed async call");
    srv.stop();
    failures += check(!std::filesystem::exists(http_path), "socket file removed at stop");
  }
  std::filesystem::remove_all(dir);
  return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

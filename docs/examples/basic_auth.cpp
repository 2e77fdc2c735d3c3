// SPDX-License-Identifier: MIT
// docs/rpc.md "Authentication": a server requiring HTTP basic credentials, called with
// good, wrong and missing ones. Runs to completion.
#include <sockrpc/rpc.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace rpc = sockrpc::rpc;
namespace transport = sockrpc::transport;

namespace {

int check(bool ok, const char* what) {
  if (!ok) std::fprintf(stderr, "basic_auth example: %s\n", what);
  return ok ? 0 : 1;
}

}  // namespace

int main() {
  int failures = 0;
  // [snippet:server]
  rpc::server srv;
  srv.methods().add("whoami", [](const rpc::call_context& ctx) {
    return ctx.user ? rpc::value(*ctx.user) : rpc::value(rpc::nil);  // nil: anonymous
  });
  srv.basic_auth(rpc::user_table{}.add("alice", "s3cret").add("bob", "hunter2"));
  srv.listen_http(transport::address::loopback(transport::family::ipv4, 0));
  srv.start();
  // [snippet:end]
  const std::string host_port = srv.local_address().to_string();

  // [snippet:client]
  rpc::client alice("http://alice:s3cret@" + host_port + "/RPC2");
  std::string name = alice.call<std::string>("whoami");  // "alice"

  rpc::client stranger("http://" + host_port + "/RPC2");
  sockrpc::status st;
  auto r = stranger.try_call_value("whoami", {}, st);
  // st.code() == rpc::errc::http_status,
  // st.message() == "HTTP 401 Unauthorized (credentials missing or refused)"
  // [snippet:end]

  failures += check(name == "alice", "alice is the caller");
  static_cast<void>(r);  // no answer: the call failed
  failures += check(st.code() == rpc::errc::http_status, "401 without credentials");
  srv.stop();
  return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

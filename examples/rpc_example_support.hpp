// SPDX-License-Identifier: MIT
// What the XML-RPC example programs share on top of example_support.hpp: the server flags
// and serving loop of calc_server, idl_calc_server and idl_book_server, and the URL
// argument and exit codes of their clients (docs/programs.md). The IDL examples, which
// exist to show the generated code, take their whole main() plumbing from here
// (serve_main, call_main); calc_server and calc_client spell it out.
#pragma once

#include <sockrpc/rpc.hpp>

#include "example_support.hpp"

#include <chrono>
#include <iostream>
#include <string>
#include <system_error>
#include <utility>

namespace example {

/// The flags of the XML-RPC server programs: `--host`, `--port` (server_flags) and
/// `--framed`. The constructor adds them to `cli`, which writes into this object: keep it
/// alive until `cli` has parsed.
struct rpc_server_flags : server_flags {
  bool framed = false;

  explicit rpc_server_flags(command_line& cli) : server_flags(cli) {
    cli.add_flag("--framed", framed, "speak framed TCP instead of HTTP");
  }

  /// Makes `server` listen where the flags say: framed TCP with `--framed`, else HTTP.
  /// @throws std::system_error when resolving or binding fails.
  void listen(sockrpc::rpc::server& server) const {
    const auto local = local_address(sockrpc::transport::sock_type::stream);
    framed ? server.listen_framed(local) : server.listen_http(local);
  }
};

/// Announces `server`'s address, then runs it until SIGINT/SIGTERM; calls in flight finish
/// first.
inline void serve_until_signal(sockrpc::rpc::server& server) {
  signal_waiter stop_on_signal([&](int) { server.request_stop(); });
  announce_listening(server.local_address().to_string());
  server.run();
}

/// Adds the required `URL` argument of the client programs to `cli`.
inline void add_url_argument(command_line& cli, std::string& url) {
  cli.add("URL", url, "http://HOST:PORT/RPC2 or tcp://HOST:PORT").required();
}

/// Runs `body`, the calls of a client program, and returns main()'s exit code: 0 when it
/// returns; after printing "<program>: <what>" to stderr, 1 for a fault nobody handled and
/// 2 for a transport error (std::system_error).
template <class Body>
int client_exit_code_of(const char* program, Body&& body) {
  try {
    return exit_code_of(program, 2, std::forward<Body>(body));
  } catch (const sockrpc::rpc::fault& f) {
    std::cerr << program << ": " << f.what() << "\n";
    return 1;
  }
}

/// main() of a server program: parses --host/--port/--framed, lets `add_methods` register
/// its methods on an rpc::server's registry (an rpc::method_registry&), adds the system.*
/// methods, then listens and serves until SIGINT/SIGTERM (serve_until_signal). Returns
/// main()'s exit code: 0, or 1 after printing "<program>: <what>" for a std::system_error.
/// Whatever the methods call must outlive this call.
template <class AddMethods>
int serve_main(int argc, char** argv, const char* program, const char* about,
               AddMethods&& add_methods) {
  command_line cli{about};
  rpc_server_flags flags(cli);
  cli.parse_or_exit(argc, argv);

  return exit_code_of(program, 1, [&] {
    sockrpc::rpc::server server;
    std::forward<AddMethods>(add_methods)(server.methods());
    server.methods().add_system_methods();

    flags.listen(server);
    serve_until_signal(server);  // calls in flight finish first
  });
}

/// main() of a client program: parses the URL argument, then runs `body` with an
/// rpc::client of that URL (an rpc::client&) whose calls time out after 5 s. Returns
/// main()'s exit code as client_exit_code_of does.
template <class Body>
int call_main(int argc, char** argv, const char* program, const char* about, Body&& body) {
  command_line cli{about};
  std::string url;
  add_url_argument(cli, url);
  cli.parse_or_exit(argc, argv);

  return client_exit_code_of(program, [&] {
    sockrpc::rpc::client connection(url);
    connection.set_timeout(std::chrono::seconds(5));
    std::forward<Body>(body)(connection);
  });
}

}  // namespace example

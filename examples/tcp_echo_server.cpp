// SPDX-License-Identifier: MIT
// tcp_echo_server [--host H] [--port N]
//
// The TCP server of the classic socket example, done properly: every byte received is
// sent back on the same connection; a thread per client, so many clients are served at
// once; a client that closes is cleaned up; SIGINT/SIGTERM stop accepting at once, give
// open connections 5 s to finish, then close them and exit 0.
#include <sockrpc/transport.hpp>

#include "example_support.hpp"

#include <array>
#include <iostream>
#include <string>

namespace tp = sockrpc::transport;

int main(int argc, char** argv) {
  example::command_line cli{"TCP echo server: sends every byte back."};
  example::server_flags flags(cli);
  cli.parse_or_exit(argc, argv);

  return example::exit_code_of("tcp_echo_server", 1, [&] {
    tp::tcp_server server(flags.local_address(tp::sock_type::stream),
                          [](tp::socket& conn, const tp::address&) {
                            std::array<std::byte, 64 * 1024> buf;
                            while (const auto n = conn.recv_into(buf)) {
                              conn.sendall(std::span(buf).first(n));
                            }
                          });
    server.set_mode(tp::server_mode::thread_per_connection)
        .set_max_connections(1024)
        .set_shutdown_timeout(tp::default_shutdown_timeout)
        .set_error_callback([](std::exception_ptr error, const tp::address& peer) {
          try {
            std::rethrow_exception(error);
          } catch (const std::exception& e) {
            std::cerr << "tcp_echo_server: " << peer << ": " << e.what() << "\n";
          }
        });
    example::serve_until_signal(server);
  });
}

// SPDX-License-Identifier: MIT
// udp_echo_server [--host H] [--port N]
//
// The UDP server of the classic socket example: every datagram is sent back to its sender
// unchanged (and logged to stderr as "[sender] text", like the original). SIGINT/SIGTERM
// stop it cleanly with exit 0.
#include <sockrpc/transport.hpp>

#include "example_support.hpp"

#include <iostream>
#include <string>

namespace tp = sockrpc::transport;

int main(int argc, char** argv) {
  example::command_line cli{"UDP echo server: sends every datagram back to its sender."};
  example::server_flags flags(cli);
  bool quiet = false;
  cli.add_flag("--quiet", quiet, "do not log datagrams to stderr");
  cli.parse_or_exit(argc, argv);

  return example::exit_code_of("udp_echo_server", 1, [&] {
    tp::udp_server server(
        flags.local_address(tp::sock_type::datagram),
        [quiet](std::span<const std::byte> data, const tp::address& peer, tp::socket& reply) {
          reply.sendto(data, peer);
          if (!quiet) {
            // One write per line, so lines of concurrent handlers do not interleave.
            std::string line = "[" + peer.to_string() + "] ";
            line.append(reinterpret_cast<const char*>(data.data()), data.size());
            line += '\n';
            std::cerr << line;
          }
        });
    server.set_mode(tp::server_mode::thread_pool).set_threads(4);
    example::serve_until_signal(server);
  });
}

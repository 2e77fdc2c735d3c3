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
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  bool quiet = false;
  example::add_server_flags(cli, host, port);
  cli.add_flag("--quiet", quiet, "do not log datagrams to stderr");
  cli.parse_or_exit(argc, argv);

  try {
    tp::udp_server server(
        example::bind_address(host, port, tp::sock_type::datagram),
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
    example::signal_waiter stop_on_signal([&](int) { server.shutdown(); });
    example::announce_listening(server.server_address().to_string());
    server.serve_forever();
  } catch (const std::system_error& e) {
    std::cerr << "udp_echo_server: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

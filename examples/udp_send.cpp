// SPDX-License-Identifier: MIT
// udp_send HOST PORT MESSAGE
//
// The UDP client of the classic socket example: sends MESSAGE as one datagram. UDP is
// connectionless: nothing tells whether it arrived.
#include <sockrpc/transport.hpp>

#include "example_support.hpp"

#include <iostream>
#include <string>

namespace tp = sockrpc::transport;

int main(int argc, char** argv) {
  example::command_line cli{"Sends one UDP datagram."};
  std::string host;
  std::uint16_t port = 0;
  std::string message;
  cli.add("HOST", host, "destination host name or address").required();
  cli.add("PORT", port, "destination port").required();
  cli.add("MESSAGE", message, "the datagram's content").required();
  cli.parse_or_exit(argc, argv);

  try {
    // Resolve like Python's sendto((host, port)): the first datagram address wins.
    const auto entries =
        tp::getaddrinfo(host, std::to_string(port), tp::family::unspec, tp::sock_type::datagram);
    if (entries.empty())
      throw std::system_error(sockrpc::transport::errc::bad_address, "getaddrinfo");
    const auto& target = entries.front().address;
    tp::socket sock(target.get_family(), tp::sock_type::datagram);
    sock.sendto(std::as_bytes(std::span(message)), target);
  } catch (const std::system_error& e) {
    std::cerr << "udp_send: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

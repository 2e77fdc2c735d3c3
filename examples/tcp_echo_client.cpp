// SPDX-License-Identifier: MIT
// tcp_echo_client HOST PORT [MESSAGE...] [--timeout S]
//
// The TCP client of the classic socket example, done properly: connects (trying every
// address the name resolves to), sends each MESSAGE (or each line of stdin) with sendall
// and prints the echoed reply. A timeout bounds the connect and each exchange.
#include <sockrpc/transport.hpp>

#include "example_support.hpp"

#include <chrono>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace tp = sockrpc::transport;

namespace {

// Sends one message and prints the echo: the server returns exactly the bytes it got.
void echo_once(tp::socket& sock, const std::string& message) {
  sock.sendall(std::as_bytes(std::span(message)));
  std::string reply(message.size(), '\0');
  sock.recv_exactly(std::as_writable_bytes(std::span(reply)));
  std::cout << reply << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
  example::command_line cli{"Sends messages to a TCP echo server and prints the replies."};
  std::string host;
  std::uint16_t port = 0;
  std::vector<std::string> messages;
  double timeout_s = 10.0;
  cli.add("HOST", host, "server host name or address").required();
  cli.add("PORT", port, "server port").required();
  cli.add("MESSAGE", messages, "messages to send (default: each line of stdin)");
  cli.add("--timeout", timeout_s, "seconds allowed for connect and for each exchange").positive();
  cli.parse_or_exit(argc, argv);

  try {
    const auto timeout =
        std::chrono::duration_cast<tp::duration>(std::chrono::duration<double>(timeout_s));
    tp::socket sock = tp::create_connection(host, port, timeout);
    if (messages.empty()) {
      for (std::string line; std::getline(std::cin, line);)
        echo_once(sock, line);
    } else {
      for (const auto& m : messages)
        echo_once(sock, m);
    }
    sock.shutdown(tp::shutdown_how::write);
  } catch (const std::system_error& e) {
    std::cerr << "tcp_echo_client: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

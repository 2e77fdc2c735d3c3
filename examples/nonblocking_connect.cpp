// SPDX-License-Identifier: MIT
// nonblocking_connect HOST PORT [--timeout S]
//
// How a non-blocking connect works under the hood (what create_connection does for you):
// connect_ex on a non-blocking socket returns EINPROGRESS at once; the socket becomes
// writable when the handshake finishes; SO_ERROR then tells success or the failure.
#include <sockrpc/transport.hpp>

#include "example_support.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <iostream>

namespace tp = sockrpc::transport;

int main(int argc, char** argv) {
  example::command_line cli{"Connects without blocking and reports how it went."};
  std::string host;
  std::uint16_t port = 0;
  double timeout_s = 5.0;
  cli.add("HOST", host, "numeric address or name").required();
  cli.add("PORT", port, "port").required();
  cli.add("--timeout", timeout_s, "seconds to wait for the handshake").positive();
  cli.parse_or_exit(argc, argv);

  try {
    const tp::address target = tp::getaddrinfo(host, port).at(0).address;
    tp::socket sock(target.get_family(), tp::sock_type::stream);
    sock.setblocking(false);

    std::error_code ec = sock.connect_ex(target);
    if (ec && ec != std::errc::operation_in_progress) {
      std::cout << "connect to " << target << " failed at once: " << ec.message() << "\n";
      return 1;
    }
    if (ec) {
      std::cout << "connect to " << target << " in progress, waiting up to " << timeout_s << " s\n";
      tp::selector sel;
      sel.add(sock, tp::event::write);
      const auto ready = sel.select(
          std::chrono::duration_cast<tp::duration>(std::chrono::duration<double>(timeout_s)));
      if (ready.empty()) {
        std::cout << "timed out\n";
        return 1;
      }
      // Writable means "finished"; SO_ERROR says whether it worked.
      if (const int err = sock.getsockopt<int>(SOL_SOCKET, SO_ERROR)) {
        std::cout << "connect failed: " << std::system_category().message(err) << "\n";
        return 1;
      }
    }
    std::cout << "connected: " << sock.getsockname() << " -> " << sock.getpeername() << "\n";
  } catch (const std::system_error& e) {
    std::cerr << "nonblocking_connect: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

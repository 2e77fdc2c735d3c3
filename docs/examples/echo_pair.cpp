// SPDX-License-Identifier: MIT
// The TCP echo pair of README.md ("A taste of the transport layer") and docs/transport.md
// ("Example: the classic TCP echo pair"). Runs to completion: the test suite runs it.
// [snippet:echo_pair]
#include <sockrpc/transport.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <thread>

namespace tp = sockrpc::transport;

int main() {
  // The classic echo server, one thread per client, on a free loopback port.
  tp::tcp_server srv(tp::address::loopback(tp::family::ipv4, 0),
                     [](tp::socket& conn, const tp::address&) {
                       std::array<std::byte, 4096> buf;
                       while (auto n = conn.recv_into(buf))
                         conn.sendall(std::span(buf).first(n));
                     });
  srv.set_mode(tp::server_mode::thread_per_connection);
  std::thread serving([&srv] { srv.serve_forever(); });  // until srv.shutdown()

  // A client: connect (trying every address), send, read the exact reply, 5 s deadline.
  tp::socket s =
      tp::create_connection("127.0.0.1", srv.server_address().port(), std::chrono::seconds(5));
  s.sendall(std::string_view("Hallo Welt"));
  std::string reply(10, '\0');
  s.recv_exactly(std::as_writable_bytes(std::span(reply)));
  s.close();

  srv.shutdown();  // stop accepting, let the handler see the client's close, return
  serving.join();
  return reply == "Hallo Welt" ? 0 : 1;
}
// [snippet:end]

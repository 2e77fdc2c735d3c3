// SPDX-License-Identifier: MIT
// selector_echo_server [--host H] [--port N]
//
// The echo server once more, now single-threaded: one selector watches the listening
// socket and every client (Python's `selectors` example). Sockets are non-blocking
// (timeout zero), so a call that would block reports sockrpc::transport::errc::would_block instead.
// Each client has an output buffer: we only ask for write readiness while it holds data,
// and stop reading from a client whose buffer is full (back-pressure).
#include <sockrpc/transport.hpp>

#include "example_support.hpp"

#include <array>
#include <iostream>
#include <map>
#include <string>

namespace tp = sockrpc::transport;

namespace {

constexpr std::size_t max_pending = 1 << 20;  // per-client bytes waiting to be echoed

struct client {
  tp::socket sock;
  std::string pending;  // received, not yet sent back
};

}  // namespace

int main(int argc, char** argv) {
  example::command_line cli{"Single-threaded TCP echo server built on a selector."};
  example::server_flags flags(cli);
  cli.parse_or_exit(argc, argv);

  return example::exit_code_of("selector_echo_server", 1, [&] {
    tp::socket listener = tp::create_server(flags.local_address(tp::sock_type::stream));
    listener.setblocking(false);

    // A signal must wake the select() below: the signal thread writes one byte into a
    // socketpair whose other end is registered like any client.
    auto [wake_read, wake_write] = tp::socketpair();
    example::signal_waiter stop_on_signal([&wake_write = wake_write](int) {
      std::error_code ignored;
      wake_write.send("x", ignored);
    });

    tp::selector sel;
    sel.add(listener, tp::event::read);
    sel.add(wake_read, tp::event::read);
    std::map<int, client> clients;
    example::announce_listening(listener.getsockname().to_string());

    for (bool running = true; running;) {
      for (const auto& ev : sel.select()) {
        const int fd = ev.key.fd;
        if (fd == wake_read.fileno()) {
          running = false;
        } else if (fd == listener.fileno()) {
          std::error_code ec;
          auto [conn, peer] = listener.accept(ec);
          if (ec) continue;  // e.g. the client gave up already: nothing to do
          conn.setblocking(false);
          const int conn_fd = conn.fileno();  // read before the move below empties `conn`
          sel.add(conn_fd, tp::event::read);
          clients.emplace(conn_fd, client{std::move(conn), {}});
        } else {
          client& c = clients.at(fd);
          std::error_code ec;
          if (tp::has(ev.ready, tp::event::read)) {
            std::array<std::byte, 16 * 1024> buf;
            const auto n = c.sock.recv_into(buf, ec);
            if (!ec && n == 0) ec = sockrpc::transport::errc::unexpected_eof;  // client closed
            if (!ec) c.pending.append(reinterpret_cast<const char*>(buf.data()), n);
          }
          if (!ec && !c.pending.empty()) {
            const auto sent = c.sock.send(c.pending, ec);
            if (ec == sockrpc::transport::errc::would_block) ec.clear();
            if (!ec) c.pending.erase(0, sent);
          }
          if (ec) {  // EOF or error: forget the client (the socket closes itself)
            sel.remove(fd);
            clients.erase(fd);
            continue;
          }
          auto interest = c.pending.size() < max_pending ? tp::event::read : tp::event::none;
          if (!c.pending.empty()) interest |= tp::event::write;
          sel.modify(fd, interest);
        }
      }
    }
    // Shutdown: stop accepting, then close every client (each socket closes itself).
    sel.remove(listener.fileno());
    listener.close();
  });
}

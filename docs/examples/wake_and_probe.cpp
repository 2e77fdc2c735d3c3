// SPDX-License-Identifier: MIT
// docs/transport.md: waking a thread blocked in select() with a wake_event, and checking
// an idle pooled connection with probe_idle. Runs on loopback and exits 0 on success.
#include <sockrpc/transport.hpp>

#include <chrono>
#include <thread>

namespace tp = sockrpc::transport;

namespace {

bool wake_a_select() {
  // [snippet:wake_event]
  tp::wake_event wake;  // one per loop; notify() from any thread or a signal handler
  tp::selector sel;
  sel.add(wake.native_handle(), tp::event::read);
  std::thread other([&wake] { wake.notify(); });
  const auto ready = sel.select(std::chrono::seconds(10));  // returns once notified
  wake.drain();  // consume every notification before waiting again
  other.join();
  // [snippet:end]
  return ready.size() == 1 && ready[0].key.fd == wake.native_handle();
}

bool probe_a_pooled_connection() {
  auto listener = tp::create_server(tp::address::loopback(tp::family::ipv4, 0));
  tp::socket conn =
      tp::create_connection("127.0.0.1", listener.getsockname().port(), std::chrono::seconds(5));
  auto [server_side, peer] = listener.accept();
  server_side.close();  // the server closes the idle connection
  conn.settimeout(std::chrono::seconds(5));
  std::byte eof_byte[1];
  conn.recv_into(eof_byte);  // (here: wait until the EOF has arrived)
  // [snippet:probe_idle]
  // Before reusing an idle connection from a pool:
  std::error_code ec;
  switch (conn.probe_idle(ec)) {
    case tp::idle_status::idle:
      break;                                // open and quiet: send the next request on it
    case tp::idle_status::peer_closed:      // the server closed it while idle
    case tp::idle_status::unexpected_data:  // bytes nobody asked for: out of step
    case tp::idle_status::failed:           // e.g. ECONNRESET, in `ec`
      conn.close();                         // reconnect instead
      break;
  }
  // [snippet:end]
  return !conn.is_open();
}

}  // namespace

int main() {
  return wake_a_select() && probe_a_pooled_connection() ? 0 : 1;
}

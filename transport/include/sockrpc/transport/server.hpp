// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/transport/address.hpp>
#include <sockrpc/transport/error.hpp>
#include <sockrpc/transport/socket.hpp>

#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <system_error>

/// Ready-made TCP and UDP servers, after Python's `socketserver`.
namespace sockrpc::transport {

namespace detail {
class server_state;
}  // namespace detail

/// How a server runs its handlers. Handlers never run on the thread that calls
/// `serve_forever()`; that thread only accepts (or receives) and dispatches, so it can stop
/// accepting the moment `shutdown()` is called.
enum class server_mode {
  /// One connection (datagram) at a time on one worker thread, in arrival order (Python's
  /// plain `TCPServer`); the next connection waits in the listen backlog.
  sequential,
  /// A new thread per connection (per datagram for UDP), like `ThreadingMixIn`.
  thread_per_connection,
  /// A fixed pool of `threads` workers fed by a queue of at most `queue_limit` waiting
  /// connections (datagrams).
  thread_pool,
};

/// What a server does with a connection (datagram) that arrives when it is at capacity.
/// Capacity is `max_connections`, and at most 1 (sequential) or `threads + queue_limit`
/// (thread_pool).
enum class overload_policy {
  /// Stop accepting (reading) until a slot frees: new clients wait in the kernel's listen
  /// backlog (socket buffer for UDP) and are served later. The default.
  wait,
  /// Accept and close at once (the client reads EOF); for UDP, read and drop the datagram.
  reject,
};

/// Called for each TCP connection, on a worker thread, with the connected socket (owned by
/// the server: the handler may read, write and `shutdown` it but must not close or move it)
/// and the peer's address. The server closes the socket when the handler returns.
using connection_handler = std::function<void(socket& connection, const address& peer)>;

/// Called for each UDP datagram, on a worker thread, with its bytes (borrowed for the call),
/// the sender and the server's socket to reply with (`reply_socket.sendto(..., peer)`;
/// shared by concurrent handlers: only `sendto`/`send`-style calls are allowed on it).
using datagram_handler =
    std::function<void(std::span<const std::byte> data, const address& peer, socket& reply_socket)>;

/// Receives everything a server cannot throw: exceptions escaping handlers and accept
/// errors (then `peer` is empty). Called on the thread where it happened, possibly
/// concurrently. Exceptions escaping the callback itself are swallowed.
using server_error_callback = std::function<void(std::exception_ptr error, const address& peer)>;

/// Default grace period for handlers in flight after `shutdown()` (as the interop programs).
inline constexpr std::chrono::seconds default_shutdown_timeout{5};

class tcp_server;
class udp_server;

/// What `tcp_server` and `udp_server` share: the settings of their task runner, the error
/// callback, `serve_forever()`, `shutdown()` and the bound address. `Derived` is the server
/// type, so the setters return it and calls chain (`srv.set_mode(...).set_threads(8)`).
///
/// Ownership: holds the server's state (socket, threads) through a pointer, so servers
/// move cheaply; a moved-from server has none: `serve_forever()` fails with
/// errc::socket_closed, `shutdown()` does nothing, `server_address()` is empty.
/// Thread safety: `shutdown()`, `shutting_down()` and `server_address()` are thread-safe;
/// the setters and `serve_forever()` are not (configure, then serve on one thread).
template <class Derived>
class basic_server {
 public:
  /// How handlers run. Default `thread_per_connection` (tcp_server), `sequential`
  /// (udp_server).
  Derived& set_mode(server_mode mode);
  /// Workers of `thread_pool` mode (at least 1). Default 4.
  Derived& set_threads(std::size_t threads);
  /// Connections (datagrams) that may wait for a `thread_pool` worker. Default 64.
  Derived& set_queue_limit(std::size_t limit);
  /// What to do at capacity. Default `overload_policy::wait`.
  Derived& set_overload_policy(overload_policy policy);
  /// Where handler exceptions and accept (receive) errors go. Default: one line on stderr.
  Derived& set_error_callback(server_error_callback callback);

  /// Serves until `shutdown()`, then shuts down as the server's class docs say and returns.
  /// Returns at once if `shutdown()` was called before.
  /// @throws sockrpc::error errc::socket_closed (already served, or moved from), or a
  /// fatal OS error of the accept (receive) loop (handler errors never propagate).
  void serve_forever();
  /// Same, reporting errors through `ec`.
  void serve_forever(std::error_code& ec) noexcept;

  /// Asks `serve_forever()` to stop and returns at once, before it has. Async-signal-safe
  /// (an atomic store and a `wake_event::notify`), callable from any thread, idempotent.
  void shutdown() noexcept;
  /// True once `shutdown()` was called: long-running handlers may poll it to stop early.
  /// Thread-safe.
  bool shutting_down() const noexcept;
  /// The bound address, with the real port. Thread-safe.
  address server_address() const;

 protected:
  explicit basic_server(std::unique_ptr<detail::server_state> state) noexcept;
  ~basic_server();
  basic_server(basic_server&&) noexcept;
  basic_server& operator=(basic_server&&) noexcept;
  basic_server(const basic_server&) = delete;
  basic_server& operator=(const basic_server&) = delete;

  /// Jobs (connections or datagrams) received and not yet finished.
  std::size_t active_jobs() const noexcept;
  /// Jobs dropped under `overload_policy::reject`.
  std::size_t rejected_jobs() const noexcept;

  std::unique_ptr<detail::server_state> impl_;
};

/// A TCP server calling a handler per connection, like Python's `socketserver.TCPServer`
/// with a threading or pool mix-in.
///
/// The constructor binds and listens, so `server_address()` (with the real port when bound
/// to port 0) is known, and clients may connect, before `serve_forever()` runs. Configure with
/// the fluent setters before `serve_forever()`; then call `shutdown()` from any thread or a
/// signal handler.
///
/// Shutdown is graceful: the listening socket is closed at once (new clients are refused),
/// connections accepted but not yet handed to a handler are closed, handlers in flight get
/// `shutdown_timeout` to finish (see also `set_stop_reads_on_shutdown`); after that the connections
/// still open are shut down
/// (`SHUT_RDWR`, so a handler blocked in I/O sees EOF or an error) and `serve_forever()`
/// returns once every handler has returned. A handler that blocks without doing I/O delays
/// that return.
///
/// Ownership: move-only RAII; owns the listening socket and its threads. Must not be moved
/// or destroyed while `serve_forever()` runs. A server serves once. The destructor stops
/// nothing and closes the listening socket if still open.
/// Thread safety: `shutdown()`, `server_address()`, `active_connections()` and
/// `rejected_connections()` are thread-safe; everything else is not.
///
/// ```cpp
/// tcp_server srv(address::loopback(family::ipv4, 0), [](socket& s, const address&) {
///   std::array<std::byte, 4096> buf;
///   while (auto n = s.recv_into(buf)) s.sendall(std::span(buf).first(n));   // echo
/// });
/// srv.set_mode(server_mode::thread_pool).set_threads(8);
/// std::thread t([&] { srv.serve_forever(); });
/// // ... srv.server_address().port() ...
/// srv.shutdown();
/// t.join();
/// ```
class tcp_server : public basic_server<tcp_server> {
 public:
  /// Binds a new socket to `bind_address` (SO_REUSEADDR on; IPV6_V6ONLY on for IPv6) and
  /// listens with `backlog`.
  /// @throws sockrpc::error the OS error (EADDRINUSE ...) or errc::invalid_argument.
  tcp_server(const address& bind_address, connection_handler handler, int backlog = SOMAXCONN);
  /// Takes over an already bound (e.g. `create_server(..., dualstack_ipv6 = true)`) stream
  /// socket and listens on it with `backlog`.
  /// @throws sockrpc::error errc::socket_closed, or the OS error of listen.
  tcp_server(socket listener, connection_handler handler, int backlog = SOMAXCONN);

  /// Cap on connections accepted and not yet finished (0 = no cap beyond the mode's).
  /// Default 0.
  tcp_server& set_max_connections(std::size_t limit);
  /// Grace period for handlers in flight after `shutdown()`. Default 5 s.
  tcp_server& set_shutdown_timeout(duration timeout);
  /// Timeout set on each accepted socket before the handler sees it (nullopt: blocking).
  /// Default nullopt.
  tcp_server& set_connection_timeout(std::optional<duration> timeout);
  /// If true, `shutdown()` also shuts down the read side (`SHUT_RD`) of every connection at
  /// once, before the grace period: a handler waiting for its next request reads EOF and
  /// can return, while replies still go out (bytes already received are still read first).
  /// Right for request/response protocols with keep-alive connections, where idle clients
  /// would otherwise hold shutdown for the whole grace period; wrong for handlers that must
  /// read more to finish. Default false.
  tcp_server& set_stop_reads_on_shutdown(bool on);

  // serve_forever(): accepts connections and dispatches them until `shutdown()`, then
  // shuts down gracefully (see class docs). shutdown(), shutting_down(), server_address():
  // see basic_server.

  /// Connections accepted and not yet finished (queued or in a handler). Thread-safe.
  std::size_t active_connections() const noexcept { return active_jobs(); }
  /// Connections closed at once under `overload_policy::reject`. Thread-safe.
  std::size_t rejected_connections() const noexcept { return rejected_jobs(); }
};

/// A UDP server calling a handler per datagram, like Python's `socketserver.UDPServer`
/// with a threading or pool mix-in. The same modes, capacity and shutdown as `tcp_server`,
/// except that shutdown stops reading at once but closes the socket only after the handlers
/// in flight (which may still reply through it) have returned.
///
/// Ownership: move-only RAII; owns the socket and its threads. Must not be moved or
/// destroyed while `serve_forever()` runs. A server serves once. The destructor closes the
/// socket if still open.
/// Thread safety: as `tcp_server`.
///
/// ```cpp
/// udp_server srv(address::loopback(family::ipv6, 0),
///                [](std::span<const std::byte> data, const address& peer, socket& s) {
///                  s.sendto(data, peer);   // echo
///                });
/// ```
class udp_server : public basic_server<udp_server> {
 public:
  /// Binds a new datagram socket to `bind_address` (IPV6_V6ONLY on for IPv6).
  /// @throws sockrpc::error the OS error (EADDRINUSE ...).
  udp_server(const address& bind_address, datagram_handler handler);
  /// Takes over an already bound datagram socket.
  /// @throws sockrpc::error errc::socket_closed.
  udp_server(socket bound, datagram_handler handler);

  /// Cap on datagrams received and not yet handled (0 = the mode's only). Default 0.
  udp_server& set_max_in_flight(std::size_t limit);
  /// Largest datagram accepted; longer ones are truncated to it. Default 65535.
  udp_server& set_max_datagram_size(std::size_t size);

  // serve_forever(): receives datagrams and dispatches them until `shutdown()`; then stops
  // reading, drops datagrams no handler has started, waits for the handlers in flight
  // (they cannot be interrupted: a handler that never returns blocks it), closes the socket
  // and returns. shutdown(), shutting_down(), server_address(): see basic_server.

  /// Datagrams received and not yet handled. Thread-safe.
  std::size_t active_datagrams() const noexcept { return active_jobs(); }
  /// Datagrams dropped under `overload_policy::reject`. Thread-safe.
  std::size_t rejected_datagrams() const noexcept { return rejected_jobs(); }
};

extern template class basic_server<tcp_server>;
extern template class basic_server<udp_server>;

}  // namespace sockrpc::transport

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
struct tcp_server_state;
struct udp_server_state;
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
/// or destroyed while `serve_forever()` runs. A server serves once.
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
class tcp_server {
 public:
  /// Binds a new socket to `bind_address` (SO_REUSEADDR on; IPV6_V6ONLY on for IPv6) and
  /// listens with `backlog`.
  /// @throws sockrpc::error the OS error (EADDRINUSE ...) or errc::invalid_argument.
  tcp_server(const address& bind_address, connection_handler handler, int backlog = SOMAXCONN);
  /// Takes over an already bound (e.g. `create_server(..., dualstack_ipv6 = true)`) stream
  /// socket and listens on it with `backlog`.
  /// @throws sockrpc::error errc::socket_closed, or the OS error of listen.
  tcp_server(socket listener, connection_handler handler, int backlog = SOMAXCONN);
  /// Stops nothing (see class docs); closes the listening socket if still open.
  ~tcp_server();
  /// Moves (never while serving).
  tcp_server(tcp_server&&) noexcept;
  /// Moves (never while serving).
  tcp_server& operator=(tcp_server&&) noexcept;
  tcp_server(const tcp_server&) = delete;
  tcp_server& operator=(const tcp_server&) = delete;

  /// How handlers run. Default `thread_per_connection`.
  tcp_server& set_mode(server_mode mode);
  /// Workers of `thread_pool` mode (at least 1). Default 4.
  tcp_server& set_threads(std::size_t threads);
  /// Accepted connections that may wait for a `thread_pool` worker. Default 64.
  tcp_server& set_queue_limit(std::size_t limit);
  /// Cap on connections accepted and not yet finished (0 = no cap beyond the mode's).
  /// Default 0.
  tcp_server& set_max_connections(std::size_t limit);
  /// What to do at capacity. Default `overload_policy::wait`.
  tcp_server& set_overload_policy(overload_policy policy);
  /// Grace period for handlers in flight after `shutdown()`. Default 5 s.
  tcp_server& set_shutdown_timeout(duration timeout);
  /// Timeout set on each accepted socket before the handler sees it (nullopt: blocking).
  /// Default nullopt.
  tcp_server& set_connection_timeout(std::optional<duration> timeout);
  /// Where handler exceptions and accept errors go. Default: one line on stderr.
  tcp_server& set_error_callback(server_error_callback callback);
  /// If true, `shutdown()` also shuts down the read side (`SHUT_RD`) of every connection at
  /// once, before the grace period: a handler waiting for its next request reads EOF and
  /// can return, while replies still go out (bytes already received are still read first).
  /// Right for request/response protocols with keep-alive connections, where idle clients
  /// would otherwise hold shutdown for the whole grace period; wrong for handlers that must
  /// read more to finish. Default false.
  tcp_server& set_stop_reads_on_shutdown(bool on);

  /// Accepts connections and dispatches them until `shutdown()`, then shuts down gracefully
  /// (see class docs) and returns. Returns at once if `shutdown()` was called before.
  /// @throws sockrpc::error errc::socket_closed (already served, or moved from), or a
  /// fatal OS error of the accept loop (handler errors never propagate).
  void serve_forever();
  /// Same, reporting errors through `ec`.
  void serve_forever(std::error_code& ec) noexcept;

  /// Asks `serve_forever()` to stop and returns at once, before it has. Async-signal-safe
  /// (an atomic store and a `wake_event::notify`), callable from any thread, idempotent.
  void shutdown() noexcept;

  /// The bound address, with the real port. Thread-safe.
  address server_address() const;
  /// Connections accepted and not yet finished (queued or in a handler). Thread-safe.
  std::size_t active_connections() const noexcept;
  /// Connections closed at once under `overload_policy::reject`. Thread-safe.
  std::size_t rejected_connections() const noexcept;
  /// True once `shutdown()` was called: long-running handlers may poll it to stop early.
  /// Thread-safe.
  bool shutting_down() const noexcept;

 private:
  std::unique_ptr<detail::tcp_server_state> impl_;
};

/// A UDP server calling a handler per datagram, like Python's `socketserver.UDPServer`
/// with a threading or pool mix-in. The same modes, capacity and shutdown as `tcp_server`,
/// except that shutdown stops reading at once but closes the socket only after the handlers
/// in flight (which may still reply through it) have returned.
///
/// Ownership: move-only RAII; owns the socket and its threads. Must not be moved or
/// destroyed while `serve_forever()` runs. A server serves once.
/// Thread safety: as `tcp_server`.
///
/// ```cpp
/// udp_server srv(address::loopback(family::ipv6, 0),
///                [](std::span<const std::byte> data, const address& peer, socket& s) {
///                  s.sendto(data, peer);   // echo
///                });
/// ```
class udp_server {
 public:
  /// Binds a new datagram socket to `bind_address` (IPV6_V6ONLY on for IPv6).
  /// @throws sockrpc::error the OS error (EADDRINUSE ...).
  udp_server(const address& bind_address, datagram_handler handler);
  /// Takes over an already bound datagram socket.
  /// @throws sockrpc::error errc::socket_closed.
  udp_server(socket bound, datagram_handler handler);
  /// Closes the socket if still open.
  ~udp_server();
  /// Moves (never while serving).
  udp_server(udp_server&&) noexcept;
  /// Moves (never while serving).
  udp_server& operator=(udp_server&&) noexcept;
  udp_server(const udp_server&) = delete;
  udp_server& operator=(const udp_server&) = delete;

  /// How handlers run. Default `sequential`.
  udp_server& set_mode(server_mode mode);
  /// Workers of `thread_pool` mode (at least 1). Default 4.
  udp_server& set_threads(std::size_t threads);
  /// Datagrams that may wait for a worker. Default 64.
  udp_server& set_queue_limit(std::size_t limit);
  /// Cap on datagrams received and not yet handled (0 = the mode's only). Default 0.
  udp_server& set_max_in_flight(std::size_t limit);
  /// What to do at capacity. Default `overload_policy::wait`.
  udp_server& set_overload_policy(overload_policy policy);
  /// Largest datagram accepted; longer ones are truncated to it. Default 65535.
  udp_server& set_max_datagram_size(std::size_t size);
  /// Where handler exceptions and receive errors go. Default: one line on stderr.
  udp_server& set_error_callback(server_error_callback callback);

  /// Receives datagrams and dispatches them until `shutdown()`; then stops reading, drops
  /// datagrams no handler has started, waits for the handlers in flight (they cannot be
  /// interrupted: a handler that never returns blocks this call), closes the socket and
  /// returns.
  /// @throws sockrpc::error errc::socket_closed (already served, or moved from), or a
  /// fatal OS error.
  void serve_forever();
  /// Same, reporting errors through `ec`.
  void serve_forever(std::error_code& ec) noexcept;
  /// Asks `serve_forever()` to stop; async-signal-safe, thread-safe, idempotent.
  void shutdown() noexcept;

  /// The bound address, with the real port. Thread-safe.
  address server_address() const;
  /// Datagrams received and not yet handled. Thread-safe.
  std::size_t active_datagrams() const noexcept;
  /// Datagrams dropped under `overload_policy::reject`. Thread-safe.
  std::size_t rejected_datagrams() const noexcept;

 private:
  std::unique_ptr<detail::udp_server_state> impl_;
};

}  // namespace sockrpc::transport

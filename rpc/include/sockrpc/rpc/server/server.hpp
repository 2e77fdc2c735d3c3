// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/dispatch/registry.hpp>
#include <sockrpc/rpc/error.hpp>
#include <sockrpc/rpc/server/basic_auth.hpp>
#include <sockrpc/transport/address.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

namespace sockrpc::rpc {

namespace detail {
class server_impl;
}  // namespace detail

/// An XML-RPC server over HTTP/1.1 and over framed TCP (4-byte big-endian length + XML),
/// both served by one object, on standalone asio with a configurable number of I/O threads.
///
/// Usage: register methods on `methods()`, set options, `listen_http` / `listen_framed`
/// (any number of each), then `run()` (blocks) or `start()` (returns), and `stop()`.
/// A server runs once: after `stop()` it cannot be started again.
///
/// HTTP: `POST` on the configured paths (default "/RPC2" and "/"); another path: 404;
/// another method: 405 with `Allow: POST`. Keep-alive, pipelining (answered in order,
/// one request at a time per connection: the next is not read before the previous answer
/// is written, so nothing is buffered without bound), chunked request bodies,
/// `Expect: 100-continue`, gzip request bodies and, when the client sends
/// `Accept-Encoding: gzip` and the body is at least `gzip_min_size()`, gzip responses.
/// Malformed requests get 400/411/413/414/415/431 and the connection is closed. A body
/// that is not a well-formed `methodCall` gets HTTP 200 with fault -32700 (-32600 when it
/// is well-formed XML but not a valid call).
///
/// Under abuse: a request's line and headers must arrive within `header_timeout()` of its
/// first byte, and no connection may stay silent (or not read our answer) for longer than
/// `idle_timeout()`; past `max_connections()` a new HTTP connection gets 503 and is
/// closed, a framed one is closed at once.
///
/// Authentication (`basic_auth`): every HTTP `POST` must then carry basic credentials the
/// authenticator accepts; without them (no `Authorization` field, a malformed one, another
/// scheme, a refusal) the answer is 401 with `WWW-Authenticate: Basic realm="REALM"` and
/// no method runs. The principal reaches handlers as `call_context::user`. Framed
/// connections carry no credentials: their calls stay anonymous (`user` empty), so a
/// server that requires authentication should not listen for framed connections.
/// Credentials are never logged nor put in any message.
///
/// Unix domain sockets: pass `transport::address::local(path)` to `listen_http` or
/// `listen_framed`. A socket file already at the path is replaced when nobody listens on
/// it any more (connecting to it is refused: a server that ended without cleaning up);
/// when a listener accepts connections there, listening fails with EADDRINUSE and the file
/// is left alone, as is any file that is not a socket (also EADDRINUSE, from `bind`). The
/// server removes the socket file it created when its listener closes (at `stop`, or
/// destruction), unless another file has replaced it meanwhile. HTTP over a Unix socket
/// is the same protocol; the client sends `Host: localhost`. Abstract names (a path
/// starting with '\0', Linux) work too and have no file.
///
/// Shutdown (`stop`, `request_stop`): listeners close at once; idle connections close;
/// calls in flight finish (their answers are sent, then the connection closes) within
/// `shutdown_grace()`; then everything is closed.
///
/// Ownership: owns its registry, listeners, connections and threads; move-only; the
/// destructor stops the server (as `stop()`). Thread safety: configure and listen from
/// one thread before `run`/`start`; `stop`, `request_stop` and `local_address` are
/// thread-safe.
///
/// ```cpp
/// rpc::server srv;
/// srv.methods().add("add", [](int a, int b) { return a + b; }).add_system_methods();
/// srv.threads(2).listen_http(transport::address::loopback(transport::family::ipv4, 8080));
/// srv.run();  // until stop() / request_stop()
/// ```
class server {
 public:
  using duration = std::chrono::steady_clock::duration;

  /// A server with default options and an empty registry.
  server();
  /// Stops (as `stop()`) and joins the I/O threads. Never throws.
  ~server();
  server(server&&) noexcept;
  server& operator=(server&&) noexcept;
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// The method registry (thread-safe; methods may be added while serving). It lives as
  /// long as the server.
  [[nodiscard]] method_registry& methods() noexcept;
  [[nodiscard]] const method_registry& methods() const noexcept;

  // ---- options (set before listen/run; each returns *this) ------------------------------

  /// Number of I/O threads (default 1; 0 counts as 1).
  server& threads(std::size_t n);
  /// HTTP paths accepting POST (default {"/RPC2", "/"}). The query string is ignored.
  server& http_paths(std::vector<std::string> paths);
  /// Largest request body, HTTP (413) or framed (connection closed). Default 32 MiB.
  server& max_body_size(std::size_t bytes);
  /// Largest HTTP header section (431). Default 64 KiB.
  server& max_header_size(std::size_t bytes);
  /// Longest HTTP request line (414). Default 8 KiB.
  server& max_request_line(std::size_t bytes);
  /// Time allowed for a request's line and headers from its first byte. Default 10 s.
  server& header_timeout(duration d);
  /// Longest silence while waiting for a request or its body, or while the peer does not
  /// take our answer. Default 60 s.
  server& idle_timeout(duration d);
  /// Most connections open at once; past it, new ones are refused. Default 10000.
  server& max_connections(std::size_t n);
  /// How long calls in flight may run after a stop request. Default 5 s.
  server& shutdown_grace(duration d);
  /// Smallest response body that is gzip-compressed for a client sending
  /// `Accept-Encoding: gzip`. Default 1024 bytes; SIZE_MAX disables compression.
  server& gzip_min_size(std::size_t bytes);

  /// Requires HTTP basic credentials on every `POST`, checked by `check` (see the class
  /// docs); `realm` goes in the `WWW-Authenticate` field of a 401 (printable ASCII
  /// without `"` or `\\`). An empty `check` turns authentication off (the default).
  /// @throws sockrpc::error errc::invalid_argument for a bad realm.
  server& basic_auth(authenticator check, std::string realm = "sockrpc");

  [[nodiscard]] std::size_t threads() const noexcept;
  [[nodiscard]] duration shutdown_grace() const noexcept;

  // ---- listeners -------------------------------------------------------------------------

  /// Listens for XML-RPC over HTTP/1.1 on `local`: an IP address (port 0: any free port,
  /// see `local_address`) or a Unix-domain path (see the class docs for its socket file).
  /// The socket is created by `transport::create_server` and listens at once; connections
  /// are served once the server runs. Returns the listener's index.
  /// @throws sockrpc::error the OS error (EADDRINUSE: the port is taken, or a live server
  ///   listens at the Unix path ...), errc::invalid_argument after the server has started.
  std::size_t listen_http(const transport::address& local);
  /// Same, reporting errors through `ec` (returns SIZE_MAX on error).
  std::size_t listen_http(const transport::address& local, std::error_code& ec) noexcept;
  /// Listens for framed XML-RPC (4-byte big-endian length + XML each way). Same rules.
  std::size_t listen_framed(const transport::address& local);
  /// Same, reporting errors through `ec`.
  std::size_t listen_framed(const transport::address& local, std::error_code& ec) noexcept;
  /// The bound address of listener `index` (with the real port).
  /// @throws std::out_of_range for a bad index.
  [[nodiscard]] transport::address local_address(std::size_t index = 0) const;

  // ---- running ---------------------------------------------------------------------------

  /// Serves on `threads()` threads, the calling one included, until stopped; returns when
  /// the shutdown is complete. @throws sockrpc::error errc::invalid_argument if the
  /// server ran already.
  void run();
  /// Starts `threads()` I/O threads and returns at once.
  /// @throws sockrpc::error errc::invalid_argument if the server ran already.
  void start();
  /// Graceful stop (see the class docs), then waits until it is complete and the threads
  /// have ended. Called from one of the server's own threads (a handler) it only requests
  /// the stop. Idempotent; a server never started just closes its listeners. Thread-safe.
  void stop() noexcept;
  /// Requests a graceful stop and returns at once. Async-signal-safe (it notifies a
  /// `transport::wake_event`), so it may be called from a signal handler. Thread-safe.
  void request_stop() noexcept;

  /// Runs `fn` on an I/O thread after `d` (a timer: no thread waits). Tasks still pending
  /// when the server stops are dropped without running. Thread-safe. Used for
  /// asynchronous handlers such as `sleep`.
  void schedule_after(duration d, std::function<void()> fn);

 private:
  std::unique_ptr<detail::server_impl> impl_;
};

}  // namespace sockrpc::rpc

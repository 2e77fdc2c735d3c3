// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/client/url.hpp>
#include <sockrpc/rpc/dispatch/responder.hpp>
#include <sockrpc/rpc/error.hpp>
#include <sockrpc/rpc/http/codec.hpp>
#include <sockrpc/rpc/value/convert.hpp>
#include <sockrpc/rpc/value/fault.hpp>
#include <sockrpc/rpc/value/value.hpp>
#include <sockrpc/rpc/xml/codec.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace sockrpc::rpc {

namespace detail {
struct client_impl;
}  // namespace detail

template <class Signature>
class method_proxy;

/// An XML-RPC client for one endpoint: `http://` (XML-RPC over HTTP/1.1 with keep-alive)
/// or `tcp://` (framed TCP, one call after another per connection).
///
/// **Connections.** Each call borrows an idle pooled connection or opens a new one, and
/// returns it to the pool afterwards when the server lets it stay open (at most
/// `max_idle_connections` are kept; the rest are closed). Calls in flight at the same
/// time use distinct connections, so a slow call never delays another.
///
/// **Stale connections.** A server may close an idle keep-alive connection at any time.
/// Before a pooled connection is used it is checked without blocking; one that has been
/// closed (or has unexpected bytes pending) is dropped. Synchronous calls skip the check
/// for a connection idle for less than a millisecond (it costs a system call per call of a
/// busy client). If the server closes a connection after the check (or within that
/// millisecond), the call is retried ONCE on a fresh connection, and only when nothing of the
/// request can have been processed: sending failed (EPIPE / ECONNRESET: the request never arrived
/// whole) or the connection ended (EOF or ECONNRESET) before the first byte of the response. A
/// fresh connection is never retried, nor is any failure after a response byte arrived, nor a
/// timeout.
///
/// **Timeouts.** `set_timeout` is a whole-call deadline (connect, send, receive); a call
/// that exceeds it fails with `errc::timeout` (`== std::errc::timed_out`) and its
/// connection is closed. `set_connect_timeout` bounds connection setup within that.
///
/// **Errors.** A call that fails before an answer arrives throws `sockrpc::error`; `what()`
/// is a one-line description such as "HTTP 404 Not Found" or "connection refused
/// (connecting to 127.0.0.1:1)". Ask its `code()` which kind of failure it was:
/// `== sockrpc::condition::transport_failure` for what the OS reported (in
/// `std::system_category()`), a resolver error, `transport::errc::timeout`,
/// `transport::errc::unexpected_eof` ...; `== sockrpc::condition::protocol_failure` for
/// `errc::http_status`, `errc::protocol_error`, `errc::limit_exceeded` or a codec error
/// such as `errc::xml_parse_error`. A fault answer is not a failure: `call` throws it as
/// `rpc::fault` (derived from `sockrpc::error`, its code `errc::fault`, which is
/// `== sockrpc::condition::fault`); `try_call` returns it as `call_result` and throws only
/// for failures; its `sockrpc::status&` form throws nothing.
///
/// **Asynchronous calls** (`async_call`, `async_call_value`) are driven by asio on a few
/// I/O threads owned by the client (`set_async_threads`, started on first async use): a
/// pending call is a socket waiting in the event loop, not a blocked thread, so hundreds
/// may be in flight on one I/O thread. Connections are resolved and created with the
/// transport layer, then adopted by asio; requests are written and answers parsed by the
/// same code as synchronous calls, so headers, basic auth, gzip, framing, limits, the
/// stale-connection retry, the deadline (a timer that closes the connection) and every
/// error are exactly as described above. Async calls keep their own idle pool, also of at
/// most `max_idle_connections` (asio-owned sockets do not go back to blocking use).
/// Completion handlers run on an I/O thread, never under an internal lock; while one runs,
/// other calls wait for that thread, so handlers should be short. An exception escaping a
/// handler is swallowed.
///
/// **Ownership and thread safety.** Move-only (a moved-from client may only be destroyed or
/// assigned to); owns its connections and I/O threads. The destructor closes idle
/// connections, completes every unfinished async call with `errc::cancelled` (its
/// connection closed), waits for running completion handlers and joins the I/O threads;
/// a call started from a handler meanwhile completes with `errc::cancelled` too. It must
/// not run inside one of the client's own completion handlers. Calls (sync and async) are
/// **thread-safe**: one client may be shared by many threads. The setters are **not
/// thread-safe**: configure the client before sharing it or issuing calls.
///
/// ```cpp
/// rpc::client c("http://127.0.0.1:8080/RPC2");
/// c.set_timeout(std::chrono::seconds(5));
/// int sum = c.call<int>("add", 2, 3);
/// auto add = c.method<int(int, int)>("add");
/// int again = add(4, 5);
/// ```
class client {
 public:
  /// Completion handler of the callback form of `async_call_value`: `ec` is set for a
  /// transport or protocol failure (then `result` holds nil), otherwise `result` holds
  /// the value or the fault. `message` describes the failure ("" on success).
  using completion_handler =
      std::function<void(std::error_code ec, const std::string& message, call_result result)>;

  /// A client for `endpoint` (see `url`). Connects lazily, on the first call.
  /// @throws sockrpc::error  errc::bad_address for a malformed URL.
  explicit client(std::string_view endpoint);
  /// A client for an already parsed URL.
  explicit client(url endpoint);
  ~client();
  client(client&&) noexcept;
  client& operator=(client&&) noexcept;
  client(const client&) = delete;
  client& operator=(const client&) = delete;

  // ---- configuration (not thread-safe: before first use) --------------------------------

  /// Whole-call deadline (default 30 s); nullopt: none.
  client& set_timeout(std::optional<std::chrono::nanoseconds> timeout);
  /// Bound on connection setup (resolve + connect), within the call deadline (default 10 s).
  client& set_connect_timeout(std::optional<std::chrono::nanoseconds> timeout);
  /// Idle connections kept for reuse (default 4; 0 disables keep-alive reuse).
  client& set_max_idle_connections(std::size_t n);
  /// HTTP basic auth, overriding credentials from the URL.
  client& set_basic_auth(std::string user, std::string password);
  /// Adds a header to every HTTP request (e.g. `X-Api-Key`). Host, Content-Length,
  /// Transfer-Encoding and Connection are owned by the client and ignored.
  /// @throws sockrpc::error  errc::invalid_argument for a bad name or value.
  client& add_header(std::string_view name, std::string_view value);
  /// Send `Accept-Encoding: gzip` (default true); gzip responses are inflated either way.
  client& set_accept_gzip(bool on);
  /// Compress request bodies with gzip when at least `min_size` bytes (default off).
  client& set_gzip_requests(bool on, std::size_t min_size = 1024);
  /// Limits for decoding responses (document size, depth, ...).
  client& set_codec_limits(const codec_limits& limits);
  /// Largest accepted response body / frame in bytes (default 32 MiB).
  client& set_max_response_size(std::size_t bytes);
  /// I/O threads driving async calls (default 2, at least 1). They only wait for sockets
  /// and run completion handlers, so 1 or 2 serve many calls in flight. Takes effect if
  /// set before the first async call.
  client& set_async_threads(std::size_t n);

  [[nodiscard]] const url& endpoint() const noexcept;

  // ---- synchronous calls ----------------------------------------------------------------

  /// Calls `method` with `args` converted by `to_value`, and converts the result with
  /// `from_value<R>` (`R = void` discards it; `R = value` keeps it raw).
  /// Blocks until the answer, the deadline or an error.
  /// @throws rpc::fault  the server answered with a fault.
  /// @throws sockrpc::error  transport or protocol failure (see the class doc).
  /// @throws conversion_error  the result does not convert to `R`.
  template <class R = rpc::value, class... Args>
  R call(std::string_view method, Args&&... args) {
    auto v = call_value(method, make_params(std::forward<Args>(args)...));
    if constexpr (std::is_void_v<R>) {
      (void)v;
    } else {
      return from_value<R>(std::move(v));  // the decoded result is ours: no copy
    }
  }

  /// Calls `method` with raw parameters; returns the raw result.
  /// @throws rpc::fault, sockrpc::error as `call`.
  rpc::value call_value(std::string_view method, std::span<const rpc::value> params);

  /// Like `call`, but a fault is returned in the `call_result` (responder.hpp: `is_fault()`,
  /// `result()`, `fault()`) instead of thrown, so callers expecting faults need no `catch`.
  /// @throws sockrpc::error  transport or protocol failure.
  template <class... Args>
  [[nodiscard]] call_result try_call(std::string_view method, Args&&... args) {
    return try_call_value(method, make_params(std::forward<Args>(args)...));
  }
  /// Raw form of `try_call`. @throws sockrpc::error.
  [[nodiscard]] call_result try_call_value(std::string_view method,
                                           std::span<const rpc::value> params);
  /// Raw form reporting transport and protocol failures through `st` (the code and the
  /// exact message the throwing form carries); then the result holds nil.
  [[nodiscard]] call_result try_call_value(std::string_view method,
                                           std::span<const rpc::value> params,
                                           sockrpc::status& st) noexcept;

  /// Sends `calls` as one `system.multicall` request; returns one result per call, each
  /// its value or its own fault, in order.
  /// @throws rpc::fault  the multicall itself failed (e.g. the server lacks it).
  /// @throws sockrpc::error  transport or protocol failure, or a malformed multicall answer
  ///   (errc::protocol_error).
  [[nodiscard]] std::vector<call_result> multicall(std::span<const method_call> calls);

  /// A typed callable for `method`, e.g. `method<int(int, int)>("add")`. The proxy
  /// borrows this client, which must outlive it. Calling it behaves as `call<R>`.
  template <class Signature>
  method_proxy<Signature> method(std::string name) {
    return method_proxy<Signature>(*this, std::move(name));
  }

  /// Closes all idle pooled connections, of sync and async calls (connections in use are
  /// unaffected). Thread-safe.
  void close_idle() noexcept;
  /// Idle connections in the pools now, sync and async together (for tests and
  /// monitoring). Thread-safe.
  [[nodiscard]] std::size_t idle_connections() const noexcept;

  // ---- asynchronous calls ---------------------------------------------------------------

  /// Starts `call<R>(method, args...)` and returns at once (arguments are converted and the
  /// request is serialised on the calling thread); the future yields the result or the
  /// exception `call` would throw (`rpc::fault`, `sockrpc::error`, `conversion_error`), or
  /// `sockrpc::error` with `errc::cancelled` when the client is destroyed first.
  template <class R = rpc::value, class... Args>
  std::future<R> async_call(std::string method, Args&&... args) {
    auto params = make_params(std::forward<Args>(args)...);
    auto promise = std::make_shared<std::promise<R>>();  // shared: owned by the pending call
    auto future = promise->get_future();
    async_call_value(std::move(method), std::move(params),
                     [promise](std::error_code ec, const std::string& message, call_result r) {
                       try {
                         if (ec) throw sockrpc::error(ec, message);
                         if (r.is_fault()) throw fault(r.fault());
                         if constexpr (std::is_void_v<R>) {
                           promise->set_value();
                         } else {
                           promise->set_value(from_value<R>(std::move(r).result()));
                         }
                       } catch (...) {
                         promise->set_exception(std::current_exception());
                       }
                     });
    return future;
  }

  /// Starts a raw call and returns at once; `handler` runs on an I/O thread with the
  /// outcome (exactly once, also with errc::cancelled when the client is destroyed first),
  /// `ec` and `message` as the `std::error_code&` form of `try_call_value` reports them.
  void async_call_value(std::string method, std::vector<rpc::value> params,
                        completion_handler handler);

 private:
  template <class... Args>
  static std::vector<rpc::value> make_params(Args&&... args) {
    std::vector<rpc::value> params;
    params.reserve(sizeof...(Args));
    (params.push_back(to_value(std::forward<Args>(args))), ...);
    return params;
  }

  std::unique_ptr<detail::client_impl> impl_;  // stable address for I/O; null when moved-from
};

/// A typed callable bound to a client and a method name; see `client::method`.
/// Borrows the client. Thread-safe to call (as the client is); copyable.
template <class R, class... A>
class method_proxy<R(A...)> {
 public:
  method_proxy(client& c, std::string name) : client_(&c), name_(std::move(name)) {}

  /// Calls the method. @throws as `client::call<R>`.
  R operator()(A... args) const { return client_->call<R>(name_, std::forward<A>(args)...); }

  /// Like `client::try_call`: a fault comes back in the result.
  [[nodiscard]] call_result try_call(A... args) const {
    return client_->try_call(name_, std::forward<A>(args)...);
  }

  [[nodiscard]] const std::string& name() const noexcept { return name_; }

 private:
  client* client_;
  std::string name_;
};

}  // namespace sockrpc::rpc

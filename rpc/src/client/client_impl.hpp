// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/client/client.hpp>

#include "client/client_connection.hpp"

#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace sockrpc::rpc::detail {

class async_engine;  // client_engine.hpp: the only client part that sees asio
/// Destroys the engine (defined next to it, so this header stays free of asio).
struct async_engine_deleter {
  void operator()(async_engine* e) const noexcept;
};

/// The state behind `rpc::client`. Configuration members are written only before use;
/// the pool is guarded by its mutex, the async engine is created once under its own.
struct client_impl {
  explicit client_impl(url endpoint);
  ~client_impl();
  client_impl(const client_impl&) = delete;
  client_impl& operator=(const client_impl&) = delete;

  void set_credentials(std::string_view user, std::string_view password);

  /// One call: request out, response parsed; failures in `out.ec` / `out.message`.
  method_response invoke(std::string_view method, std::span<const rpc::value> params,
                         exchange_result& out) noexcept;

  std::unique_ptr<client_connection> take_idle();
  void give_back(std::unique_ptr<client_connection> c) noexcept;
  std::unique_ptr<client_connection> connect(transport::deadline until, exchange_result& out);

  /// The request for `method(params)`: HTTP-framed for http://, the bare XML for tcp://.
  /// Shared by the sync and async paths. @throws std::system_error, std::bad_alloc.
  void build_request(std::string& out, std::string_view method,
                     std::span<const rpc::value> params) const;
  /// Recomputes `request_head_`; called by every setter the head depends on.
  void refresh_request_head();
  /// Appends the whole HTTP request for `body` (the general path, also for gzip bodies).
  void write_full_request(std::string& out, std::string_view body, bool gzip_body) const;
  /// The call deadline of a call starting now.
  [[nodiscard]] transport::deadline call_deadline() const noexcept;
  /// Bound of connection setup for a connection started now within `until`.
  [[nodiscard]] transport::deadline connect_deadline(transport::deadline until) const noexcept;
  /// What follows an exchange (shared by both paths): true to retry once on a fresh
  /// connection (a stale pooled one). Otherwise `resp` holds the answer or `out.ec` the
  /// failure, and `out.keep` says whether the connection may be pooled.
  [[nodiscard]] bool conclude(int attempt, connection_state& c, exchange_result& out,
                              method_response& resp) const;

  /// The async engine, started on first use. Thread-safe.
  async_engine& engine();
  /// Idle connections of the async engine's pool (0 before first async use). Thread-safe.
  [[nodiscard]] std::size_t async_idle_connections() const noexcept;
  /// Closes the async engine's idle connections. Thread-safe.
  void close_async_idle() noexcept;

  // ---- configuration ----
  url endpoint_;
  std::optional<std::chrono::nanoseconds> timeout_ = std::chrono::seconds(30);
  std::optional<std::chrono::nanoseconds> connect_timeout_ = std::chrono::seconds(10);
  std::size_t max_idle_ = 4;
  std::string authorization_;
  http::header_fields headers_;
  bool accept_gzip_ = true;
  bool gzip_requests_ = false;
  std::size_t gzip_min_size_ = 1024;
  codec_limits limits_;
  exchange_settings settings_;
  std::size_t async_threads_ = 2;
  /// http://: the request up to (not including) Content-Length, for uncompressed bodies.
  std::string request_head_;

  // ---- connection pool (synchronous calls) ----
  mutable std::mutex pool_mutex_;
  std::vector<std::unique_ptr<client_connection>> pool_;

  // ---- async engine ----
  mutable std::mutex engine_mutex_;
  // Declared last: destroyed first, while the configuration it borrows still exists.
  std::unique_ptr<async_engine, async_engine_deleter> engine_;
};

}  // namespace sockrpc::rpc::detail

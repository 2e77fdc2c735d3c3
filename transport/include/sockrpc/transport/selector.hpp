// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/transport/error.hpp>
#include <sockrpc/transport/socket.hpp>

#include <cstddef>
#include <optional>
#include <system_error>
#include <unordered_map>
#include <vector>

/// I/O readiness multiplexing, after Python's `selectors` module.
namespace sockrpc::transport {

/// Readiness events, a bit set (Python's EVENT_READ / EVENT_WRITE). Combine with `|`.
enum class event : unsigned {
  none = 0,   ///< nothing
  read = 1,   ///< readable: data, a connection to accept, EOF or an error pending
  write = 2,  ///< writable: send buffer space, a finished connect, or an error pending
};

/// Union of event sets.
constexpr event operator|(event a, event b) noexcept {
  return static_cast<event>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}
/// Intersection of event sets.
constexpr event operator&(event a, event b) noexcept {
  return static_cast<event>(static_cast<unsigned>(a) & static_cast<unsigned>(b));
}
/// Adds `b` to `a`.
constexpr event& operator|=(event& a, event b) noexcept {
  return a = a | b;
}
/// True if `set` contains every event of `e` (and `e` is not empty).
constexpr bool has(event set, event e) noexcept {
  return e != event::none && (set & e) == e;
}

/// What a selector knows about one registered descriptor (Python's `SelectorKey`).
struct selector_key {
  int fd = -1;                 ///< the descriptor (borrowed, never closed by the selector)
  event events = event::none;  ///< the events of interest
  void* data = nullptr;        ///< opaque user data, not owned
};

/// One ready descriptor returned by `selector::select`.
struct selector_event {
  selector_key key;           ///< a copy of the registration
  event ready = event::none;  ///< the ready subset of `key.events`
};

/// The readiness mechanism of a selector.
enum class selector_backend {
  automatic,  ///< epoll on Linux, else poll
  epoll,      ///< Linux epoll (O(ready) per select)
  poll,       ///< POSIX poll (O(registered) per select; portable)
};

/// Waits for readiness on many descriptors at once, like Python's `selectors.DefaultSelector`.
///
/// Register descriptors (`add`, Python's `register`) with the events of interest and opaque
/// user data, then `select` returns the ready ones. Level-triggered: a descriptor stays ready
/// until the condition is consumed. Hang-ups and errors are reported as ready for all the
/// registered events, so the next read/write reveals them.
///
/// Ownership: move-only RAII; owns its epoll descriptor (if any), never the registered
/// descriptors. Unregister a descriptor before closing it: a closed descriptor left
/// registered keeps its key, and epoll may report it ready.
///
/// Thread safety: not thread-safe; a shared selector needs external locking (a select
/// blocked in one thread is not woken by `add` in another: register a `wake_event` for
/// read and notify it).
///
/// ```cpp
/// selector sel;
/// sel.add(listener, event::read);
/// for (const auto& ev : sel.select(std::chrono::seconds(1)))
///   if (ev.key.fd == listener.fileno()) accept_one(listener);
/// ```
class selector {
 public:
  /// Creates a selector with the given backend.
  /// @throws sockrpc::error the OS error of epoll_create1 (EMFILE ...).
  explicit selector(selector_backend backend = selector_backend::automatic);
  /// Same, reporting errors through `ec` (the selector is then closed).
  selector(selector_backend backend, std::error_code& ec) noexcept;
  /// Closes the epoll descriptor, never throws.
  ~selector();
  /// Moves; the moved-from selector is closed and empty.
  selector(selector&& other) noexcept;
  /// Closes this selector, then takes over `other`'s state; `other` becomes closed.
  selector& operator=(selector&& other) noexcept;
  selector(const selector&) = delete;
  selector& operator=(const selector&) = delete;

  /// Registers `fd` for `events` with user `data` and returns the key (Python's `register`).
  /// @throws sockrpc::error errc::invalid_argument (fd < 0 or no events),
  /// std::errc::file_exists (already registered), errc::socket_closed (selector closed),
  /// or the OS error.
  const selector_key& add(int fd, event events, void* data = nullptr);
  /// Same, reporting errors through `ec` (returns a key with fd -1 on error).
  const selector_key& add(int fd, event events, void* data, std::error_code& ec) noexcept;
  /// Registers an open socket's descriptor (`s.fileno()`); same errors.
  const selector_key& add(const socket& s, event events, void* data = nullptr);
  /// Same, reporting errors through `ec`.
  const selector_key& add(const socket& s, event events, void* data, std::error_code& ec) noexcept;

  /// Changes the events and data of a registered `fd` (Python's `modify`).
  /// @throws sockrpc::error std::errc::no_such_file_or_directory (not registered),
  /// errc::invalid_argument (no events), or the OS error.
  const selector_key& modify(int fd, event events, void* data = nullptr);
  /// Same, reporting errors through `ec`.
  const selector_key& modify(int fd, event events, void* data, std::error_code& ec) noexcept;

  /// Unregisters `fd` and returns its former key (Python's `unregister`). Works even if the
  /// descriptor was already closed.
  /// @throws sockrpc::error std::errc::no_such_file_or_directory (not registered).
  selector_key remove(int fd);
  /// Same, reporting errors through `ec`.
  selector_key remove(int fd, std::error_code& ec) noexcept;
  /// Python-name alias of `remove`.
  selector_key unregister(int fd) { return remove(fd); }
  /// Python-name alias of `remove`, reporting errors through `ec`.
  selector_key unregister(int fd, std::error_code& ec) noexcept { return remove(fd, ec); }

  /// Waits until at least one registered descriptor is ready or `timeout` passes, and
  /// returns the ready ones (empty on timeout). `nullopt` waits without limit; zero or a
  /// negative duration only polls. Sub-millisecond timeouts are rounded up, never down.
  /// Interrupted waits (EINTR) are resumed with the remaining time.
  /// @throws sockrpc::error errc::socket_closed (selector closed) or the OS error.
  std::vector<selector_event> select(std::optional<duration> timeout = std::nullopt);
  /// Same, reporting errors through `ec`.
  std::vector<selector_event> select(std::optional<duration> timeout, std::error_code& ec) noexcept;

  /// The key of `fd`, or nullopt if it is not registered.
  std::optional<selector_key> get_key(int fd) const;
  /// All registrations (Python's `get_map()`), keyed by descriptor.
  const std::unordered_map<int, selector_key>& get_map() const noexcept { return keys_; }
  /// Number of registered descriptors.
  std::size_t size() const noexcept { return keys_.size(); }
  /// The backend in use (`automatic` resolved).
  selector_backend backend() const noexcept { return backend_; }
  /// True until `close()` (or a move from this selector).
  bool is_open() const noexcept { return open_; }
  /// Forgets every registration and releases the epoll descriptor. Idempotent.
  void close() noexcept;

 private:
  void init(selector_backend backend, std::error_code& ec) noexcept;
  std::vector<selector_event> select_epoll(int timeout_ms, std::error_code& ec);
  std::vector<selector_event> select_poll(int timeout_ms, std::error_code& ec);

  selector_backend backend_ = selector_backend::poll;
  bool open_ = false;
  int epfd_ = -1;
  std::unordered_map<int, selector_key> keys_;
};

}  // namespace sockrpc::transport

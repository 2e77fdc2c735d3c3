// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/transport/error.hpp>

#include <system_error>

namespace sockrpc::transport {

/// A descriptor that becomes readable when notified: the portable way to wake a thread
/// blocked in `selector::select()`, poll() or an asio wait from another thread or from a
/// signal handler (eventfd on Linux, a non-blocking pipe elsewhere).
///
/// Notifications coalesce: however many `notify()` calls happened since the last
/// `drain()`, the descriptor is simply readable, and one `drain()` makes it unreadable
/// again. Wait for `event::read` on `native_handle()`; after waking, `drain()` before
/// waiting again.
///
/// Ownership: move-only RAII; owns its descriptor(s), created close-on-exec and
/// non-blocking, closed by the destructor. A moved-from object is closed (`is_open()`
/// false, `native_handle()` -1); `notify()` and `drain()` on it do nothing.
///
/// Thread safety: `notify()` and `drain()` may run concurrently from any threads, and
/// `notify()` is async-signal-safe (one write(2); errno is preserved). Move, assignment
/// and destruction need external synchronisation, like any object.
///
/// ```cpp
/// wake_event wake;
/// selector sel;
/// sel.add(wake.native_handle(), event::read);
/// std::thread t([&] { wake.notify(); });   // or from a signal handler
/// sel.select(std::nullopt);                // returns: the wake descriptor is readable
/// wake.drain();
/// t.join();
/// ```
class wake_event {
 public:
  /// Opens the descriptor.
  /// @throws sockrpc::error with the OS error (EMFILE, ENFILE ...).
  wake_event();
  /// Same, reporting errors through `ec` (the object stays closed on error).
  explicit wake_event(std::error_code& ec) noexcept;
  /// Closes the descriptor(s). Never throws.
  ~wake_event();
  /// Takes `other`'s descriptor(s); `other` becomes closed.
  wake_event(wake_event&& other) noexcept;
  /// Closes this object's descriptor(s), then takes `other`'s; `other` becomes closed.
  wake_event& operator=(wake_event&& other) noexcept;
  /// Not copyable: owns its descriptor.
  wake_event(const wake_event&) = delete;
  /// Not copyable: owns its descriptor.
  wake_event& operator=(const wake_event&) = delete;

  /// True while the object owns its descriptor.
  bool is_open() const noexcept { return read_ >= 0; }
  /// The descriptor to wait on for `event::read` (-1 when closed). Lent, not given away:
  /// never close it; an asio descriptor assigned to it must `release()` it.
  int native_handle() const noexcept { return read_; }

  /// Makes the descriptor readable (if it is not already). Async-signal-safe, thread-safe,
  /// never fails: a full counter or pipe already means "readable".
  void notify() const noexcept;

  /// Consumes every pending notification: the descriptor stops being readable until the
  /// next `notify()`. Never blocks. Returns true if there was at least one.
  bool drain() const noexcept;

 private:
  void close() noexcept;

  int read_ = -1;
  int write_ = -1;  // == read_ for an eventfd
};

}  // namespace sockrpc::transport

// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/transport/address.hpp>
#include <sockrpc/transport/error.hpp>
#include <sockrpc/transport/socket.hpp>

#include <cstdint>
#include <string>
#include <system_error>

namespace sockrpc::transport {

/// The file a Unix-domain listener created when it was bound to a filesystem path (what
/// `bind(2)` leaves behind and `close(2)` does not remove). Claimed right after `bind`,
/// it is removed by `remove()` or the destructor, but only while the path still names the
/// same file (same device and inode): a file another program put there since is left
/// alone. Abstract names (a path starting with '\0') have no file: nothing is claimed.
///
/// Ownership: move-only; owns the removal, not the socket. Moved-from owns nothing.
/// Thread safety: one thread at a time per object.
///
/// ```cpp
/// auto addr = address::local("/run/app.sock");
/// remove_stale_socket_file(addr);        // a file left by a listener that is gone
/// auto listener = create_server(addr);   // bind + listen
/// socket_file file(listener);            // removed when `file` goes
/// ```
class socket_file {
 public:
  /// Owns nothing.
  socket_file() noexcept = default;
  /// Claims the file `listener` is bound to (call it right after `bind`/`create_server`).
  /// A socket that is not bound to a filesystem path claims nothing.
  /// @throws sockrpc::error the OS error of getsockname or stat.
  explicit socket_file(const socket& listener);
  /// Same, reporting errors through `ec` (then owns nothing).
  socket_file(const socket& listener, std::error_code& ec) noexcept;
  /// `remove()`.
  ~socket_file();
  socket_file(socket_file&& other) noexcept;
  socket_file& operator=(socket_file&& other) noexcept;
  socket_file(const socket_file&) = delete;
  socket_file& operator=(const socket_file&) = delete;

  /// The claimed path; empty when nothing is claimed.
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// True while a file is claimed.
  [[nodiscard]] bool owns() const noexcept { return !path_.empty(); }
  /// Unlinks the claimed file if the path still names it, then owns nothing. Errors
  /// (the file is gone, the directory is not writable) are ignored. Idempotent.
  void remove() noexcept;
  /// Owns nothing without removing the file.
  void release() noexcept { path_.clear(); }

 private:
  std::string path_;
  std::uint64_t device_ = 0;
  std::uint64_t inode_ = 0;
};

/// Makes the filesystem path of the Unix-domain address `local` free for a new listener
/// when what is there is a stale socket file: a socket file nobody listens on any more
/// (connecting to it is refused), which is what a server killed before it could clean up
/// leaves behind. Returns true if such a file was removed, false if the path was free,
/// names something other than a socket (left alone: `bind` will then fail with
/// EADDRINUSE), or `local` is not a filesystem path (an abstract name, an IP address).
/// @throws sockrpc::error std::errc::address_in_use when a listener accepts connections
///   at the path (a live server: never replaced), or the OS error of stat/unlink (EACCES).
bool remove_stale_socket_file(const address& local);
/// Same, reporting errors through `ec`.
bool remove_stale_socket_file(const address& local, std::error_code& ec) noexcept;

}  // namespace sockrpc::transport

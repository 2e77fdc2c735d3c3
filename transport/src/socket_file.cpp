// SPDX-License-Identifier: MIT
#include <sockrpc/transport/socket_file.hpp>

#include "detail/or_throw.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace sockrpc::transport {

namespace {

// The filesystem path of a Unix-domain address; empty for other families and for
// abstract names.
std::string filesystem_path(const address& a) {
  if (a.get_family() != family::local) return {};
  std::string path = a.host();
  if (!path.empty() && path.front() == '\0') return {};
  return path;
}

}  // namespace

socket_file::socket_file(const socket& listener) {
  std::error_code ec;
  socket_file claimed(listener, ec);
  sockrpc::detail::throw_if(ec, "socket_file");
  *this = std::move(claimed);
}

socket_file::socket_file(const socket& listener, std::error_code& ec) noexcept {
  ec.clear();
  try {
    const address bound = listener.getsockname(ec);
    if (ec) return;
    std::string path = filesystem_path(bound);
    if (path.empty()) return;
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
      ec = sockrpc::detail::last_error();
      return;
    }
    path_ = std::move(path);
    device_ = static_cast<std::uint64_t>(st.st_dev);
    inode_ = static_cast<std::uint64_t>(st.st_ino);
  } catch (const std::bad_alloc&) {
    ec = std::make_error_code(std::errc::not_enough_memory);
  }
}

socket_file::~socket_file() {
  remove();
}

socket_file::socket_file(socket_file&& other) noexcept
    : path_(std::exchange(other.path_, {})), device_(other.device_), inode_(other.inode_) {}

socket_file& socket_file::operator=(socket_file&& other) noexcept {
  if (this != &other) {
    remove();
    path_ = std::exchange(other.path_, {});
    device_ = other.device_;
    inode_ = other.inode_;
  }
  return *this;
}

void socket_file::remove() noexcept {
  if (path_.empty()) return;
  struct stat st {};
  if (::lstat(path_.c_str(), &st) == 0 && S_ISSOCK(st.st_mode) &&
      static_cast<std::uint64_t>(st.st_dev) == device_ &&
      static_cast<std::uint64_t>(st.st_ino) == inode_) {
    static_cast<void>(::unlink(path_.c_str()));
  }
  path_.clear();
}

bool remove_stale_socket_file(const address& local) {
  return detail::or_throw("remove_stale_socket_file",
                          [&](std::error_code& ec) { return remove_stale_socket_file(local, ec); });
}

bool remove_stale_socket_file(const address& local, std::error_code& ec) noexcept {
  ec.clear();
  try {
    const std::string path = filesystem_path(local);
    if (path.empty()) return false;
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
      if (errno != ENOENT) ec = sockrpc::detail::last_error();
      return false;
    }
    if (!S_ISSOCK(st.st_mode)) return false;
    // A Unix-domain connect never waits: it succeeds or fails at once (EAGAIN when the
    // listener's backlog is full, which still means someone listens).
    socket probe(family::local, sock_type::stream, 0, ec);
    if (ec) return false;
    probe.setblocking(false, ec);
    if (ec) return false;
    const std::error_code connect_ec = probe.connect_ex(local);
    if (connect_ec == std::errc::no_such_file_or_directory) return false;  // gone meanwhile
    if (!connect_ec || connect_ec == std::errc::resource_unavailable_try_again) {
      ec = std::make_error_code(std::errc::address_in_use);  // a live listener
      return false;
    }
    if (connect_ec != std::errc::connection_refused) {
      ec = connect_ec;  // EACCES ...: cannot tell, so leave it
      return false;
    }
    // Only the file probed: a listener that replaced it meanwhile keeps its own.
    struct stat again {};
    if (::lstat(path.c_str(), &again) != 0 || again.st_dev != st.st_dev ||
        again.st_ino != st.st_ino)
      return false;
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
      ec = sockrpc::detail::last_error();
      return false;
    }
    return true;
  } catch (const std::bad_alloc&) {
    ec = std::make_error_code(std::errc::not_enough_memory);
    return false;
  }
}

}  // namespace sockrpc::transport

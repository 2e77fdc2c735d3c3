// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/transport/error.hpp>

#include <sys/socket.h>

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace sockrpc::transport {

/// Address family of a socket or address (the `AF_*` value).
enum class family : int {
  unspec = AF_UNSPEC,  ///< no family: an empty address, or "any family" for the resolver
  ipv4 = AF_INET,      ///< IPv4
  ipv6 = AF_INET6,     ///< IPv6
  local = AF_UNIX,     ///< Unix domain (a filesystem path or an abstract name)
};

/// Socket type (the `SOCK_*` value).
enum class sock_type : int {
  stream = SOCK_STREAM,   ///< connection-oriented byte stream (TCP)
  datagram = SOCK_DGRAM,  ///< datagrams (UDP)
};

/// "unspec", "ipv4", "ipv6", "local", or "unknown" for any other value.
std::string_view to_string(family f) noexcept;
/// Writes `to_string(f)`.
std::ostream& operator<<(std::ostream& os, family f);

/// A socket address: IPv4 or IPv6 host and port, or a Unix-domain path, stored in a
/// `sockaddr_storage`. Never resolves names; use `getaddrinfo` (resolver.hpp) for that.
///
/// Value type: copyable, comparable (`==`, `<` orders by family, then bytes of host, then
/// port), printable (`operator<<` writes `to_string()`).
/// Thread safety: distinct objects safe; const members may be called concurrently.
///
/// ```cpp
/// auto a = address::parse("[::1]:8080");
/// assert(a.get_family() == family::ipv6 && a.port() == 8080 && a.host() == "::1");
/// ```
class address {
 public:
  /// An empty address: family `unspec`, `size()` 0, `to_string()` "".
  address() noexcept;

  /// An IPv4 address from numeric text ("127.0.0.1").
  /// @throws sockrpc::error errc::bad_address if `numeric_host` is not a dotted quad.
  static address ipv4(std::string_view numeric_host, std::uint16_t port);
  /// Same, reporting errors through `ec` (returns an empty address on error).
  static address ipv4(std::string_view numeric_host, std::uint16_t port,
                      std::error_code& ec) noexcept;

  /// An IPv6 address from numeric text ("::1", "fe80::1"); a "%zone" suffix (interface
  /// name or number) sets the scope id and overrides `scope_id`.
  /// @throws sockrpc::error errc::bad_address if the text is not an IPv6 address or
  /// names an unknown interface.
  static address ipv6(std::string_view numeric_host, std::uint16_t port,
                      std::uint32_t scope_id = 0);
  /// Same, reporting errors through `ec` (returns an empty address on error).
  static address ipv6(std::string_view numeric_host, std::uint16_t port, std::uint32_t scope_id,
                      std::error_code& ec) noexcept;

  /// 127.0.0.1 or ::1 with `port`. For another family returns an empty address.
  static address loopback(family f, std::uint16_t port) noexcept;
  /// The wildcard 0.0.0.0 or :: with `port`. For another family returns an empty address.
  static address any(family f, std::uint16_t port) noexcept;

  /// A Unix-domain address. A path starting with '\0' is a Linux abstract name.
  /// @throws sockrpc::error errc::bad_address if the path is too long for sockaddr_un.
  static address local(std::string_view path);
  /// Same, reporting errors through `ec` (returns an empty address on error).
  static address local(std::string_view path, std::error_code& ec) noexcept;

  /// Copies a `sockaddr` returned by the OS (accept, recvfrom, getaddrinfo ...). A null
  /// `sa`, or `len` 0 or larger than `sockaddr_storage`, gives an empty address.
  static address from_sockaddr(const sockaddr* sa, socklen_t len) noexcept;

  /// Parses numeric "host:port" text: "1.2.3.4:80", "[::1]:80", "[fe80::1%lo]:80". No
  /// names, no DNS (see `split_host_port` + `getaddrinfo` for those). The port must be a
  /// decimal 0..65535.
  /// @throws sockrpc::error errc::bad_address on anything else.
  static address parse(std::string_view host_port);
  /// Same, reporting errors through `ec` (returns an empty address on error).
  static address parse(std::string_view host_port, std::error_code& ec) noexcept;

  /// The address family (`unspec` for an empty address). (Not called `family()` because
  /// that would hide the `family` type inside this class.)
  family get_family() const noexcept;
  /// True unless this is an empty address.
  bool empty() const noexcept { return len_ == 0; }
  /// The numeric host without brackets ("::1", "fe80::1%lo", "10.0.0.1"); the path for a
  /// Unix-domain address; "" for an empty one.
  std::string host() const;
  /// The port in host order; 0 for Unix-domain and empty addresses.
  std::uint16_t port() const noexcept;
  /// The IPv6 scope id (interface index); 0 otherwise.
  std::uint32_t scope_id() const noexcept;
  /// A copy with another port (unchanged for non-IP addresses).
  address with_port(std::uint16_t port) const noexcept;
  /// "1.2.3.4:80", "[::1]:80", "[fe80::1%lo]:80", the path for Unix-domain ("@name" for an
  /// abstract name), "" for empty. `parse(to_string())` round-trips IP addresses.
  std::string to_string() const;

  /// The sockaddr to pass to a system call. Borrowed; valid while this object lives.
  const sockaddr* data() const noexcept { return reinterpret_cast<const sockaddr*>(&storage_); }
  /// Mutable sockaddr for system calls that fill an address in (use with `resize`).
  sockaddr* data() noexcept { return reinterpret_cast<sockaddr*>(&storage_); }
  /// The length of the sockaddr in `data()`.
  socklen_t size() const noexcept { return len_; }
  /// Capacity available at `data()` (sizeof(sockaddr_storage)).
  static constexpr socklen_t capacity() noexcept { return sizeof(sockaddr_storage); }
  /// Sets the length after a system call wrote into `data()` (clamped to `capacity()`).
  void resize(socklen_t len) noexcept;

  /// True for 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104.
  bool is_loopback() const noexcept;
  /// True for 0.0.0.0 and ::.
  bool is_any() const noexcept;

  /// Equal when the family, host bytes, port (and IPv6 scope id) or path are equal.
  friend bool operator==(const address& a, const address& b) noexcept;
  /// A strict weak order consistent with ==, for use in maps and sorting.
  friend bool operator<(const address& a, const address& b) noexcept;

 private:
  sockaddr_storage storage_;
  socklen_t len_ = 0;
};

/// Writes `a.to_string()`.
std::ostream& operator<<(std::ostream& os, const address& a);

/// Splits "host:port" text where host may be a name ("localhost:80"), a dotted quad or a
/// bracketed IPv6 literal ("[::1]:80", returned without brackets). The port must be a
/// decimal 0..65535.
/// @throws sockrpc::error errc::bad_address if there is no port, the port is not a
/// number in range, the host is empty, or brackets are unbalanced.
std::pair<std::string, std::uint16_t> split_host_port(std::string_view host_port);
/// Same, reporting errors through `ec` (returns {"", 0} on error).
std::pair<std::string, std::uint16_t> split_host_port(std::string_view host_port,
                                                      std::error_code& ec) noexcept;

}  // namespace sockrpc::transport

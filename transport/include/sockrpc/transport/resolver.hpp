// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/transport/address.hpp>
#include <sockrpc/transport/error.hpp>
#include <sockrpc/transport/socket.hpp>

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

/// Name resolution and connection helpers: the free functions of Python's `socket` module.
///
/// Resolver failures are reported in `sockrpc::netdb_category()` with the `EAI_*` value
/// (e.g. EAI_NONAME); `EAI_SYSTEM` is reported as the underlying errno in
/// `std::system_category()`. Text that is not an address is `errc::bad_address`.
///
/// Blocking: the resolver functions may block on DNS for as long as the system resolver
/// takes (getaddrinfo has no timeout; `create_connection`'s timeout bounds only the
/// connect attempts). Thread safety: all functions are thread-safe (they use the
/// re-entrant libc calls and keep no state).
namespace sockrpc::transport {

/// One result of `getaddrinfo`.
struct addrinfo_entry {
  transport::family family = transport::family::unspec;  ///< address family
  sock_type type = sock_type::stream;                    ///< socket type
  int protocol = 0;                                      ///< IPPROTO_TCP, IPPROTO_UDP ...
  std::string canonname;       ///< canonical name: set on the first entry with AI_CANONNAME
  transport::address address;  ///< the numeric address, port included
};

/// Resolves `host` and `service` (a port number or a service name such as "http") to
/// addresses, in the order the system prefers (RFC 6724). An empty `host` means the
/// loopback address, or the wildcard with `flags` AI_PASSIVE; an empty `service` means
/// port 0. `flags` are the AI_* flags (AI_PASSIVE, AI_NUMERICHOST, AI_CANONNAME ...).
/// AI_ADDRCONFIG is not added, so "localhost" resolves even without configured interfaces.
/// @throws sockrpc::error in netdb_category() (EAI_NONAME, EAI_SERVICE, EAI_AGAIN ...).
std::vector<addrinfo_entry> getaddrinfo(std::string_view host, std::string_view service,
                                        family f = family::unspec,
                                        sock_type type = sock_type::stream, int flags = 0);
/// Same, reporting errors through `ec` (returns an empty vector on error).
std::vector<addrinfo_entry> getaddrinfo(std::string_view host, std::string_view service, family f,
                                        sock_type type, int flags, std::error_code& ec) noexcept;
/// Same as above with a numeric port.
std::vector<addrinfo_entry> getaddrinfo(std::string_view host, std::uint16_t port,
                                        family f = family::unspec,
                                        sock_type type = sock_type::stream, int flags = 0);
/// Same, reporting errors through `ec`.
std::vector<addrinfo_entry> getaddrinfo(std::string_view host, std::uint16_t port, family f,
                                        sock_type type, int flags, std::error_code& ec) noexcept;

/// The first IPv4 address of `name`, as text ("127.0.0.1"). Numeric input is returned
/// normalised.
/// @throws sockrpc::error in netdb_category().
std::string gethostbyname(std::string_view name);
/// Same, reporting errors through `ec`.
std::string gethostbyname(std::string_view name, std::error_code& ec) noexcept;

/// The result of `gethostbyname_ex`.
struct host_entry {
  std::string hostname;                ///< the primary (canonical) name
  std::vector<std::string> aliases;    ///< alternative names (from /etc/hosts or DNS)
  std::vector<std::string> addresses;  ///< IPv4 addresses as text
};

/// Primary name, aliases and all IPv4 addresses of `name` (gethostbyname_r).
/// @throws sockrpc::error in netdb_category() (EAI_NONAME when unknown, EAI_AGAIN ...).
host_entry gethostbyname_ex(std::string_view name);
/// Same, reporting errors through `ec`.
host_entry gethostbyname_ex(std::string_view name, std::error_code& ec) noexcept;

/// This machine's host name.
/// @throws sockrpc::error with the OS error.
std::string gethostname();
/// Same, reporting errors through `ec`.
std::string gethostname(std::error_code& ec) noexcept;

/// The port of a service name ("http" -> 80) from the services database, for protocol
/// `proto` ("tcp", "udp") or any protocol if empty.
/// @throws sockrpc::error netdb_category() EAI_SERVICE if unknown.
std::uint16_t getservbyname(std::string_view name, std::string_view proto = {});
/// Same, reporting errors through `ec` (returns 0 on error).
std::uint16_t getservbyname(std::string_view name, std::string_view proto,
                            std::error_code& ec) noexcept;

/// The service name of a port (80 -> "http"), for `proto` or any protocol if empty.
/// @throws sockrpc::error netdb_category() EAI_SERVICE if unknown.
std::string getservbyport(std::uint16_t port, std::string_view proto = {});
/// Same, reporting errors through `ec`.
std::string getservbyport(std::uint16_t port, std::string_view proto, std::error_code& ec) noexcept;

/// Converts numeric text to the address in network order: 4 bytes (ipv4) or 16 (ipv6).
/// @throws sockrpc::error errc::bad_address for bad text, errc::invalid_argument for a
/// family other than ipv4/ipv6.
std::vector<std::byte> inet_pton(family f, std::string_view text);
/// Same, reporting errors through `ec`.
std::vector<std::byte> inet_pton(family f, std::string_view text, std::error_code& ec) noexcept;

/// Converts 4 (ipv4) or 16 (ipv6) network-order bytes to numeric text.
/// @throws sockrpc::error errc::invalid_argument for a wrong size or family.
std::string inet_ntop(family f, std::span<const std::byte> bytes);
/// Same, reporting errors through `ec`.
std::string inet_ntop(family f, std::span<const std::byte> bytes, std::error_code& ec) noexcept;

/// Connects a TCP socket to `host`:`port`: resolves it, then tries every address in
/// order until one connects. `timeout` bounds the whole attempt (all addresses together,
/// not the DNS lookup) and is also set on the returned socket (nullopt: blocking, no
/// limit). With `source_address` the socket is bound to it first (only addresses of its
/// family are tried).
/// @throws sockrpc::error with the last error (ECONNREFUSED, errc::timeout, a
/// netdb_category() error from resolution ...).
socket create_connection(std::string_view host, std::uint16_t port,
                         std::optional<duration> timeout = {},
                         std::optional<address> source_address = {});
/// Same, reporting errors through `ec` (returns a closed socket on error).
socket create_connection(std::string_view host, std::uint16_t port, std::optional<duration> timeout,
                         std::optional<address> source_address, std::error_code& ec) noexcept;
/// Same with "host:port" text ("localhost:8080", "[::1]:8080"); see split_host_port.
socket create_connection(std::string_view host_port, std::optional<duration> timeout = {},
                         std::optional<address> source_address = {});
/// Same, reporting errors through `ec`.
socket create_connection(std::string_view host_port, std::optional<duration> timeout,
                         std::optional<address> source_address, std::error_code& ec) noexcept;

/// A listening TCP socket bound to `local` with SO_REUSEADDR (like Python). The family is
/// `local`'s; `f` is only used when `local` is empty (then the wildcard of `f`, port 0).
/// `reuse_port` sets SO_REUSEPORT. An IPv6 socket is IPV6_V6ONLY unless
/// `dualstack_ipv6`, which makes it accept IPv4 clients too (needs an ipv6 address and
/// `has_dualstack_ipv6()`).
/// @throws sockrpc::error errc::invalid_argument (dualstack without IPv6 support or
/// on an IPv4 address), or the OS error (EADDRINUSE ...).
socket create_server(const address& local, family f = family::ipv4, int backlog = SOMAXCONN,
                     bool reuse_port = false, bool dualstack_ipv6 = false);
/// Same, reporting errors through `ec`.
socket create_server(const address& local, family f, int backlog, bool reuse_port,
                     bool dualstack_ipv6, std::error_code& ec) noexcept;

/// True if this system supports IPv6 sockets that also accept IPv4 (IPV6_V6ONLY off).
bool has_dualstack_ipv6() noexcept;

}  // namespace sockrpc::transport

// SPDX-License-Identifier: MIT
#include <sockrpc/transport/address.hpp>

#include "detail/or_throw.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <ostream>
#include <tuple>

namespace sockrpc::transport {
namespace {

const sockaddr_in& as_in(const sockaddr_storage& s) {
  return *reinterpret_cast<const sockaddr_in*>(&s);
}
const sockaddr_in6& as_in6(const sockaddr_storage& s) {
  return *reinterpret_cast<const sockaddr_in6*>(&s);
}
const sockaddr_un& as_un(const sockaddr_storage& s) {
  return *reinterpret_cast<const sockaddr_un*>(&s);
}

// Parses a decimal port 0..65535 (no sign, no spaces, at most 5 digits).
bool parse_port(std::string_view text, std::uint16_t& port) {
  if (text.empty() || text.size() > 5) return false;
  unsigned value = 0;
  auto [ptr, err] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (err != std::errc{} || ptr != text.data() + text.size() || value > 65535) return false;
  port = static_cast<std::uint16_t>(value);
  return true;
}

// "host:port" or "[host]:port" taken apart. The host of the first form may not hold ':'
// (an IPv6 literal needs brackets) nor a bracket. False when the text has neither shape or
// the port is not 0..65535; the host itself is not checked.
struct host_port_text {
  std::string_view host;
  std::uint16_t port = 0;
  bool bracketed = false;
};
bool split_host_port_text(std::string_view text, host_port_text& out) {
  std::string_view port_text;
  out.bracketed = !text.empty() && text.front() == '[';
  if (out.bracketed) {
    auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return false;
    }
    out.host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return false;
    out.host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (out.host.find_first_of(":[]") != std::string_view::npos) return false;
  }
  return parse_port(port_text, out.port);
}

// Copies `s` into `out` with a terminating NUL; false if it does not fit.
template <std::size_t N>
bool to_c_string(std::string_view s, char (&out)[N]) noexcept {
  if (s.size() >= N) return false;
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  return true;
}

// Unix-domain path length inside a sockaddr_un of length `len`.
std::size_t local_path_length(const sockaddr_un& un, socklen_t len) {
  const auto offset = offsetof(sockaddr_un, sun_path);
  if (len <= offset) return 0;
  std::size_t n = len - offset;
  if (n > 0 && un.sun_path[0] != '\0') {
    // Pathname: NUL-terminated within the reported length.
    n = ::strnlen(un.sun_path, n);
  }
  return n;
}

}  // namespace

std::string_view to_string(family f) noexcept {
  switch (f) {
    case family::unspec:
      return "unspec";
    case family::ipv4:
      return "ipv4";
    case family::ipv6:
      return "ipv6";
    case family::local:
      return "local";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& os, family f) {
  return os << to_string(f);
}

address::address() noexcept : storage_{} {}

address address::ipv4(std::string_view numeric_host, std::uint16_t port) {
  return detail::or_throw("address::ipv4",
                          [&](std::error_code& ec) { return ipv4(numeric_host, port, ec); });
}

address address::ipv4(std::string_view numeric_host, std::uint16_t port,
                      std::error_code& ec) noexcept {
  ec.clear();
  char text[INET_ADDRSTRLEN];
  address a;
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = ::htons(port);
  if (!to_c_string(numeric_host, text) || ::inet_pton(AF_INET, text, &sin.sin_addr) != 1) {
    ec = errc::bad_address;
    return a;
  }
  std::memcpy(&a.storage_, &sin, sizeof sin);
  a.len_ = sizeof sin;
  return a;
}

address address::ipv6(std::string_view numeric_host, std::uint16_t port, std::uint32_t scope_id) {
  return detail::or_throw(
      "address::ipv6", [&](std::error_code& ec) { return ipv6(numeric_host, port, scope_id, ec); });
}

address address::ipv6(std::string_view numeric_host, std::uint16_t port, std::uint32_t scope_id,
                      std::error_code& ec) noexcept {
  ec.clear();
  address a;
  std::string_view zone;
  if (auto pct = numeric_host.find('%'); pct != std::string_view::npos) {
    zone = numeric_host.substr(pct + 1);
    numeric_host = numeric_host.substr(0, pct);
    if (zone.empty()) {
      ec = errc::bad_address;
      return a;
    }
  }
  char text[INET6_ADDRSTRLEN];
  sockaddr_in6 sin6{};
  sin6.sin6_family = AF_INET6;
  sin6.sin6_port = ::htons(port);
  sin6.sin6_scope_id = scope_id;
  if (zone.size() >= IF_NAMESIZE || !to_c_string(numeric_host, text) ||
      ::inet_pton(AF_INET6, text, &sin6.sin6_addr) != 1) {
    ec = errc::bad_address;
    return a;
  }
  if (!zone.empty()) {
    std::uint32_t index = 0;
    auto [ptr, err] = std::from_chars(zone.data(), zone.data() + zone.size(), index);
    if (err != std::errc{} || ptr != zone.data() + zone.size()) {
      char name[IF_NAMESIZE];
      index = to_c_string(zone, name) ? ::if_nametoindex(name) : 0;
      if (index == 0) {
        ec = errc::bad_address;
        return a;
      }
    }
    sin6.sin6_scope_id = index;
  }
  std::memcpy(&a.storage_, &sin6, sizeof sin6);
  a.len_ = sizeof sin6;
  return a;
}

address address::loopback(family f, std::uint16_t port) noexcept {
  std::error_code ec;
  if (f == family::ipv4) return ipv4("127.0.0.1", port, ec);
  if (f == family::ipv6) return ipv6("::1", port, 0, ec);
  return {};
}

address address::any(family f, std::uint16_t port) noexcept {
  std::error_code ec;
  if (f == family::ipv4) return ipv4("0.0.0.0", port, ec);
  if (f == family::ipv6) return ipv6("::", port, 0, ec);
  return {};
}

address address::local(std::string_view path) {
  return detail::or_throw("address::local", [&](std::error_code& ec) { return local(path, ec); });
}

address address::local(std::string_view path, std::error_code& ec) noexcept {
  ec.clear();
  address a;
  sockaddr_un un{};
  // A pathname needs room for its terminating NUL; an abstract name does not.
  const bool abstract = !path.empty() && path.front() == '\0';
  if (path.empty() || path.size() + (abstract ? 0 : 1) > sizeof un.sun_path) {
    ec = errc::bad_address;
    return a;
  }
  un.sun_family = AF_UNIX;
  std::memcpy(un.sun_path, path.data(), path.size());
  std::memcpy(&a.storage_, &un, sizeof un);
  a.len_ =
      static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + (abstract ? 0 : 1));
  return a;
}

address address::from_sockaddr(const sockaddr* sa, socklen_t len) noexcept {
  address a;
  if (sa == nullptr || len == 0 || len > sizeof(sockaddr_storage)) return a;
  std::memcpy(&a.storage_, sa, len);
  a.len_ = len;
  return a;
}

void address::resize(socklen_t len) noexcept {
  len_ = std::min(len, capacity());
}

address address::parse(std::string_view host_port) {
  return detail::or_throw("address::parse",
                          [&](std::error_code& ec) { return parse(host_port, ec); });
}

address address::parse(std::string_view host_port, std::error_code& ec) noexcept {
  ec.clear();
  host_port_text parts;
  if (!split_host_port_text(host_port, parts)) {
    ec = errc::bad_address;
    return {};
  }
  return parts.bracketed ? ipv6(parts.host, parts.port, 0, ec) : ipv4(parts.host, parts.port, ec);
}

family address::get_family() const noexcept {
  return len_ == 0 ? family::unspec : static_cast<family>(storage_.ss_family);
}

std::string address::host() const {
  switch (get_family()) {
    case family::ipv4: {
      char text[INET_ADDRSTRLEN];
      ::inet_ntop(AF_INET, &as_in(storage_).sin_addr, text, sizeof text);
      return text;
    }
    case family::ipv6: {
      char text[INET6_ADDRSTRLEN];
      ::inet_ntop(AF_INET6, &as_in6(storage_).sin6_addr, text, sizeof text);
      std::string out = text;
      if (auto scope = as_in6(storage_).sin6_scope_id; scope != 0) {
        char name[IF_NAMESIZE];
        out += '%';
        out += ::if_indextoname(scope, name) != nullptr ? std::string(name) : std::to_string(scope);
      }
      return out;
    }
    case family::local: {
      const auto& un = as_un(storage_);
      return std::string(un.sun_path, local_path_length(un, len_));
    }
    case family::unspec:
      break;
  }
  return {};
}

std::uint16_t address::port() const noexcept {
  switch (get_family()) {
    case family::ipv4:
      return ::ntohs(as_in(storage_).sin_port);
    case family::ipv6:
      return ::ntohs(as_in6(storage_).sin6_port);
    default:
      return 0;
  }
}

std::uint32_t address::scope_id() const noexcept {
  return get_family() == family::ipv6 ? as_in6(storage_).sin6_scope_id : 0;
}

address address::with_port(std::uint16_t port) const noexcept {
  address a = *this;
  if (get_family() == family::ipv4) {
    reinterpret_cast<sockaddr_in*>(&a.storage_)->sin_port = ::htons(port);
  } else if (get_family() == family::ipv6) {
    reinterpret_cast<sockaddr_in6*>(&a.storage_)->sin6_port = ::htons(port);
  }
  return a;
}

std::string address::to_string() const {
  switch (get_family()) {
    case family::ipv4:
      return host() + ':' + std::to_string(port());
    case family::ipv6:
      return '[' + host() + "]:" + std::to_string(port());
    case family::local: {
      std::string path = host();
      if (!path.empty() && path.front() == '\0') path.front() = '@';
      return path;
    }
    case family::unspec:
      break;
  }
  return {};
}

bool address::is_loopback() const noexcept {
  if (get_family() == family::ipv4) {
    return (::ntohl(as_in(storage_).sin_addr.s_addr) >> 24) == 127;
  }
  if (get_family() == family::ipv6) {
    const auto& a6 = as_in6(storage_).sin6_addr;
    if (IN6_IS_ADDR_LOOPBACK(&a6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
  }
  return false;
}

bool address::is_any() const noexcept {
  if (get_family() == family::ipv4) return as_in(storage_).sin_addr.s_addr == INADDR_ANY;
  if (get_family() == family::ipv6) return IN6_IS_ADDR_UNSPECIFIED(&as_in6(storage_).sin6_addr);
  return false;
}

namespace {

// The comparison key: family, host bytes, port, scope id (IPv6) or path (local).
struct key {
  int fam;
  std::string bytes;
  std::uint32_t port;
  std::uint32_t scope;
  auto tie() const { return std::tie(fam, bytes, port, scope); }
};

key make_key(const address& a) {
  const auto* sa = a.data();
  switch (a.get_family()) {
    case family::ipv4: {
      const auto* sin = reinterpret_cast<const sockaddr_in*>(sa);
      return {AF_INET, std::string(reinterpret_cast<const char*>(&sin->sin_addr), 4), a.port(), 0};
    }
    case family::ipv6: {
      const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(sa);
      return {AF_INET6, std::string(reinterpret_cast<const char*>(&sin6->sin6_addr), 16), a.port(),
              sin6->sin6_scope_id};
    }
    case family::local:
      return {AF_UNIX, a.host(), 0, 0};
    case family::unspec:
      break;
  }
  return {static_cast<int>(a.get_family()),
          std::string(reinterpret_cast<const char*>(sa), a.size()), 0, 0};
}

}  // namespace

bool operator==(const address& a, const address& b) noexcept {
  if (a.get_family() != b.get_family()) return false;
  return make_key(a).tie() == make_key(b).tie();
}

bool operator<(const address& a, const address& b) noexcept {
  return make_key(a).tie() < make_key(b).tie();
}

std::ostream& operator<<(std::ostream& os, const address& a) {
  return os << a.to_string();
}

std::pair<std::string, std::uint16_t> split_host_port(std::string_view host_port) {
  return detail::or_throw("split_host_port",
                          [&](std::error_code& ec) { return split_host_port(host_port, ec); });
}

std::pair<std::string, std::uint16_t> split_host_port(std::string_view host_port,
                                                      std::error_code& ec) noexcept {
  ec.clear();
  host_port_text parts;
  if (!split_host_port_text(host_port, parts) || parts.host.empty()) {
    ec = errc::bad_address;
    return {};
  }
  return {std::string(parts.host), parts.port};
}

}  // namespace sockrpc::transport

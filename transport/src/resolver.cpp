// SPDX-License-Identifier: MIT
#include <sockrpc/transport/resolver.hpp>

#include "detail/io_wait.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <memory>

namespace sockrpc::transport {
namespace {

std::error_code netdb_error(int eai) noexcept {
  if (eai == EAI_SYSTEM) return detail::last_error();
  return {eai, netdb_category()};
}

// h_errno values of gethostbyname_r mapped onto the EAI_* codes of netdb_category().
std::error_code h_errno_error(int herr) noexcept {
  switch (herr) {
    case TRY_AGAIN:
      return {EAI_AGAIN, netdb_category()};
    case NO_RECOVERY:
      return {EAI_FAIL, netdb_category()};
#ifdef EAI_NODATA
    case NO_DATA:
      return {EAI_NODATA, netdb_category()};
#endif
    default:
      return {EAI_NONAME, netdb_category()};
  }
}

struct addrinfo_deleter {
  void operator()(addrinfo* ai) const noexcept { ::freeaddrinfo(ai); }
};

// The reentrant getservby*_r call `lookup(proto, entry, buf, size, result)` for `proto`
// ("" = any), and what `take` makes of the entry found; none found: EAI_SERVICE in `ec`
// and an empty result.
template <class Lookup, class Take>
auto find_service(std::string_view proto, std::error_code& ec, Lookup lookup, Take take) {
  ec.clear();
  const std::string proto_z(proto);
  servent se{};
  servent* result = nullptr;
  char buf[4096];
  lookup(proto.empty() ? nullptr : proto_z.c_str(), &se, buf, sizeof buf, &result);
  if (result == nullptr) {
    ec = {EAI_SERVICE, netdb_category()};
    return decltype(take(se)){};
  }
  return take(*result);
}

}  // namespace

// ---- getaddrinfo ----------------------------------------------------------------------

std::vector<addrinfo_entry> getaddrinfo(std::string_view host, std::string_view service, family f,
                                        sock_type type, int flags) {
  return detail::or_throw("getaddrinfo", [&](std::error_code& ec) {
    return getaddrinfo(host, service, f, type, flags, ec);
  });
}

std::vector<addrinfo_entry> getaddrinfo(std::string_view host, std::string_view service, family f,
                                        sock_type type, int flags, std::error_code& ec) noexcept {
  ec.clear();
  const std::string host_z(host);
  const std::string service_z = service.empty() ? std::string("0") : std::string(service);
  addrinfo hints{};
  hints.ai_family = static_cast<int>(f);
  hints.ai_socktype = static_cast<int>(type);
  hints.ai_flags = flags;
  addrinfo* raw = nullptr;
  const int rc =
      ::getaddrinfo(host.empty() ? nullptr : host_z.c_str(), service_z.c_str(), &hints, &raw);
  if (rc != 0) {
    ec = netdb_error(rc);
    return {};
  }
  std::unique_ptr<addrinfo, addrinfo_deleter> list(raw);
  std::vector<addrinfo_entry> out;
  for (const addrinfo* ai = list.get(); ai != nullptr; ai = ai->ai_next) {
    addrinfo_entry e;
    e.family = static_cast<family>(ai->ai_family);
    e.type = static_cast<sock_type>(ai->ai_socktype);
    e.protocol = ai->ai_protocol;
    if (ai->ai_canonname != nullptr) e.canonname = ai->ai_canonname;
    e.address = address::from_sockaddr(ai->ai_addr, ai->ai_addrlen);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<addrinfo_entry> getaddrinfo(std::string_view host, std::uint16_t port, family f,
                                        sock_type type, int flags) {
  return getaddrinfo(host, std::to_string(port), f, type, flags | AI_NUMERICSERV);
}

std::vector<addrinfo_entry> getaddrinfo(std::string_view host, std::uint16_t port, family f,
                                        sock_type type, int flags, std::error_code& ec) noexcept {
  return getaddrinfo(host, std::to_string(port), f, type, flags | AI_NUMERICSERV, ec);
}

// ---- host names -----------------------------------------------------------------------

std::string gethostbyname(std::string_view name) {
  return detail::or_throw("gethostbyname",
                          [&](std::error_code& ec) { return gethostbyname(name, ec); });
}

std::string gethostbyname(std::string_view name, std::error_code& ec) noexcept {
  auto entries = getaddrinfo(name, std::string_view{}, family::ipv4, sock_type::stream, 0, ec);
  if (ec) return {};
  if (entries.empty()) {
    ec = {EAI_NONAME, netdb_category()};
    return {};
  }
  return entries.front().address.host();
}

host_entry gethostbyname_ex(std::string_view name) {
  return detail::or_throw("gethostbyname_ex",
                          [&](std::error_code& ec) { return gethostbyname_ex(name, ec); });
}

host_entry gethostbyname_ex(std::string_view name, std::error_code& ec) noexcept {
  ec.clear();
  const std::string name_z(name);
  hostent he{};
  hostent* result = nullptr;
  int herr = 0;
  std::vector<char> buf(1024);
  int rc;
  while ((rc = ::gethostbyname_r(name_z.c_str(), &he, buf.data(), buf.size(), &result, &herr)) ==
             ERANGE &&
         buf.size() < (1U << 20)) {
    buf.resize(buf.size() * 2);
  }
  if (rc != 0 && rc != ERANGE && result == nullptr && herr == NETDB_INTERNAL) {
    ec.assign(rc, std::system_category());
    return {};
  }
  if (result == nullptr) {
    ec = h_errno_error(herr);
    return {};
  }
  host_entry out;
  out.hostname = result->h_name != nullptr ? result->h_name : "";
  for (char** alias = result->h_aliases; alias != nullptr && *alias != nullptr; ++alias) {
    out.aliases.emplace_back(*alias);
  }
  if (result->h_addrtype == AF_INET) {
    for (char** a = result->h_addr_list; a != nullptr && *a != nullptr; ++a) {
      char text[INET_ADDRSTRLEN];
      if (::inet_ntop(AF_INET, *a, text, sizeof text) != nullptr) out.addresses.emplace_back(text);
    }
  }
  return out;
}

std::string gethostname() {
  return detail::or_throw("gethostname", [&](std::error_code& ec) { return gethostname(ec); });
}

std::string gethostname(std::error_code& ec) noexcept {
  ec.clear();
  char name[HOST_NAME_MAX + 1] = {};
  if (::gethostname(name, sizeof name - 1) < 0) {
    ec = detail::last_error();
    return {};
  }
  return name;
}

// ---- services -------------------------------------------------------------------------

std::uint16_t getservbyname(std::string_view name, std::string_view proto) {
  return detail::or_throw("getservbyname",
                          [&](std::error_code& ec) { return getservbyname(name, proto, ec); });
}

std::uint16_t getservbyname(std::string_view name, std::string_view proto,
                            std::error_code& ec) noexcept {
  const std::string name_z(name);
  return find_service(
      proto, ec,
      [&](const char* p, servent* se, char* buf, std::size_t size, servent** result) {
        ::getservbyname_r(name_z.c_str(), p, se, buf, size, result);
      },
      [](const servent& e) { return ::ntohs(static_cast<std::uint16_t>(e.s_port)); });
}

std::string getservbyport(std::uint16_t port, std::string_view proto) {
  return detail::or_throw("getservbyport",
                          [&](std::error_code& ec) { return getservbyport(port, proto, ec); });
}

std::string getservbyport(std::uint16_t port, std::string_view proto,
                          std::error_code& ec) noexcept {
  return find_service(
      proto, ec,
      [&](const char* p, servent* se, char* buf, std::size_t size, servent** result) {
        ::getservbyport_r(static_cast<int>(::htons(port)), p, se, buf, size, result);
      },
      [](const servent& e) { return std::string(e.s_name); });
}

// ---- numeric conversions --------------------------------------------------------------

std::vector<std::byte> inet_pton(family f, std::string_view text) {
  return detail::or_throw("inet_pton", [&](std::error_code& ec) { return inet_pton(f, text, ec); });
}

std::vector<std::byte> inet_pton(family f, std::string_view text, std::error_code& ec) noexcept {
  ec.clear();
  std::size_t size = 0;
  if (f == family::ipv4) size = 4;
  if (f == family::ipv6) size = 16;
  if (size == 0) {
    ec = errc::invalid_argument;
    return {};
  }
  const std::string text_z(text);
  std::vector<std::byte> out(size);
  if (text.find('\0') != std::string_view::npos ||
      ::inet_pton(static_cast<int>(f), text_z.c_str(), out.data()) != 1) {
    ec = errc::bad_address;
    return {};
  }
  return out;
}

std::string inet_ntop(family f, std::span<const std::byte> bytes) {
  return detail::or_throw("inet_ntop",
                          [&](std::error_code& ec) { return inet_ntop(f, bytes, ec); });
}

std::string inet_ntop(family f, std::span<const std::byte> bytes, std::error_code& ec) noexcept {
  ec.clear();
  if (!((f == family::ipv4 && bytes.size() == 4) || (f == family::ipv6 && bytes.size() == 16))) {
    ec = errc::invalid_argument;
    return {};
  }
  char text[INET6_ADDRSTRLEN];
  if (::inet_ntop(static_cast<int>(f), bytes.data(), text, sizeof text) == nullptr) {
    ec = detail::last_error();
    return {};
  }
  return text;
}

// ---- create_connection / create_server --------------------------------------------------

socket create_connection(std::string_view host, std::uint16_t port, std::optional<duration> timeout,
                         std::optional<address> source_address) {
  return detail::or_throw("create_connection", [&](std::error_code& ec) {
    return create_connection(host, port, timeout, std::move(source_address), ec);
  });
}

socket create_connection(std::string_view host, std::uint16_t port, std::optional<duration> timeout,
                         std::optional<address> source_address, std::error_code& ec) noexcept {
  ec.clear();
  if (timeout && timeout->count() < 0) {
    ec = errc::invalid_argument;
    return {};
  }
  // The deadline starts before resolution so it bounds everything after it too.
  const deadline until = timeout ? detail::deadline_after(*timeout) : deadline::max();
  const auto entries = getaddrinfo(host, port, family::unspec, sock_type::stream, 0, ec);
  if (ec) return {};
  std::error_code last(EAFNOSUPPORT, std::system_category());
  for (const auto& entry : entries) {
    if (source_address && source_address->get_family() != entry.family) continue;
    std::error_code attempt;
    socket s(entry.family, sock_type::stream, entry.protocol, attempt);
    if (!attempt) s.settimeout(timeout, attempt);
    if (!attempt && source_address) s.bind(*source_address, attempt);
    if (!attempt) {
      if (timeout && timeout->count() == 0) {
        s.connect(entry.address, attempt);  // non-blocking: EINPROGRESS, like Python
      } else {
        s.connect(entry.address, until, attempt);
      }
    }
    if (!attempt) return s;
    last = attempt;
    if (attempt == errc::timeout) break;  // no time left for the other addresses
  }
  ec = last;
  return {};
}

socket create_connection(std::string_view host_port, std::optional<duration> timeout,
                         std::optional<address> source_address) {
  return detail::or_throw("create_connection", [&](std::error_code& ec) {
    return create_connection(host_port, timeout, std::move(source_address), ec);
  });
}

socket create_connection(std::string_view host_port, std::optional<duration> timeout,
                         std::optional<address> source_address, std::error_code& ec) noexcept {
  auto [host, port] = split_host_port(host_port, ec);
  if (ec) return {};
  return create_connection(host, port, timeout, std::move(source_address), ec);
}

socket create_server(const address& local, family f, int backlog, bool reuse_port,
                     bool dualstack_ipv6) {
  return detail::or_throw("create_server", [&](std::error_code& ec) {
    return create_server(local, f, backlog, reuse_port, dualstack_ipv6, ec);
  });
}

socket create_server(const address& local, family f, int backlog, bool reuse_port,
                     bool dualstack_ipv6, std::error_code& ec) noexcept {
  ec.clear();
  const address addr = local.empty() ? address::any(f, 0) : local;
  const family fam = addr.get_family();
  if (fam == family::unspec || (dualstack_ipv6 && (fam != family::ipv6 || !has_dualstack_ipv6()))) {
    ec = errc::invalid_argument;
    return {};
  }
  socket s(fam, sock_type::stream, 0, ec);
  if (ec) return {};
  if (fam != family::local) s.set_reuse_address(true, ec);
  if (!ec && reuse_port) s.set_reuse_port(true, ec);
  if (!ec && fam == family::ipv6) s.set_v6only(!dualstack_ipv6, ec);
  if (!ec) s.bind(addr, ec);
  if (!ec) s.listen(backlog, ec);
  if (ec) return {};
  return s;
}

bool has_dualstack_ipv6() noexcept {
  std::error_code ec;
  socket s(family::ipv6, sock_type::stream, 0, ec);
  if (ec) return false;
  s.set_v6only(false, ec);
  return !ec;
}

}  // namespace sockrpc::transport

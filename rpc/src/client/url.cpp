// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/client/url.hpp>

#include <sockrpc/transport/address.hpp>
#include <sockrpc/transport/error.hpp>

#include <algorithm>
#include <charconv>
#include <ostream>

namespace sockrpc::rpc {
namespace {

// IPv6 literals go in brackets.
void append_host(std::string& out, const std::string& host) {
  const bool v6 = host.find(':') != std::string::npos;
  if (v6) out += '[';
  out += host;
  if (v6) out += ']';
}

void append_port(std::string& out, std::uint16_t port) {
  out += ':';
  out += std::to_string(port);
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool host_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '%';
}

// Records `why` as a bad_address failure. The message keeps the form of the
// std::system_error text url::parse has always thrown: "<why>: <code message>".
bool fail(status& st, std::string_view why) {
  const std::error_code ec = make_error_code(transport::errc::bad_address);
  std::string message(why);
  message += ": ";
  message += ec.message();
  st.assign(ec, std::move(message));
  return false;
}

// Parses the socket path of a unix:// or framed+unix:// URL (`rest`: after "://").
bool parse_socket_path(std::string_view rest, url& u, status& st) {
  if (rest.empty() || rest.front() != '/')
    return fail(st, "unix:// URLs need an absolute socket path (unix:///ABS/PATH)");
  if (rest.find_first_of("?#") != std::string_view::npos)
    return fail(st, "'?' or '#' in a unix:// URL socket path (percent-encode it)");
  if (!percent_decode(rest, u.socket_path) || u.socket_path.find('\0') != std::string::npos)
    return fail(st, "bad percent escape in the URL socket path");
  std::error_code ec;
  static_cast<void>(transport::address::local(u.socket_path, ec));
  if (ec) return fail(st, "URL socket path too long for a Unix domain socket");
  u.host.clear();
  u.port = 0;
  if (u.scheme == url_scheme::unix_http) {
    u.path = "/RPC2";
  } else {
    u.path.clear();
  }
  return true;
}

// Parses `text` into `u`; false on error (`st` set).
bool parse_into(std::string_view text, url& u, status& st) {
  const auto sep = text.find("://");
  if (sep == std::string_view::npos)
    return fail(st, "URL has no scheme (want http://, tcp://, unix:// or framed+unix://)");
  const auto scheme = text.substr(0, sep);
  if (iequals(scheme, "http")) {
    u.scheme = url_scheme::http;
  } else if (iequals(scheme, "tcp")) {
    u.scheme = url_scheme::tcp;
  } else if (iequals(scheme, "unix")) {
    u.scheme = url_scheme::unix_http;
  } else if (iequals(scheme, "framed+unix")) {
    u.scheme = url_scheme::unix_framed;
  } else {
    return fail(st, "unsupported URL scheme (want http://, tcp://, unix:// or framed+unix://)");
  }
  std::string_view rest = text.substr(sep + 3);
  if (u.is_local()) return parse_socket_path(rest, u, st);
  const auto path_at = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path_at);
  std::string_view path =
      path_at == std::string_view::npos ? std::string_view{} : rest.substr(path_at);
  if (const auto hash = path.find('#'); hash != std::string_view::npos) path = path.substr(0, hash);

  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    if (u.scheme == url_scheme::tcp) return fail(st, "tcp:// URLs take no credentials");
    const auto userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const auto colon = userinfo.find(':');
    if (!percent_decode(userinfo.substr(0, colon), u.user))
      return fail(st, "bad percent escape in the URL user name");
    if (colon != std::string_view::npos && !percent_decode(userinfo.substr(colon + 1), u.password))
      return fail(st, "bad percent escape in the URL password");
    u.has_credentials = true;
  }

  std::string_view host;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return fail(st, "unterminated '[' in URL host");
    host = authority.substr(1, close - 1);
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail(st, "unexpected characters after ']' in URL");
      port_text = after.substr(1);
      if (port_text.empty()) return fail(st, "empty port in URL");
    }
    if (host.empty() ||
        host.find_first_not_of("0123456789abcdefABCDEF:.%") != std::string_view::npos)
      return fail(st, "bad IPv6 literal in URL host");
  } else {
    const auto colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return fail(st, "empty port in URL");
    }
    if (!std::all_of(host.begin(), host.end(), host_char))
      return fail(st, "bad character in URL host (IPv6 literals need brackets)");
  }
  if (host.empty()) return fail(st, "empty host in URL");
  u.host = std::string(host);

  if (!port_text.empty()) {
    unsigned value = 0;
    const auto [end, err] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (err != std::errc{} || end != port_text.data() + port_text.size() || value == 0 ||
        value > 65535)
      return fail(st, "bad port in URL (want 1..65535)");
    u.port = static_cast<std::uint16_t>(value);
  } else if (u.scheme == url_scheme::tcp) {
    return fail(st, "tcp:// URL needs a port");
  } else {
    u.port = 80;
  }

  if (u.scheme == url_scheme::tcp) {
    if (!path.empty() && path != "/") return fail(st, "tcp:// URLs take no path");
    u.path.clear();
  } else if (path.empty()) {
    u.path = "/RPC2";
  } else {
    u.path.clear();
    if (path.front() != '/') u.path += '/';
    u.path += path;
    if (u.path.find_first_of(" \t\r\n") != std::string::npos)
      return fail(st, "whitespace in URL path");
  }
  return true;
}

}  // namespace

bool percent_decode(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return false;
    const int hi = hex_digit(text[i + 1]);
    const int lo = hex_digit(text[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return true;
}

url url::parse(std::string_view text) {
  status st;
  url u = parse(text, st);
  if (st) st.raise();
  return u;
}

url url::parse(std::string_view text, status& st) noexcept {
  st.clear();
  try {
    url u;
    if (!parse_into(text, u, st)) return url{};
    return u;
  } catch (const std::bad_alloc&) {
    st.assign(std::make_error_code(std::errc::not_enough_memory));
    return url{};
  }
}

std::string url::host_field() const {
  if (is_local()) return "localhost";
  std::string out;
  // Appended piecewise: GCC 12 at -O3 warns falsely (-Wrestrict, bug 105329) on
  // `"[" + host + "]"` and `":" + std::to_string(port)`.
  append_host(out, host);
  if (port != 80 || scheme == url_scheme::tcp) append_port(out, port);
  return out;
}

std::string url::endpoint_name() const {
  return is_local() ? "unix:" + socket_path : host_field();
}

std::string url::to_string() const {
  if (is_local()) {
    std::string out = scheme == url_scheme::unix_http ? "unix://" : "framed+unix://";
    for (const char c : socket_path) {  // what parse would read otherwise: escaped
      if (c == '%' || c == '?' || c == '#') {
        out += c == '%' ? "%25" : c == '?' ? "%3F" : "%23";
      } else {
        out += c;
      }
    }
    return out;
  }
  std::string out = scheme == url_scheme::http ? "http://" : "tcp://";
  append_host(out, host);
  append_port(out, port);
  out += path;
  return out;
}

std::ostream& operator<<(std::ostream& os, const url& u) {
  return os << u.to_string();
}

}  // namespace sockrpc::rpc

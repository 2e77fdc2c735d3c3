// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/http/codec.hpp>

#include <sockrpc/transport/error.hpp>

#include "http/http_chars.hpp"

#include <algorithm>
#include <limits>
#include <system_error>

namespace sockrpc::rpc::http {

namespace {
using detail::iequals;
}  // namespace

// ---- header_fields ---------------------------------------------------------------------

void header_fields::add(std::string_view name, std::string_view value) {
  std::error_code ec;
  add(name, value, ec);
  sockrpc::detail::throw_if(ec, "header_fields::add");
}

void header_fields::add(std::string_view name, std::string_view value,
                        std::error_code& ec) noexcept {
  ec.clear();
  if (!detail::is_token(name)) {
    ec = transport::errc::invalid_argument;
    return;
  }
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') {
      ec = transport::errc::invalid_argument;
      return;
    }
  }
  if (data_.size() + name.size() + value.size() > std::numeric_limits<std::uint32_t>::max()) {
    ec = transport::errc::invalid_argument;  // offsets are 32-bit
    return;
  }
  try {
    add_unchecked(name, value);
  } catch (const std::bad_alloc&) {
    ec = std::make_error_code(std::errc::not_enough_memory);
  }
}

void header_fields::add_unchecked(std::string_view name, std::string_view value) {
  // Offsets are 32-bit: a header section is bounded far below 4 GiB by the parser limits.
  const auto name_offset = static_cast<std::uint32_t>(data_.size());
  data_.append(name);
  const auto value_offset = static_cast<std::uint32_t>(data_.size());
  data_.append(value);
  slots_.push_back(slot{name_offset, static_cast<std::uint32_t>(name.size()), value_offset,
                        static_cast<std::uint32_t>(value.size())});
}

header_fields::field header_fields::operator[](std::size_t i) const noexcept {
  const slot& s = slots_[i];
  const std::string_view all(data_);
  return {all.substr(s.name_offset, s.name_size), all.substr(s.value_offset, s.value_size)};
}

std::optional<std::string_view> header_fields::find(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const field f = (*this)[i];
    if (iequals(f.name, name)) return f.value;
  }
  return std::nullopt;
}

std::size_t header_fields::count(std::string_view name) const noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < slots_.size(); ++i)
    if (iequals((*this)[i].name, name)) ++n;
  return n;
}

bool header_fields::has_token(std::string_view name, std::string_view token) const noexcept {
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const field f = (*this)[i];
    if (!iequals(f.name, name)) continue;
    std::string_view rest = f.value;
    bool done = false;
    while (!done)
      if (iequals(detail::next_list_element(rest, done), token)) return true;
  }
  return false;
}

void header_fields::clear() noexcept {
  data_.clear();
  slots_.clear();
}

bool operator==(const header_fields& a, const header_fields& b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto fa = a[i];
    const auto fb = b[i];
    if (fa.name != fb.name || fa.value != fb.value) return false;
  }
  return true;
}

// ---- messages ----------------------------------------------------------------------------

bool request::accepts_gzip() const noexcept {
  return http::accepts_gzip(headers);
}

void request::clear() noexcept {
  method.clear();
  target.clear();
  version = http_version::http_1_1;
  headers.clear();
  body.clear();
  keep_alive = true;
  expect_continue = false;
  body_was_gzip = false;
}

void response::clear() noexcept {
  version = http_version::http_1_1;
  status = 0;
  reason.clear();
  headers.clear();
  body.clear();
  keep_alive = true;
  body_was_gzip = false;
}

// ---- Accept-Encoding ----------------------------------------------------------------------

namespace {

// Parses the weight of one list element ("gzip;q=0.5" -> 500). Returns -1 if malformed.
// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )  (RFC 9110 12.4.2)
int parse_weight(std::string_view params) noexcept {
  int weight = 1000;
  while (!params.empty()) {
    // params starts after a ';'
    auto semi = params.find(';');
    std::string_view param = detail::trim_ows(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    const auto eq = param.find('=');
    if (eq == std::string_view::npos) return -1;
    const std::string_view key = detail::trim_ows(param.substr(0, eq));
    const std::string_view val = detail::trim_ows(param.substr(eq + 1));
    if (!iequals(key, "q")) continue;  // other parameters do not matter here
    if (val.empty() || val.size() > 5 || (val[0] != '0' && val[0] != '1')) return -1;
    int w = (val[0] - '0') * 1000;
    if (val.size() > 1) {
      if (val[1] != '.') return -1;
      int scale = 100;
      for (std::size_t i = 2; i < val.size(); ++i, scale /= 10) {
        if (val[i] < '0' || val[i] > '9') return -1;
        w += (val[i] - '0') * scale;
      }
    }
    if (w > 1000) return -1;
    weight = w;
  }
  return weight;
}

struct gzip_acceptance {
  int gzip = -1;  // weight of gzip/x-gzip when listed
  int star = -1;  // weight of "*" when listed
  void scan(std::string_view list) noexcept {
    bool done = false;
    while (!done) {
      std::string_view element = detail::next_list_element(list, done);
      if (element.empty()) continue;
      const auto semi = element.find(';');
      const std::string_view coding = detail::trim_ows(element.substr(0, semi));
      const int w = semi == std::string_view::npos ? 1000 : parse_weight(element.substr(semi + 1));
      if (w < 0) continue;
      if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) {
        gzip = std::max(gzip, w);
      } else if (coding == "*") {
        star = std::max(star, w);
      }
    }
  }
  [[nodiscard]] bool accepted() const noexcept { return gzip >= 0 ? gzip > 0 : star > 0; }
};

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) noexcept {
  gzip_acceptance a;
  a.scan(accept_encoding);
  return a.accepted();
}

bool accepts_gzip(const header_fields& headers) noexcept {
  gzip_acceptance a;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const auto f = headers[i];
    if (iequals(f.name, "accept-encoding")) a.scan(f.value);
  }
  return a.accepted();
}

// ---- reason phrases -------------------------------------------------------------------------

std::string_view reason_phrase(int status) noexcept {
  switch (status) {
    case 100:
      return "Continue";
    case 101:
      return "Switching Protocols";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 411:
      return "Length Required";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 417:
      return "Expectation Failed";
    case 426:
      return "Upgrade Required";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

}  // namespace sockrpc::rpc::http

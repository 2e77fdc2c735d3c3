// SPDX-License-Identifier: MIT
// One string per parsed HTTP message, for comparing what two parses of the same bytes
// produced (the HTTP codec tests and the HTTP parser fuzzer). Header-only; needs only the
// codec headers.
#pragma once

#include <sockrpc/rpc/http/codec.hpp>

#include <cstddef>
#include <string>

namespace sockrpc_test::http {

namespace http = sockrpc::rpc::http;

namespace detail {

/// What requests and responses share: the version, the header fields in order, the
/// connection and gzip flags and the body with its length (so a body cannot pass for a
/// header).
template <class Message>
std::string describe_common(const Message& m) {
  std::string s = m.version == http::http_version::http_1_0 ? " HTTP/1.0" : " HTTP/1.1";
  for (std::size_t i = 0; i < m.headers.size(); ++i) {
    s += '\n';
    s += m.headers[i].name;
    s += ':';
    s += m.headers[i].value;
  }
  s += m.keep_alive ? "\nkeep-alive" : "\nclose";
  s += m.body_was_gzip ? " gzip" : "";
  s += " body[" + std::to_string(m.body.size()) + "]=" + m.body;
  return s;
}

}  // namespace detail

/// Every field of a parsed request in one string: equal strings, equal requests.
inline std::string describe(const http::request& r) {
  return r.method + ' ' + r.target + detail::describe_common(r) +
         (r.expect_continue ? " expect" : "");
}

/// Every field of a parsed response in one string: equal strings, equal responses.
inline std::string describe(const http::response& r) {
  return std::to_string(r.status) + ' ' + r.reason + detail::describe_common(r);
}

}  // namespace sockrpc_test::http

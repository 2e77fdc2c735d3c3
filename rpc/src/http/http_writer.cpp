// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/http/codec.hpp>

#include "http/http_chars.hpp"

#include <charconv>

namespace sockrpc::rpc::http {

namespace {

using detail::iequals;

void append_number(std::string& out, std::uint64_t n) {
  char digits[24];
  const auto r = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, r.ptr);
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

// Fields whose value follows from the message itself; the writer alone sets them so a
// caller cannot produce a message with two framings.
bool writer_owned(std::string_view name, bool request) noexcept {
  return iequals(name, "content-length") || iequals(name, "transfer-encoding") ||
         iequals(name, "connection") || (request && iequals(name, "host"));
}

void append_fields(std::string& out, const header_fields& headers, bool request) {
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const auto f = headers[i];
    if (!writer_owned(f.name, request)) append_field(out, f.name, f.value);
  }
}

bool status_has_body(int status) noexcept {
  return status >= 200 && status != 204 && status != 304;
}

}  // namespace

void write_request(std::string& out, std::string_view method, std::string_view target,
                   std::string_view host, const header_fields& headers, std::string_view body,
                   const request_options& options) {
  std::string compressed;
  if (options.gzip_body && !body.empty()) {
    compressed = gzip_compress(body);
    body = compressed;
  }
  out.reserve(out.size() + 160 + body.size());
  out.append(method);
  out.push_back(' ');
  out.append(target);
  out.append(" HTTP/1.1\r\n");
  append_field(out, "Host", host);
  append_fields(out, headers, true);
  if (!options.content_type.empty() && headers.count("content-type") == 0) {
    append_field(out, "Content-Type", options.content_type);
  }
  if (!options.user_agent.empty() && headers.count("user-agent") == 0) {
    append_field(out, "User-Agent", options.user_agent);
  }
  if (options.accept_gzip && headers.count("accept-encoding") == 0) {
    append_field(out, "Accept-Encoding", "gzip");
  }
  if (!compressed.empty()) append_field(out, "Content-Encoding", "gzip");
  if (!options.keep_alive) append_field(out, "Connection", "close");
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    out.append("Content-Length: ");
    append_number(out, body.size());
    out.append("\r\n");
  }
  out.append("\r\n");
  out.append(body);
}

void write_response(std::string& out, int status, std::string_view reason,
                    const header_fields& headers, std::string_view body, bool keep_alive) {
  const bool has_body = status_has_body(status);
  out.reserve(out.size() + 128 + (has_body ? body.size() : 0));
  out.append("HTTP/1.1 ");
  append_number(out, static_cast<std::uint64_t>(status < 0 ? 0 : status));
  out.push_back(' ');
  out.append(reason.empty() ? reason_phrase(status) : reason);
  out.append("\r\n");
  append_fields(out, headers, false);
  if (has_body) {
    out.append("Content-Length: ");
    append_number(out, body.size());
    out.append("\r\n");
  }
  if (status >= 200) {
    // Always explicit: an HTTP/1.0 client keeps the connection only when told so.
    out.append(keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
  }
  out.append("\r\n");
  if (has_body) out.append(body);
}

void write_error_response(std::string& out, int status, bool keep_alive, std::string_view allow) {
  header_fields headers;
  headers.add_unchecked("Content-Type", "text/plain");
  if (status == 405) headers.add_unchecked("Allow", allow);
  std::string body;
  append_number(body, static_cast<std::uint64_t>(status < 0 ? 0 : status));
  body.push_back(' ');
  body.append(reason_phrase(status));
  body.push_back('\n');
  write_response(out, status, {}, headers, body, keep_alive);
}

void write_continue(std::string& out) {
  out.append("HTTP/1.1 100 Continue\r\n\r\n");
}

}  // namespace sockrpc::rpc::http

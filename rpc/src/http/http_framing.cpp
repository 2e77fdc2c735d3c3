// SPDX-License-Identifier: MIT
// Message framing: what the header section says about the body (length, chunked, codings)
// and the connection (keep-alive, Expect), and what is refused. RFC 9112 section 6.
#include "http/http_parser_core.hpp"

#include "http/http_chars.hpp"

#include <utility>

namespace sockrpc::rpc::http::detail {

namespace {

// Content-Length = 1*DIGIT, possibly repeated as a list ("5, 5"). Returns no_value - 1
// (saturated) for values too large to represent, which every limit refuses.
// Returns false on syntax errors or differing values.
bool merge_content_length(std::string_view list, std::uint64_t& value) noexcept {
  bool done = false;
  while (!done) {
    const std::string_view element = next_list_element(list, done);
    if (element.empty()) return false;
    std::uint64_t v = 0;
    for (char c : element) {
      if (c < '0' || c > '9') return false;
      const auto digit = static_cast<std::uint64_t>(c - '0');
      v = v > (no_value - 1 - digit) / 10 ? no_value - 1 : v * 10 + digit;
    }
    if (value != no_value && value != v) return false;
    value = v;
  }
  return true;
}

// What a Transfer-Encoding list says, accumulated over every field.
struct transfer_codings {
  int elements = 0;
  int chunked = 0;
  bool last_is_chunked = false;
  bool chunked_with_params = false;
  bool other = false;  // any coding but chunked (we implement none)
  void scan(std::string_view list) noexcept {
    bool done = false;
    while (!done) {
      const std::string_view element = next_list_element(list, done);
      if (element.empty()) continue;
      ++elements;
      const auto semi = element.find(';');
      const std::string_view coding = trim_ows(element.substr(0, semi));
      last_is_chunked = iequals(coding, "chunked");
      if (last_is_chunked) {
        ++chunked;
        if (semi != std::string_view::npos) chunked_with_params = true;
      } else {
        other = true;
      }
    }
  }
};

// What a Content-Encoding list says.
struct content_codings {
  int gzip = 0;
  bool other = false;
  void scan(std::string_view list) noexcept {
    bool done = false;
    while (!done) {
      const std::string_view coding = next_list_element(list, done);
      if (coding.empty() || iequals(coding, "identity")) continue;
      if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) {
        ++gzip;
      } else {
        other = true;
      }
    }
  }
};

// Everything the framing decision needs, from one pass over the fields.
struct framing_fields {
  transfer_codings te;
  content_codings ce;
  std::uint64_t content_length = no_value;
  bool bad_length = false;
  std::size_t te_fields = 0;
  std::size_t cl_fields = 0;
  std::size_t host_fields = 0;
  bool conn_close = false;
  bool conn_keep_alive = false;
  bool expect_continue = false;
  bool expect_other = false;

  explicit framing_fields(const header_fields& headers) noexcept {
    for (std::size_t i = 0; i < headers.size(); ++i) {
      const auto f = headers[i];
      if (iequals(f.name, "transfer-encoding")) {
        ++te_fields;
        te.scan(f.value);
      } else if (iequals(f.name, "content-length")) {
        ++cl_fields;
        if (!merge_content_length(f.value, content_length)) bad_length = true;
      } else if (iequals(f.name, "host")) {
        ++host_fields;
      } else if (iequals(f.name, "connection")) {
        std::string_view rest = f.value;
        bool done = false;
        while (!done) {
          const auto token = next_list_element(rest, done);
          if (iequals(token, "close")) conn_close = true;
          if (iequals(token, "keep-alive")) conn_keep_alive = true;
        }
      } else if (iequals(f.name, "expect")) {
        if (iequals(f.value, "100-continue")) {
          expect_continue = true;
        } else {
          expect_other = true;
        }
      } else if (iequals(f.name, "content-encoding")) {
        ce.scan(f.value);
      }
    }
  }

  [[nodiscard]] bool keep_alive(bool http11) const noexcept {
    return http11 ? !conn_close : (conn_keep_alive && !conn_close);
  }
  // Transfer-Encoding is exactly "chunked" (possibly spread over fields).
  [[nodiscard]] bool only_chunked() const noexcept {
    return te.elements == 1 && te.last_is_chunked && te.chunked == 1 && !te.chunked_with_params;
  }
};

}  // namespace

bool parser_core::end_of_request_headers() {
  const framing_fields ff(req_.headers);
  const bool http11 = req_.version == http_version::http_1_1;
  const bool chunked = ff.te_fields > 0;
  if (chunked) {
    // RFC 9112 6.1 and 6.3: both framings at once is how requests are smuggled; an
    // HTTP/1.0 message with Transfer-Encoding has faulty framing.
    if (ff.cl_fields > 0) {
      fail(400, errc::protocol_error, "both Content-Length and Transfer-Encoding");
      return false;
    }
    if (!http11) {
      fail(400, errc::protocol_error, "Transfer-Encoding in HTTP/1.0");
      return false;
    }
    const auto& te = ff.te;
    if (te.elements == 0 || !te.last_is_chunked || te.chunked != 1 || te.chunked_with_params) {
      fail(400, errc::protocol_error, "chunked is not the final transfer coding");
      return false;
    }
    if (te.other) {
      fail(501, errc::protocol_error, "unsupported transfer coding");
      return false;
    }
  } else if (ff.bad_length) {
    fail(400, errc::protocol_error, "invalid or conflicting Content-Length");
    return false;
  }
  if (ff.host_fields > 1 || (limits_.require_host && http11 && ff.host_fields == 0)) {
    fail(400, errc::protocol_error, "missing or repeated Host");
    return false;
  }
  if (http11) {
    // HTTP/1.0 clients cannot mean 100-continue; RFC 9110 10.1.1 says ignore it.
    if (ff.expect_other) {
      fail(417, errc::protocol_error, "unsupported expectation");
      return false;
    }
    req_.expect_continue = ff.expect_continue;
  }
  gzip_ = false;
  if (limits_.decode_gzip) {
    if (ff.ce.other || ff.ce.gzip > 1) {
      fail(415, errc::protocol_error, "unsupported content coding");
      return false;
    }
    gzip_ = ff.ce.gzip == 1;
  }
  std::uint64_t content_length = ff.content_length;
  if (!chunked && ff.cl_fields == 0) {
    const std::string_view m = req_.method;
    if (m == "POST" || m == "PUT" || m == "PATCH") {
      fail(411, errc::protocol_error, "length required");
      return false;
    }
    content_length = 0;
  }
  if (!chunked && content_length > limits_.max_body) {
    fail(413, errc::limit_exceeded, "Content-Length over the limit");
    return false;
  }
  req_.keep_alive = ff.keep_alive(http11);
  body_total_ = 0;
  section_ = 0;
  if (chunked) {
    state_ = state::chunk_size;
  } else {
    remaining_ = content_length;
    state_ = state::body_length;
  }
  return true;
}

bool parser_core::end_of_response_headers() {
  const framing_fields ff(resp_.headers);
  section_ = 0;
  body_total_ = 0;
  if (resp_.status < 200) {
    if (resp_.status == 101) {
      fail(0, errc::protocol_error, "unexpected protocol switch");
      return false;
    }
    resp_.clear();  // interim response: skip it and read the final one
    state_ = state::start_line;
    return true;
  }
  const bool http11 = resp_.version == http_version::http_1_1;
  resp_.keep_alive = ff.keep_alive(http11);
  const bool head = std::exchange(head_next_, false);
  gzip_ = false;
  if (head || resp_.status == 204 || resp_.status == 304) {
    remaining_ = 0;
    state_ = state::body_length;
    return true;
  }
  if (ff.te_fields > 0) {
    // Stricter than RFC 9112 6.3 (which would read such a body until close): we never
    // ask for other transfer codings, so anything else is a confused or hostile peer.
    if (ff.cl_fields > 0 || !http11 || !ff.only_chunked()) {
      fail(0, errc::protocol_error, "unsupported or ambiguous response framing");
      return false;
    }
  } else if (ff.bad_length) {
    fail(0, errc::protocol_error, "invalid or conflicting Content-Length");
    return false;
  }
  if (limits_.decode_gzip) {
    if (ff.ce.other || ff.ce.gzip > 1) {
      fail(0, errc::protocol_error, "unsupported content coding");
      return false;
    }
    gzip_ = ff.ce.gzip == 1;
  }
  if (ff.te_fields > 0) {
    state_ = state::chunk_size;
  } else if (ff.cl_fields > 0) {
    if (ff.content_length > limits_.max_body) {
      fail(0, errc::limit_exceeded, "Content-Length over the limit");
      return false;
    }
    remaining_ = ff.content_length;
    state_ = state::body_length;
  } else {
    resp_.keep_alive = false;  // the body ends when the connection does
    state_ = state::body_until_close;
  }
  return true;
}

}  // namespace sockrpc::rpc::http::detail

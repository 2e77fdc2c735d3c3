// SPDX-License-Identifier: MIT
#include "http/http_parser_core.hpp"

#include "http/http_chars.hpp"

#include <algorithm>
#include <cstring>
#include <sockrpc/transport/error.hpp>
#include <utility>

namespace sockrpc::rpc::http::detail {

namespace {

// Below this many consumed bytes the buffer is not compacted (a memmove per feed for a
// few bytes would cost more than it saves).
constexpr std::size_t compact_threshold = 4096;

// HTTP-version = "HTTP/" DIGIT "." DIGIT. Returns false if malformed; sets `major`/`minor`.
bool parse_version(std::string_view v, int& major, int& minor) noexcept {
  if (v.size() != 8 || v.substr(0, 5) != "HTTP/" || v[6] != '.') return false;
  if (v[5] < '0' || v[5] > '9' || v[7] < '0' || v[7] > '9') return false;
  major = v[5] - '0';
  minor = v[7] - '0';
  return true;
}

// chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
bool valid_chunk_ext(std::string_view s) noexcept {
  std::size_t i = 0;
  const std::size_t n = s.size();
  auto skip_ows = [&] {
    while (i < n && is_ows(s[i]))
      ++i;
  };
  while (i < n) {
    skip_ows();
    if (i == n || s[i] != ';') return false;
    ++i;
    skip_ows();
    const std::size_t name_start = i;
    while (i < n && is(s[i], cc_token))
      ++i;
    if (i == name_start) return false;
    skip_ows();
    if (i < n && s[i] == '=') {
      ++i;
      skip_ows();
      if (i < n && s[i] == '"') {
        ++i;
        bool closed = false;
        while (i < n) {
          const char c = s[i];
          if (c == '"') {
            ++i;
            closed = true;
            break;
          }
          if (c == '\\') {
            if (i + 1 >= n || !is(s[i + 1], cc_field)) return false;
            i += 2;
            continue;
          }
          if (!is(c, cc_qdtext)) return false;
          ++i;
        }
        if (!closed) return false;
      } else {
        const std::size_t value_start = i;
        while (i < n && is(s[i], cc_token))
          ++i;
        if (i == value_start) return false;
      }
    }
  }
  return true;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  return to_lower(c) - 'a' + 10;
}

}  // namespace

parser_core::parser_core(parser_mode mode, const parser_limits& limits)
    : mode_(mode),
      limits_(limits),
      headers_(mode == parser_mode::request ? &req_.headers : &resp_.headers),
      body_(mode == parser_mode::request ? &req_.body : &resp_.body) {}

// ---- input ----------------------------------------------------------------------------------

void parser_core::compact() {
  if (pos_ == buf_.size()) {
    buf_.clear();
    pos_ = scan_ = 0;
  } else if (pos_ >= compact_threshold && pos_ >= buf_.size() / 2) {
    scan_ = std::max(scan_, pos_) - pos_;
    buf_.erase_front(pos_);
    pos_ = 0;
  }
}

void parser_core::feed(std::string_view bytes) {
  compact();
  buf_.append(bytes);
}

std::span<char> parser_core::prepare(std::size_t n) {
  compact();
  if (state_ == state::start_line) buf_.release_if_larger(n);  // between messages
  prepared_ = buf_.size();
  return {buf_.grow(n), n};
}

void parser_core::commit(std::size_t k) noexcept {
  buf_.truncate(std::min(buf_.size(), prepared_ + k));
  prepared_ = buf_.size();
}

// ---- results ----------------------------------------------------------------------------------

parse_event parser_core::fail(int status, std::error_code ec, const char* detail) {
  state_ = state::failed;
  error_status_ = mode_ == parser_mode::request ? status : 0;
  error_ = ec;
  error_detail_ = detail;
  return parse_event::error;
}

parse_event parser_core::need_more() {
  if (!eof_) return parse_event::need_more;
  if (state_ == state::body_until_close) return finish_message();
  if (state_ == state::start_line && pos_ == buf_.size()) return parse_event::end_of_stream;
  return fail(400, transport::errc::unexpected_eof, "stream ended inside a message");
}

parse_event parser_core::finish_message() {
  if (gzip_ && !body_->empty()) {  // an empty body stays empty whatever its coding says
    std::error_code ec;
    gzip_decompress(*body_, scratch_, limits_.max_decoded_body, ec);
    if (ec == errc::limit_exceeded) {
      return fail(413, errc::limit_exceeded, "inflated body over the limit");
    }
    if (ec) return fail(400, errc::protocol_error, "corrupt gzip body");
    body_->swap(scratch_);
    if (mode_ == parser_mode::request) {
      req_.body_was_gzip = true;
    } else {
      resp_.body_was_gzip = true;
    }
  }
  state_ = state::start_line;
  section_ = 0;
  return parse_event::message;
}

namespace {

// After `message`, hands the parsed message to the caller's `out` and keeps `out`'s old
// buffers for the next one; passes `ev` on.
template <class Message>
parse_event hand_over(parse_event ev, Message& parsed, Message& out) {
  if (ev == parse_event::message) {
    std::swap(out, parsed);
    parsed.clear();
  }
  return ev;
}

}  // namespace

parse_event parser_core::next_request(request& out) {
  return hand_over(step(), req_, out);
}

parse_event parser_core::next_response(response& out) {
  return hand_over(step(), resp_, out);
}

// ---- lines ------------------------------------------------------------------------------------

// Finds the next CRLF-terminated line. `limit` bounds section_ + this line (with CRLF);
// an unterminated line is refused as soon as it can no longer fit, so the outcome does
// not depend on how the input was chunked.
parser_core::line_status parser_core::take_line(std::string_view& line,
                                                std::size_t limit) noexcept {
  scan_ = std::max(scan_, pos_);
  const char* base = buf_.data();
  const std::size_t end = buf_.size();
  const void* lf = scan_ < end ? std::memchr(base + scan_, '\n', end - scan_) : nullptr;
  if (lf == nullptr) {
    scan_ = end;
    if (section_ + (end - pos_) + 1 > limit) return line_status::too_long;
    return line_status::need_more;
  }
  const auto i = static_cast<std::size_t>(static_cast<const char*>(lf) - base);
  const std::size_t size = i - pos_ + 1;
  if (section_ + size > limit) return line_status::too_long;
  section_ += size;
  if (size < 2 || base[i - 1] != '\r') return line_status::bad_ending;
  line = std::string_view(base + pos_, size - 2);
  pos_ = scan_ = i + 1;
  return line_status::line;
}

std::optional<parse_event> parser_core::take_section_line(std::string_view& line,
                                                          const char* too_large) {
  switch (take_line(line, limits_.max_header_section)) {
    case line_status::line:
      return std::nullopt;
    case line_status::need_more:
      return need_more();
    case line_status::too_long:
      return fail(431, errc::limit_exceeded, too_large);
    case line_status::bad_ending:
      break;
  }
  return fail(400, errc::protocol_error, "line not terminated by CRLF");
}

bool parser_core::parse_request_line(std::string_view line) {
  const auto sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) {
    fail(400, errc::protocol_error, "malformed request line");
    return false;
  }
  const std::string_view method = line.substr(0, sp1);
  const std::string_view rest = line.substr(sp1 + 1);
  const auto sp2 = rest.find(' ');
  if (!is_token(method) || sp2 == std::string_view::npos) {
    fail(400, errc::protocol_error, "malformed request line");
    return false;
  }
  const std::string_view target = rest.substr(0, sp2);
  int major = 0;
  int minor = 0;
  if (target.empty() || !all_of(target, cc_target) ||
      !parse_version(rest.substr(sp2 + 1), major, minor)) {
    fail(400, errc::protocol_error, "malformed request line");
    return false;
  }
  if (major != 1) {
    fail(505, errc::protocol_error, "HTTP version not supported");
    return false;
  }
  req_.method.assign(method);
  req_.target.assign(target);
  // A higher minor version is compatible with 1.1 (RFC 9110 2.5).
  req_.version = minor == 0 ? http_version::http_1_0 : http_version::http_1_1;
  return true;
}

bool parser_core::parse_status_line(std::string_view line) {
  int major = 0;
  int minor = 0;
  if (line.size() < 12 || !parse_version(line.substr(0, 8), major, minor) || line[8] != ' ' ||
      major != 1) {
    fail(0, errc::protocol_error, "malformed status line");
    return false;
  }
  int status = 0;
  for (std::size_t i = 9; i < 12; ++i) {
    if (line[i] < '0' || line[i] > '9') {
      fail(0, errc::protocol_error, "malformed status code");
      return false;
    }
    status = status * 10 + (line[i] - '0');
  }
  std::string_view reason;
  if (line.size() > 12) {
    reason = line.substr(13);
    if (line[12] != ' ' || !all_of(reason, cc_field)) {
      fail(0, errc::protocol_error, "malformed status line");
      return false;
    }
  }
  if (status < 100 || status > 599) {
    fail(0, errc::protocol_error, "status code out of range");
    return false;
  }
  resp_.status = status;
  resp_.reason.assign(reason);
  resp_.version = minor == 0 ? http_version::http_1_0 : http_version::http_1_1;
  return true;
}

bool parser_core::parse_field_line(std::string_view line, bool store) {
  // line is not empty here
  if (is_ows(line.front())) {
    fail(400, errc::protocol_error, "obsolete line folding");
    return false;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) {
    fail(400, errc::protocol_error, "header line without colon");
    return false;
  }
  const std::string_view name = line.substr(0, colon);
  const std::string_view value = trim_ows(line.substr(colon + 1));
  if (!is_token(name)) {
    fail(400, errc::protocol_error, "invalid header name");
    return false;
  }
  if (!all_of(value, cc_field)) {
    fail(400, errc::protocol_error, "invalid character in header value");
    return false;
  }
  if (store) headers_->add_unchecked(name, value);
  return true;
}

bool parser_core::parse_chunk_size(std::string_view line) {
  std::size_t i = 0;
  std::uint64_t size = 0;
  bool overflow = false;
  while (i < line.size() && is(line[i], cc_hex)) {
    if (size > (no_value >> 4)) {
      overflow = true;
    } else {
      size = (size << 4) | static_cast<std::uint64_t>(hex_value(line[i]));
    }
    ++i;
  }
  if (i == 0 || !valid_chunk_ext(line.substr(i))) {
    fail(400, errc::protocol_error, "malformed chunk size line");
    return false;
  }
  if (overflow ||
      size > limits_.max_body - std::min<std::uint64_t>(body_total_, limits_.max_body)) {
    fail(413, errc::limit_exceeded, "chunked body over the limit");
    return false;
  }
  body_total_ += size;
  remaining_ = size;
  state_ = size == 0 ? state::trailers : state::chunk_data;
  section_ = 0;
  return true;
}

// ---- the state machine ------------------------------------------------------------------------

std::size_t parser_core::take_body(std::uint64_t limit) {
  const std::size_t n =
      static_cast<std::size_t>(std::min<std::uint64_t>(buf_.size() - pos_, limit));
  if (n > 0) body_->append(buf_.data() + pos_, n);
  pos_ += n;
  return n;
}

parse_event parser_core::step() {
  const bool request_mode = mode_ == parser_mode::request;
  for (;;) {
    std::string_view line;
    switch (state_) {
      case state::failed:
        return parse_event::error;

      case state::start_line: {
        const auto ls = take_line(line, limits_.max_start_line);
        if (ls == line_status::need_more) return need_more();
        if (ls == line_status::too_long) {
          return fail(414, errc::limit_exceeded,
                      request_mode ? "request line too long" : "status line too long");
        }
        if (ls == line_status::bad_ending) {
          return fail(400, errc::protocol_error, "line not terminated by CRLF");
        }
        if (line.empty()) {
          // RFC 9112 2.2: ignore empty lines before a request line (old clients send
          // CRLF after a POST body); they count against the request-line limit.
          if (request_mode) continue;
          return fail(0, errc::protocol_error, "empty status line");
        }
        if (!(request_mode ? parse_request_line(line) : parse_status_line(line))) {
          return parse_event::error;
        }
        state_ = state::headers;
        section_ = 0;
        break;
      }

      case state::headers: {
        if (auto ev = take_section_line(line, "header section too large")) return *ev;
        if (!line.empty()) {
          if (!parse_field_line(line, true)) return parse_event::error;
          break;
        }
        if (!(request_mode ? end_of_request_headers() : end_of_response_headers())) {
          return parse_event::error;
        }
        if (state_ == state::start_line) break;  // skipped a 1xx response
        if (state_ == state::body_length && remaining_ == 0) return finish_message();
        if (request_mode && req_.expect_continue && pos_ == buf_.size()) {
          return parse_event::expect_continue;
        }
        break;
      }

      case state::body_length:
        remaining_ -= take_body(remaining_);
        if (remaining_ == 0) return finish_message();
        return need_more();

      case state::chunk_size: {
        const auto ls = take_line(line, limits_.max_start_line);
        if (ls == line_status::need_more) return need_more();
        if (ls != line_status::line) {
          return fail(400, errc::protocol_error, "malformed chunk size line");
        }
        if (!parse_chunk_size(line)) return parse_event::error;
        break;
      }

      case state::chunk_data:
        remaining_ -= take_body(remaining_);
        if (remaining_ != 0) return need_more();
        state_ = state::chunk_crlf;
        break;

      case state::chunk_crlf: {
        const std::size_t avail = buf_.size() - pos_;
        if ((avail >= 1 && buf_[pos_] != '\r') || (avail >= 2 && buf_[pos_ + 1] != '\n')) {
          return fail(400, errc::protocol_error, "chunk data not followed by CRLF");
        }
        if (avail < 2) return need_more();
        pos_ += 2;
        state_ = state::chunk_size;
        section_ = 0;
        break;
      }

      case state::trailers: {
        if (auto ev = take_section_line(line, "trailer section too large")) return *ev;
        if (line.empty()) return finish_message();
        // Trailer fields are validated, then dropped: merging them into the headers would
        // let a trailer override a field the caller already trusted.
        if (!parse_field_line(line, false)) return parse_event::error;
        break;
      }

      case state::body_until_close: {
        const std::size_t avail = buf_.size() - pos_;
        if (body_total_ + avail > limits_.max_body) {
          return fail(0, errc::limit_exceeded, "body over the limit");
        }
        body_total_ += take_body(avail);
        return need_more();
      }
    }
  }
}

}  // namespace sockrpc::rpc::http::detail

// ---- public wrappers ----------------------------------------------------------------------------

namespace sockrpc::rpc::http {

using detail::parser_core;
using detail::parser_mode;

detail::parser_base::parser_base(parser_mode mode, const parser_limits& limits)
    : core_(std::make_unique<parser_core>(mode, limits)) {}
detail::parser_base::~parser_base() = default;
detail::parser_base::parser_base(parser_base&&) noexcept = default;
detail::parser_base& detail::parser_base::operator=(parser_base&&) noexcept = default;

void detail::parser_base::feed(std::string_view bytes) {
  core_->feed(bytes);
}
std::span<char> detail::parser_base::prepare(std::size_t n) {
  return core_->prepare(n);
}
void detail::parser_base::commit(std::size_t k) noexcept {
  core_->commit(k);
}
void detail::parser_base::feed_eof() noexcept {
  core_->feed_eof();
}
std::error_code detail::parser_base::error() const noexcept {
  return core_->error();
}
std::string_view detail::parser_base::error_detail() const noexcept {
  return core_->error_detail();
}
bool detail::parser_base::idle() const noexcept {
  return core_->idle();
}
std::size_t detail::parser_base::buffered() const noexcept {
  return core_->buffered();
}

request_parser::request_parser(const parser_limits& limits)
    : parser_base(parser_mode::request, limits) {}
parse_event request_parser::next(request& out) {
  return core_->next_request(out);
}
const request& request_parser::pending() const noexcept {
  return core_->pending_request();
}
int request_parser::error_status() const noexcept {
  return core_->error_status();
}

response_parser::response_parser(const parser_limits& limits)
    : parser_base(parser_mode::response, limits) {}
void response_parser::expect_head_response() noexcept {
  core_->expect_head_response();
}
parse_event response_parser::next(response& out) {
  return core_->next_response(out);
}

}  // namespace sockrpc::rpc::http

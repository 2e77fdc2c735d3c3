// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/http/codec.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

namespace sockrpc::rpc::http::detail {

enum class parser_mode : std::uint8_t { request, response };

/// "No Content-Length seen yet"; also the saturation bound of parsed lengths.
inline constexpr std::uint64_t no_value = std::numeric_limits<std::uint64_t>::max();

/// The parser's input bytes. Unlike std::string, growing it for a read does not zero the
/// new bytes (the read overwrites them), and it can give its memory back between
/// messages (an idle connection then holds only its next read's worth).
class input_buffer {
 public:
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return cap_; }
  const char* data() const noexcept { return data_.get(); }
  char operator[](std::size_t i) const noexcept { return data_[i]; }
  void clear() noexcept { size_ = 0; }
  /// Drops the first `n` (<= size) bytes.
  void erase_front(std::size_t n) noexcept {
    std::memmove(data_.get(), data_.get() + n, size_ - n);
    size_ -= n;
  }
  void append(std::string_view bytes) {
    if (bytes.empty()) return;
    std::memcpy(grow(bytes.size()), bytes.data(), bytes.size());
  }
  /// Makes room for `n` more bytes and returns where they go; the size includes them.
  char* grow(std::size_t n) {
    if (cap_ - size_ < n) reserve(size_ + n);
    char* p = data_.get() + size_;
    size_ += n;
    return p;
  }
  /// Shrinks the size to `n` (<= size).
  void truncate(std::size_t n) noexcept { size_ = n; }
  /// Frees the memory of an empty buffer much larger than `n` bytes.
  void release_if_larger(std::size_t n) noexcept {
    if (size_ == 0 && cap_ > 2 * n && cap_ > min_kept) {
      data_.reset();
      cap_ = 0;
    }
  }

 private:
  static constexpr std::size_t min_kept = 1024;
  void reserve(std::size_t n) {
    const std::size_t cap = std::max(n, cap_ + cap_ / 2);
    auto fresh = std::make_unique_for_overwrite<char[]>(cap);
    if (size_ != 0) std::memcpy(fresh.get(), data_.get(), size_);
    data_ = std::move(fresh);
    cap_ = cap;
  }

  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t cap_ = 0;
};

/// The state machine shared by `request_parser` and `response_parser`.
///
/// Input is appended to `buf_`; `pos_` is the first unconsumed byte. Lines are found with
/// memchr resuming at `scan_`, so every byte is examined a bounded number of times (linear
/// in the input, however it is chunked). Each complete line is handled once; body bytes
/// are copied into the message as they arrive.
class parser_core {
 public:
  parser_core(parser_mode mode, const parser_limits& limits);

  void feed(std::string_view bytes);
  std::span<char> prepare(std::size_t n);
  void commit(std::size_t k) noexcept;
  void feed_eof() noexcept { eof_ = true; }
  void expect_head_response() noexcept { head_next_ = true; }

  parse_event next_request(request& out);
  parse_event next_response(response& out);
  const request& pending_request() const noexcept { return req_; }

  std::error_code error() const noexcept { return error_; }
  int error_status() const noexcept { return error_status_; }
  std::string_view error_detail() const noexcept { return error_detail_; }
  bool idle() const noexcept { return state_ == state::start_line && pos_ == buf_.size(); }
  std::size_t buffered() const noexcept { return buf_.size() - pos_; }

 private:
  enum class state : std::uint8_t {
    start_line,
    headers,
    body_length,
    chunk_size,
    chunk_data,
    chunk_crlf,
    trailers,
    body_until_close,
    failed,
  };
  enum class line_status : std::uint8_t { line, need_more, too_long, bad_ending };

  parse_event step();
  parse_event need_more();
  parse_event fail(int status, std::error_code ec, const char* detail);
  parse_event finish_message();
  line_status take_line(std::string_view& line, std::size_t limit) noexcept;
  // One line of the header or trailer section into `line`: nullopt, or the event to return
  // instead (need_more, or the error for a section over its limit, named by `too_large`,
  // or a line not ended by CRLF).
  std::optional<parse_event> take_section_line(std::string_view& line, const char* too_large);
  void compact();

  bool parse_request_line(std::string_view line);
  bool parse_status_line(std::string_view line);
  bool parse_field_line(std::string_view line, bool store);
  // Framing decisions at the end of the header section (http_framing.cpp).
  bool end_of_request_headers();
  bool end_of_response_headers();
  bool parse_chunk_size(std::string_view line);
  std::size_t take_body(std::uint64_t limit);

  parser_mode mode_;
  parser_limits limits_;
  state state_ = state::start_line;
  input_buffer buf_;
  std::size_t pos_ = 0;           // first unconsumed byte of buf_
  std::size_t scan_ = 0;          // where the search for the next LF resumes (>= pos_)
  std::size_t prepared_ = 0;      // size of buf_ before prepare(), while a prepare is open
  std::size_t section_ = 0;       // bytes used so far of the current line-limited section
  std::uint64_t remaining_ = 0;   // bytes left of the Content-Length body or of a chunk
  std::uint64_t body_total_ = 0;  // body bytes as transmitted (for max_body)
  bool eof_ = false;
  bool gzip_ = false;
  bool head_next_ = false;

  request req_;
  response resp_;
  header_fields* headers_;
  std::string* body_;
  std::string scratch_;  // inflated body before it is swapped into the message

  std::error_code error_;
  int error_status_ = 0;
  const char* error_detail_ = "";
};

}  // namespace sockrpc::rpc::http::detail

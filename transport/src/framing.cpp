// SPDX-License-Identifier: MIT
// The sans-I/O codecs of framing.hpp; the socket helpers are in frame_io.cpp.
#include <sockrpc/transport/framing.hpp>

#include "detail/or_throw.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <new>

namespace sockrpc::transport {
namespace detail {
namespace {
constexpr std::size_t min_allocation = 256;
constexpr std::size_t retained_capacity = 64 * 1024;
}  // namespace

std::span<std::byte> byte_buffer::prepare(std::size_t n) {
  if (capacity_ - end_ < n) {
    const std::size_t live = size();
    if (n > std::numeric_limits<std::size_t>::max() - live) throw std::bad_alloc();
    if (live + n <= capacity_ && begin_ > 0) {
      std::memmove(data_.get(), data_.get() + begin_, live);
    } else {
      // Grow relative to the live data, not to the old capacity, so a prepare sized to
      // one frame allocates about that frame and appending byte by byte stays amortised.
      const std::size_t cap = std::max({live + n, 2 * live, min_allocation});
      std::unique_ptr<std::byte[]> bigger(new std::byte[cap]);
      if (live > 0) std::memcpy(bigger.get(), data_.get() + begin_, live);
      data_ = std::move(bigger);
      capacity_ = cap;
    }
    begin_ = 0;
    end_ = live;
  }
  prepared_ = n;
  return {data_.get() + end_, n};
}

void byte_buffer::commit(std::size_t n) noexcept {
  end_ += std::min(n, prepared_);
  prepared_ = 0;
}

void byte_buffer::consume(std::size_t n) noexcept {
  begin_ += std::min(n, size());
  if (begin_ == end_) {
    begin_ = end_ = 0;
    if (capacity_ > retained_capacity) clear();
  }
}

void byte_buffer::clear() noexcept {
  data_.reset();
  capacity_ = begin_ = end_ = prepared_ = 0;
}

}  // namespace detail

// ---- decoder_base: the buffer interface both decoders share --------------------------

namespace detail {
namespace {

// The names the throwing forms report, e.g. "length_prefix_decoder::commit".
template <class Decoder>
struct decoder_names;
template <>
struct decoder_names<length_prefix_decoder> {
  static constexpr const char* feed = "length_prefix_decoder::feed";
  static constexpr const char* commit = "length_prefix_decoder::commit";
};
template <>
struct decoder_names<delimiter_decoder> {
  static constexpr const char* feed = "delimiter_decoder::feed";
  static constexpr const char* commit = "delimiter_decoder::commit";
};

}  // namespace

template <class Derived>
void decoder_base<Derived>::settle() noexcept {
  buf_.consume(pending_);
  pending_ = 0;
}

// `feed` is `prepare` + memcpy + `commit`, with out-of-memory reported as
// std::errc::not_enough_memory in the error_code form.
template <class Derived>
void decoder_base<Derived>::feed(byte_view data, std::error_code& ec) noexcept {
  if (error_) {
    ec = error_;
    return;
  }
  try {
    auto out = prepare(data.size());
    if (!data.empty()) std::memcpy(out.data(), data.data(), data.size());
  } catch (const std::bad_alloc&) {
    ec = std::make_error_code(std::errc::not_enough_memory);
    return;
  }
  commit(data.size(), ec);
}

template <class Derived>
void decoder_base<Derived>::feed(byte_view data) {
  std::error_code ec;
  feed(data, ec);
  if (ec == std::errc::not_enough_memory) throw std::bad_alloc();
  sockrpc::detail::throw_if(ec, decoder_names<Derived>::feed);
}

template <class Derived>
std::span<std::byte> decoder_base<Derived>::prepare(std::size_t n) {
  settle();
  if (error_) return {};
  return buf_.prepare(n);
}

template <class Derived>
void decoder_base<Derived>::commit(std::size_t n, std::error_code& ec) noexcept {
  if (!error_) {
    buf_.commit(n);
    static_cast<Derived&>(*this).parse();
  }
  ec = error_;
}

template <class Derived>
void decoder_base<Derived>::commit(std::size_t n) {
  or_throw(decoder_names<Derived>::commit, [&](std::error_code& ec) { commit(n, ec); });
}

template <class Derived>
void decoder_base<Derived>::reset() noexcept {
  buf_.clear();
  pending_ = complete_ = 0;
  error_.clear();
  static_cast<Derived&>(*this).clear_parse_state();
}

template class decoder_base<length_prefix_decoder>;
template class decoder_base<delimiter_decoder>;

}  // namespace detail

// ---- encoding ---------------------------------------------------------------------------

std::array<std::byte, frame_header_size> length_prefix(std::size_t size,
                                                       std::error_code& ec) noexcept {
  std::array<std::byte, frame_header_size> out{};
  if (size > std::numeric_limits<std::uint32_t>::max()) {
    ec = errc::frame_too_large;
    return out;
  }
  ec.clear();
  write_length_prefix(out, static_cast<std::uint32_t>(size));
  return out;
}

std::array<std::byte, frame_header_size> length_prefix(std::size_t size) {
  return detail::or_throw("length_prefix",
                          [&](std::error_code& ec) { return length_prefix(size, ec); });
}

std::string encode_length_prefix(std::string_view payload) {
  std::string out;
  append_length_prefixed(out, payload);
  return out;
}

std::vector<std::byte> encode_length_prefix(std::span<const std::byte> payload) {
  const auto header = length_prefix(payload.size());
  std::vector<std::byte> out(header.size() + payload.size());
  std::memcpy(out.data(), header.data(), header.size());
  if (!payload.empty()) std::memcpy(out.data() + header.size(), payload.data(), payload.size());
  return out;
}

void append_length_prefixed(std::string& out, std::string_view payload) {
  const auto header = length_prefix(payload.size());
  out.reserve(out.size() + header.size() + payload.size());
  for (auto b : header)
    out.push_back(static_cast<char>(b));
  out.append(payload);
}

// ---- length_prefix_decoder --------------------------------------------------------------

void length_prefix_decoder::parse() noexcept {
  if (error_) return;
  const auto data = buf_.readable();
  for (;;) {
    const std::size_t start = pending_ + complete_;
    const std::size_t rest = data.size() - start;
    if (rest < frame_header_size) return;
    const std::size_t len = read_length_prefix(data.subspan(start).first<frame_header_size>());
    if (len > max_) {
      error_ = errc::frame_too_large;
      return;
    }
    if (rest - frame_header_size < len) return;
    complete_ += frame_header_size + len;
  }
}

std::optional<std::span<const std::byte>> length_prefix_decoder::next_frame() noexcept {
  settle();
  if (complete_ == 0) return std::nullopt;
  const auto data = buf_.readable();
  const std::size_t len = read_length_prefix(data.first<frame_header_size>());
  pending_ = frame_header_size + len;
  complete_ -= pending_;
  return data.subspan(frame_header_size, len);
}

std::optional<std::string> length_prefix_decoder::next_frame_string() {
  auto frame = next_frame();
  if (!frame) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(frame->data()), frame->size());
}

std::size_t length_prefix_decoder::wanted() const noexcept {
  if (error_ || complete_ > 0) return 0;
  const auto data = buf_.readable().subspan(pending_);
  if (data.size() < frame_header_size) return frame_header_size - data.size();
  const std::size_t len = read_length_prefix(data.first<frame_header_size>());
  return frame_header_size + len - data.size();
}

// ---- delimiter_decoder ------------------------------------------------------------------

delimiter_decoder::delimiter_decoder(std::string delimiter, std::size_t max_length)
    : decoder_base(max_length),
      delim_(delimiter.empty() ? std::string("\n") : std::move(delimiter)) {}

void delimiter_decoder::clear_parse_state() noexcept {
  lengths_.clear();
  searched_ = 0;
}

void delimiter_decoder::parse() noexcept {
  if (error_) return;
  const auto bytes = buf_.readable();
  const std::string_view data(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  const std::size_t d = delim_.size();
  for (;;) {
    const std::size_t start = pending_ + complete_;
    const std::string_view rest = data.substr(start);
    const std::size_t pos = rest.find(delim_, searched_);
    if (pos == std::string_view::npos) {
      // The last d-1 bytes may begin a delimiter; everything before them is message text.
      if (rest.size() > max_ + (d - 1)) {
        error_ = errc::message_too_long;
        return;
      }
      searched_ = rest.size() >= d - 1 ? rest.size() - (d - 1) : 0;
      return;
    }
    if (pos > max_) {
      error_ = errc::message_too_long;
      return;
    }
    lengths_.push_back(pos);
    complete_ += pos + d;
    searched_ = 0;
  }
}

std::optional<std::string_view> delimiter_decoder::next_message() noexcept {
  settle();
  if (lengths_.empty()) return std::nullopt;
  const std::size_t len = lengths_.front();
  lengths_.pop_front();
  const auto data = buf_.readable();
  pending_ = len + delim_.size();
  complete_ -= pending_;
  return std::string_view(reinterpret_cast<const char*>(data.data()), len);
}

std::optional<std::string> delimiter_decoder::next_message_string() {
  auto message = next_message();
  if (!message) return std::nullopt;
  return std::string(*message);
}

}  // namespace sockrpc::transport

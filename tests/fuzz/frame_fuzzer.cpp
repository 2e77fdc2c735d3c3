// SPDX-License-Identifier: MIT
// libFuzzer target for the sans-I/O frame codecs: feeds random chunkings of the input to
// length_prefix_decoder and delimiter_decoder (alternating feed() and prepare()/commit(),
// taking messages at random points) and checks them against an independent whole-input
// reference parse: same messages, same error, never a message over the limit.
//
// Input layout: byte 0 = chunking seed, byte 1 = limits, byte 2 = delimiter choice, rest =
// the stream.
#include <sockrpc/transport/framing.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

using sockrpc::transport::delimiter_decoder;
using sockrpc::transport::length_prefix_decoder;

#define FUZZ_CHECK(cond) \
  do {                   \
    if (!(cond)) {       \
      std::abort();      \
    }                    \
  } while (false)

// A tiny deterministic generator (xorshift) seeded from the input.
struct rng {
  std::uint32_t state;
  std::uint32_t next() {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : next() % n; }
};

struct reference_result {
  std::vector<std::string> messages;
  bool error = false;
};

reference_result reference_frames(std::string_view in, std::size_t max) {
  reference_result r;
  std::size_t pos = 0;
  while (in.size() - pos >= 4) {
    const auto* p = reinterpret_cast<const unsigned char*>(in.data() + pos);
    const std::uint64_t len = (std::uint64_t{p[0]} << 24) | (std::uint64_t{p[1]} << 16) |
                              (std::uint64_t{p[2]} << 8) | std::uint64_t{p[3]};
    if (len > max) {
      r.error = true;
      break;
    }
    if (in.size() - pos - 4 < len) break;
    r.messages.emplace_back(in.substr(pos + 4, len));
    pos += 4 + len;
  }
  return r;
}

reference_result reference_lines(std::string_view in, std::string_view delim, std::size_t max) {
  reference_result r;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t found = in.find(delim, pos);
    if (found == std::string_view::npos) {
      if (in.size() - pos > max + delim.size() - 1) r.error = true;
      break;
    }
    if (found - pos > max) {
      r.error = true;
      break;
    }
    r.messages.emplace_back(in.substr(pos, found - pos));
    pos = found + delim.size();
  }
  return r;
}

// Drives `dec` over `in` in random chunks; `take` pulls one message (or returns false).
template <class Decoder, class Take>
std::vector<std::string> drive(Decoder& dec, std::string_view in, rng& g, Take take) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < in.size() && !dec.failed()) {
    const std::size_t n = std::min(in.size() - pos, 1 + g.below(g.below(4) == 0 ? 64 : 8));
    std::error_code ec;
    if (g.next() & 1) {
      dec.feed(in.substr(pos, n), ec);
    } else {
      auto buf = dec.prepare(n + g.below(16));
      FUZZ_CHECK(buf.size() >= n);
      std::memcpy(buf.data(), in.data() + pos, n);
      dec.commit(n, ec);
    }
    FUZZ_CHECK(ec == dec.error());
    pos += n;
    while (g.below(3) != 0 && take(out)) {
    }
  }
  while (take(out)) {
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  rng g{0x9e3779b9u ^ (std::uint32_t{data[0]} * 0x01000193u) ^ 1u};
  const std::size_t max_frame = data[1] & 0x7f;
  const std::size_t max_line = data[1] >> 3;
  static constexpr std::string_view delimiters[] = {"\n", "\r\n", "aa", "aba",
                                                    std::string_view("\0", 1)};
  const std::string_view delim = delimiters[data[2] % std::size(delimiters)];
  const std::string_view in(reinterpret_cast<const char*>(data + 3), size - 3);

  {
    length_prefix_decoder dec(max_frame);
    auto frames = drive(dec, in, g, [&](std::vector<std::string>& out) {
      auto frame = dec.next_frame();
      if (!frame) return false;
      FUZZ_CHECK(frame->size() <= max_frame);
      out.emplace_back(reinterpret_cast<const char*>(frame->data()), frame->size());
      return true;
    });
    const auto ref = reference_frames(in, max_frame);
    FUZZ_CHECK(frames == ref.messages);
    FUZZ_CHECK(dec.failed() == ref.error);
    if (!dec.failed()) {
      // Drained and healthy: something is always missing, and never more than one frame.
      FUZZ_CHECK(dec.wanted() > 0 && dec.wanted() <= max_frame + 4);
      FUZZ_CHECK(dec.buffered() == dec.buffered_bytes().size() && dec.buffered() < 4 + max_frame);
    }
    if (dec.failed()) {
      FUZZ_CHECK(dec.error() == sockrpc::transport::errc::frame_too_large);
      FUZZ_CHECK(dec.prepare(1).empty());
    }
    // Nothing of a frame is allocated before its size is known: memory stays bounded by
    // the input actually held.
    FUZZ_CHECK(dec.capacity() <= 2 * (in.size() + 96) + 256);
  }
  {
    delimiter_decoder dec(std::string(delim), max_line);
    auto lines = drive(dec, in, g, [&](std::vector<std::string>& out) {
      auto line = dec.next_message();
      if (!line) return false;
      FUZZ_CHECK(line->size() <= max_line);
      FUZZ_CHECK(line->find(delim) == std::string_view::npos);
      out.emplace_back(*line);
      return true;
    });
    const auto ref = reference_lines(in, delim, max_line);
    FUZZ_CHECK(lines == ref.messages);
    FUZZ_CHECK(dec.failed() == ref.error);
    if (dec.failed()) FUZZ_CHECK(dec.error() == sockrpc::transport::errc::message_too_long);
  }
  return 0;
}

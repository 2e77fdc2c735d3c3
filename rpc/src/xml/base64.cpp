// SPDX-License-Identifier: MIT
#include "xml/base64.hpp"

#include <array>
#include <cstdint>
#include <cstring>

namespace sockrpc::rpc::detail {
namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// 0..63: a digit; 64: '='; 65: XML whitespace; 255: invalid.
constexpr std::uint8_t pad_code = 64;
constexpr std::uint8_t space_code = 65;
constexpr std::uint8_t bad_code = 255;

constexpr std::array<std::uint8_t, 256> make_decode_table() {
  std::array<std::uint8_t, 256> t{};
  for (auto& x : t)
    x = bad_code;
  for (std::uint8_t i = 0; i < 64; ++i)
    t[static_cast<unsigned char>(alphabet[i])] = i;
  t['='] = pad_code;
  t[' '] = t['\t'] = t['\r'] = t['\n'] = space_code;
  return t;
}
constexpr auto decode_table = make_decode_table();

}  // namespace

char* base64_encode(std::span<const std::byte> in, char* out) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  std::size_t n = in.size();
  std::size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    std::uint32_t w = (std::uint32_t{p[i]} << 16) | (std::uint32_t{p[i + 1]} << 8) | p[i + 2];
    out[0] = alphabet[w >> 18];
    out[1] = alphabet[(w >> 12) & 63];
    out[2] = alphabet[(w >> 6) & 63];
    out[3] = alphabet[w & 63];
    out += 4;
  }
  if (std::size_t rest = n - i; rest != 0) {
    std::uint32_t w = std::uint32_t{p[i]} << 16;
    if (rest == 2) w |= std::uint32_t{p[i + 1]} << 8;
    out[0] = alphabet[w >> 18];
    out[1] = alphabet[(w >> 12) & 63];
    out[2] = rest == 2 ? alphabet[(w >> 6) & 63] : '=';
    out[3] = '=';
    out += 4;
  }
  return out;
}

base64_status base64_decode(std::string_view text, std::vector<std::byte>& out,
                            std::size_t max_size) {
  // Upper bound of the output; whitespace only makes it smaller.
  const std::size_t bound = text.size() / 4 * 3 + 3;
  const std::size_t start = out.size();
  out.resize(start + bound);
  auto* dst = reinterpret_cast<unsigned char*>(out.data() + start);
  auto* const dst_begin = dst;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = s + text.size();

  // Fast path: whole groups of four digits without whitespace.
  std::uint32_t acc = 0;
  int have = 0;
  while (s < end) {
    if (have == 0 && end - s >= 4) {
      std::uint32_t a = decode_table[s[0]], b = decode_table[s[1]], c = decode_table[s[2]],
                    d = decode_table[s[3]];
      if ((a | b | c | d) < 64) {
        std::uint32_t w = (a << 18) | (b << 12) | (c << 6) | d;
        dst[0] = static_cast<unsigned char>(w >> 16);
        dst[1] = static_cast<unsigned char>(w >> 8);
        dst[2] = static_cast<unsigned char>(w);
        dst += 3;
        s += 4;
        continue;
      }
    }
    std::uint8_t c = decode_table[*s++];
    if (c < 64) {
      acc = (acc << 6) | c;
      if (++have == 4) {
        dst[0] = static_cast<unsigned char>(acc >> 16);
        dst[1] = static_cast<unsigned char>(acc >> 8);
        dst[2] = static_cast<unsigned char>(acc);
        dst += 3;
        acc = 0;
        have = 0;
      }
    } else if (c == space_code) {
      continue;
    } else if (c == pad_code) {
      // Padding: 2 or 3 digits so far, then '=' ('=' again for 2), then only whitespace.
      if (have < 2) return base64_status::bad_padding;
      int pads = 1;
      while (s < end) {
        std::uint8_t t = decode_table[*s++];
        if (t == space_code) continue;
        if (t == pad_code && ++pads <= 4 - have) continue;
        return t == bad_code ? base64_status::bad_character : base64_status::bad_padding;
      }
      if (pads != 4 - have) return base64_status::bad_padding;
      break;
    } else {
      return base64_status::bad_character;
    }
  }
  // Unpadded (or just-padded) tail of 2 or 3 digits.
  if (have == 1) return base64_status::bad_length;
  if (have == 2) {
    *dst++ = static_cast<unsigned char>(acc >> 4);
  } else if (have == 3) {
    dst[0] = static_cast<unsigned char>(acc >> 10);
    dst[1] = static_cast<unsigned char>(acc >> 2);
    dst += 2;
  }
  const auto produced = static_cast<std::size_t>(dst - dst_begin);
  out.resize(start + produced);
  if (produced > max_size) return base64_status::too_long;
  return base64_status::ok;
}

}  // namespace sockrpc::rpc::detail

// SPDX-License-Identifier: MIT
#pragma once

#include "detail/trim.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

/// Character classes and small string helpers shared by the HTTP parser and writer
/// (RFC 9110 section 5.6). Table lookups, no locale.
namespace sockrpc::rpc::http::detail {

enum char_class : std::uint8_t {
  cc_token = 1,    ///< tchar
  cc_field = 2,    ///< field-vchar, SP, HTAB (obs-text included)
  cc_target = 4,   ///< request-target characters: VCHAR (0x21..0x7E)
  cc_hex = 8,      ///< HEXDIG
  cc_qdtext = 16,  ///< qdtext of a quoted-string
};

constexpr std::array<std::uint8_t, 256> make_char_table() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    std::uint8_t v = 0;
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool digit = c >= '0' && c <= '9';
    if (alpha || digit) v |= cc_token;
    switch (c) {
      case '!':
      case '#':
      case '$':
      case '%':
      case '&':
      case '\'':
      case '*':
      case '+':
      case '-':
      case '.':
      case '^':
      case '_':
      case '`':
      case '|':
      case '~':
        v |= cc_token;
        break;
      default:
        break;
    }
    if (c == '\t' || (c >= 0x20 && c != 0x7F)) v |= cc_field;
    if (c >= 0x21 && c <= 0x7E) v |= cc_target;
    if (digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) v |= cc_hex;
    if (c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5B) ||
        (c >= 0x5D && c <= 0x7E) || c >= 0x80)
      v |= cc_qdtext;
    t[static_cast<std::size_t>(c)] = v;
  }
  return t;
}

inline constexpr std::array<std::uint8_t, 256> char_table = make_char_table();

inline bool is(char c, char_class cls) noexcept {
  return (char_table[static_cast<unsigned char>(c)] & cls) != 0;
}

/// True if every character of `s` is in class `cls` (an empty `s` counts as true).
inline bool all_of(std::string_view s, char_class cls) noexcept {
  for (char c : s)
    if (!is(c, cls)) return false;
  return true;
}

inline bool is_token(std::string_view s) noexcept {
  return !s.empty() && all_of(s, cc_token);
}

inline char to_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// ASCII case-insensitive equality.
inline bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  return true;
}

inline bool is_ows(char c) noexcept {
  return c == ' ' || c == '\t';
}

/// Strips optional whitespace (SP, HTAB) from both ends.
inline std::string_view trim_ows(std::string_view s) noexcept {
  return rpc::detail::trim_if(s, is_ows);
}

/// Splits a comma-separated list: returns the next element (trimmed, may be empty) and
/// advances `rest` past it. Call while `!rest.empty()`... or until `done` is set.
inline std::string_view next_list_element(std::string_view& rest, bool& done) noexcept {
  const auto comma = rest.find(',');
  std::string_view element;
  if (comma == std::string_view::npos) {
    element = rest;
    rest = {};
    done = true;
  } else {
    element = rest.substr(0, comma);
    rest.remove_prefix(comma + 1);
  }
  return trim_ows(element);
}

}  // namespace sockrpc::rpc::http::detail

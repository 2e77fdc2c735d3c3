// SPDX-License-Identifier: MIT
#include "xml/scalars.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <system_error>

namespace sockrpc::rpc::detail {
namespace {

template <class Int>
std::optional<Int> parse_int(std::string_view s) noexcept {
  // Optional '+' or '-', then decimal digits. Up to 18 digits cannot overflow the 64-bit
  // accumulator, so the common case is one pass with a range check at the end; longer
  // digit strings (leading zeros, overflow) go to from_chars.
  const char* p = s.data();
  const char* const end = p + s.size();
  const bool negative = p != end && *p == '-';
  if (p != end && (*p == '+' || *p == '-')) ++p;
  const char* const digits_begin = p;
  std::uint64_t v = 0;
  for (; p != end && static_cast<unsigned char>(*p - '0') < 10; ++p)
    v = v * 10 + static_cast<unsigned>(*p - '0');
  if (p != end || p == digits_begin) return std::nullopt;  // not a digit, or no digits
  if (p - digits_begin > 18) {  // rare: let from_chars handle the long form
    Int r{};
    const char* first = negative ? digits_begin - 1 : digits_begin;
    auto [q, ec] = std::from_chars(first, end, r);
    if (ec != std::errc{} || q != end) return std::nullopt;
    return r;
  }
  constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<Int>::max());
  if (v > max + (negative ? 1 : 0)) return std::nullopt;
  return negative ? static_cast<Int>(-static_cast<std::int64_t>(v)) : static_cast<Int>(v);
}

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

// Reads `n` digits at s[pos...] into `v`.
bool digits(std::string_view s, std::size_t pos, std::size_t n, int& v) noexcept {
  if (pos + n > s.size()) return false;
  v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!is_digit(s[pos + i])) return false;
    v = v * 10 + (s[pos + i] - '0');
  }
  return true;
}

char* put2(int v, char* out) noexcept {
  out[0] = static_cast<char>('0' + v / 10);
  out[1] = static_cast<char>('0' + v % 10);
  return out + 2;
}

int days_in_month(int year, int month) noexcept {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

}  // namespace

std::optional<std::int32_t> parse_i4(std::string_view s) noexcept {
  return parse_int<std::int32_t>(s);
}
std::optional<std::int64_t> parse_i8(std::string_view s) noexcept {
  return parse_int<std::int64_t>(s);
}

char* format_double(double d, char* out) noexcept {
  auto [p, ec] = std::to_chars(out, out + max_double_chars - 2, d, std::chars_format::fixed);
  (void)ec;  // cannot fail: the buffer holds the longest fixed form
  if (std::memchr(out, '.', static_cast<std::size_t>(p - out)) == nullptr) {
    p[0] = '.';
    p[1] = '0';
    p += 2;
  }
  return p;
}

std::optional<double> parse_double(std::string_view s) noexcept {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  // Digits, one '.', an exponent: reject "inf", "nan", "0x1p3" that from_chars would take.
  std::size_t i = s.front() == '-' ? 1 : 0;
  bool any_digit = false;
  while (i < s.size() && is_digit(s[i]))
    ++i, any_digit = true;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i]))
      ++i, any_digit = true;
  }
  if (!any_digit) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (i == s.size() || !is_digit(s[i])) return std::nullopt;
    while (i < s.size() && is_digit(s[i]))
      ++i;
  }
  if (i != s.size()) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

bool valid_date_time(const date_time& t) noexcept {
  if (t.year < 0 || t.year > 9999 || t.month < 1 || t.month > 12 || t.day < 1 ||
      t.day > days_in_month(t.year, t.month) || t.hour < 0 || t.hour > 23 || t.minute < 0 ||
      t.minute > 59 || t.second < 0 || t.second > 60) {
    return false;
  }
  return !t.utc_offset_minutes ||
         (*t.utc_offset_minutes > -24 * 60 && *t.utc_offset_minutes < 24 * 60);
}

char* format_date_time(const date_time& t, char* out) noexcept {
  out = put2(t.year / 100, out);
  out = put2(t.year % 100, out);
  out = put2(t.month, out);
  out = put2(t.day, out);
  *out++ = 'T';
  out = put2(t.hour, out);
  *out++ = ':';
  out = put2(t.minute, out);
  *out++ = ':';
  out = put2(t.second, out);
  if (t.utc_offset_minutes) {
    int off = *t.utc_offset_minutes;
    if (off == 0) {
      *out++ = 'Z';
    } else {
      *out++ = off < 0 ? '-' : '+';
      off = off < 0 ? -off : off;
      out = put2(off / 60, out);
      *out++ = ':';
      out = put2(off % 60, out);
    }
  }
  return out;
}

std::optional<date_time> parse_date_time(std::string_view s) noexcept {
  date_time t{};
  std::size_t pos = 0;
  if (!digits(s, 0, 4, t.year)) return std::nullopt;
  const bool dashes = s.size() > 4 && s[4] == '-';
  pos = 4 + (dashes ? 1 : 0);
  if (!digits(s, pos, 2, t.month)) return std::nullopt;
  pos += 2;
  if (dashes) {
    if (pos >= s.size() || s[pos] != '-') return std::nullopt;
    ++pos;
  }
  if (!digits(s, pos, 2, t.day)) return std::nullopt;
  pos += 2;
  if (pos >= s.size() || s[pos] != 'T') return std::nullopt;
  ++pos;
  if (!digits(s, pos, 2, t.hour) || pos + 2 >= s.size() || s[pos + 2] != ':' ||
      !digits(s, pos + 3, 2, t.minute) || pos + 5 >= s.size() || s[pos + 5] != ':' ||
      !digits(s, pos + 6, 2, t.second)) {
    return std::nullopt;
  }
  pos += 8;
  if (pos < s.size()) {
    const char z = s[pos];
    if (z == 'Z' && pos + 1 == s.size()) {
      t.utc_offset_minutes = 0;
    } else if (z == '+' || z == '-') {
      int hh = 0;
      int mm = 0;
      if (!digits(s, pos + 1, 2, hh)) return std::nullopt;
      std::size_t rest = pos + 3;
      if (rest < s.size() && s[rest] == ':') ++rest;
      if (rest < s.size()) {
        if (!digits(s, rest, 2, mm) || rest + 2 != s.size()) return std::nullopt;
      } else if (s[rest - 1] == ':') {
        return std::nullopt;
      }
      if (hh > 23 || mm > 59) return std::nullopt;
      t.utc_offset_minutes = (z == '-' ? -1 : 1) * (hh * 60 + mm);
    } else {
      return std::nullopt;
    }
  }
  if (!valid_date_time(t)) return std::nullopt;
  return t;
}

}  // namespace sockrpc::rpc::detail

// SPDX-License-Identifier: MIT
#include "xml/xml_text.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

namespace sockrpc::rpc::detail {
namespace {

// Byte classes for the scanners.
enum : std::uint8_t {
  plain = 0,  // copied as is
  lt,         // '<'
  gt,         // '>'
  amp,        // '&'
  cr,         // '\r'
  forbidden,  // C0 control other than TAB/LF/CR
  multibyte,  // 0x80..0xFF: a UTF-8 sequence to validate
};

constexpr std::array<std::uint8_t, 256> make_class_table() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 0x20; ++c)
    t[c] = forbidden;
  t['\t'] = plain;
  t['\n'] = plain;
  t['\r'] = cr;
  t['<'] = lt;
  t['>'] = gt;
  t['&'] = amp;
  for (int c = 0x80; c < 0x100; ++c)
    t[c] = multibyte;
  return t;
}
constexpr auto byte_class = make_class_table();

// Validates the UTF-8 sequence starting at s[0] (>= 0x80). Returns its length, or 0 if
// invalid, or -1 if it encodes U+FFFE / U+FFFF (forbidden in XML 1.0).
int utf8_sequence(const unsigned char* s, const unsigned char* end) noexcept {
  const unsigned char c = s[0];
  auto cont = [&](std::ptrdiff_t i, unsigned lo = 0x80, unsigned hi = 0xBF) {
    return s + i < end && s[i] >= lo && s[i] <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c >= 0xE1 && c <= 0xEF) {
    if (!(cont(1) && cont(2))) return 0;
    if (c == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF)) return -1;
    return 3;
  }
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

bool is_xml_char(std::uint32_t cp) noexcept {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

void append_utf8(std::uint32_t cp, std::string& out) {
  char b[4];
  std::size_t n;
  if (cp < 0x80) {
    b[0] = static_cast<char>(cp);
    n = 1;
  } else if (cp < 0x800) {
    b[0] = static_cast<char>(0xC0 | (cp >> 6));
    b[1] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    b[0] = static_cast<char>(0xE0 | (cp >> 12));
    b[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    b[2] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    b[0] = static_cast<char>(0xF0 | (cp >> 18));
    b[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    b[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    b[3] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 4;
  }
  out.append(b, n);
}

// Expands the reference starting at `s` ('&'). Returns the number of bytes consumed, or 0
// with `status` set.
std::size_t expand_reference(std::string_view s, std::string& out, text_status& status) {
  const auto semi = s.find(';', 1);
  // The longest valid reference is "&#x0010FFFF;"-like; bound the search for clarity.
  if (semi == std::string_view::npos || semi > 12) {
    status = text_status::bad_reference;
    return 0;
  }
  const std::string_view name = s.substr(1, semi - 1);
  if (name == "lt") {
    out.push_back('<');
  } else if (name == "gt") {
    out.push_back('>');
  } else if (name == "amp") {
    out.push_back('&');
  } else if (name == "quot") {
    out.push_back('"');
  } else if (name == "apos") {
    out.push_back('\'');
  } else if (name.size() >= 2 && name[0] == '#') {
    std::string_view digits = name.substr(1);
    int base = 10;
    if (digits[0] == 'x') {
      base = 16;
      digits.remove_prefix(1);
    }
    std::uint32_t cp = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, base);
    if (digits.empty() || ec != std::errc{} || p != digits.data() + digits.size()) {
      status = text_status::bad_reference;
      return 0;
    }
    if (!is_xml_char(cp)) {
      status = text_status::forbidden_char;
      return 0;
    }
    append_utf8(cp, out);
  } else {
    status = text_status::bad_reference;
    return 0;
  }
  return semi + 1;
}

template <bool ExpandEntities>
decode_result decode_impl(std::string_view raw, std::string& out) {
  const auto* const begin = reinterpret_cast<const unsigned char*>(raw.data());
  const auto* const end = begin + raw.size();
  const auto* s = begin;
  const auto* run = begin;
  auto fail = [&](text_status st, const unsigned char* at) {
    return decode_result{st, static_cast<std::size_t>(at - begin)};
  };
  while (s < end) {
    const std::uint8_t k = byte_class[*s];
    if (k == plain || k == lt || k == gt || k == cr) {
      ++s;  // '<' cannot occur in parsed text; CR may come from a CDATA section
      continue;
    }
    if (k == multibyte) {
      const int n = utf8_sequence(s, end);
      if (n <= 0) return fail(n == 0 ? text_status::invalid_utf8 : text_status::forbidden_char, s);
      s += n;
      continue;
    }
    if (k == forbidden) return fail(text_status::forbidden_char, s);
    // '&'
    if constexpr (!ExpandEntities) {
      ++s;
      continue;
    } else {
      out.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(s - run));
      text_status st = text_status::ok;
      const std::size_t used = expand_reference(
          std::string_view(reinterpret_cast<const char*>(s), static_cast<std::size_t>(end - s)),
          out, st);
      if (used == 0) return fail(st, s);
      s += used;
      run = s;
    }
  }
  out.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(end - run));
  return {};
}

}  // namespace

std::string_view describe(text_status s) noexcept {
  // In the order of text_status's enumerators.
  static constexpr std::string_view reasons[] = {
      "ok",
      "invalid UTF-8",
      "character not allowed in XML 1.0",
      "undefined entity or malformed character reference",
  };
  static_assert(std::size(reasons) == static_cast<std::size_t>(text_status::bad_reference) + 1);
  const auto i = static_cast<std::size_t>(s);
  return i < std::size(reasons) ? reasons[i] : "?";
}

text_scan scan_for_escape(std::string_view in) noexcept {
  const auto* const begin = reinterpret_cast<const unsigned char*>(in.data());
  const auto* const end = begin + in.size();
  std::size_t extra = 0;
  for (const auto* s = begin; s < end;) {
    switch (byte_class[*s]) {
      case plain:
        ++s;
        break;
      case lt:
      case gt:
        extra += 3;
        ++s;
        break;
      case amp:
        extra += 4;
        ++s;
        break;
      case cr:
        extra += 4;
        ++s;
        break;
      case forbidden:
        return {text_status::forbidden_char, 0, static_cast<std::size_t>(s - begin)};
      default: {
        const int n = utf8_sequence(s, end);
        if (n <= 0) {
          return {n == 0 ? text_status::invalid_utf8 : text_status::forbidden_char, 0,
                  static_cast<std::size_t>(s - begin)};
        }
        s += n;
      }
    }
  }
  return {text_status::ok, in.size() + extra, 0};
}

char* write_escaped(std::string_view in, char* out) noexcept {
  const char* run = in.data();
  const char* const end = run + in.size();
  for (const char* s = run; s < end; ++s) {
    const char* rep;
    std::size_t n;
    switch (byte_class[static_cast<unsigned char>(*s)]) {
      case lt:
        rep = "&lt;";
        n = 4;
        break;
      case gt:
        rep = "&gt;";
        n = 4;
        break;
      case amp:
        rep = "&amp;";
        n = 5;
        break;
      case cr:
        rep = "&#13;";
        n = 5;
        break;
      default:
        continue;
    }
    std::memcpy(out, run, static_cast<std::size_t>(s - run));
    out += s - run;
    std::memcpy(out, rep, n);
    out += n;
    run = s + 1;
  }
  std::memcpy(out, run, static_cast<std::size_t>(end - run));
  return out + (end - run);
}

decode_result decode_text(std::string_view raw, std::string& out) {
  return decode_impl<true>(raw, out);
}

decode_result append_cdata(std::string_view raw, std::string& out) {
  return decode_impl<false>(raw, out);
}

}  // namespace sockrpc::rpc::detail
